// What the host remembers of one install: each rule's last seen state and when. The evaluation
// reads it to build the checklist and badge; the state store keeps it on disk.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace optout {

enum class SeenState : std::uint8_t { pending, done };
std::string_view to_string(SeenState state);

struct RememberedRule {
    SeenState state = SeenState::pending;
    std::int64_t seen = 0;  // seconds since the Unix epoch, UTC
    // The rule's fingerprint (rules.hpp) when this was read; empty for a manual step marked done.
    std::string fingerprint;

    friend bool operator==(const RememberedRule&, const RememberedRule&) = default;
};

struct InstallMemory {
    std::string rules_version;
    std::map<std::string, RememberedRule, std::less<>> rules;

    friend bool operator==(const InstallMemory&, const InstallMemory&) = default;
};

// One rule's state as read from a page: what the state store records. A rule the page should
// have shown but could not be read (`unknown`) is an observation without a state: it drops what
// was remembered, so an old "done" is never kept beside a switch the host could not read.
// `rule` and `fingerprint` view the loaded Rules (or literals), which outlive every observation.
struct Observation {
    std::string_view rule;
    std::optional<SeenState> state;
    std::string_view fingerprint = {};
};

}  // namespace optout
