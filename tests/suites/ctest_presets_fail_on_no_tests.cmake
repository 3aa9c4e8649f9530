# Every ctest preset of CMakePresets.json must fail, not pass, when it finds no test: a build tree
# configured with OPTOUT_BUILD_TESTS=OFF (which the cache keeps) otherwise "passes" on nothing.
# Copies the real presets beside a project that registers no test, configures each test preset's
# build with OPTOUT_BUILD_TESTS=OFF and expects `ctest --preset NAME` to exit non-zero saying so.
#   cmake -DSOURCE_DIR=<repo> -DWORK_DIR=<scratch> -P ctest_presets_fail_on_no_tests.cmake
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
file(COPY "${SOURCE_DIR}/CMakePresets.json" DESTINATION "${WORK_DIR}")
file(WRITE "${WORK_DIR}/CMakeLists.txt"
  "cmake_minimum_required(VERSION 3.25)\nproject(no_tests NONE)\nenable_testing()\n")

file(READ "${WORK_DIR}/CMakePresets.json" presets)
string(JSON count LENGTH "${presets}" testPresets)
math(EXPR last "${count} - 1")
set(checked 0)
foreach(i RANGE ${last})
  string(JSON name GET "${presets}" testPresets ${i} name)
  string(JSON hidden ERROR_VARIABLE no_hidden GET "${presets}" testPresets ${i} hidden)
  if(hidden)
    continue()
  endif()
  execute_process(COMMAND "${CMAKE_COMMAND}" --preset "${name}" -DOPTOUT_BUILD_TESTS=OFF
                  WORKING_DIRECTORY "${WORK_DIR}" RESULT_VARIABLE configured OUTPUT_QUIET ERROR_VARIABLE configure_error)
  if(NOT configured EQUAL 0)
    message(FATAL_ERROR "cmake --preset ${name} failed in the scratch project: ${configure_error}")
  endif()
  execute_process(COMMAND "${CMAKE_CTEST_COMMAND}" --preset "${name}"
                  WORKING_DIRECTORY "${WORK_DIR}" RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(status EQUAL 0)
    message(FATAL_ERROR "ctest --preset ${name} passed with no test at all (set execution.noTestsAction to error):\n${out}${err}")
  endif()
  string(FIND "${out}${err}" "No tests were found" said)
  if(said EQUAL -1)
    message(FATAL_ERROR "ctest --preset ${name} failed, but not because it found no test:\n${out}${err}")
  endif()
  message(STATUS "ctest --preset ${name}: fails on no tests (status ${status})")
  math(EXPR checked "${checked} + 1")
endforeach()
if(checked EQUAL 0)
  message(FATAL_ERROR "CMakePresets.json has no test preset to check")
endif()
file(REMOVE_RECURSE "${WORK_DIR}")
