# optout_rules: the rules and what they are made of (text folding, label matchers, the JSON
# writer for their reply texts, the file reader for `--rules FILE`). The host links it, and so
# does optout-rules-compiler, which runs the same load_rules at build time; so this file is read
# by both builds (tools/CMakeLists.txt).
set(_optout_host_dir "${CMAKE_CURRENT_LIST_DIR}/..")
add_library(optout_rules STATIC
  "${_optout_host_dir}/src/byte_io.cpp"
  "${_optout_host_dir}/src/text_fold.cpp"
  "${_optout_host_dir}/src/label_matcher.cpp"
  "${_optout_host_dir}/src/json_writer.cpp"
  "${_optout_host_dir}/src/rules.cpp")
target_include_directories(optout_rules PUBLIC "${_optout_host_dir}/src" "${OPTOUT_CONTRACT_INCLUDE_DIR}")
target_link_libraries(optout_rules PUBLIC nlohmann_json::nlohmann_json)
if(TARGET optout_warnings)
  target_link_libraries(optout_rules PRIVATE optout_warnings)
endif()
