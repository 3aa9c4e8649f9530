# The build fails on invalid rules, naming the rule and the field: runs optout-rules-compiler (the
# build step that compiles the rules into the host) on a copy of the rules file whose first rule
# has an unknown category, and expects a failure and that name.
# cmake -DCOMPILER=... -DRULES=rules/linkedin.json -DWORK_DIR=... -P rules_compiler_refuses.cmake
file(READ "${RULES}" rules)
string(JSON id GET "${rules}" rules 0 id)
string(JSON broken SET "${rules}" rules 0 category "\"not-a-category\"")
file(MAKE_DIRECTORY "${WORK_DIR}")
file(WRITE "${WORK_DIR}/broken.json" "${broken}")
execute_process(COMMAND "${COMPILER}" "${WORK_DIR}/broken.json" "${WORK_DIR}/broken.cpp"
                RESULT_VARIABLE status ERROR_VARIABLE error)
if(status EQUAL 0)
  message(FATAL_ERROR "the rules compiler accepted a rule with an unknown category")
endif()
string(FIND "${error}" "rule \"${id}\": field \"category\": must be one of" at)
if(at EQUAL -1)
  message(FATAL_ERROR "the rules compiler failed without naming rule \"${id}\" and field \"category\":\n${error}")
endif()
# And the valid file compiles.
execute_process(COMMAND "${COMPILER}" "${RULES}" "${WORK_DIR}/valid.cpp" RESULT_VARIABLE status ERROR_VARIABLE error)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "the rules compiler refused the real rules file:\n${error}")
endif()
