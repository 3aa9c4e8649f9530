// Checking a page against the rules: which opt-outs the page holds, which are still on
// (pending), which are off (done), which could not be read (unknown); and the badge and the
// checklist from what is remembered. Pure functions: no I/O, no clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "contract.hpp"
#include "memory.hpp"
#include "page_state.hpp"
#include "rules.hpp"

namespace optout {

enum class PageKind : std::uint8_t { none, setting, hub, other };
std::string_view to_string(PageKind kind);

using UnknownReason = contract::UnknownReason;  // protocol/contract.json: verdict.unknown_reasons
std::string_view to_string(UnknownReason reason);

struct RuleFinding {
    const Rule* rule;
    std::string key;  // the toggle to change (pending) or that is off (done)
};

struct UnknownFinding {
    const Rule* rule;
    std::optional<std::string> key;
    UnknownReason reason;
};

struct PageVerdict {
    std::string path;
    PageKind kind = PageKind::none;
    std::string title;
    std::vector<const Rule*> page_rules;
    // Limited to the profile:
    std::vector<RuleFinding> pending;
    std::vector<RuleFinding> done;
    std::vector<UnknownFinding> unknown;
    // Every rule recognised, whatever the profile: remembered so a profile change loses nothing.
    std::vector<Observation> observations;
};

PageVerdict evaluate_page(const Rules& rules, const PageState& page, Profile profile);

using BadgeState = contract::BadgeState;  // protocol/contract.json: badge.states
std::string_view to_string(BadgeState state);

struct Badge {
    BadgeState state;
    std::string text;
    std::string color;
    std::string title;
};

// The badge for the install's whole checklist in the profile. `page_has_unknown` turns a would-be
// "done" into "unknown" when the page in front of the user could not be read.
Badge badge_for(const Rules& rules, Profile profile, const InstallMemory& memory, bool page_has_unknown);

// Applies observations to memory as of `now`; returns true when anything a reader would see
// changed. A repeated observation only refreshes `seen` when the stored time is older than
// `refresh_after` seconds, so browsing the same page does not rewrite the state file every time.
bool apply_observations(InstallMemory& memory, const std::vector<Observation>& observations,
                        std::string_view rules_version, std::int64_t now, std::int64_t refresh_after);

// Whether apply_observations would change anything, without changing or copying the memory.
bool observations_change(const InstallMemory& memory, const std::vector<Observation>& observations,
                         std::string_view rules_version, std::int64_t now, std::int64_t refresh_after);

}  // namespace optout
