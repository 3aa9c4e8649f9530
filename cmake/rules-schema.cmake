# Checks the rules built into the host (OPTOUT_RULES_FILE, native-host/CMakeLists.txt) against
# rules/rules.schema.json with a real JSON Schema validator, ajv (scripts/validate-rules.mjs), before
# the host library (its rules compiler step included) is built: a rules file that fails the schema
# fails the build, with ajv's message naming the rule (index and id) and the field. Included from
# the top-level CMakeLists.txt after native-host/ (it needs OPTOUT_RULES_FILE and optout_host_core).
#
# The check needs node and ajv (`npm ci`). Without them (scripts/install.sh on a machine without
# npm) it is left out with a note, and the host still builds: the host's own checks of the rules
# (rules.cpp) and the rules' tests remain. OPTOUT_REQUIRE_RULES_SCHEMA_CHECK=ON (scripts/test.sh's
# host step) makes their absence a configure error, so CI always runs it.
#
# Target optout_rules_schema; tests/contract/rules_schema_build.cmake proves that a broken rules file
# fails the build and that the option does what it says (ctest contract.rulesSchemaCheckFailsTheBuild).

option(OPTOUT_REQUIRE_RULES_SCHEMA_CHECK "Fail to configure unless node and ajv can check the rules against their schema" OFF)

if(NOT DEFINED OPTOUT_RULES_FILE OR NOT TARGET optout_host_core)
  message(FATAL_ERROR "cmake/rules-schema.cmake: include it after add_subdirectory(native-host) "
                      "(it needs OPTOUT_RULES_FILE and the target optout_host_core)")
endif()

cmake_path(GET CMAKE_CURRENT_LIST_DIR PARENT_PATH _optout_tree)
set(_optout_rules_validator "${_optout_tree}/scripts/validate-rules.mjs")
set(_optout_rules_schema "${_optout_tree}/rules/rules.schema.json")

if(OPTOUT_BUILD_TESTS)
  add_test(NAME contract.rulesSchemaCheckFailsTheBuild
           COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${_optout_tree} -DWORK_DIR=${CMAKE_BINARY_DIR}/rules-schema-check
                   -DGENERATOR=${CMAKE_GENERATOR} -P ${_optout_tree}/tests/contract/rules_schema_build.cmake)
endif()

find_program(OPTOUT_NODE_EXECUTABLE node DOC "Node.js, for the rules schema check (scripts/validate-rules.mjs)")
set(_optout_rules_checker "")
if(OPTOUT_NODE_EXECUTABLE)
  # ajv comes from this tree's node_modules (npm ci): ask the script whether it loads.
  execute_process(COMMAND "${OPTOUT_NODE_EXECUTABLE}" "${_optout_rules_validator}" --probe
    WORKING_DIRECTORY "${_optout_tree}" RESULT_VARIABLE _optout_probe OUTPUT_QUIET ERROR_QUIET)
  if(_optout_probe EQUAL 0)
    set(_optout_rules_checker "${OPTOUT_NODE_EXECUTABLE}" "${_optout_rules_validator}")
  endif()
endif()

if(NOT _optout_rules_checker)
  set(_optout_why "node and ajv (npm ci) are needed")
  if(OPTOUT_REQUIRE_RULES_SCHEMA_CHECK)
    message(FATAL_ERROR "Opt-Out Guard: the rules schema check is required (OPTOUT_REQUIRE_RULES_SCHEMA_CHECK) and ${_optout_why}")
  endif()
  message(STATUS "Opt-Out Guard: rules not checked against rules/rules.schema.json at build time: ${_optout_why}")
  return()
endif()

message(STATUS "Opt-Out Guard: ${OPTOUT_RULES_FILE} is checked against rules/rules.schema.json (ajv) before it is compiled in")
set(OPTOUT_RULES_SCHEMA_STAMP "${CMAKE_BINARY_DIR}/rules-schema.ok")
add_custom_command(
  OUTPUT "${OPTOUT_RULES_SCHEMA_STAMP}"
  COMMAND ${_optout_rules_checker} --schema "${_optout_rules_schema}" --stamp "${OPTOUT_RULES_SCHEMA_STAMP}" "${OPTOUT_RULES_FILE}"
  DEPENDS "${OPTOUT_RULES_FILE}" "${_optout_rules_schema}" "${_optout_rules_validator}"
  WORKING_DIRECTORY "${_optout_tree}"
  COMMENT "Checking ${OPTOUT_RULES_FILE} against rules/rules.schema.json (ajv)"
  VERBATIM)
add_custom_target(optout_rules_schema DEPENDS "${OPTOUT_RULES_SCHEMA_STAMP}")
# The hook: nothing of the host library (the embedded rules included) is built before the check passed.
add_dependencies(optout_host_core optout_rules_schema)
