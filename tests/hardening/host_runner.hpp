// Runs the real optout-guard-host as a browser starts it, feeds it bytes and collects its frames,
// with a deadline on everything: a host that hangs fails the test instead of blocking ctest.
// Unlike the integration helper this pumps stdin and stdout together with poll(), so a host that
// stops reading (after refusing a frame) or writes while we still write can never deadlock us.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "contract.hpp"

#include <nlohmann/json.hpp>

#include "frames.hpp"
#include "temp_dir.hpp"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace optout::hardening {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

inline const std::string kChromiumOrigin = "chrome-extension://" + std::string(contract::kChromiumExtensionId) + "/";

inline std::string read_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}
inline void write_bytes(const fs::path& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

using test_support::frame;
using test_support::frame_header;
using test_support::TempDir;

struct Outcome {
    std::vector<std::string> frames;  // reply bodies, in order
    std::string trailing;             // stdout bytes that did not make a whole frame (must be empty)
    std::string stderr_text;
    bool hung = false;                // the deadline passed; the host was killed
    bool exited = false;              // exited normally (not by a signal)
    int exit_status = -1;
    int signal = 0;
    std::size_t input_accepted = 0;   // how much of the input the host read before closing stdin

    // Each reply's `type`, or its `code` for an error: the shape the tables compare.
    std::vector<std::string> codes() const {
        std::vector<std::string> out;
        for (const auto& body : frames) {
            const auto reply = nlohmann::json::parse(body, nullptr, false);
            if (reply.is_discarded() || !reply.is_object()) out.push_back("<not json>");
            else if (reply.value("type", "") == "error") out.push_back(reply.value("code", "<no code>"));
            else out.push_back(reply.value("type", "<no type>"));
        }
        return out;
    }
};

struct Launch {
    std::vector<std::string> args{kChromiumOrigin};
    fs::path state_dir;
    std::string input;
    bool close_stdin = true;                          // as the browser does when the port closes
    std::chrono::milliseconds deadline = 20s;
    std::optional<std::chrono::microseconds> kill_after;  // SIGKILL the host this long after start
    std::optional<uid_t> run_as_uid;                  // drop to this uid (and gid) in the child
};

namespace detail {
inline void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}
}  // namespace detail

inline Outcome run_host(const Launch& launch) {
    ::signal(SIGPIPE, SIG_IGN);  // a host that stops reading makes our write fail, not kill us
    int in_pipe[2], out_pipe[2], err_pipe[2];
    if (::pipe2(in_pipe, O_CLOEXEC) || ::pipe2(out_pipe, O_CLOEXEC) || ::pipe2(err_pipe, O_CLOEXEC))
        throw std::runtime_error("pipe failed");
    std::vector<std::string> argv_text{OPTOUT_HOST_BINARY};
    argv_text.insert(argv_text.end(), launch.args.begin(), launch.args.end());
    std::vector<char*> argv;
    for (auto& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);
    // The environment is built before fork, so the child calls nothing unsafe and several hosts
    // may be started from several threads at once.
    std::vector<std::string> env_text{"OPTOUT_GUARD_STATE_DIR=" + launch.state_dir.string()};
    for (char** e = environ; *e; ++e)
        if (std::strncmp(*e, "OPTOUT_GUARD_STATE_DIR=", 23) != 0) env_text.emplace_back(*e);
    std::vector<char*> envp;
    for (auto& e : env_text) envp.push_back(e.data());
    envp.push_back(nullptr);

    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {  // the child: only async-signal-safe calls until exec
        ::dup2(in_pipe[0], 0);
        ::dup2(out_pipe[1], 1);
        ::dup2(err_pipe[1], 2);
        if (launch.run_as_uid) {
            if (::setgid(*launch.run_as_uid) != 0 || ::setuid(*launch.run_as_uid) != 0) ::_exit(126);
        }
        ::signal(SIGPIPE, SIG_DFL);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    int to_host = in_pipe[1], from_host = out_pipe[0], host_err = err_pipe[0];
    ::fcntl(to_host, F_SETFL, O_NONBLOCK);

    Outcome outcome;
    std::string out_bytes;
    const auto start = std::chrono::steady_clock::now();
    const auto deadline = start + launch.deadline;
    bool killed = false;
    std::size_t sent = 0;
    if (launch.input.empty() && launch.close_stdin) detail::close_fd(to_host);
    while (from_host >= 0 || host_err >= 0) {
        const auto now = std::chrono::steady_clock::now();
        if (launch.kill_after && !killed && now - start >= *launch.kill_after) {
            ::kill(pid, SIGKILL);
            killed = true;
        }
        if (now >= deadline) {
            outcome.hung = true;
            ::kill(pid, SIGKILL);
            break;
        }
        pollfd fds[3] = {{to_host, POLLOUT, 0}, {from_host, POLLIN, 0}, {host_err, POLLIN, 0}};
        int wait_ms = 50;
        if (launch.kill_after && !killed) wait_ms = 0;
        ::poll(fds, 3, wait_ms);
        if (to_host >= 0 && (fds[0].revents & (POLLOUT | POLLERR | POLLHUP))) {
            const auto n = ::write(to_host, launch.input.data() + sent, launch.input.size() - sent);
            if (n > 0) sent += static_cast<std::size_t>(n);
            if (n < 0 && errno != EAGAIN && errno != EINTR) detail::close_fd(to_host);  // the host stopped reading
            else if (sent == launch.input.size() && launch.close_stdin) detail::close_fd(to_host);
        }
        char buffer[65536];
        for (int* fd : {&from_host, &host_err}) {
            const pollfd& p = fds[fd == &from_host ? 1 : 2];
            if (*fd < 0 || !(p.revents & (POLLIN | POLLHUP | POLLERR))) continue;
            const auto n = ::read(*fd, buffer, sizeof buffer);
            if (n > 0) (fd == &from_host ? out_bytes : outcome.stderr_text).append(buffer, static_cast<std::size_t>(n));
            else if (n == 0 || (errno != EINTR && errno != EAGAIN)) detail::close_fd(*fd);
        }
    }
    detail::close_fd(to_host);
    detail::close_fd(from_host);
    detail::close_fd(host_err);
    int status = 0;
    // The host's output is closed; it must exit promptly too.
    for (;;) {
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) break;
        if (std::chrono::steady_clock::now() >= deadline + 5s) {
            outcome.hung = true;
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            break;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            outcome.hung = true;
            ::kill(pid, SIGKILL);
        }
        ::usleep(5000);
    }
    outcome.input_accepted = sent;
    if (WIFEXITED(status)) {
        outcome.exited = true;
        outcome.exit_status = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        outcome.signal = WTERMSIG(status);
    }
    std::size_t at = 0;
    while (out_bytes.size() - at >= 4) {
        std::uint32_t length = 0;
        std::memcpy(&length, out_bytes.data() + at, 4);
        if (out_bytes.size() - at - 4 < length) break;
        outcome.frames.push_back(out_bytes.substr(at + 4, length));
        at += 4 + length;
    }
    outcome.trailing = out_bytes.substr(at);
    return outcome;
}

inline std::string request(const nlohmann::json& body) { return frame(body.dump()); }
inline std::string hello(int id) { return request({{"v", 1}, {"id", id}, {"type", "hello"}}); }

inline nlohmann::json toggle(const std::string& key, const std::string& label, bool on) {
    return {{"key", key}, {"label", label}, {"on", on}, {"section", "Data for Generative AI Improvement"}};
}
inline nlohmann::json page(int id, const std::string& install, bool gen_ai_on) {
    return {{"v", 1}, {"id", id}, {"type", "page"}, {"install", install}, {"profile", "essential"},
            {"url", "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement"}, {"lang", "en"},
            {"toggles", nlohmann::json::array({toggle("allowDataForGenerativeAI",
                                                      "Use my data for training content creation AI models", gen_ai_on)})}};
}
inline nlohmann::json status(int id, const std::string& install) {
    return {{"v", 1}, {"id", id}, {"type", "status"}, {"install", install}, {"profile", "essential"}};
}

// The state of gen-ai-training an install holds in a status reply: "pending", "done" or "unseen".
inline std::string gen_ai_state(const std::string& status_body) {
    const auto reply = nlohmann::json::parse(status_body);
    for (const auto& item : reply.at("items"))
        if (item.at("rule") == "gen-ai-training") return item.at("state");
    return "<missing>";
}

}  // namespace optout::hardening
