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

#include "rules.hpp"

namespace optout {

inline constexpr int kProtocolVersion = 1;
inline constexpr std::string_view kHostName = "org.optoutguard.host";

// Limits on page values; docs/protocol.md lists them.
inline constexpr std::size_t kMaxJsonDepth = 32;
inline constexpr std::size_t kMaxToggles = 512;
inline constexpr std::size_t kMaxLabelBytes = 1024;
inline constexpr std::size_t kMaxKeyBytes = 256;
inline constexpr std::size_t kMaxUrlBytes = 4096;
inline constexpr std::size_t kMinInstallChars = 8;
inline constexpr std::size_t kMaxInstallChars = 64;

// Stable and append-only: never rename, reorder the names or reuse one.
enum class ErrorCode : std::uint8_t {
    bad_frame,
    too_large,
    bad_json,
    bad_request,
    unsupported_version,
    unknown_type,
    state_unavailable,
    internal,
};
std::string_view to_string(ErrorCode code);

class ProtocolError : public std::runtime_error {
public:
    ProtocolError(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
    ErrorCode code() const { return code_; }

private:
    ErrorCode code_;
};

struct Toggle {
    std::string key;
    std::string label;
    bool on = false;
    std::string section;
};

struct PageState {
    std::string path;  // the URL's path only: query and fragment are dropped at once
    std::string lang;
    std::vector<Toggle> toggles;
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
