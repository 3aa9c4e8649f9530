#include "evaluation.hpp"

#include <algorithm>

#include "text_fold.hpp"

namespace optout {

std::string_view to_string(PageKind kind) {
    constexpr std::string_view names[] = {"none", "setting", "hub", "other"};
    return names[static_cast<std::size_t>(kind)];
}

std::string_view to_string(UnknownReason reason) { return contract::kUnknownReasons[static_cast<std::size_t>(reason)]; }

std::string_view to_string(BadgeState state) {
    return contract::badge_look(state).state;
}

std::string_view to_string(ItemState state) { return contract::kStatusStates[static_cast<std::size_t>(state)]; }

std::string_view to_string(CheckReason reason) { return contract::kCheckReasons[static_cast<std::size_t>(reason)]; }

namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// What the page says about one rule.
struct RuleReading {
    enum class How : std::uint8_t { none, by_id, by_label, id_language, ambiguous } how = How::none;
    std::size_t toggle = kNone;
};

}  // namespace

PageVerdict evaluate_page(const Rules& rules, const PageState& page, Profile profile) {
    PageVerdict verdict;
    verdict.path = page.path;
    const bool language_known = rules.knows_language(page.lang);
    const std::size_t n = page.toggles.size();
    using How = RuleReading::How;

    // What each toggle is to the rules, in one allocation: the rule owning its id (kNone when no
    // rule knows its key), how many switch rules its label fits, and whether a rule took it.
    struct ToggleReading {
        std::size_t owner = kNone;
        std::size_t label_rules = 0;
        bool taken = false;
    };
    std::vector<ToggleReading> toggles(n);
    std::vector<RuleReading> readings(rules.rules.size());

    // 1. Ids over the whole page: a toggle with a known switch id is its rule's and no other's.
    for (std::size_t i = 0; i < n; ++i) {
        const Rule* owner = rules.rule_with_id(page.toggles[i].key);
        if (owner == nullptr) continue;
        const auto r = static_cast<std::size_t>(owner - rules.rules.data());
        toggles[i].owner = r;
        RuleReading& reading = readings[r];
        // Two toggles with one id (hostile or broken page): any of them on makes it pending.
        if (reading.toggle == kNone || (page.toggles[i].on && !page.toggles[reading.toggle].on)) reading.toggle = i;
    }
    std::string folded;  // one label at a time, folded only when it is matched
    for (std::size_t r = 0; r < rules.rules.size(); ++r) {
        RuleReading& reading = readings[r];
        if (reading.toggle == kNone) continue;
        // On a page in a language the rules do not know, the id alone is not enough: the
        // label must be the rule's own too.
        bool label_fits = language_known;
        if (!label_fits) {
            folded.clear();
            append_folded_words(page.toggles[reading.toggle].label, folded);
            label_fits = rules.rules[r].label_matches(folded);
        }
        reading.how = label_fits ? How::by_id : How::id_language;
    }

    // 2. Labels, only among toggles whose key no rule knows, and only for rules not found by id.
    // A toggle's words are counted against every switch rule, found by id or not: words that also
    // fit a rule whose switch is elsewhere on the page do not tell which switch this is. Per rule,
    // how many toggles its labels fit and the first of them is all the decision needs.
    struct LabelFit {
        std::size_t toggles = 0;
        std::size_t first = kNone;
    };
    std::vector<LabelFit> label_fits(rules.rules.size());
    std::vector<std::uint32_t> words;
    std::vector<std::size_t> matched_rules;
    for (std::size_t i = 0; i < n; ++i) {
        if (toggles[i].owner != kNone) continue;
        folded.clear();
        append_folded_words(page.toggles[i].label, folded);
        rules.switch_labels.match(folded, words, matched_rules);  // switch rules only, each once
        for (const std::size_t r : matched_rules) {
            if (label_fits[r].toggles++ == 0) label_fits[r].first = i;
        }
        toggles[i].label_rules = matched_rules.size();
    }
    for (std::size_t r = 0; r < rules.rules.size(); ++r) {
        const LabelFit& fit = label_fits[r];
        if (fit.toggles == 0 || readings[r].how != How::none) continue;  // a rule found by id ignores labels
        // One toggle, claimed by this rule alone: recognised. Anything else cannot be told apart.
        if (fit.toggles == 1 && toggles[fit.first].label_rules == 1) readings[r] = {How::by_label, fit.first};
        else readings[r].how = How::ambiguous;
    }

    verdict.observations.reserve(rules.rules.size());
    verdict.page_rules.reserve(rules.rules.size());
    const Rule* own_page_rule = nullptr;
    for (std::size_t r = 0; r < rules.rules.size(); ++r) {
        const Rule& rule = rules.rules[r];
        if (rule.is_manual()) continue;
        const RuleReading& reading = readings[r];
        const bool own_page = rules.is_own_page(rule, page.path);
        if (own_page && !own_page_rule) own_page_rule = &rule;
        const bool in_profile = rule.in_profile(profile);
        auto unknown = [&](std::optional<std::string> key, UnknownReason reason) {
            verdict.observations.push_back({rule.id, std::nullopt, rule.fingerprint});
            verdict.page_rules.push_back(&rule);
            if (in_profile) verdict.unknown.push_back({&rule, std::move(key), reason});
        };
        switch (reading.how) {
            case How::by_id:
            case How::by_label: {
                toggles[reading.toggle].taken = true;
                const Toggle& toggle = page.toggles[reading.toggle];
                const SeenState state = toggle.on ? SeenState::pending : SeenState::done;
                verdict.observations.push_back({rule.id, state, rule.fingerprint});
                verdict.page_rules.push_back(&rule);
                if (in_profile) (state == SeenState::pending ? verdict.pending : verdict.done).push_back({&rule, toggle.key});
                break;
            }
            case How::id_language:
                toggles[reading.toggle].taken = true;
                unknown(page.toggles[reading.toggle].key, UnknownReason::language);
                break;
            case How::ambiguous:
                unknown(std::nullopt, UnknownReason::ambiguous);
                break;
            case How::none:
                if (own_page) unknown(std::nullopt, UnknownReason::missing);
                break;
        }
    }

    if (own_page_rule) {
        verdict.kind = PageKind::setting;
        verdict.title = own_page_rule->title;
    } else if (const Hub* hub = rules.find_hub(page.path)) {
        verdict.kind = PageKind::hub;
        verdict.title = hub->title;
    } else if (!verdict.page_rules.empty()) {
        verdict.kind = PageKind::other;
    }
    if (verdict.kind != PageKind::none) {
        verdict.unmatched = static_cast<std::size_t>(std::count_if(toggles.begin(), toggles.end(), [](const ToggleReading& t) { return !t.taken; }));
        verdict.changed = verdict.kind == PageKind::setting && n > 0 && verdict.unmatched == n;
    }
    return verdict;
}

ItemStatus item_status(const Rule& rule, const InstallMemory& memory, const Freshness& freshness) {
    ItemStatus status;
    const auto it = memory.rules.find(rule.id);
    if (it != memory.rules.end()) status.remembered = &it->second;
    if (rule.is_manual()) {
        status.state = ItemState::manual;
        return status;
    }
    if (!status.remembered) return status;  // unseen
    const RememberedRule& reading = *status.remembered;
    if (reading.fingerprint != rule.fingerprint) status.check_reason = CheckReason::rules_changed;
    else if (freshness.now - reading.seen > std::int64_t{freshness.check_after_days} * 86400) status.check_reason = CheckReason::age;
    if (status.check_reason) status.state = ItemState::check_again;
    else status.state = reading.state == SeenState::pending ? ItemState::pending : ItemState::done;
    return status;
}

Badge badge_for(const Rules& rules, Profile profile, const InstallMemory& memory, bool page_has_unknown,
                const Freshness& freshness) {
    std::size_t pending = 0, unseen = 0, check_again = 0;
    for (const Rule& rule : rules.rules) {
        if (!rule.in_profile(profile)) continue;
        switch (item_status(rule, memory, freshness).state) {
            case ItemState::pending: ++pending; break;
            case ItemState::unseen: ++unseen; break;
            case ItemState::check_again: ++check_again; break;
            case ItemState::done:
            case ItemState::manual: break;
        }
    }
    auto count = [](std::size_t k) { return std::to_string(k) + (k == 1 ? " opt-out" : " opt-outs"); };
    if (pending > 0)
        return {BadgeState::pending, std::to_string(pending), std::string(contract::badge_look(BadgeState::pending).color),
                "Opt-Out Guard: " + count(pending) + " still to change"};
    if (page_has_unknown || unseen > 0 || check_again > 0) {
        std::vector<std::string> parts;
        if (page_has_unknown) parts.push_back("this page could not be read");
        if (unseen > 0) parts.push_back(count(unseen) + " not checked yet");
        if (check_again > 0) parts.push_back(count(check_again) + " to check again");
        std::string title = "Opt-Out Guard: ";
        for (std::size_t i = 0; i < parts.size(); ++i) title += (i ? "; " : "") + parts[i];
        const auto& look = contract::badge_look(BadgeState::unknown);
        return {BadgeState::unknown, std::string(look.text), std::string(look.color), title};
    }
    const auto& look = contract::badge_look(BadgeState::done);
    return {BadgeState::done, std::string(look.text), std::string(look.color), "Opt-Out Guard: every opt-out is done"};
}

}  // namespace optout
