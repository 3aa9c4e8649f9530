#include "evaluation.hpp"

#include <algorithm>

#include "text_fold.hpp"

namespace optout {

std::string_view to_string(SeenState state) { return state == SeenState::pending ? "pending" : "done"; }

std::string_view to_string(PageKind kind) {
    constexpr std::string_view names[] = {"none", "setting", "hub", "other"};
    return names[static_cast<std::size_t>(kind)];
}

std::string_view to_string(UnknownReason reason) { return contract::kUnknownReasons[static_cast<std::size_t>(reason)]; }

std::string_view to_string(BadgeState state) {
    return contract::badge_look(state).state;
}

PageVerdict evaluate_page(const Rules& rules, const PageState& page, Profile profile) {
    PageVerdict verdict;
    verdict.path = page.path;
    const bool language_known = rules.knows_language(page.lang);

    // Every label folded once into one buffer (two allocations per page, not one per word).
    std::string folded;
    std::size_t label_bytes = 0;
    for (const Toggle& toggle : page.toggles) label_bytes += toggle.label.size() + 1;
    folded.reserve(label_bytes + label_bytes / 4);  // ß -> ss and ligatures can grow a little
    std::vector<std::size_t> label_end(page.toggles.size());
    for (std::size_t i = 0; i < page.toggles.size(); ++i) {
        append_folded_words(page.toggles[i].label, folded);
        label_end[i] = folded.size();
    }
    auto folded_label = [&](std::size_t i) {
        const std::size_t start = i == 0 ? 0 : label_end[i - 1];
        return std::string_view(folded).substr(start, label_end[i] - start);
    };
    std::vector<bool> taken(page.toggles.size(), false);

    const Rule* own_page_rule = nullptr;
    for (const Rule& rule : rules.rules) {
        const bool own_page = rule.on_own_page(page.path);
        if (own_page && !own_page_rule) own_page_rule = &rule;

        std::optional<std::size_t> recognised;
        std::optional<std::size_t> id_only;  // the rule's switch, with a label we cannot read
        for (std::size_t i = 0; i < page.toggles.size() && !recognised; ++i) {
            if (taken[i]) continue;
            const bool by_label = rule.label_matches(folded_label(i));
            const bool by_id = rule.has_id(page.toggles[i].key);
            if (by_label || (by_id && language_known)) recognised = i;
            else if (by_id && !id_only) id_only = i;
        }

        const bool in_profile = rule.in_profile(profile);
        if (recognised) {
            taken[*recognised] = true;
            const Toggle& toggle = page.toggles[*recognised];
            const SeenState state = toggle.on ? SeenState::pending : SeenState::done;
            verdict.observations.push_back({rule.id, state});
            verdict.page_rules.push_back(&rule);
            if (in_profile) (state == SeenState::pending ? verdict.pending : verdict.done).push_back({&rule, toggle.key});
        } else if (id_only) {
            verdict.page_rules.push_back(&rule);
            if (in_profile) verdict.unknown.push_back({&rule, page.toggles[*id_only].key, UnknownReason::language});
        } else if (own_page) {
            verdict.page_rules.push_back(&rule);
            if (in_profile) verdict.unknown.push_back({&rule, std::nullopt, UnknownReason::missing});
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
    return verdict;
}

Badge badge_for(const Rules& rules, Profile profile, const InstallMemory& memory, bool page_has_unknown) {
    std::size_t pending = 0, unseen = 0;
    for (const Rule& rule : rules.rules) {
        if (!rule.in_profile(profile)) continue;
        const auto it = memory.rules.find(rule.id);
        if (it == memory.rules.end()) ++unseen;
        else if (it->second.state == SeenState::pending) ++pending;
    }
    if (pending > 0) {
        const auto n = std::to_string(pending);
        return {BadgeState::pending, n, std::string(contract::badge_look(BadgeState::pending).color),
                "Opt-Out Guard: " + n + (pending == 1 ? " opt-out" : " opt-outs") + " still to change"};
    }
    if (page_has_unknown || unseen > 0) {
        std::string title = "Opt-Out Guard: ";
        if (page_has_unknown) title += "this page could not be read";
        if (page_has_unknown && unseen > 0) title += "; ";
        if (unseen > 0) title += std::to_string(unseen) + (unseen == 1 ? " opt-out" : " opt-outs") + " not checked yet";
        const auto& look = contract::badge_look(BadgeState::unknown);
        return {BadgeState::unknown, std::string(look.text), std::string(look.color), title};
    }
    const auto& look = contract::badge_look(BadgeState::done);
    return {BadgeState::done, std::string(look.text), std::string(look.color), "Opt-Out Guard: every opt-out is done"};
}

namespace {

bool observation_changes(const InstallMemory& memory, const Observation& o, std::int64_t now, std::int64_t refresh_after) {
    const auto it = memory.rules.find(o.rule);
    return it == memory.rules.end() || it->second.state != o.state || now - it->second.seen >= refresh_after;
}

}  // namespace

bool observations_change(const InstallMemory& memory, const std::vector<Observation>& observations,
                         std::string_view rules_version, std::int64_t now, std::int64_t refresh_after) {
    if (observations.empty()) return false;
    if (memory.rules_version != rules_version) return true;
    return std::any_of(observations.begin(), observations.end(),
                       [&](const Observation& o) { return observation_changes(memory, o, now, refresh_after); });
}

bool apply_observations(InstallMemory& memory, const std::vector<Observation>& observations,
                        std::string_view rules_version, std::int64_t now, std::int64_t refresh_after) {
    bool changed = false;
    if (!observations.empty() && memory.rules_version != rules_version) {
        memory.rules_version = rules_version;
        changed = true;
    }
    for (const Observation& o : observations) {
        if (!observation_changes(memory, o, now, refresh_after)) continue;
        memory.rules.insert_or_assign(std::string(o.rule), RememberedRule{o.state, now});
        changed = true;
    }
    return changed;
}

}  // namespace optout
