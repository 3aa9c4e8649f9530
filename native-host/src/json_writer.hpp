// Writing JSON replies straight into a string, for the hot `page` -> `verdict` path: no
// document tree, no per-value allocation. Strings are escaped, and invalid UTF-8 (page values
// are hostile) becomes U+FFFD, as nlohmann's error_handler_t::replace does elsewhere.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace optout {

class JsonWriter {
public:
    explicit JsonWriter(std::string& out) : out_(out) {}

    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view name);  // names are ours: plain ASCII, never escaped
    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(std::int64_t number);
    JsonWriter& value(bool flag);
    JsonWriter& null();
    // Members already written by a JsonWriter of their own (`"a":1,"b":2`), appended as they are:
    // for texts that are the same in every reply, escaped once instead of on every reply.
    JsonWriter& members(std::string_view written);

private:
    void separate();

    std::string& out_;
    bool first_ = true;  // no comma before the next member or element
};

// Appends `text` as a JSON string literal.
void append_json_string(std::string& out, std::string_view text);

}  // namespace optout
