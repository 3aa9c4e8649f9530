// Protocol v1 (docs/protocol.md): limits, and turning the fields of a hostile request
// (request_reader.hpp) into typed, checked values; error replies. Nothing here knows about rules
// files, state or streams.
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
#include "protocol_error.hpp"
#include "request_reader.hpp"
#include "rules.hpp"

namespace optout {

// The names and limits come from protocol/contract.json (generated contract.hpp); docs/protocol.md
// lists them.
inline constexpr int kProtocolVersion = contract::kProtocolVersion;
inline constexpr std::string_view kHostName = contract::kHostName;

// kMaxJsonDepth and kMaxToggles: request_reader.hpp.
inline constexpr std::size_t kMaxLabelBytes = contract::limits::label_bytes;
inline constexpr std::size_t kMaxSectionBytes = contract::limits::section_bytes;
inline constexpr std::size_t kMaxKeyBytes = contract::limits::key_bytes;
inline constexpr std::size_t kMaxUrlBytes = contract::limits::url_bytes;
inline constexpr std::size_t kMaxLangBytes = contract::limits::lang_bytes;
inline constexpr std::size_t kMinInstallChars = contract::limits::install_min_chars;
inline constexpr std::size_t kMaxInstallChars = contract::limits::install_max_chars;

// The request's id if it is an integer in 0..2^53-1, for echoing in replies.
std::optional<std::int64_t> request_id(const RequestFields& request);

// Checks that the request is an object with `v`, `id` and `type`; returns `type`. Throws ProtocolError.
std::string_view check_envelope(const RequestFields& request);

// The page state (url, lang, toggles), copied out of `request`. Throws ProtocolError. The second
// form fills `page` reusing its strings' room (a session keeps one PageState between pages).
PageState take_page_state(const RequestFields& request);
void take_page_state(const RequestFields& request, PageState& page);
std::string_view install_of(const RequestFields& request);
Profile profile_of(const RequestFields& request, std::optional<Profile> fallback = std::nullopt);

// The path of an http(s) URL, or of a bare path; "" when there is none.
std::string url_path(std::string_view url);
void url_path(std::string_view url, std::string& path);

// An error reply body. `id` is null when the request's id could not be read.
std::string error_reply(std::optional<std::int64_t> id, ErrorCode code, std::string_view message);

}  // namespace optout
