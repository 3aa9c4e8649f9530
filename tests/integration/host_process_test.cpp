// The real host binary, started as Chromium and Firefox start it, speaking real frames.
#include <fstream>

#include <gtest/gtest.h>

#include "host_process.hpp"

using namespace optout::integration;
using nlohmann::json;

namespace {

struct Browser {
    const char* name;
    std::vector<std::string> (*argv)();
};

class HostAsStartedByBrowser : public ::testing::TestWithParam<Browser> {
protected:
    TempStateDir state;
};

}  // namespace

TEST_P(HostAsStartedByBrowser, answersHelloAndExitsCleanlyWhenStdinCloses) {
    HostProcess host(GetParam().argv(), state.path());
    const json reply = host.ask(json::parse(R"({"v":1,"id":1,"type":"hello"})"));
    EXPECT_EQ(reply["type"], "hello");
    EXPECT_EQ(reply["id"], 1);
    EXPECT_EQ(reply["host"], std::string(optout::contract::kHostName));
    EXPECT_EQ(reply["protocol"], 1);
    EXPECT_EQ(host.close_and_wait(), 0);
    EXPECT_EQ(host.rest_of_output(), "") << "stdout carries frames only";
}

TEST_P(HostAsStartedByBrowser, pageVerdictThenStatusRemembersTheSetting) {
    HostProcess host(GetParam().argv(), state.path());
    const json verdict = host.ask(page_request(2, true));
    EXPECT_EQ(verdict["type"], "verdict");
    EXPECT_EQ(verdict["badge"]["state"], "pending");
    EXPECT_EQ(verdict["badge"]["text"], "1");
    const json status = host.ask({{"v", 1}, {"id", 3}, {"type", "status"}, {"install", "install-it-1"}, {"profile", "essential"}});
    EXPECT_EQ(status["items"][0]["state"], "pending");
    EXPECT_EQ(host.close_and_wait(), 0);
}

TEST_P(HostAsStartedByBrowser, goesOnAfterABadMessage) {
    HostProcess host(GetParam().argv(), state.path());
    host.send_raw(frame("{not json"));
    EXPECT_EQ(host.receive()["code"], "bad_json");
    host.send_raw(frame(""));
    EXPECT_EQ(host.receive()["code"], "bad_json");
    host.send(json::parse(R"({"v":1,"id":5,"type":"teleport"})"));
    const json unknown = host.receive();
    EXPECT_EQ(unknown["code"], "unknown_type");
    EXPECT_EQ(unknown["id"], 5);
    EXPECT_EQ(host.ask(json::parse(R"({"v":1,"id":6,"type":"hello"})"))["type"], "hello");
    EXPECT_EQ(host.close_and_wait(), 0);
}

TEST_P(HostAsStartedByBrowser, aLongSessionOnOneProcessAnswersEveryMessageInOrder) {
    HostProcess host(GetParam().argv(), state.path());
    for (int id = 1; id <= 300; ++id) {
        const bool on = id % 3 == 0;
        const json reply = host.ask(page_request(id, on));
        ASSERT_EQ(reply["id"], id);
        ASSERT_EQ(reply["badge"]["state"], on ? "pending" : "unknown") << "essential has an unseen rule while gen-AI is off";
    }
    EXPECT_EQ(host.close_and_wait(), 0);
}

INSTANTIATE_TEST_SUITE_P(Browsers, HostAsStartedByBrowser,
                         ::testing::Values(Browser{"Chromium", chromium_argv}, Browser{"Firefox", firefox_argv}),
                         [](const ::testing::TestParamInfo<Browser>& param_info) { return std::string(param_info.param.name); });

TEST(HostProcessState, whatOneProcessSawSurvivesARestart) {
    TempStateDir state;
    {
        HostProcess chrome(chromium_argv(), state.path());
        chrome.ask(page_request(1, false));
        EXPECT_EQ(chrome.close_and_wait(), 0);
    }
    HostProcess again(chromium_argv(), state.path());
    const json status = again.ask({{"v", 1}, {"id", 2}, {"type", "status"}, {"install", "install-it-1"}, {"profile", "essential"}});
    EXPECT_EQ(status["items"][0]["rule"], "gen-ai-training");
    EXPECT_EQ(status["items"][0]["state"], "done");
    EXPECT_FALSE(status["items"][0]["seen"].is_null());
    EXPECT_EQ(again.close_and_wait(), 0);
}

TEST(HostProcessState, chromeAndFirefoxInstallsAreKeptApart) {
    TempStateDir state;
    HostProcess chrome(chromium_argv(), state.path());
    HostProcess firefox(firefox_argv(), state.path());
    chrome.ask(page_request(1, true, "chrome-install-1"));
    firefox.ask(page_request(1, false, "firefox-install-1"));
    const json chrome_status = chrome.ask({{"v", 1}, {"id", 2}, {"type", "status"}, {"install", "chrome-install-1"}, {"profile", "essential"}});
    const json firefox_status = firefox.ask({{"v", 1}, {"id", 2}, {"type", "status"}, {"install", "firefox-install-1"}, {"profile", "essential"}});
    EXPECT_EQ(chrome_status["items"][0]["state"], "pending");
    EXPECT_EQ(firefox_status["items"][0]["state"], "done");
    EXPECT_EQ(chrome.close_and_wait(), 0);
    EXPECT_EQ(firefox.close_and_wait(), 0);
}

TEST(HostProcessFraming, aFrameOverTheCapGetsTooLargeThenTheSessionEndsWithFailure) {
    TempStateDir state;
    HostProcess host(chromium_argv(), state.path());
    const std::uint32_t huge = 0x7FFFFFFF;
    std::string header(4, '\0');
    std::memcpy(header.data(), &huge, 4);
    host.send_raw(header);
    EXPECT_EQ(host.receive()["code"], "too_large");
    EXPECT_EQ(host.close_and_wait(), 1);
}

// docs/protocol.md's cap, as a number: 1,048,576 bytes are read, one more is refused.
TEST(HostProcessFraming, aFrameOfExactly1048576BytesIsAnsweredAndOneByteMoreIsTooLarge) {
    TempStateDir state;
    std::string at_cap = R"({"v":1,"id":1,"type":"hello"})";
    at_cap.resize(1'048'576, ' ');
    HostProcess host(chromium_argv(), state.path());
    host.send_raw(frame(at_cap));
    ASSERT_EQ(host.receive()["type"], "hello");
    host.send_raw(frame_header(1'048'577));
    EXPECT_EQ(host.close_and_wait(), 1);  // closed first: a host with a larger cap waits for the body, then says bad_frame
    const auto body = host.read_body();
    ASSERT_TRUE(body.has_value());
    const json refused = json::parse(*body);
    EXPECT_EQ(refused["code"], "too_large");
    EXPECT_TRUE(refused["id"].is_null());
}

TEST(HostProcessFraming, stdinEndingInsideAFrameEndsTheSessionWithFailure) {
    TempStateDir state;
    HostProcess host(chromium_argv(), state.path());
    host.send_raw(std::string("\x40\x00\x00\x00{\"v\":1", 10));
    EXPECT_EQ(host.close_and_wait(), 1);
    const auto body = host.read_body();
    ASSERT_TRUE(body.has_value());
    EXPECT_EQ(json::parse(*body)["code"], "bad_frame");
}

TEST(HostProcessMessages, rulesAndForgetAnswerAsDocumented) {
    TempStateDir state;
    HostProcess host(chromium_argv(), state.path());
    const json rules = host.ask(json::parse(R"({"v":1,"id":7,"type":"rules"})"));
    EXPECT_EQ(rules["type"], "rules");
    EXPECT_EQ(rules["id"], 7);
    ASSERT_FALSE(rules["rules"].empty());
    EXPECT_EQ(rules["rules"][0]["id"], "gen-ai-training");
    host.ask(page_request(8, true));
    const json forgotten = host.ask(json::parse(R"({"v":1,"id":9,"type":"forget","install":"install-it-1"})"));
    EXPECT_EQ(forgotten, json::parse(R"({"v":1,"id":9,"type":"forgotten","install":"install-it-1","removed":true})"));
    const json status = host.ask({{"v", 1}, {"id", 10}, {"type", "status"}, {"install", "install-it-1"}, {"profile", "essential"}});
    EXPECT_EQ(status["items"][0]["state"], "unseen");
    EXPECT_EQ(host.close_and_wait(), 0);
}

TEST(HostProcessMessages, stdoutCarriesNothingButFramesEvenAfterErrors) {
    TempStateDir state;
    HostProcess host(firefox_argv(), state.path());
    host.send_raw(frame("{oops") + frame(R"({"v":1,"id":1,"type":"hello"})") + frame(R"({"v":1,"id":2,"type":"nope"})"));
    EXPECT_EQ(host.receive()["code"], "bad_json");
    EXPECT_EQ(host.receive()["type"], "hello");
    EXPECT_EQ(host.receive()["code"], "unknown_type");
    EXPECT_EQ(host.close_and_wait(), 0);
    EXPECT_EQ(host.rest_of_output(), "");
    EXPECT_NE(host.stderr_text().find(kFirefoxAddon), std::string::npos) << "the caller is logged to stderr";
}

TEST(HostProcessMessages, noStateFileIsWrittenUntilSomethingIsSeen) {
    TempStateDir state;
    const auto dir = state.path() / "fresh";
    HostProcess host(chromium_argv(), dir);
    EXPECT_EQ(host.ask(json::parse(R"({"v":1,"id":1,"type":"hello"})"))["type"], "hello");
    EXPECT_FALSE(std::filesystem::exists(dir)) << "hello must not touch the disk";
    host.ask(page_request(2, false));
    EXPECT_TRUE(std::filesystem::exists(dir / "state.json"));
    EXPECT_EQ(host.close_and_wait(), 0);
}

TEST(HostProcessFraming, aBrowserThatStopsReadingEndsTheSessionWithFailureNotASignal) {
    TempStateDir state;
    HostProcess host(chromium_argv(), state.path());
    host.stop_reading_output();
    host.send(json::parse(R"({"v":1,"id":1,"type":"hello"})"));
    EXPECT_EQ(host.close_and_wait(), 1);
}

TEST(HostProcessCallers, aFirefoxAddOnWithAGuidIdAndChromiumOnWindowsArgumentsAreHostMode) {
    TempStateDir state;
    for (const std::vector<std::string>& argv :
         {std::vector<std::string>{"C:\\Program Files\\Opt-Out Guard\\org.optoutguard.host.json", "{5b0f8a1e-3c2d-4e5f-9a8b-7c6d5e4f3a2b}"},
          std::vector<std::string>{kChromiumOrigin, "--parent-window=1234"}}) {
        HostProcess host(argv, state.path());
        EXPECT_EQ(host.ask(json::parse(R"({"v":1,"id":1,"type":"hello"})"))["type"], "hello") << argv[0];
        EXPECT_EQ(host.close_and_wait(), 0);
    }
}

TEST(HostProcessCallers, rulesGivenWithRulesFileAreTheOnesAHostModeSessionUses) {
    TempStateDir state;
    nlohmann::json rules;
    {
        std::ifstream in(std::string(OPTOUT_SOURCE_DIR) + "/rules/linkedin.json");
        rules = nlohmann::json::parse(in);
    }
    rules["version"] = "9999.1";
    const auto file = state.path() / "override.json";
    std::ofstream(file) << rules.dump();
    HostProcess host({"--rules", file.string(), kChromiumOrigin}, state.path());
    EXPECT_EQ(host.ask(json::parse(R"({"v":1,"id":1,"type":"hello"})"))["rules"]["version"], "9999.1");
    EXPECT_EQ(host.close_and_wait(), 0);
}
