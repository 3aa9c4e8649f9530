// What the host remembers of one install: each rule's last seen state and when. The evaluation
// reads it to build the checklist and badge; the state store keeps it on disk.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace optout {

enum class SeenState : std::uint8_t { pending, done };
std::string_view to_string(SeenState state);

struct RememberedRule {
    SeenState state = SeenState::pending;
    std::int64_t seen = 0;  // seconds since the Unix epoch, UTC

    friend bool operator==(const RememberedRule&, const RememberedRule&) = default;
};

struct InstallMemory {
    std::string rules_version;
    std::map<std::string, RememberedRule, std::less<>> rules;

    friend bool operator==(const InstallMemory&, const InstallMemory&) = default;
};

// One rule's state as read from a page: what the state store records.
// `rule` views the rule's id in the loaded Rules (or a literal), which outlive every observation.
struct Observation {
    std::string_view rule;
    SeenState state;
};

}  // namespace optout
