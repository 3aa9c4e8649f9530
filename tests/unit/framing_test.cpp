#include "framing.hpp"

#include <cstring>
#include <sstream>

#include <gtest/gtest.h>

#include "frames.hpp"

using namespace optout;
using optout::test_support::frame;
using optout::test_support::frame_header;

TEST(Framing, readsOneFrameInNativeByteOrder) {
    std::istringstream in(frame(R"({"v":1})"));
    std::string body;
    const auto read = read_frame(in, body);
    EXPECT_EQ(read.status, FrameStatus::ok);
    EXPECT_EQ(body, R"({"v":1})");
}

TEST(Framing, readsFramesBackToBackThenCleanEnd) {
    std::istringstream in(frame("a") + frame("bc"));
    std::string body;
    ASSERT_EQ(read_frame(in, body).status, FrameStatus::ok);
    EXPECT_EQ(body, "a");
    ASSERT_EQ(read_frame(in, body).status, FrameStatus::ok);
    EXPECT_EQ(body, "bc");
    EXPECT_EQ(read_frame(in, body).status, FrameStatus::end_of_stream);
}

TEST(Framing, zeroLengthFrameIsAFrameWithAnEmptyBody) {
    std::istringstream in(frame(""));
    std::string body = "stale";
    EXPECT_EQ(read_frame(in, body).status, FrameStatus::ok);
    EXPECT_TRUE(body.empty());
}

TEST(Framing, endOfStreamInsideTheHeaderIsTruncated) {
    std::istringstream in(std::string("\x05\x00", 2));
    std::string body;
    EXPECT_EQ(read_frame(in, body).status, FrameStatus::truncated);
}

TEST(Framing, endOfStreamInsideTheBodyIsTruncated) {
    std::istringstream in(frame_header(10) + "abc");
    std::string body;
    EXPECT_EQ(read_frame(in, body).status, FrameStatus::truncated);
}

TEST(Framing, lengthOverTheCapIsRefusedBeforeReadingTheBody) {
    std::istringstream in(frame_header(0xFFFFFFFFu));
    std::string body;
    const auto read = read_frame(in, body);
    EXPECT_EQ(read.status, FrameStatus::too_large);
    EXPECT_EQ(read.declared_length, 0xFFFFFFFFu);
    EXPECT_EQ(body.capacity() < 1024, true) << "nothing may be allocated for a refused frame";
}

TEST(Framing, lengthExactlyAtTheCapIsAccepted) {
    std::istringstream in(frame(std::string(16, 'x')));
    std::string body;
    EXPECT_EQ(read_frame(in, body, 16).status, FrameStatus::ok);
}

TEST(Framing, writeFramePrefixesTheLength) {
    std::ostringstream out;
    ASSERT_TRUE(write_frame(out, "hello"));
    EXPECT_EQ(out.str(), frame("hello"));
}

TEST(Framing, writeFrameRefusesABodyOverTheBrowsersLimit) {
    std::ostringstream out;
    EXPECT_FALSE(write_frame(out, std::string(kMaxReplyBytes + 1, 'x')));
    EXPECT_TRUE(out.str().empty()) << "no oversize frame may ever be written";
}
