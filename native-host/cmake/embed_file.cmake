# Writes a C++ source that holds a file's bytes, so the rules travel inside the binary.
# Usage: cmake -DINPUT=rules.json -DOUTPUT=embedded_rules.cpp -DFUNCTION=embedded_rules_json -P embed_file.cmake
file(READ "${INPUT}" content HEX)
string(LENGTH "${content}" hex_length)
math(EXPR byte_count "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
# Break the initialiser into lines of 16 bytes so compilers and diffs stay happy.
string(REGEX REPLACE "(('[^']*',){16})" "\\1\n    " bytes "${bytes}")
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${INPUT} by embed_file.cmake; do not edit.\n"
"#include <string_view>\n"
"namespace optout {\n"
"namespace {\n"
"constexpr char kBytes[] = {\n    ${bytes}0};\n"
"}  // namespace\n"
"std::string_view ${FUNCTION}() { return {kBytes, ${byte_count}}; }\n"
"}  // namespace optout\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
