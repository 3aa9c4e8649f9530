// Every kind of hostile input the issue lists, against the real binary started as Chromium starts
// it, with a known-good state file beside it. Each row: the replies expected (by type or error
// code), the exit status, and always: no signal, no hang, no stray stdout bytes, and the state
// file byte-identical afterwards. docs/protocol.md ("Hostile input") lists the same rows.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "host_runner.hpp"

namespace optout::hardening {
namespace {

using nlohmann::json;

// A state file as the host writes it, for an install the rows never touch.
const std::string kKnownGoodState =
    "{\n\t\"format\": 1,\n\t\"installs\": {\n\t\t\"install-known-good\": {\n\t\t\t\"rules\": {\n"
    "\t\t\t\t\"gen-ai-training\": {\n\t\t\t\t\t\"seen\": 1763903109,\n\t\t\t\t\t\"state\": \"done\"\n\t\t\t\t}\n"
    "\t\t\t},\n\t\t\t\"rules_version\": \"2026.11.23\"\n\t\t}\n\t}\n}\n";

json page_with_toggles(json toggles) {
    json request = page(2, "install-hostile-1", true);
    request["toggles"] = std::move(toggles);
    return request;
}

json many_toggles(std::size_t count) {
    json toggles = json::array();
    for (std::size_t i = 0; i < count; ++i) toggles.push_back(toggle("k" + std::to_string(i), "label", true));
    return toggles;
}

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

// A rules file whose texts are so long that the honest `rules` reply would be over Chrome's
// 1 MB limit. The real rules cannot produce such a reply: a verdict lists at most one item per
// rule whatever the page sends, so the output cap is reached only through the rules themselves.
fs::path write_huge_rules(const fs::path& dir) {
    json rules = json::parse(read_bytes(fs::path(OPTOUT_SOURCE_DIR) / "rules/linkedin.json"));
    for (auto& rule : rules.at("rules")) rule["why"] = std::string(120'000, 'w');
    const fs::path file = dir / "huge-rules.json";
    write_bytes(file, rules.dump());
    return file;
}

struct Row {
    std::string name;
    std::string input;                   // the bytes the "browser" writes; stdin then closes
    std::vector<std::string> replies;    // each reply's type or error code, in order
    int exit_status;
    std::vector<std::string> extra_args = {};  // before the origin (e.g. --rules FILE)
    std::vector<std::string> argv = {kChromiumOrigin};
    std::string stderr_contains = {};
};

// A hello after the hostile frame proves the session went on.
std::string then_hello(std::string hostile) { return hostile + hello(99); }

std::vector<Row> rows(const fs::path& scratch) {
    const std::string huge_rules = write_huge_rules(scratch).string();
    std::string at_cap_body(1u << 20, ' ');
    return {
        {"zero_length_frame", then_hello(frame("")), {"bad_json", "hello"}, 0},
        {"declared_length_one_over_the_1MiB_cap", frame_header(1'048'577) + std::string(4096, 'x'), {"too_large"}, 1},
        {"declared_length_0xFFFFFFFF", frame_header(0xFFFFFFFFu) + std::string(4096, 'x'), {"too_large"}, 1},
        {"frame_of_exactly_1MiB_is_read_not_refused", then_hello(frame(at_cap_body)), {"bad_json", "hello"}, 0},
        {"truncated_body", hello(1) + frame_header(100) + std::string(10, '{'), {"hello", "bad_frame"}, 1},
        {"eof_inside_the_header", hello(1) + std::string("\x05\x00", 2), {"hello", "bad_frame"}, 1},
        {"eof_after_one_header_byte", std::string("\x01", 1), {"bad_frame"}, 1},
        {"invalid_utf8_in_a_string", then_hello(frame("{\"v\":1,\"id\":1,\"type\":\"hel\xff\xfe\"}")), {"bad_json", "hello"}, 0},
        {"invalid_utf8_in_a_label",
         then_hello(frame(R"({"v":1,"id":2,"type":"page","install":"install-hostile-1","profile":"essential","url":"/x","toggles":[{"key":"a","label":")"
                          "\xc3\x28" R"(","on":true}]})")),
         {"bad_json", "hello"}, 0},
        {"overlong_utf8_encoding", then_hello(frame("{\"v\":1,\"id\":1,\"type\":\"\xc0\xafhello\"}")), {"bad_json", "hello"}, 0},
        {"invalid_json", then_hello(frame("{\"v\":1,\"id\":1,")), {"bad_json", "hello"}, 0},
        {"not_json_at_all", then_hello(frame("\x00\x01\x02 garbage")), {"bad_json", "hello"}, 0},
        {"json_nested_100000_deep", then_hello(frame(nested(100'000))), {"bad_json", "hello"}, 0},
        {"objects_nested_100000_deep_inside_a_request",
         then_hello(frame(R"({"v":1,"id":1,"type":"hello","x":)" + std::string(100'000, '[') + std::string(100'000, ']') + "}")),
         {"bad_json", "hello"}, 0},
        {"request_is_an_array", then_hello(frame("[1,2,3]")), {"bad_request", "hello"}, 0},
        {"id_is_a_string", then_hello(request({{"v", 1}, {"id", "7"}, {"type", "hello"}})), {"bad_request", "hello"}, 0},
        {"id_is_negative", then_hello(request({{"v", 1}, {"id", -1}, {"type", "hello"}})), {"bad_request", "hello"}, 0},
        {"id_is_over_2_pow_53", then_hello(frame(R"({"v":1,"id":18446744073709551615,"type":"hello"})")), {"bad_request", "hello"}, 0},
        {"type_missing", then_hello(request({{"v", 1}, {"id", 1}})), {"bad_request", "hello"}, 0},
        {"type_is_a_number", then_hello(request({{"v", 1}, {"id", 1}, {"type", 5}})), {"bad_request", "hello"}, 0},
        {"page_without_install", then_hello(request([] { json r = page(2, "install-hostile-1", true); r.erase("install"); return r; }())),
         {"bad_request", "hello"}, 0},
        {"page_toggles_not_an_array", then_hello(request(page_with_toggles("many"))), {"bad_request", "hello"}, 0},
        {"page_toggle_on_is_a_string",
         then_hello(request(page_with_toggles(json::array({{{"key", "a"}, {"label", "b"}, {"on", "yes"}}})))),
         {"bad_request", "hello"}, 0},
        {"page_install_with_path_characters", then_hello(request(page(2, "../../etc/passwd", true))), {"bad_request", "hello"}, 0},
        {"unknown_type", then_hello(request({{"v", 1}, {"id", 1}, {"type", "exec"}})), {"unknown_type", "hello"}, 0},
        {"unknown_protocol_version", then_hello(request({{"v", 2}, {"id", 1}, {"type", "hello"}})), {"unsupported_version", "hello"}, 0},
        {"version_missing", then_hello(request({{"id", 1}, {"type", "hello"}})), {"bad_request", "hello"}, 0},
        {"toggles_10000", then_hello(request(page_with_toggles(many_toggles(10'000)))), {"bad_request", "hello"}, 0},
        {"toggles_512_at_the_cap_are_evaluated", then_hello(request(page_with_toggles(many_toggles(512)))), {"verdict", "hello"}, 0},
        // The frame (about 1,000,200 bytes) is under the 1 MiB input cap, so the label limit answers.
        {"label_of_1MB", then_hello(request(page_with_toggles(json::array({toggle("a", std::string(1'000'000, 'L'), true)})))),
         {"bad_request", "hello"}, 0},
        {"key_of_100KB", then_hello(request(page_with_toggles(json::array({toggle(std::string(100'000, 'K'), "label", true)})))),
         {"bad_request", "hello"}, 0},
        {"reply_over_chromes_1MB_limit_is_refused_not_sent",
         request({{"v", 1}, {"id", 5}, {"type", "rules"}}) + hello(99), {"too_large", "hello"}, 0, {"--rules", huge_rules}},
        {"unexpected_chromium_origin_is_answered_and_logged", hello(1), {"hello"}, 0, {},
         {"chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/"}, "started by chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/"},
        {"unexpected_firefox_addon_is_answered_and_logged", hello(1), {"hello"}, 0, {},
         {"/tmp/evil/org.optoutguard.host.json", "evil@example.com"}, "started by Firefox add-on evil@example.com"},
        {"caller_that_is_no_browser_gets_usage_not_a_session", hello(1), {}, 2, {}, {"https://evil.example/"}, "unknown command"},
    };
}

TEST(HostileInput, EveryRowGetsItsReplyOrCleanExitAndLeavesTheStateFileIntact) {
    TempDir scratch;
    for (const Row& row : rows(scratch.path())) {
        SCOPED_TRACE(row.name);
        TempDir state;
        const fs::path state_file = state.path() / "state.json";
        write_bytes(state_file, kKnownGoodState);

        Launch launch;
        launch.args = row.extra_args;
        launch.args.insert(launch.args.end(), row.argv.begin(), row.argv.end());
        launch.state_dir = state.path();
        launch.input = row.input;
        const Outcome outcome = run_host(launch);

        EXPECT_FALSE(outcome.hung) << "the host did not finish within the deadline";
        EXPECT_EQ(outcome.signal, 0) << "the host died of a signal";
        EXPECT_TRUE(outcome.exited);
        EXPECT_EQ(outcome.exit_status, row.exit_status) << outcome.stderr_text;
        EXPECT_EQ(outcome.codes(), row.replies) << outcome.stderr_text;
        EXPECT_EQ(outcome.trailing, "") << "stdout held bytes that are not a whole frame";
        for (const auto& body : outcome.frames) EXPECT_LE(body.size(), 1'000'000u);
        EXPECT_EQ(read_bytes(state_file), kKnownGoodState) << "the state file changed";
        if (!row.stderr_contains.empty()) {
            EXPECT_NE(outcome.stderr_text.find(row.stderr_contains), std::string::npos) << outcome.stderr_text;
        }
    }
}

// Replies to requests whose id could be read repeat it; the rest carry null.
TEST(HostileInput, ErrorRepliesCarryTheRequestIdOrNull) {
    TempDir state;
    Launch launch;
    launch.state_dir = state.path();
    launch.input = request({{"v", 2}, {"id", 41}, {"type", "hello"}}) + request({{"v", 1}, {"id", 42}, {"type", "exec"}}) +
                   frame("{") + frame_header(2'000'000);
    const Outcome outcome = run_host(launch);
    ASSERT_EQ(outcome.frames.size(), 4u) << outcome.stderr_text;
    EXPECT_EQ(json::parse(outcome.frames[0])["id"], 41);
    EXPECT_EQ(json::parse(outcome.frames[1])["id"], 42);
    EXPECT_TRUE(json::parse(outcome.frames[2])["id"].is_null());
    EXPECT_TRUE(json::parse(outcome.frames[3])["id"].is_null());
    EXPECT_EQ(json::parse(outcome.frames[3])["code"], "too_large");
}

}  // namespace
}  // namespace optout::hardening
