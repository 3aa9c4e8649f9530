#include "json_writer.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace optout;
using nlohmann::json;

namespace {

std::string as_json_string(std::string_view text) {
    std::string out;
    append_json_string(out, text);
    return out;
}

}  // namespace

TEST(JsonWriter, escapesQuotesBackslashesAndControlCharacters) {
    EXPECT_EQ(as_json_string("a\"b\\c"), R"("a\"b\\c")");
    EXPECT_EQ(as_json_string(std::string("\n\t\x01\x1f", 4)), R"("\n\t\u0001\u001f")");
}

TEST(JsonWriter, keepsValidUtf8AndReplacesInvalidBytes) {
    EXPECT_EQ(as_json_string("Données ✓ 😀"), "\"Données ✓ 😀\"");
    EXPECT_EQ(as_json_string("a\xFF" "b"), "\"a\xEF\xBF\xBD" "b\"");
    EXPECT_EQ(as_json_string("\xC3"), "\"\xEF\xBF\xBD\"") << "a sequence cut short";
    EXPECT_EQ(as_json_string("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"") << "a UTF-16 surrogate is not UTF-8";
    EXPECT_EQ(as_json_string("\xC0\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"") << "an overlong form";
}

TEST(JsonWriter, everyStringItWritesParsesBackToTheSameValidText) {
    for (const std::string text : {"", "plain", "quote \" and \\ and \x7f", "tab\there", "l’IA générative", "日本語"}) {
        EXPECT_EQ(json::parse(as_json_string(text)).get<std::string>(), text);
    }
}

TEST(JsonWriter, writesNestedObjectsAndArraysWithCommasInTheRightPlaces) {
    std::string out;
    JsonWriter w(out);
    w.begin_object().key("a").value(std::int64_t{1}).key("b").begin_array().value("x").null().value(true).end_array();
    w.key("c").begin_object().end_object().key("d").begin_array().begin_object().key("e").value(false).end_object().end_array();
    w.end_object();
    EXPECT_EQ(out, R"({"a":1,"b":["x",null,true],"c":{},"d":[{"e":false}]})");
    json parsed;
    EXPECT_NO_THROW(parsed = json::parse(out));
}

TEST(JsonWriter, membersWrittenEarlierJoinTheObjectWithCommasWhereTheyBelong) {
    std::string members;
    JsonWriter(members).key("rule").value("a\"b").key("n").value(std::int64_t{1});
    std::string first, last;
    JsonWriter(first).begin_object().members(members).key("key").value("k").end_object();
    JsonWriter(last).begin_array().begin_object().key("x").value(true).members(members).end_object().end_array();
    EXPECT_EQ(first, R"({"rule":"a\"b","n":1,"key":"k"})");
    EXPECT_EQ(last, R"([{"x":true,"rule":"a\"b","n":1}])");
}
