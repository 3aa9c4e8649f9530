# The build checks the rules against rules/rules.schema.json before the host embeds them
# (cmake/rules-schema.cmake): a rules file that fails the schema must fail the build, naming the
# rule and the field; the shipped rules must pass; without node or ajv the build goes on, unless
# OPTOUT_REQUIRE_RULES_SCHEMA_CHECK asks for the check, which then fails the configure step.
# A scratch project includes the real cmake/rules-schema.cmake beside a stand-in optout_host_core
# target (no compiler needed) and builds that target.
#   cmake -DSOURCE_DIR=<repo> -DWORK_DIR=<scratch> [-DGENERATOR=Ninja] -P rules_schema_build.cmake
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}/project")
if(NOT GENERATOR)
  set(GENERATOR "Ninja")
endif()

# The shipped rules with the first rule that lists switch ids given a number for its first id.
file(READ "${SOURCE_DIR}/rules/linkedin.json" rules)
string(JSON count LENGTH "${rules}" rules)
math(EXPR last "${count} - 1")
set(broken_index "")
foreach(i RANGE ${last})
  string(JSON ids ERROR_VARIABLE no_ids LENGTH "${rules}" rules ${i} ids)
  if(NOT no_ids AND ids GREATER 0)
    set(broken_index ${i})
    break()
  endif()
endforeach()
if(broken_index STREQUAL "")
  message(FATAL_ERROR "rules/linkedin.json has no rule with switch ids to break")
endif()
string(JSON broken_id GET "${rules}" rules ${broken_index} id)
string(JSON broken SET "${rules}" rules ${broken_index} ids 0 42)
file(WRITE "${WORK_DIR}/broken.json" "${broken}")

file(WRITE "${WORK_DIR}/project/CMakeLists.txt" "cmake_minimum_required(VERSION 3.25)
project(rules_schema_check NONE)
add_custom_target(optout_host_core ALL COMMAND \"${CMAKE_COMMAND}\" -E echo the host library would be built here)
include(\"${SOURCE_DIR}/cmake/rules-schema.cmake\")
")

# Configures a fresh build of the scratch project with the given -D options, then builds it.
# Sets <prefix>_configured, <prefix>_built (exit statuses; built is "not run" when configuring
# failed) and <prefix>_output.
function(try_build prefix)
  set(dir "${WORK_DIR}/build-${prefix}")
  execute_process(COMMAND "${CMAKE_COMMAND}" -G "${GENERATOR}" -S "${WORK_DIR}/project" -B "${dir}" ${ARGN}
                  RESULT_VARIABLE configured OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(built "not run")
  if(configured EQUAL 0)
    execute_process(COMMAND "${CMAKE_COMMAND}" --build "${dir}" --target optout_host_core
                    RESULT_VARIABLE built OUTPUT_VARIABLE build_out ERROR_VARIABLE build_err)
    string(APPEND out "${build_out}")
    string(APPEND err "${build_err}")
  endif()
  set(${prefix}_configured "${configured}" PARENT_SCOPE)
  set(${prefix}_built "${built}" PARENT_SCOPE)
  set(${prefix}_output "${out}${err}" PARENT_SCOPE)
endfunction()

# Fails the test with `why` unless the output of try_build(<prefix>) holds `text`.
function(expect_said prefix text why)
  string(FIND "${${prefix}_output}" "${text}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${why} (no \"${text}\"):\n${${prefix}_output}")
  endif()
endfunction()

# Fails the test with `why` unless try_build(<prefix>) configured and built.
function(expect_built prefix why)
  if(NOT ${prefix}_built EQUAL 0)
    message(FATAL_ERROR "${why} (status ${${prefix}_configured}/${${prefix}_built}):\n${${prefix}_output}")
  endif()
endfunction()

# 1. A broken rules file fails the build with ajv's message naming the rule and the field.
try_build(broken "-DOPTOUT_RULES_FILE=${WORK_DIR}/broken.json" -DOPTOUT_REQUIRE_RULES_SCHEMA_CHECK=ON)
if(NOT broken_configured EQUAL 0)
  message(FATAL_ERROR "configuring with the check required failed (node and ajv are needed: npm ci):\n${broken_output}")
endif()
if(broken_built EQUAL 0)
  message(FATAL_ERROR "a rules file that fails the schema built:\n${broken_output}")
endif()
set(expected "broken.json: rule #${broken_index} (${broken_id}): ids/0: must be string")
expect_said(broken "${expected}" "the build failed without naming the rule and the field")
string(FIND "${broken_output}" "the host library would be built here" went_on)
if(NOT went_on EQUAL -1)
  message(FATAL_ERROR "the host library was built although the rules failed the check:\n${broken_output}")
endif()
message(STATUS "a broken rules file fails the build: ${expected}")

# 2. The shipped rules pass, and the host library is built after the check.
try_build(shipped "-DOPTOUT_RULES_FILE=${SOURCE_DIR}/rules/linkedin.json" -DOPTOUT_REQUIRE_RULES_SCHEMA_CHECK=ON)
expect_built(shipped "the shipped rules did not build")
expect_said(shipped "Checking ${SOURCE_DIR}/rules/linkedin.json against" "the shipped rules built without being checked")

# 3. Without node (a path that is not there), the build goes on, unless the check is required.
set(no_node "-DOPTOUT_NODE_EXECUTABLE=${WORK_DIR}/no-such-node")
try_build(optional "-DOPTOUT_RULES_FILE=${WORK_DIR}/broken.json" ${no_node})
expect_built(optional "without node the build must go on unchecked")
expect_said(optional "rules not checked against rules/rules.schema.json" "without node the build went on without saying the rules were not checked")
try_build(required "-DOPTOUT_RULES_FILE=${SOURCE_DIR}/rules/linkedin.json" ${no_node} -DOPTOUT_REQUIRE_RULES_SCHEMA_CHECK=ON)
if(required_configured EQUAL 0)
  message(FATAL_ERROR "OPTOUT_REQUIRE_RULES_SCHEMA_CHECK=ON configured without node:\n${required_output}")
endif()
expect_said(required "the rules schema check is required" "configuring failed without node, but not for the check")
message(STATUS "without node: built unchecked by default, refused with OPTOUT_REQUIRE_RULES_SCHEMA_CHECK=ON")
file(REMOVE_RECURSE "${WORK_DIR}")
