// Checking a page against the rules: which opt-outs the page holds, which are still on
// (pending), which are off (done), which could not be read (unknown); and the badge and the
// checklist from what is remembered. Pure functions: no I/O, no clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "memory.hpp"
#include "protocol.hpp"
#include "rules.hpp"

namespace optout {

enum class PageKind : std::uint8_t { none, setting, hub, other };
std::string_view to_string(PageKind kind);

enum class UnknownReason : std::uint8_t { language, missing, ambiguous };
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
    // Every rule recognised or unreadable, whatever the profile: remembered so a profile change
    // loses nothing (an unreadable rule's observation has no state and drops what was remembered).
    std::vector<Observation> observations;
    // On a known page (kind != none): toggles no rule took. Whether a rule's own page had
    // toggles and not one of them was taken (LinkedIn changed the page).
    std::size_t unmatched = 0;
    bool changed = false;
};

// Matching, in this order: (1) ids over the whole page: a toggle whose key is a rule's switch id
// belongs to that rule only, and a rule found by id ignores labels; (2) labels, only among
// toggles whose key no rule knows: a rule is recognised when exactly one such toggle matches it
// and that toggle matches no other rule; more than one is `ambiguous`, never done.
PageVerdict evaluate_page(const Rules& rules, const PageState& page, Profile profile);

// A checklist item's state from what is remembered.
enum class ItemState : std::uint8_t { pending, done, unseen, check_again, manual };
std::string_view to_string(ItemState state);
enum class CheckReason : std::uint8_t { age, rules_changed };
std::string_view to_string(CheckReason reason);

inline constexpr int kDefaultCheckAfterDays = 90;
inline constexpr int kMaxCheckAfterDays = 3650;

// When a reading stops being proof: `now` and the age after which it is to be checked again.
struct Freshness {
    std::int64_t now = 0;
    int check_after_days = kDefaultCheckAfterDays;
};

struct ItemStatus {
    ItemState state = ItemState::unseen;
    std::optional<CheckReason> check_reason;     // with check_again
    const RememberedRule* remembered = nullptr;  // the reading (or the manual mark), if any
};

// pending/done only for a reading made by the rule's current matchers and younger than the
// age; else check_again (or unseen). Manual rules are always `manual`.
ItemStatus item_status(const Rule& rule, const InstallMemory& memory, const Freshness& freshness);

enum class BadgeState : std::uint8_t { pending, done, unknown };
std::string_view to_string(BadgeState state);

struct Badge {
    BadgeState state;
    std::string text;
    std::string color;
    std::string title;
};

// The badge for the install's whole checklist in the profile: red count of pending switch rules;
// else grey when anything is unseen, to check again, or (`page_has_unknown`) unreadable on the
// page in front of the user; green only when every switch rule was last seen off and is fresh.
// Manual steps never count.
Badge badge_for(const Rules& rules, Profile profile, const InstallMemory& memory, bool page_has_unknown,
                const Freshness& freshness);

// Applies observations to memory as of `now`; returns true when anything a reader would see
// changed. A repeated observation only refreshes `seen` when the stored time is older than
// `refresh_after` seconds, so browsing the same page does not rewrite the state file every time.
bool apply_observations(InstallMemory& memory, const std::vector<Observation>& observations,
                        std::string_view rules_version, std::int64_t now, std::int64_t refresh_after);

// Whether apply_observations would change anything, without changing or copying the memory.
bool observations_change(const InstallMemory& memory, const std::vector<Observation>& observations,
                         std::string_view rules_version, std::int64_t now, std::int64_t refresh_after);

}  // namespace optout
