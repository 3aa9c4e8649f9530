# Reads protocol/contract.json, the one source of the names the host and the extension share, and
# generates ${CMAKE_BINARY_DIR}/generated/contract.hpp for the host (protocol, message handler,
# evaluation, cli, doctor). Entries marked "planned" are left out. Sets, for the rest of the build
# (host manifests, packages, the Windows installer):
#   OPTOUT_HOST_NAME, OPTOUT_FIREFOX_ADDON_ID, OPTOUT_EXTENSION_ID (cmake/extension-id.cmake),
#   OPTOUT_PROTOCOL_VERSION, OPTOUT_CONTRACT_INCLUDE_DIR.

include("${CMAKE_CURRENT_LIST_DIR}/extension-id.cmake")
set(_optout_contract "${PROJECT_SOURCE_DIR}/protocol/contract.json")
file(READ "${_optout_contract}" _contract)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  "${_optout_contract}" "${CMAKE_CURRENT_LIST_DIR}/contract.cmake" "${CMAKE_CURRENT_LIST_DIR}/extension-id.cmake")

string(JSON OPTOUT_HOST_NAME GET "${_contract}" host name)
string(JSON OPTOUT_HOST_BINARY GET "${_contract}" host binary)
string(JSON OPTOUT_FIREFOX_ADDON_ID GET "${_contract}" extension firefox_addon_id)
string(JSON OPTOUT_PROTOCOL_VERSION GET "${_contract}" protocol_version)
string(JSON _error_reply GET "${_contract}" error_reply)
set(OPTOUT_EXTENSION_ID "" CACHE STRING "The Chromium extension id; empty: derived from the key (cmake/extension-id.cmake)")
if(OPTOUT_EXTENSION_ID)
  set(_optout_chromium_id "${OPTOUT_EXTENSION_ID}")
else()
  optout_derive_extension_id(_optout_chromium_id)
endif()
set(OPTOUT_EXTENSION_ID "${_optout_chromium_id}")  # the normal variable shadows the empty cache entry
message(STATUS "Opt-Out Guard: host ${OPTOUT_HOST_NAME}, Chromium extension ${OPTOUT_EXTENSION_ID}, Firefox add-on ${OPTOUT_FIREFOX_ADDON_ID}")

# Appends to ${out} the C++ identifiers (an enum's body) and the names (an array's body) of the list
# at the JSON path given after `member` (each element an object; `member` names its field), skipping
# planned ones.
function(_optout_contract_list out_enum out_names member)
  string(JSON count LENGTH "${_contract}" ${ARGN})
  set(enum "")
  set(names "")
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    string(JSON planned ERROR_VARIABLE none GET "${_contract}" ${ARGN} ${i} planned)
    if(planned STREQUAL "ON")
      continue()
    endif()
    string(JSON name GET "${_contract}" ${ARGN} ${i} ${member})
    string(REPLACE "-" "_" identifier "${name}")
    string(APPEND enum "    ${identifier},\n")
    string(APPEND names "    \"${name}\",\n")
  endforeach()
  set(${out_enum} "${enum}" PARENT_SCOPE)
  set(${out_names} "${names}" PARENT_SCOPE)
endfunction()

_optout_contract_list(_errors_enum _errors_names code errors)
_optout_contract_list(_requests_enum _requests_names type requests)
_optout_contract_list(_reasons_enum _reasons_names name verdict unknown_reasons)
_optout_contract_list(_status_enum _status_names name verdict status_states)
_optout_contract_list(_check_enum _check_names name verdict check_reasons)

set(_requests_table "")
string(JSON _count LENGTH "${_contract}" requests)
math(EXPR _last "${_count} - 1")
foreach(_i RANGE ${_last})
  string(JSON _planned ERROR_VARIABLE _none GET "${_contract}" requests ${_i} planned)
  if(NOT _planned STREQUAL "ON")
    string(JSON _type GET "${_contract}" requests ${_i} type)
    string(JSON _reply GET "${_contract}" requests ${_i} reply)
    string(APPEND _requests_table "    {\"${_type}\", \"${_reply}\"},\n")
  endif()
endforeach()

# Appends to ${out} one `inline constexpr TYPE name = value;` for each member of the object `section`
# (skipping planned ones); a member is the value itself, or an object whose `value` holds it.
function(_optout_contract_constants out type section)
  set(text "")
  string(JSON count LENGTH "${_contract}" ${section})
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    string(JSON name MEMBER "${_contract}" ${section} ${i})
    string(JSON planned ERROR_VARIABLE none GET "${_contract}" ${section} ${name} planned)
    if(planned STREQUAL "ON")
      continue()
    endif()
    string(JSON value ERROR_VARIABLE none GET "${_contract}" ${section} ${name} value)
    if(none)
      string(JSON value GET "${_contract}" ${section} ${name})
    endif()
    string(APPEND text "inline constexpr ${type} ${name} = ${value};\n")
  endforeach()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

_optout_contract_constants(_limits std::size_t limits)
_optout_contract_constants(_defaults int defaults)

set(_profiles "")
set(_profiles_enum "")
string(JSON _count LENGTH "${_contract}" profiles names)
math(EXPR _last "${_count} - 1")
foreach(_i RANGE ${_last})
  string(JSON _name GET "${_contract}" profiles names ${_i})
  string(APPEND _profiles "    \"${_name}\",\n")
  string(APPEND _profiles_enum "    ${_name},\n")
endforeach()
string(JSON _default_profile GET "${_contract}" profiles default)

set(_offer_results "")
string(JSON _count LENGTH "${_contract}" offer_results)
math(EXPR _last "${_count} - 1")
foreach(_i RANGE ${_last})
  string(JSON _name GET "${_contract}" offer_results ${_i})
  string(APPEND _offer_results "    \"${_name}\",\n")
endforeach()

set(_badge_enum "")
set(_badges "")
string(JSON _count LENGTH "${_contract}" badge states)
math(EXPR _last "${_count} - 1")
foreach(_i RANGE ${_last})
  string(JSON _name GET "${_contract}" badge states ${_i} name)
  string(JSON _text GET "${_contract}" badge states ${_i} text)
  string(JSON _color GET "${_contract}" badge states ${_i} color)
  string(APPEND _badge_enum "    ${_name},\n")
  string(APPEND _badges "    {\"${_name}\", \"${_text}\", \"${_color}\"},\n")
endforeach()

set(OPTOUT_CONTRACT_INCLUDE_DIR "${CMAKE_BINARY_DIR}/generated")
file(CONFIGURE OUTPUT "${OPTOUT_CONTRACT_INCLUDE_DIR}/contract.hpp" @ONLY CONTENT
"// Generated by cmake/contract.cmake from protocol/contract.json. Do not edit: edit that file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace optout::contract {

inline constexpr std::string_view kHostName = \"@OPTOUT_HOST_NAME@\";
inline constexpr std::string_view kHostBinary = \"@OPTOUT_HOST_BINARY@\";
// Derived from the key in extension/manifest.base.json by cmake/extension-id.cmake.
inline constexpr std::string_view kChromiumExtensionId = \"@OPTOUT_EXTENSION_ID@\";
inline constexpr std::string_view kFirefoxAddonId = \"@OPTOUT_FIREFOX_ADDON_ID@\";
inline constexpr int kProtocolVersion = @OPTOUT_PROTOCOL_VERSION@;

namespace limits {
@_limits@}  // namespace limits

// The value an optional request member takes when it is absent.
namespace defaults {
@_defaults@}  // namespace defaults

// Stable and append-only: never rename, reorder or reuse one.
enum class ErrorCode : std::uint8_t {
@_errors_enum@};
inline constexpr std::string_view kErrorCodes[] = {
@_errors_names@};

enum class RequestType : std::uint8_t {
@_requests_enum@};
struct Request {
    std::string_view type;   // the request's `type`
    std::string_view reply;  // the `type` of its reply
};
inline constexpr Request kRequests[] = {
@_requests_table@};
// The type of the reply to any request that failed, with one of kErrorCodes.
inline constexpr std::string_view kErrorReplyType = \"@_error_reply@\";
constexpr const Request& request(RequestType type) { return kRequests[static_cast<std::size_t>(type)]; }
// The `result` of a rules-offered reply.
inline constexpr std::string_view kOfferResults[] = {
@_offer_results@};

enum class Profile : std::uint8_t {
@_profiles_enum@};
inline constexpr std::string_view kProfiles[] = {
@_profiles@};
inline constexpr std::string_view kDefaultProfile = \"@_default_profile@\";

enum class UnknownReason : std::uint8_t {
@_reasons_enum@};
inline constexpr std::string_view kUnknownReasons[] = {
@_reasons_names@};

enum class StatusState : std::uint8_t {
@_status_enum@};
inline constexpr std::string_view kStatusStates[] = {
@_status_names@};

enum class CheckReason : std::uint8_t {
@_check_enum@};
inline constexpr std::string_view kCheckReasons[] = {
@_check_names@};

enum class BadgeState : std::uint8_t {
@_badge_enum@};
struct BadgeLook {
    std::string_view state;
    std::string_view text;  // empty: the count of pending opt-outs
    std::string_view color;
};
inline constexpr BadgeLook kBadges[] = {
@_badges@};
constexpr const BadgeLook& badge_look(BadgeState state) { return kBadges[static_cast<std::size_t>(state)]; }

}  // namespace optout::contract
")
