// Starts the real optout-guard-host as a browser does (argv, pipes, environment) and speaks
// frames to it. Shared by the integration tests.
#pragma once

#include <chrono>
#include <cstring>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <boost/process.hpp>
#include <nlohmann/json.hpp>

#include "contract.hpp"
#include "frames.hpp"
#include "temp_dir.hpp"

#include <fcntl.h>
#include <stdlib.h>

namespace optout::integration {

namespace bp = boost::process;

inline const std::string kChromiumOrigin = "chrome-extension://" + std::string(contract::kChromiumExtensionId) + "/";
inline const std::string kFirefoxAddon{contract::kFirefoxAddonId};

// The state directory a test's hosts share.
using TempStateDir = optout::test_support::TempDir;

using optout::test_support::frame;
using optout::test_support::frame_header;

class HostProcess {
public:
    HostProcess(const std::vector<std::string>& args, const std::filesystem::path& state_dir) {
        // Set in this process and inherited: Boost 1.74's environment lookup reads past the end
        // of short entries (AddressSanitizer reports it), so bp::environment is not used.
        ::setenv("OPTOUT_GUARD_STATE_DIR", state_dir.c_str(), 1);
        // Boost.Process leaves the test's pipe ends inheritable, so a host started later would hold
        // this host's stdin open and it would never see EOF. A browser never lets that happen.
        for (const int fd : {in_.pipe().native_source(), in_.pipe().native_sink(), out_.pipe().native_source(),
                             out_.pipe().native_sink(), err_.pipe().native_source(), err_.pipe().native_sink()})
            ::fcntl(fd, F_SETFD, FD_CLOEXEC);
        child_ = bp::child(OPTOUT_HOST_BINARY, bp::args(args), bp::std_in < in_, bp::std_out > out_, bp::std_err > err_);
    }

    ~HostProcess() {
        if (child_.running()) child_.terminate();  // a failed test must not leave a host behind
    }
    HostProcess(const HostProcess&) = delete;
    HostProcess& operator=(const HostProcess&) = delete;

    void send_raw(std::string_view bytes) {
        in_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        in_.flush();
    }
    void send(const nlohmann::json& request) { send_raw(frame(request.dump())); }

    // The next frame's body, or nullopt at end of output.
    std::optional<std::string> read_body() {
        char header[4];
        if (!out_.read(header, 4)) return std::nullopt;
        std::uint32_t length = 0;
        std::memcpy(&length, header, 4);
        std::string body(length, '\0');
        if (length > 0 && !out_.read(body.data(), length)) return std::nullopt;
        return body;
    }
    nlohmann::json receive() {
        const auto body = read_body();
        if (!body) throw std::runtime_error("the host closed its output");
        return nlohmann::json::parse(*body);
    }
    nlohmann::json ask(const nlohmann::json& request) {
        send(request);
        return receive();
    }

    // Closes stdin as the browser does when the port closes; returns the exit code.
    int close_and_wait() {
        in_.pipe().close();
        child_.wait();
        return child_.exit_code();
    }
    // Closes the test's end of the host's stdout, as a browser that went away.
    void stop_reading_output() { out_.pipe().close(); }
    // Everything left on stdout after stdin closed (should be nothing but frames).
    std::string rest_of_output() {
        return std::string(std::istreambuf_iterator<char>(out_), std::istreambuf_iterator<char>());
    }
    std::string stderr_text() {
        return std::string(std::istreambuf_iterator<char>(err_), std::istreambuf_iterator<char>());
    }

private:
    bp::opstream in_;
    bp::ipstream out_;
    bp::ipstream err_;
    bp::child child_;
};

// The argv each browser family passes to a native host.
inline std::vector<std::string> chromium_argv() { return {kChromiumOrigin}; }
inline std::vector<std::string> firefox_argv() {
    return {"/home/user/.mozilla/native-messaging-hosts/" + std::string(contract::kHostName) + ".json", kFirefoxAddon};
}

inline nlohmann::json page_request(int id, bool gen_ai_on, const std::string& install = "install-it-1") {
    return {{"v", 1}, {"id", id}, {"type", "page"}, {"install", install}, {"profile", "essential"},
            {"url", "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement"}, {"lang", "en"},
            {"toggles",
             {{{"key", "allowDataForGenerativeAI"}, {"label", "Use my data for training content creation AI models"}, {"on", gen_ai_on},
               {"section", "Data for Generative AI Improvement"}}}}};
}

}  // namespace optout::integration
