// Reading a request body in one pass, without a document tree (the hot path): a strict JSON
// tokenizer feeding a field reader that keeps the members this host knows. Nothing is checked here
// but the JSON itself and the depth; protocol.hpp turns the fields into typed, checked values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "contract.hpp"

namespace optout {

// The reader's own limits (protocol/contract.json): nesting past the depth is refused, toggles past
// the count are counted and not kept.
inline constexpr std::size_t kMaxJsonDepth = contract::limits::json_depth;
inline constexpr std::size_t kMaxToggles = contract::limits::toggles;

// One member of a request as it was read, before it is checked: its JSON kind and value.
enum class ValueKind : std::uint8_t { absent, string, integer, boolean, other };

struct Value {
    ValueKind kind = ValueKind::absent;
    // kind string: a view into the request body, or into RequestFields::unescaped when the string
    // held escapes; valid while the body and the RequestFields are.
    std::string_view text;
    std::int64_t integer = 0;    // kind integer, when it fits
    bool integer_fits = true;    // false for an integer beyond int64 (never a valid id or version)
    bool flag = false;           // kind boolean
};

struct ToggleFields {
    bool is_object = true;
    Value key, label, on, section;
};

// The members of a request this host reads, taken from the JSON in one pass without building a
// document tree (this is the hot path); every other member is skipped. Nothing is checked yet
// but the JSON itself: the checks below turn fields into typed values or ProtocolErrors.
struct RequestFields {
    bool is_object = false;
    Value v, id, type, install, profile, url, lang;
    Value rule, done, check_after_days;  // mark; page and status
    bool has_rules = false;              // offer-rules: `rules`, kept as its raw JSON text
    std::string rules_json;
    ValueKind toggles_kind = ValueKind::absent;  // `other` when it is an array
    bool toggles_is_array = false;
    std::vector<ToggleFields> toggles;
    std::size_t toggle_count = 0;  // may exceed toggles.size(): elements past the limit are counted, not kept
    // Strings that held escapes, unescaped (a deque: what it holds never moves, so views stay).
    std::deque<std::string> unescaped;
    // The body itself when read_request made a copy of it (the overload returning fields).
    std::unique_ptr<const std::string> own_body;
};

// Reads a request body: valid UTF-8 JSON, nested at most kMaxJsonDepth deep. Throws
// ProtocolError(bad_json) otherwise. Does not require an object (see check_envelope).
// The fields' strings view `body`, so the body must outlive them; this overload keeps a copy.
RequestFields read_request(std::string_view body);
// The same into `fields`, viewing `body` (which must outlive their use); `fields` is reset first
// but keeps its toggle list's room: a session reads every request into one RequestFields, so a
// page's toggles cost no allocation of the list and their strings no copy.
void read_request(std::string_view body, RequestFields& fields);

}  // namespace optout
