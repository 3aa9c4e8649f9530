#include "memory.hpp"

#include <algorithm>

namespace optout {

std::string_view to_string(SeenState state) { return state == SeenState::pending ? "pending" : "done"; }

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
