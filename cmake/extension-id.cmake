# The fixed Chromium extension id, derived once from the "key" (base64 DER public key) in the file the
# contract names (protocol/contract.json: extension.chromium_key, i.e. extension/manifest.base.json),
# as Chromium derives it: the first 32 hex digits of sha256(DER), each digit 0-f written as a-p.
# Every consumer reads the result of this file, never derives the id itself:
#   include()d by cmake/contract.cmake, which puts it into contract.hpp (the host: `optout-guard-host ids`,
#   doctor), the host manifests and the Windows installer;
#   `cmake -P cmake/extension-id.cmake` prints it (scripts/contract.mjs, for the extension build and the
#   node tests; the shell scripts ask the host they install: `optout-guard-host ids`).
# -DOPTOUT_EXTENSION_ID=<id> (a cache variable) overrides the derivation.

set(_optout_root "${CMAKE_CURRENT_LIST_DIR}/..")

function(optout_derive_extension_id out_var)
  file(READ "${_optout_root}/protocol/contract.json" contract)
  string(JSON key_file GET "${contract}" extension chromium_key)
  set(manifest "${_optout_root}/${key_file}")
  if(NOT EXISTS "${manifest}")
    message(FATAL_ERROR "${manifest} is missing: cannot derive the extension id")
  endif()
  file(READ "${manifest}" text)
  string(JSON key ERROR_VARIABLE json_error GET "${text}" key)
  if(json_error)
    message(FATAL_ERROR "${manifest} has no \"key\": cannot derive the extension id (${json_error})")
  endif()
  find_program(OPTOUT_BASE64 base64)
  if(NOT OPTOUT_BASE64)
    message(FATAL_ERROR "base64 (coreutils) is needed to derive the extension id; or pass -DOPTOUT_EXTENSION_ID=<id>")
  endif()
  if(CMAKE_SCRIPT_MODE_FILE)
    string(RANDOM LENGTH 12 suffix)
    set(work "$ENV{TMPDIR}")
    if(NOT work)
      set(work "/tmp")
    endif()
    set(work "${work}/optout-extension-id-${suffix}")
  else()
    set(work "${CMAKE_BINARY_DIR}/optout-extension-id")
  endif()
  file(MAKE_DIRECTORY "${work}")
  file(WRITE "${work}/key.b64" "${key}")
  execute_process(COMMAND "${OPTOUT_BASE64}" --decode "${work}/key.b64" OUTPUT_FILE "${work}/key.der" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    file(REMOVE_RECURSE "${work}")
    message(FATAL_ERROR "the extension key in ${manifest} is not valid base64")
  endif()
  file(SHA256 "${work}/key.der" hash)
  file(REMOVE_RECURSE "${work}")
  set(id "")
  foreach(i RANGE 0 31)
    string(SUBSTRING "${hash}" ${i} 1 digit)
    string(FIND "0123456789abcdef" "${digit}" value)
    string(SUBSTRING "abcdefghijklmnop" ${value} 1 letter)
    string(APPEND id "${letter}")
  endforeach()
  set(${out_var} "${id}" PARENT_SCOPE)
endfunction()

if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
  optout_derive_extension_id(_id)
  execute_process(COMMAND "${CMAKE_COMMAND}" -E echo "${_id}")
endif()
