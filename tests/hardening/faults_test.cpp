// Faults around the state file, against the real binary: corrupt, truncated, a directory,
// unreadable, a read-only or full filesystem, two hosts writing at once, and SIGKILL in the middle
// of a write. After each the host still answers, and the last good state is there, or the loss is
// reported as state_unavailable (never silently).
//
// Tests run as root in CI, where permission bits do not stop reads: the unreadable case then runs
// the host as user nobody, and the filesystem cases give this test process a private mount
// namespace (each test is its own process under ctest) with a bind mount remounted read-only or a
// small tmpfs filled up. Without root the same cases use plain permissions and a user namespace.
#include <atomic>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "host_runner.hpp"
#include "state_store.hpp"

namespace optout::hardening {
namespace {

using nlohmann::json;

const std::string kInstall = "install-fault-1";

// What a host answers to one session of requests.
Outcome session(const fs::path& dir, const std::string& input, std::optional<uid_t> uid = std::nullopt) {
    Launch launch;
    launch.state_dir = dir;
    launch.input = input;
    launch.run_as_uid = uid;
    Outcome outcome = run_host(launch);
    EXPECT_FALSE(outcome.hung);
    EXPECT_EQ(outcome.signal, 0);
    return outcome;
}

// Writes a state where gen-ai-training was last seen `state` for kInstall, through a real host.
void remember(const fs::path& dir, bool gen_ai_on) {
    const Outcome outcome = session(dir, request(page(1, kInstall, gen_ai_on)));
    ASSERT_EQ(outcome.codes(), std::vector<std::string>{"verdict"}) << outcome.stderr_text;
}

std::vector<fs::path> files_named(const fs::path& dir, const std::string& prefix) {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().filename().string().rfind(prefix, 0) == 0) out.push_back(entry.path());
    return out;
}

// Gives this test process its own mount namespace, so mounts made here vanish with it.
void private_mounts() {
    if (::unshare(CLONE_NEWNS) != 0) {
        // Not root: a user namespace maps us to root inside it, which may mount tmpfs and bind mounts.
        const uid_t uid = ::geteuid();
        const gid_t gid = ::getegid();
        ASSERT_EQ(::unshare(CLONE_NEWUSER | CLONE_NEWNS), 0) << "neither a mount nor a user namespace is allowed here: "
                                                              << std::strerror(errno);
        write_bytes("/proc/self/setgroups", "deny");
        write_bytes("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1");
        write_bytes("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1");
    }
    ASSERT_EQ(::mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr), 0) << std::strerror(errno);
}

void expect_corrupt_file_set_aside_and_fresh_start(const std::string& bad_bytes) {
    TempDir dir;
    write_bytes(dir.path() / "state.json", bad_bytes);
    const Outcome outcome = session(dir.path(), request(status(1, kInstall)) + request(page(2, kInstall, false)) +
                                                    request(status(3, kInstall)));
    ASSERT_EQ(outcome.codes(), (std::vector<std::string>{"status", "verdict", "status"})) << outcome.stderr_text;
    EXPECT_EQ(gen_ai_state(outcome.frames[0]), "unseen");
    EXPECT_EQ(gen_ai_state(outcome.frames[2]), "done");
    EXPECT_EQ(outcome.exit_status, 0);
    // Not silent: a warning names the file the bad bytes were moved to, and they are all there.
    EXPECT_NE(outcome.stderr_text.find("state file was corrupt"), std::string::npos) << outcome.stderr_text;
    const auto aside = files_named(dir.path(), "state.json.corrupt-");
    ASSERT_EQ(aside.size(), 1u);
    EXPECT_EQ(read_bytes(aside[0]), bad_bytes);
    EXPECT_NO_THROW(state_from_json(read_bytes(dir.path() / "state.json")));
}

TEST(Faults, CorruptStateFileIsSetAsideWithAWarningAndTheHostStartsFresh) {
    expect_corrupt_file_set_aside_and_fresh_start("{\"format\": 1, \"installs\": {\"x\": 42}}");
    expect_corrupt_file_set_aside_and_fresh_start(std::string("\x00\xff garbage \x01", 13));
}

TEST(Faults, TruncatedStateFileIsSetAsideWithAWarningAndTheHostStartsFresh) {
    TempDir good;
    remember(good.path(), true);
    const std::string whole = read_bytes(good.path() / "state.json");
    expect_corrupt_file_set_aside_and_fresh_start(whole.substr(0, whole.size() / 2));
}

// Every request that needs the state answers state_unavailable; the others still answer.
void expect_state_unavailable_then_hello(const fs::path& dir, std::optional<uid_t> uid = std::nullopt) {
    const Outcome outcome = session(dir,
                                    request(page(1, kInstall, false)) + request(status(2, kInstall)) +
                                        request({{"v", 1}, {"id", 3}, {"type", "forget"}, {"install", kInstall}}) + hello(4),
                                    uid);
    EXPECT_EQ(outcome.codes(), (std::vector<std::string>{"state_unavailable", "state_unavailable", "state_unavailable", "hello"}))
        << outcome.stderr_text;
    EXPECT_EQ(outcome.exit_status, 0);
}

TEST(Faults, StateFileThatIsADirectoryGivesStateUnavailable) {
    TempDir dir;
    fs::create_directory(dir.path() / "state.json");
    write_bytes(dir.path() / "state.json" / "inside", "kept");
    expect_state_unavailable_then_hello(dir.path());
    EXPECT_TRUE(fs::is_directory(dir.path() / "state.json"));
    EXPECT_EQ(read_bytes(dir.path() / "state.json" / "inside"), "kept");
}

TEST(Faults, UnreadableStateFileGivesStateUnavailableAndStaysIntact) {
    TempDir dir;
    remember(dir.path(), true);
    const std::string before = read_bytes(dir.path() / "state.json");
    std::optional<uid_t> uid;
    if (::geteuid() == 0) {
        // Root reads through mode 000, so the host runs as nobody, owning the directory but not
        // allowed to read its own file.
        uid = 65534;
        for (const auto& p : {dir.path(), dir.path() / "state.json", dir.path() / "state.lock"})
            ASSERT_EQ(::chown(p.c_str(), *uid, *uid), 0) << p;
    }
    fs::permissions(dir.path() / "state.json", fs::perms::none);
    expect_state_unavailable_then_hello(dir.path(), uid);
    fs::permissions(dir.path() / "state.json", fs::perms::owner_read | fs::perms::owner_write);
    EXPECT_EQ(read_bytes(dir.path() / "state.json"), before);
    // Readable again: the last good state is there.
    const Outcome outcome = session(dir.path(), request(status(1, kInstall)), uid);
    ASSERT_EQ(outcome.codes(), std::vector<std::string>{"status"}) << outcome.stderr_text;
    EXPECT_EQ(gen_ai_state(outcome.frames[0]), "pending");
}

TEST(Faults, ReadOnlyFilesystemGivesStateUnavailableAndKeepsTheLastGoodState) {
    private_mounts();
    TempDir dir;
    remember(dir.path(), true);
    const std::string before = read_bytes(dir.path() / "state.json");
    ASSERT_EQ(::mount(dir.path().c_str(), dir.path().c_str(), nullptr, MS_BIND, nullptr), 0) << std::strerror(errno);
    ASSERT_EQ(::mount(nullptr, dir.path().c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr), 0) << std::strerror(errno);
    ASSERT_NE(::access((dir.path() / "probe").c_str(), F_OK), 0);
    {
        std::ofstream probe(dir.path() / "probe");
        ASSERT_FALSE(probe) << "the bind mount is not read-only";
    }
    expect_state_unavailable_then_hello(dir.path());
    EXPECT_EQ(read_bytes(dir.path() / "state.json"), before);
    ASSERT_EQ(::umount(dir.path().c_str()), 0);
    const Outcome outcome = session(dir.path(), request(status(1, kInstall)));
    ASSERT_EQ(outcome.codes(), std::vector<std::string>{"status"});
    EXPECT_EQ(gen_ai_state(outcome.frames[0]), "pending");
}

TEST(Faults, FullFilesystemGivesStateUnavailableAndKeepsTheLastGoodState) {
    private_mounts();
    TempDir dir;
    ASSERT_EQ(::mount("tmpfs", dir.path().c_str(), "tmpfs", 0, "size=256k,mode=0700"), 0) << std::strerror(errno);
    remember(dir.path(), true);
    const std::string before = read_bytes(dir.path() / "state.json");
    {  // fill every block
        std::ofstream filler(dir.path() / "filler", std::ios::binary);
        const std::string block(4096, 'f');
        for (int i = 0; i < 1000 && filler; ++i) {
            filler.write(block.data(), block.size());
            filler.flush();
        }
    }
    // A change to remember needs a write: refused, reported, the file untouched.
    const Outcome full = session(dir.path(), request(page(1, kInstall, false)) + request(status(2, kInstall)) + hello(3));
    EXPECT_EQ(full.codes(), (std::vector<std::string>{"state_unavailable", "status", "hello"})) << full.stderr_text;
    if (full.frames.size() == 3) {
        EXPECT_EQ(gen_ai_state(full.frames[1]), "pending");
    }
    EXPECT_EQ(read_bytes(dir.path() / "state.json"), before);
    EXPECT_TRUE(files_named(dir.path(), "state.json.tmp").empty()) << "a failed write left its temporary file";
    // Space again: the change goes through.
    fs::remove(dir.path() / "filler");
    const Outcome freed = session(dir.path(), request(page(1, kInstall, false)) + request(status(2, kInstall)));
    ASSERT_EQ(freed.codes(), (std::vector<std::string>{"verdict", "status"})) << freed.stderr_text;
    EXPECT_EQ(gen_ai_state(freed.frames[1]), "done");
    ASSERT_EQ(::umount(dir.path().c_str()), 0);
}

// Two hosts (as two Chrome ports, or Chrome and Firefox) write at once, many rounds: no write is
// lost and the file always parses.
TEST(Faults, TwoHostsWritingAtOnceLoseNothing) {
    TempDir dir;
    constexpr int kRounds = 15;
    constexpr int kPagesPerSession = 12;
    for (int round = 0; round < kRounds; ++round) {
        auto input_for = [&](const std::string& install) {
            std::string input;
            for (int i = 0; i < kPagesPerSession; ++i) input += request(page(i, install, i % 2 == 0));  // ends "off"
            return input + request(status(100, install));
        };
        const std::string a = "install-a-" + std::to_string(round), b = "install-b-" + std::to_string(round);
        Outcome outcome_a, outcome_b;
        std::thread other([&] {
            Launch launch;
            launch.state_dir = dir.path();
            launch.input = input_for(b);
            outcome_b = run_host(launch);
        });
        Launch launch;
        launch.state_dir = dir.path();
        launch.input = input_for(a);
        outcome_a = run_host(launch);
        other.join();
        for (const Outcome* o : {&outcome_a, &outcome_b}) {
            ASSERT_FALSE(o->hung);
            ASSERT_EQ(o->frames.size(), static_cast<std::size_t>(kPagesPerSession + 1)) << o->stderr_text;
            for (const auto& code : o->codes()) EXPECT_NE(code, "state_unavailable");
            EXPECT_EQ(gen_ai_state(o->frames.back()), "done");
        }
        const auto installs = state_from_json(read_bytes(dir.path() / "state.json"));
        EXPECT_EQ(installs.size(), static_cast<std::size_t>(2 * (round + 1))) << "a write was lost in round " << round;
    }
    const Outcome check = session(dir.path(), request(status(1, "install-a-0")) + request(status(2, "install-b-" + std::to_string(kRounds - 1))));
    ASSERT_EQ(check.frames.size(), 2u);
    EXPECT_EQ(gen_ai_state(check.frames[0]), "done");
    EXPECT_EQ(gen_ai_state(check.frames[1]), "done");
}

// SIGKILL at random moments while the host starts, reads, evaluates and writes: the file always parses
// and holds the old state or the new one, and the next host answers from it.
TEST(Faults, SigkillInTheMiddleOfWritingLeavesTheOldOrTheNewState) {
    TempDir dir;
    remember(dir.path(), true);
    // Several writes in one session, the last one flipping kInstall, so the kill often lands
    // inside a write.
    auto session_input = [](int round, bool next) {
        std::string input;
        for (int i = 0; i < 5; ++i) input += request(page(i, kInstall + "-other-" + std::to_string(i), (round + i) % 2 == 0));
        return input + request(page(5, kInstall, next));
    };
    // Kill moments are drawn across the time a whole session takes on this machine (much longer
    // under the sanitizers), so some kills land before the last write and some after it.
    const auto timed_start = std::chrono::steady_clock::now();
    {
        TempDir scratch;
        Launch whole;
        whole.state_dir = scratch.path();
        whole.input = session_input(0, false);
        ASSERT_EQ(run_host(whole).frames.size(), 6u);
    }
    const auto session_us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - timed_start).count();
    std::mt19937 random(std::random_device{}());
    std::uniform_int_distribution<long> delay_us(0, session_us * 5 / 4);
    int saw_old = 0, saw_new = 0;
    bool on = true;
    for (int round = 0; round < 60; ++round) {
        const bool next = !on;
        Launch launch;
        launch.state_dir = dir.path();
        launch.input = session_input(round, next);
        launch.kill_after = std::chrono::microseconds(delay_us(random));
        const Outcome killed = run_host(launch);
        ASSERT_FALSE(killed.hung);

        const std::string text = read_bytes(dir.path() / "state.json");
        std::map<std::string, InstallMemory, std::less<>> installs;
        ASSERT_NO_THROW(installs = state_from_json(text)) << "round " << round << ": the state file does not parse:\n" << text;
        ASSERT_TRUE(installs.count(kInstall));
        const SeenState stored = installs.at(kInstall).rules.at("gen-ai-training").state;
        const bool stored_on = stored == SeenState::pending;
        // The session writes the five other installs before kInstall: a file holding kInstall's
        // new state must hold this round's state of every one of them too (no write lost or torn).
        if (stored_on == next) {
            for (int i = 0; i < 5; ++i) {
                const std::string other = kInstall + "-other-" + std::to_string(i);
                ASSERT_TRUE(installs.count(other)) << "round " << round << ": " << other << " is missing:\n" << text;
                EXPECT_EQ(installs.at(other).rules.at("gen-ai-training").state, (round + i) % 2 == 0 ? SeenState::pending : SeenState::done)
                    << "round " << round << ": " << other << " holds an older state than kInstall's:\n" << text;
            }
        }
        (stored_on == on ? saw_old : saw_new)++;
        on = stored_on;

        const Outcome after = session(dir.path(), request(status(1, kInstall)));
        ASSERT_EQ(after.codes(), std::vector<std::string>{"status"}) << after.stderr_text;
        EXPECT_EQ(gen_ai_state(after.frames[0]), on ? "pending" : "done");
    }
    std::cout << "SIGKILL rounds (a whole session takes " << session_us << " us): " << saw_old << " kept the old state, " << saw_new << " the new one; "
              << files_named(dir.path(), "state.json.tmp").size() << " temporary files left by killed hosts\n";
    EXPECT_GT(saw_old, 0);
    EXPECT_GT(saw_new, 0);
}

}  // namespace
}  // namespace optout::hardening
