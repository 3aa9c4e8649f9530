#include "state_store.hpp"

#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "test_support.hpp"

#ifndef _WIN32
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

using namespace optout;
namespace fs = std::filesystem;
using optout::fixtures::TempDir;

namespace {

const std::vector<Observation> kGenAiOn{{"gen-ai-training", SeenState::pending}};
const std::vector<Observation> kGenAiOff{{"gen-ai-training", SeenState::done}};

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace

TEST(StateStore, nothingRememberedIsAnEmptyMemoryAndNoFile) {
    TempDir dir;
    StringSink log;
    StateStore store(dir.path() / "state", log);
    EXPECT_TRUE(store.load("install-one").rules.empty());
    EXPECT_FALSE(fs::exists(dir.path() / "state"));
}

TEST(StateStore, aRecordedStateSurvivesANewStore) {
    TempDir dir;
    StringSink log;
    StateStore(dir.path(), log).record("install-one", kGenAiOn, "2026.1", 1000);
    StateStore again(dir.path(), log);
    const InstallMemory memory = again.load("install-one");
    ASSERT_EQ(memory.rules.count("gen-ai-training"), 1u);
    EXPECT_EQ(memory.rules.at("gen-ai-training"), (RememberedRule{SeenState::pending, 1000, {}}));
    EXPECT_EQ(memory.rules_version, "2026.1");
    EXPECT_TRUE(again.load("install-two").rules.empty()) << "installs are kept apart";
}

TEST(StateStore, theFileHoldsOnlyIdsStatesAndTimes) {
    TempDir dir;
    StringSink log;
    StateStore(dir.path(), log).record("install-one", kGenAiOn, "2026.1", 1000);
    EXPECT_EQ(read_text(dir.path() / "state.json"),
              "{\n\t\"format\": 1,\n\t\"installs\": {\n\t\t\"install-one\": {\n\t\t\t\"rules\": {\n\t\t\t\t\"gen-ai-training\": {\n"
              "\t\t\t\t\t\"seen\": 1000,\n\t\t\t\t\t\"state\": \"pending\"\n\t\t\t\t}\n\t\t\t},\n\t\t\t\"rules_version\": \"2026.1\"\n"
              "\t\t}\n\t}\n}\n");
}

#ifndef _WIN32
TEST(StateStore, theFileIsPrivateToTheUser) {
    TempDir dir;
    StringSink log;
    StateStore(dir.path() / "new", log).record("install-one", kGenAiOn, "v", 1);
    struct stat st {};
    ASSERT_EQ(::stat((dir.path() / "new" / "state.json").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    ASSERT_EQ(::stat((dir.path() / "new").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
}
#endif

TEST(StateStore, writingLeavesNoTemporaryFilesBehind) {
    TempDir dir;
    StringSink log;
    StateStore store(dir.path(), log);
    store.record("install-one", kGenAiOn, "v", 1);
    store.record("install-one", kGenAiOff, "v", 2);
    EXPECT_EQ(names_in(dir.path()), (std::vector<std::string>{"state.json", "state.lock"}));
}

TEST(StateStore, aTemporaryFileLeftByAKilledHostIsRemovedOnTheNextWrite) {
    TempDir dir;
    { std::ofstream(dir.path() / "state.json.tmp-99999") << "{\"half\":"; }
    StringSink log;
    StateStore(dir.path(), log).record("install-one", kGenAiOn, "v", 1);
    EXPECT_EQ(names_in(dir.path()), (std::vector<std::string>{"state.json", "state.lock"}));
}

TEST(StateStore, anUnchangedObservationDoesNotRewriteTheFile) {
    TempDir dir;
    StringSink log;
    StateStore store(dir.path(), log);
    store.record("install-one", kGenAiOn, "v", 1000);
    const auto before = fs::last_write_time(dir.path() / "state.json");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    store.record("install-one", kGenAiOn, "v", 1001);
    EXPECT_EQ(fs::last_write_time(dir.path() / "state.json"), before);
}

TEST(StateStore, aCorruptFileIsSetAsideWithAWarningAndTheHostStartsFresh) {
    TempDir dir;
    { std::ofstream(dir.path() / "state.json") << "{\"format\":1,\"installs\":{\"x\":"; }
    StringSink log;
    StateStore store(dir.path(), log);
    EXPECT_TRUE(store.load("install-one").rules.empty());
    EXPECT_NE(log.text().find("corrupt"), std::string::npos) << log.text();
    bool kept = false;
    for (const auto& name : names_in(dir.path())) kept |= name.rfind("state.json.corrupt-", 0) == 0;
    EXPECT_TRUE(kept) << "the corrupt file is kept for the user";
    store.record("install-one", kGenAiOn, "v", 1);
    EXPECT_EQ(StateStore(dir.path(), log).load("install-one").rules.size(), 1u);
}

TEST(StateStore, aDirectoryWhereTheFileShouldBeIsUnavailableNotCorrupt) {
    TempDir dir;
    fs::create_directories(dir.path() / "state.json");
    StringSink log;
    StateStore store(dir.path(), log);
    EXPECT_THROW(store.load("install-one"), StateUnavailable);
    EXPECT_THROW(store.record("install-one", kGenAiOn, "v", 1), StateUnavailable);
    EXPECT_TRUE(fs::is_directory(dir.path() / "state.json")) << "nothing is moved or deleted";
}

TEST(StateStore, forgetDropsOneInstallOnly) {
    TempDir dir;
    StringSink log;
    StateStore store(dir.path(), log);
    store.record("install-one", kGenAiOn, "v", 1);
    store.record("install-two", kGenAiOff, "v", 1);
    EXPECT_TRUE(store.forget("install-one"));
    EXPECT_FALSE(store.forget("install-one"));
    EXPECT_TRUE(StateStore(dir.path(), log).load("install-one").rules.empty());
    EXPECT_EQ(StateStore(dir.path(), log).load("install-two").rules.size(), 1u);
}

TEST(StateStore, aStoreSeesWhatAnotherStoreWrote) {
    TempDir dir;
    StringSink log;
    StateStore chrome(dir.path(), log), firefox(dir.path(), log);
    EXPECT_TRUE(chrome.load("install-one").rules.empty());
    firefox.record("install-one", kGenAiOff, "v", 5);
    EXPECT_EQ(chrome.load("install-one").rules.size(), 1u);
}

#ifndef _WIN32
TEST(StateStore, twoProcessesWritingAtOnceLoseNothing) {
    TempDir dir;
    constexpr int kRounds = 100;
    auto writer = [&](const std::string& prefix) {
        StringSink log;
        StateStore store(dir.path(), log);
        for (int i = 0; i < kRounds; ++i) store.record(prefix + "-" + std::to_string(i), kGenAiOn, "v", i);
    };
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        try {
            writer("child-install");
        } catch (...) {
            ::_exit(1);
        }
        ::_exit(0);
    }
    writer("parent-install");
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    const auto installs = state_from_json(read_text(dir.path() / "state.json"));
    EXPECT_EQ(installs.size(), 2u * kRounds);
}
#endif

TEST(StateStore, serialisationRoundTrips) {
    std::map<std::string, InstallMemory, std::less<>> installs;
    installs["a-install-1"].rules_version = "v1";
    installs["a-install-1"].rules["research"] = {SeenState::done, 42, "0123456789abcdef"};
    EXPECT_EQ(state_from_json(state_to_json(installs)), installs);
}

TEST(StateStore, aFileOfTheWrongShapeIsRejected) {
    EXPECT_THROW(state_from_json(R"({"format":1,"installs":{"x":{"rules_version":"v","rules":{"r":{"state":"maybe","seen":1}}}}})"),
                 std::exception);
    EXPECT_THROW(state_from_json(R"({"format":9,"installs":{}})"), std::exception);
    EXPECT_THROW(state_from_json("[]"), std::exception);
}

TEST(StateStore, aReadingKeepsTheFingerprintOfTheRuleThatMadeIt) {
    TempDir dir;
    StringSink log;
    StateStore(dir.path(), log).record("install-one", {{"gen-ai-training", SeenState::done, "feedfacefeedface"}}, "2026.1", 1000);
    EXPECT_EQ(StateStore(dir.path(), log).load("install-one").rules.at("gen-ai-training").fingerprint, "feedfacefeedface");
}

TEST(StateStore, aFileWrittenBeforeFingerprintsStillLoadsWithNone) {
    const auto installs = state_from_json(
        R"({"format":1,"installs":{"install-one":{"rules_version":"2026.11.23","rules":{"research":{"state":"done","seen":5}}}}})");
    EXPECT_EQ(installs.at("install-one").rules.at("research"), (RememberedRule{SeenState::done, 5, {}}));
}

TEST(StateStore, aManualStepMarkedDoneIsRememberedUntilUnmarked) {
    TempDir dir;
    StringSink log;
    StateStore store(dir.path(), log);
    store.mark("install-one", "objection-form", true, 1234);
    EXPECT_EQ(StateStore(dir.path(), log).load("install-one").rules.at("objection-form").seen, 1234);
    store.mark("install-one", "objection-form", false, 1300);
    EXPECT_EQ(StateStore(dir.path(), log).load("install-one").rules.count("objection-form"), 0u);
}

TEST(StateStore, anUnreadableRuleThatWasNeverRememberedWritesNothing) {
    TempDir dir;
    StringSink log;
    StateStore(dir.path(), log).record("install-one", {{"gen-ai-training", std::nullopt}}, "2026.1", 1000);
    EXPECT_FALSE(fs::exists(dir.path() / "state.json"));
}
