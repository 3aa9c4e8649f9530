// Protocol v1 (docs/protocol.md): error codes, limits, and turning hostile request JSON into
// typed, checked values. Nothing here knows about rules, files or streams.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "contract.hpp"
#include "page_state.hpp"
#include "rules.hpp"

namespace optout {

// The names and limits come from protocol/contract.json (generated contract.hpp); docs/protocol.md
// lists them.
inline constexpr int kProtocolVersion = contract::kProtocolVersion;
inline constexpr std::string_view kHostName = contract::kHostName;

inline constexpr std::size_t kMaxJsonDepth = contract::limits::json_depth;
inline constexpr std::size_t kMaxToggles = contract::limits::toggles;
inline constexpr std::size_t kMaxLabelBytes = contract::limits::label_bytes;
inline constexpr std::size_t kMaxSectionBytes = contract::limits::section_bytes;
inline constexpr std::size_t kMaxKeyBytes = contract::limits::key_bytes;
inline constexpr std::size_t kMaxUrlBytes = contract::limits::url_bytes;
inline constexpr std::size_t kMaxLangBytes = contract::limits::lang_bytes;
inline constexpr std::size_t kMinInstallChars = contract::limits::install_min_chars;
inline constexpr std::size_t kMaxInstallChars = contract::limits::install_max_chars;

// Stable and append-only (protocol/contract.json's "errors").
using ErrorCode = contract::ErrorCode;
std::string_view to_string(ErrorCode code);

class ProtocolError : public std::runtime_error {
public:
    ProtocolError(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
    ErrorCode code() const { return code_; }

private:
    ErrorCode code_;
};

// One member of a request as it was read, before it is checked: its JSON kind and value.
enum class ValueKind : std::uint8_t { absent, string, integer, boolean, other };

struct Value {
    ValueKind kind = ValueKind::absent;
    std::string text;            // kind string
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
};

// Reads a request body: valid UTF-8 JSON, nested at most kMaxJsonDepth deep. Throws
// ProtocolError(bad_json) otherwise. Does not require an object (see check_envelope).
RequestFields read_request(std::string_view body);

// The request's id if it is an integer in 0..2^53-1, for echoing in replies.
std::optional<std::int64_t> request_id(const RequestFields& request);

// Checks that the request is an object with `v`, `id` and `type`; returns `type`. Throws ProtocolError.
std::string_view check_envelope(const RequestFields& request);

// The page state (url, lang, toggles), moving strings out of `request`. Throws ProtocolError.
PageState take_page_state(RequestFields& request);
std::string_view install_of(const RequestFields& request);
Profile profile_of(const RequestFields& request, std::optional<Profile> fallback = std::nullopt);

// The path of an http(s) URL, or of a bare path; "" when there is none.
std::string url_path(std::string_view url);

// An error reply body. `id` is null when the request's id could not be read.
std::string error_reply(std::optional<std::int64_t> id, ErrorCode code, std::string_view message);

}  // namespace optout
