#include "evaluation.hpp"

#include <algorithm>

#include "text_fold.hpp"

namespace optout {

std::string_view to_string(SeenState state) { return state == SeenState::pending ? "pending" : "done"; }

std::string_view to_string(PageKind kind) {
    constexpr std::string_view names[] = {"none", "setting", "hub", "other"};
    return names[static_cast<std::size_t>(kind)];
}

std::string_view to_string(UnknownReason reason) {
    constexpr std::string_view names[] = {"language", "missing", "ambiguous"};
    return names[static_cast<std::size_t>(reason)];
}

std::string_view to_string(BadgeState state) {
    constexpr std::string_view names[] = {"pending", "done", "unknown"};
    return names[static_cast<std::size_t>(state)];
}

std::string_view to_string(ItemState state) {
    constexpr std::string_view names[] = {"pending", "done", "unseen", "check-again", "manual"};
    return names[static_cast<std::size_t>(state)];
}

std::string_view to_string(CheckReason reason) { return reason == CheckReason::age ? "age" : "rules-changed"; }

namespace {

// Every label folded once into one buffer (two allocations per page, not one per word).
class FoldedLabels {
public:
    explicit FoldedLabels(const std::vector<Toggle>& toggles) : end_(toggles.size()) {
        std::size_t bytes = 0;
        for (const Toggle& toggle : toggles) bytes += toggle.label.size() + 1;
        folded_.reserve(bytes + bytes / 4);  // ß -> ss and ligatures can grow a little
        for (std::size_t i = 0; i < toggles.size(); ++i) {
            append_folded_words(toggles[i].label, folded_);
            end_[i] = folded_.size();
        }
    }
    std::string_view operator[](std::size_t i) const {
        const std::size_t start = i == 0 ? 0 : end_[i - 1];
        return std::string_view(folded_).substr(start, end_[i] - start);
    }

private:
    std::string folded_;
    std::vector<std::size_t> end_;
};

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
    const FoldedLabels folded(page.toggles);
    using How = RuleReading::How;

    // 1. Ids over the whole page: a toggle with a known switch id is its rule's and no other's.
    std::vector<const Rule*> owner(n, nullptr);
    for (std::size_t i = 0; i < n; ++i) owner[i] = rules.rule_with_id(page.toggles[i].key);
    std::vector<RuleReading> readings(rules.rules.size());
    for (std::size_t r = 0; r < rules.rules.size(); ++r) {
        const Rule& rule = rules.rules[r];
        RuleReading& reading = readings[r];
        for (std::size_t i = 0; i < n; ++i) {
            if (owner[i] != &rule) continue;
            // Two toggles with one id (hostile or broken page): any of them on makes it pending.
            if (reading.toggle == kNone || (page.toggles[i].on && !page.toggles[reading.toggle].on)) reading.toggle = i;
        }
        if (reading.toggle == kNone) continue;
        // On a page in a language the rules do not know, the id alone is not enough: the
        // label must be the rule's own too.
        reading.how = language_known || rule.label_matches(folded[reading.toggle]) ? How::by_id : How::id_language;
    }

    // 2. Labels, only among toggles whose key no rule knows, and only for rules not found by id.
    // A toggle's words are counted against every switch rule, found by id or not: words that also
    // fit a rule whose switch is elsewhere on the page do not tell which switch this is.
    std::vector<std::size_t> label_rule_count(n, 0);
    std::vector<std::vector<std::size_t>> label_matches(rules.rules.size());
    for (std::size_t r = 0; r < rules.rules.size(); ++r) {
        if (rules.rules[r].is_manual()) continue;
        for (std::size_t i = 0; i < n; ++i) {
            if (owner[i] != nullptr || !rules.rules[r].label_matches(folded[i])) continue;
            label_matches[r].push_back(i);
            ++label_rule_count[i];
        }
    }
    for (std::size_t r = 0; r < rules.rules.size(); ++r) {
        const auto& matches = label_matches[r];
        if (matches.empty() || readings[r].how != How::none) continue;  // a rule found by id ignores labels
        // One toggle, claimed by this rule alone: recognised. Anything else cannot be told apart.
        if (matches.size() == 1 && label_rule_count[matches[0]] == 1) readings[r] = {How::by_label, matches[0]};
        else readings[r].how = How::ambiguous;
    }

    std::vector<bool> taken(n, false);
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
                taken[reading.toggle] = true;
                const Toggle& toggle = page.toggles[reading.toggle];
                const SeenState state = toggle.on ? SeenState::pending : SeenState::done;
                verdict.observations.push_back({rule.id, state, rule.fingerprint});
                verdict.page_rules.push_back(&rule);
                if (in_profile) (state == SeenState::pending ? verdict.pending : verdict.done).push_back({&rule, toggle.key});
                break;
            }
            case How::id_language:
                taken[reading.toggle] = true;
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
        verdict.unmatched = static_cast<std::size_t>(std::count(taken.begin(), taken.end(), false));
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
        return {BadgeState::pending, std::to_string(pending), "#C5221F", "Opt-Out Guard: " + count(pending) + " still to change"};
    if (page_has_unknown || unseen > 0 || check_again > 0) {
        std::vector<std::string> parts;
        if (page_has_unknown) parts.push_back("this page could not be read");
        if (unseen > 0) parts.push_back(count(unseen) + " not checked yet");
        if (check_again > 0) parts.push_back(count(check_again) + " to check again");
        std::string title = "Opt-Out Guard: ";
        for (std::size_t i = 0; i < parts.size(); ++i) title += (i ? "; " : "") + parts[i];
        return {BadgeState::unknown, "?", "#5F6368", title};
    }
    return {BadgeState::done, "\u2713", "#188038", "Opt-Out Guard: every opt-out is done"};
}

namespace {

// Only a reading (not an unreadable rule) says which rules version the memory is under.
bool has_reading(const std::vector<Observation>& observations) {
    return std::any_of(observations.begin(), observations.end(), [](const Observation& o) { return o.state.has_value(); });
}

bool observation_changes(const InstallMemory& memory, const Observation& o, std::int64_t now, std::int64_t refresh_after) {
    const auto it = memory.rules.find(o.rule);
    if (!o.state) return it != memory.rules.end();  // an unreadable rule drops what was remembered
    return it == memory.rules.end() || it->second.state != *o.state || it->second.fingerprint != o.fingerprint ||
           now - it->second.seen >= refresh_after;
}

}  // namespace

bool observations_change(const InstallMemory& memory, const std::vector<Observation>& observations,
                         std::string_view rules_version, std::int64_t now, std::int64_t refresh_after) {
    if (has_reading(observations) && memory.rules_version != rules_version) return true;
    return std::any_of(observations.begin(), observations.end(),
                       [&](const Observation& o) { return observation_changes(memory, o, now, refresh_after); });
}

bool apply_observations(InstallMemory& memory, const std::vector<Observation>& observations,
                        std::string_view rules_version, std::int64_t now, std::int64_t refresh_after) {
    bool changed = false;
    if (has_reading(observations) && memory.rules_version != rules_version) {
        memory.rules_version = rules_version;
        changed = true;
    }
    for (const Observation& o : observations) {
        if (!observation_changes(memory, o, now, refresh_after)) continue;
        if (o.state) memory.rules.insert_or_assign(std::string(o.rule), RememberedRule{*o.state, now, std::string(o.fingerprint)});
        else memory.rules.erase(memory.rules.find(o.rule));
        changed = true;
    }
    return changed;
}

}  // namespace optout
