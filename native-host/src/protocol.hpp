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

#include <nlohmann/json_fwd.hpp>

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

// Parses a request body with the depth limit; throws ProtocolError(bad_json).
nlohmann::json parse_request_json(std::string_view body);

// The request's id if it is an integer in 0..2^53-1, for echoing in replies.
std::optional<std::int64_t> request_id(const nlohmann::json& request);

// Checks `v`, `id` and `type`; returns `type`. Throws ProtocolError.
std::string_view check_envelope(const nlohmann::json& request);

PageState parse_page_state(const nlohmann::json& request);  // url, lang, toggles
std::string parse_install(const nlohmann::json& request);
Profile parse_profile_field(const nlohmann::json& request, std::optional<Profile> fallback = std::nullopt);

// The path of an http(s) URL, or of a bare path; "" when there is none.
std::string url_path(std::string_view url);

// An error reply body. `id` is null when the request's id could not be read.
std::string error_reply(std::optional<std::int64_t> id, ErrorCode code, std::string_view message);

}  // namespace optout
