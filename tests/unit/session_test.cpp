// Host mode over in-memory streams: what the browser sees on stdout and the exit status.
#include "session.hpp"

#include "framing.hpp"

#include <cstring>
#include <sstream>

#include <gtest/gtest.h>

#include "frames.hpp"
#include <nlohmann/json.hpp>

#include "test_support.hpp"

using namespace optout;
using optout::test_support::frame;
using optout::test_support::frame_header;
using nlohmann::json;

namespace {

std::vector<json> replies(const std::string& output) {
    std::istringstream in(output);
    std::vector<json> out;
    std::string body;
    while (read_frame(in, body, 2'000'000).status == FrameStatus::ok) out.push_back(json::parse(body));
    return out;
}

struct SessionRun {
    int exit_status;
    std::vector<json> replies;
    std::string log;
};

SessionRun run(const std::string& input) {
    std::istringstream in(input);
    std::ostringstream out;
    StreamSource source(in);
    StreamSink sink(out);
    StringSink log;
    MessageHandler handler(fixtures::real_rules(), nullptr, [] { return std::int64_t{0}; });
    const int status = run_session(source, sink, log, handler);
    return {status, replies(out.str()), log.text()};
}

}  // namespace

TEST(Session, answersEachFrameInOrderAndEndsCleanlyAtEndOfInput) {
    const SessionRun r = run(frame(R"({"v":1,"id":1,"type":"hello"})") + frame(R"({"v":1,"id":2,"type":"rules"})"));
    EXPECT_EQ(r.exit_status, 0);
    ASSERT_EQ(r.replies.size(), 2u);
    EXPECT_EQ(r.replies[0]["id"], 1);
    EXPECT_EQ(r.replies[1]["type"], "rules");
}

TEST(Session, noInputAtAllIsACleanEnd) {
    const SessionRun r = run("");
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_TRUE(r.replies.empty());
}

TEST(Session, aBadMessageGetsAnErrorAndTheSessionGoesOn) {
    const SessionRun r = run(frame("") + frame("{]") + frame(R"({"v":1,"id":3,"type":"hello"})"));
    EXPECT_EQ(r.exit_status, 0);
    ASSERT_EQ(r.replies.size(), 3u);
    EXPECT_EQ(r.replies[0]["code"], "bad_json");
    EXPECT_EQ(r.replies[1]["code"], "bad_json");
    EXPECT_EQ(r.replies[2]["type"], "hello");
}

TEST(Session, inputEndingInsideAFrameIsBadFrameAndExitOne) {
    const SessionRun r = run(frame(R"({"v":1,"id":1,"type":"hello"})") + std::string("\x10\x00\x00\x00{\"v\"", 8));
    EXPECT_EQ(r.exit_status, 1);
    ASSERT_EQ(r.replies.size(), 2u);
    EXPECT_EQ(r.replies[0]["type"], "hello");
    EXPECT_EQ(r.replies[1]["code"], "bad_frame");
    EXPECT_TRUE(r.replies[1]["id"].is_null());
    EXPECT_NE(r.log.find("inside a frame"), std::string::npos);
}

TEST(Session, inputEndingInsideAHeaderIsBadFrameAndExitOne) {
    const SessionRun r = run(std::string("\x10\x00", 2));
    EXPECT_EQ(r.exit_status, 1);
    ASSERT_EQ(r.replies.size(), 1u);
    EXPECT_EQ(r.replies[0]["code"], "bad_frame");
}

TEST(Session, aFrameOverTheCapIsTooLargeAndEndsTheSession) {
    std::string header(4, '\0');
    const std::uint32_t length = kMaxRequestBytes + 1;
    std::memcpy(header.data(), &length, 4);
    const SessionRun r = run(header + frame(R"({"v":1,"id":1,"type":"hello"})"));
    EXPECT_EQ(r.exit_status, 1);
    ASSERT_EQ(r.replies.size(), 1u) << "nothing after the oversize frame is read";
    EXPECT_EQ(r.replies[0]["code"], "too_large");
}

TEST(Session, aFrameExactlyAtTheCapIsRead) {
    // A JSON string padded with spaces to exactly the cap: valid JSON, but not an object.
    std::string body = "\"x\"";
    body.resize(kMaxRequestBytes, ' ');
    const SessionRun r = run(frame(body));
    EXPECT_EQ(r.exit_status, 0);
    ASSERT_EQ(r.replies.size(), 1u);
    EXPECT_EQ(r.replies[0]["code"], "bad_request");
}

// The input cap is docs/protocol.md's 1 MiB, written out here as a number rather than the host's
// own constant, so a cap changed in the code (to 512 KiB or 16 MiB, say) fails this test.
TEST(Session, theInputCapIsExactly1048576Bytes) {
    std::string at_cap = R"({"v":1,"id":1,"type":"hello"})";
    at_cap.resize(1'048'576, ' ');
    const SessionRun read = run(frame(at_cap));
    EXPECT_EQ(read.exit_status, 0);
    ASSERT_EQ(read.replies.size(), 1u);
    EXPECT_EQ(read.replies[0]["type"], "hello") << "a frame of exactly 1,048,576 bytes is read";

    const SessionRun refused = run(frame_header(1'048'577) + std::string(1'048'577, ' '));
    EXPECT_EQ(refused.exit_status, 1);
    ASSERT_EQ(refused.replies.size(), 1u);
    EXPECT_EQ(refused.replies[0]["code"], "too_large") << "one byte more is refused";
}
