# The browser locations (manifests/locations.txt), for `optout-guard-host doctor` (compiled into the host
# library) and for cmake/packaging.cmake; the install scripts read the same file. The host name and the
# extension ids come from cmake/contract.cmake (protocol/contract.json), included by the top CMakeLists.txt.
# Sets OPTOUT_SYSTEM_MANIFEST_DIRS_<os>_<kind> and OPTOUT_REGISTRY_KEYS_<kind> (lists).

set(_optout_locations "${PROJECT_SOURCE_DIR}/manifests/locations.txt")

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
  "${_optout_locations}" "${CMAKE_CURRENT_LIST_DIR}/doctor_config.hpp.in")
configure_file("${CMAKE_CURRENT_LIST_DIR}/doctor_config.hpp.in" "${CMAKE_BINARY_DIR}/generated/doctor_config.hpp" @ONLY)

target_sources(optout_host_core PRIVATE "${PROJECT_SOURCE_DIR}/native-host/src/doctor.cpp")
target_include_directories(optout_host_core PRIVATE "${CMAKE_BINARY_DIR}/generated")
