# Native-messaging facts, each read from its one source, for `optout-guard-host doctor` (compiled into
# the host library) and for cmake/packaging.cmake: the browser locations (manifests/locations.txt), the
# Firefox add-on id (manifests/firefox.json.in) and the Chromium extension id (derived from the key in
# extension/manifest.base.json, as Chromium derives it). The install scripts read the same files.
# Sets OPTOUT_EXTENSION_ID, OPTOUT_FIREFOX_ADDON_ID and OPTOUT_SYSTEM_MANIFEST_DIRS_<os>_<kind> (lists).

set(_optout_extension_manifest "${PROJECT_SOURCE_DIR}/extension/manifest.base.json")
set(_optout_locations "${PROJECT_SOURCE_DIR}/manifests/locations.txt")
set(_optout_firefox_template "${PROJECT_SOURCE_DIR}/manifests/firefox.json.in")

# The first 32 hex digits of sha256(DER public key), each digit 0-f written as a-p.
function(optout_extension_id_from_key key out_var)
  find_program(OPTOUT_BASE64 base64)
  if(NOT OPTOUT_BASE64)
    message(FATAL_ERROR "base64 (coreutils) is needed to derive the extension id; or pass -DOPTOUT_EXTENSION_ID=<id>")
  endif()
  set(b64 "${CMAKE_BINARY_DIR}/optout-extension-key.b64")
  set(der "${CMAKE_BINARY_DIR}/optout-extension-key.der")
  file(WRITE "${b64}" "${key}")
  execute_process(COMMAND "${OPTOUT_BASE64}" --decode "${b64}" OUTPUT_FILE "${der}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the extension key is not valid base64")
  endif()
  file(SHA256 "${der}" hash)
  set(id "")
  foreach(i RANGE 0 31)
    string(SUBSTRING "${hash}" ${i} 1 digit)
    string(FIND "0123456789abcdef" "${digit}" value)
    string(SUBSTRING "abcdefghijklmnop" ${value} 1 letter)
    string(APPEND id "${letter}")
  endforeach()
  set(${out_var} "${id}" PARENT_SCOPE)
endfunction()

if(NOT OPTOUT_EXTENSION_ID)
  if(NOT EXISTS "${_optout_extension_manifest}")
    message(FATAL_ERROR "${_optout_extension_manifest} is missing: cannot derive the extension id")
  endif()
  file(READ "${_optout_extension_manifest}" _text)
  string(JSON _key ERROR_VARIABLE _json_error GET "${_text}" key)
  if(_json_error)
    message(FATAL_ERROR "${_optout_extension_manifest} has no \"key\": cannot derive the extension id (${_json_error})")
  endif()
  optout_extension_id_from_key("${_key}" OPTOUT_EXTENSION_ID)
endif()
message(STATUS "Opt-Out Guard extension id: ${OPTOUT_EXTENSION_ID}")

file(READ "${_optout_firefox_template}" _text)
string(JSON OPTOUT_FIREFOX_ADDON_ID GET "${_text}" allowed_extensions 0)

set(OPTOUT_LOCATION_ROWS "")
file(STRINGS "${_optout_locations}" _lines)
foreach(_line IN LISTS _lines)
  if(_line MATCHES "^[ \t]*(#|$)")
    continue()
  endif()
  string(REPLACE "|" ";" _fields "${_line}")
  list(LENGTH _fields _count)
  if(NOT _count EQUAL 5)
    message(FATAL_ERROR "${_optout_locations}: a row needs 5 fields separated by '|': ${_line}")
  endif()
  list(GET _fields 0 _os)
  list(GET _fields 1 _browser)
  list(GET _fields 2 _what)
  list(GET _fields 3 _kind)
  list(GET _fields 4 _value)
  if(_what STREQUAL "system")
    list(APPEND OPTOUT_SYSTEM_MANIFEST_DIRS_${_os}_${_kind} "${_value}")
  elseif(_what STREQUAL "user" AND _os STREQUAL "windows")  # OPTOUT_REGISTRY_KEYS_<kind>: the installer's keys
    list(APPEND OPTOUT_REGISTRY_KEYS_${_kind} "${_value}")
  endif()
  string(APPEND OPTOUT_LOCATION_ROWS "    {\"${_os}\", \"${_browser}\", \"${_what}\", \"${_kind}\", R\"nm(${_value})nm\"},\n")
endforeach()

set_property(DIRECTORY "${PROJECT_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  "${_optout_extension_manifest}" "${_optout_locations}" "${_optout_firefox_template}"
  "${CMAKE_CURRENT_LIST_DIR}/doctor_config.hpp.in")
configure_file("${CMAKE_CURRENT_LIST_DIR}/doctor_config.hpp.in" "${CMAKE_BINARY_DIR}/generated/doctor_config.hpp" @ONLY)

target_sources(optout_host_core PRIVATE "${PROJECT_SOURCE_DIR}/native-host/src/doctor.cpp")
target_include_directories(optout_host_core PRIVATE "${CMAKE_BINARY_DIR}/generated")
