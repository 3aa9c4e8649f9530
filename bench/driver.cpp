// optout-bench: measures the native host against a C echo host (the floor), both started as a
// browser starts a native host: posix_spawn with the Chromium argument `chrome-extension://ID/`,
// pipes on stdin and stdout, and OPTOUT_GUARD_STATE_DIR pointing at a fresh temporary directory.
//
//   P1 cold round trip: spawn, `hello`, `page` for the generative-AI page, read both replies,
//      close stdin, wait for the exit. Median, min and max over --runs runs; ratio host/echo.
//   P2 one open port: --verdicts `page` requests for a 40-toggle page over one process, strictly
//      request then reply (what the browser's port does); verdicts per second and p50/p99 latency.
//      Also pipelined (a writer thread), which shows the host's capacity without the pipe round trip.
//   P3 peak resident memory (VmHWM from /proc/PID/status, read before stdin is closed) during P2.
//   P4 the content script's scan, measured by bench/scan.mjs and merged in with --scan FILE.
//
// Prints a table and writes JSON (--json FILE) with the machine it ran on.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void fail(const std::string& why) {
    std::cerr << "optout-bench: " << why << "\n";
    std::exit(2);
}

std::string read_text(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) fail("cannot read " + path);
    std::ostringstream text;
    text << file.rdbuf();
    std::string body = text.str();
    while (!body.empty() && (body.back() == '\n' || body.back() == '\r' || body.back() == ' ')) body.pop_back();
    return body;
}

std::string frame_of(std::string_view body) {
    const auto length = static_cast<std::uint32_t>(body.size());
    std::string frame(4, '\0');
    std::memcpy(frame.data(), &length, 4);
    frame.append(body);
    return frame;
}

void write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t put = ::write(fd, bytes.data(), bytes.size());
        if (put < 0 && errno == EINTR) continue;
        if (put <= 0) fail(std::string("write to the host failed: ") + std::strerror(errno));
        bytes.remove_prefix(static_cast<std::size_t>(put));
    }
}

void read_exactly(int fd, char* buffer, std::size_t n) {
    std::size_t done = 0;
    while (done < n) {
        const ssize_t got = ::read(fd, buffer + done, n - done);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) fail("the host closed its stdout before replying");
        done += static_cast<std::size_t>(got);
    }
}

// One reply frame into `body` (reused, so the driver's own allocation stays out of the figures).
void read_reply(int fd, std::string& body) {
    char header[4];
    read_exactly(fd, header, 4);
    std::uint32_t length = 0;
    std::memcpy(&length, header, 4);
    if (length > 1'000'000) fail("reply frame over 1,000,000 bytes");
    body.resize(length);
    read_exactly(fd, body.data(), length);
}

struct Child {
    pid_t pid = -1;
    int to_child = -1;    // the host's stdin
    int from_child = -1;  // the host's stdout
};

class HostLauncher {
public:
    HostLauncher(std::string binary, std::string origin, const std::string& state_dir)
        : binary_(std::move(binary)), origin_(std::move(origin)) {
        for (char** e = environ; *e; ++e)
            if (std::strncmp(*e, "OPTOUT_GUARD_STATE_DIR=", 23) != 0) env_strings_.emplace_back(*e);
        env_strings_.push_back("OPTOUT_GUARD_STATE_DIR=" + state_dir);
        for (auto& s : env_strings_) env_.push_back(s.data());
        env_.push_back(nullptr);
    }

    // As Chromium does: argv = {path, origin}, stdin/stdout pipes, stderr to the browser's (here /dev/null).
    Child spawn() const {
        int in_pipe[2], out_pipe[2];
        if (::pipe2(in_pipe, O_CLOEXEC) != 0 || ::pipe2(out_pipe, O_CLOEXEC) != 0) fail("pipe failed");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
        posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
        std::string path = binary_, origin = origin_;
        char* argv[] = {path.data(), origin.data(), nullptr};
        Child child;
        const int rc = ::posix_spawn(&child.pid, binary_.c_str(), &actions, nullptr, argv, env_.data());
        posix_spawn_file_actions_destroy(&actions);
        ::close(in_pipe[0]);
        ::close(out_pipe[1]);
        if (rc != 0) fail("cannot start " + binary_ + ": " + std::strerror(rc));
        child.to_child = in_pipe[1];
        child.from_child = out_pipe[0];
        return child;
    }

private:
    std::string binary_, origin_;
    std::vector<std::string> env_strings_;
    std::vector<char*> env_;
};

// Closes stdin, reads stdout to its end, and waits; returns the exit status (or fails).
int finish(Child& child, rusage* usage = nullptr) {
    ::close(child.to_child);
    char drain[256];
    while (::read(child.from_child, drain, sizeof drain) > 0) {}
    ::close(child.from_child);
    int status = 0;
    rusage ignored{};
    while (::wait4(child.pid, &status, 0, usage ? usage : &ignored) < 0)
        if (errno != EINTR) fail("wait4 failed");
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

struct Summary {
    double median = 0, min = 0, max = 0, p99 = 0;
};

Summary summarize(std::vector<double> values) {
    if (values.empty()) return {};
    std::sort(values.begin(), values.end());
    const auto at = [&](double q) { return values[std::min(values.size() - 1, static_cast<std::size_t>(q * static_cast<double>(values.size())))]; };
    const std::size_t n = values.size();
    const double median = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    return {median, values.front(), values.back(), at(0.99)};
}

double micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

struct Requests {
    std::string hello, gen_ai_page, page40;
};

void expect(bool condition, const std::string& what, std::string_view reply) {
    if (!condition) fail(what + "; the reply was: " + std::string(reply.substr(0, 400)));
}

// P1: one cold start, hello then the generative-AI page, strictly request then reply.
double cold_round_trip(const HostLauncher& launcher, const Requests& requests, bool check_verdict, std::string& reply) {
    const std::string hello = frame_of(requests.hello), page = frame_of(requests.gen_ai_page);
    const auto start = Clock::now();
    Child child = launcher.spawn();
    write_all(child.to_child, hello);
    read_reply(child.from_child, reply);
    if (check_verdict) expect(reply.find("\"type\":\"hello\"") != std::string::npos, "hello: no hello reply", reply);
    write_all(child.to_child, page);
    read_reply(child.from_child, reply);
    if (check_verdict)
        expect(reply.find("\"type\":\"verdict\"") != std::string::npos && reply.find("gen-ai-training") != std::string::npos,
               "page: no verdict naming gen-ai-training", reply);
    const int status = finish(child);
    const auto elapsed = Clock::now() - start;
    if (status != 0) fail("the process exited with status " + std::to_string(status));
    return micros(elapsed);
}

struct OpenPortResult {
    std::vector<double> latencies_us;  // every request, all sessions
    std::vector<double> rates;         // verdicts per second, one per session
    long peak_rss_kib = 0;             // the highest VmHWM seen over the sessions
    long maxrss_kib = 0;               // wait4's ru_maxrss, the same peak as the kernel accounts it
};

long vm_hwm_kib(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
    return -1;
}

// P2 and P3: one process, `hello` then `verdicts` page requests, each written after the last reply.
void open_port_session(const HostLauncher& launcher, const Requests& requests, int verdicts, bool check_verdict, OpenPortResult& out) {
    const std::string hello = frame_of(requests.hello), page = frame_of(requests.page40);
    std::string reply;
    reply.reserve(64 * 1024);
    Child child = launcher.spawn();
    write_all(child.to_child, hello);
    read_reply(child.from_child, reply);
    const auto session_start = Clock::now();
    for (int i = 0; i < verdicts; ++i) {
        const auto start = Clock::now();
        write_all(child.to_child, page);
        read_reply(child.from_child, reply);
        out.latencies_us.push_back(micros(Clock::now() - start));
        if (check_verdict && i == 0)
            expect(reply.find("\"type\":\"verdict\"") != std::string::npos && reply.find("\"pending\"") != std::string::npos,
                   "page: no verdict for the 40-toggle page", reply);
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - session_start).count();
    out.rates.push_back(verdicts / seconds);
    out.peak_rss_kib = std::max(out.peak_rss_kib, vm_hwm_kib(child.pid));
    rusage usage{};
    if (const int status = finish(child, &usage); status != 0) fail("the process exited with status " + std::to_string(status));
    out.maxrss_kib = std::max(out.maxrss_kib, usage.ru_maxrss);
}

// P2, pipelined: a second thread writes every request while this one reads the replies, so the pipe
// round trip (two context switches per request) no longer bounds the rate: the host's capacity.
double open_port_pipelined(const HostLauncher& launcher, const Requests& requests, int verdicts) {
    const std::string hello = frame_of(requests.hello), page = frame_of(requests.page40);
    std::string reply;
    Child child = launcher.spawn();
    write_all(child.to_child, hello);
    read_reply(child.from_child, reply);
    const auto start = Clock::now();
    std::thread writer([&] {
        for (int i = 0; i < verdicts; ++i) write_all(child.to_child, page);
    });
    for (int i = 0; i < verdicts; ++i) read_reply(child.from_child, reply);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    writer.join();
    if (const int status = finish(child); status != 0) fail("the process exited with status " + std::to_string(status));
    return verdicts / seconds;
}

std::string first_line_of(const std::string& path, std::string_view prefix) {
    std::ifstream file(path);
    std::string line;
    while (std::getline(file, line))
        if (line.rfind(prefix, 0) == 0) {
            const auto colon = line.find(':');
            auto value = line.substr(colon + 1);
            value.erase(0, value.find_first_not_of(" \t"));
            return value;
        }
    return "unknown";
}

std::string json_string(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        if (static_cast<unsigned char>(c) < 0x20) continue;
        out += c;
    }
    return out + "\"";
}

std::string number(double value, int decimals = 1) {
    if (!std::isfinite(value)) return "null";
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

struct Row {
    std::string metric, unit;
    double value = 0, baseline = NAN, goal = 0;
    bool lower_is_better = true;
    bool goal_on_ratio = false;  // P1's goal bounds value/baseline, the others bound value itself
    std::string note;
    bool has_goal = true;
    bool met() const {
        const double measured = goal_on_ratio ? value / baseline : value;
        return lower_is_better ? measured <= goal : measured >= goal;
    }
};

struct Options {
    std::string host, echo, fixtures, origin, json_out, scan, frames, instructions, commit = "unknown";
    int runs = 200, verdicts = 20'000, sessions = 5;
};

Options parse_options(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc) fail(std::string(arg) + " needs a value");
            return argv[++i];
        };
        if (arg == "--host") o.host = value();
        else if (arg == "--echo") o.echo = value();
        else if (arg == "--fixtures") o.fixtures = value();
        else if (arg == "--origin") o.origin = value();
        else if (arg == "--json") o.json_out = value();
        else if (arg == "--scan") o.scan = value();
        else if (arg == "--commit") o.commit = value();
        else if (arg == "--frames") o.frames = value();
        else if (arg == "--instructions") o.instructions = value();
        else if (arg == "--runs") o.runs = std::stoi(value());
        else if (arg == "--verdicts") o.verdicts = std::stoi(value());
        else if (arg == "--sessions") o.sessions = std::stoi(value());
        else fail("unknown argument " + std::string(arg) +
                  "\nusage: optout-bench --host BIN --echo BIN --fixtures DIR --origin chrome-extension://ID/ "
                  "[--runs N] [--verdicts N] [--sessions N] [--scan scan.json] [--instructions instructions.json] [--json OUT] [--commit REV]\n"
                  "       optout-bench --fixtures DIR --frames OUTDIR [--verdicts N]   (input streams for callgrind)");
    }
    if (!o.frames.empty() && !o.fixtures.empty()) return o;
    if (o.host.empty() || o.echo.empty() || o.fixtures.empty() || o.origin.empty())
        fail("--host, --echo, --fixtures and --origin are required");
    if (o.runs < 1 || o.verdicts < 1 || o.sessions < 1) fail("--runs, --verdicts and --sessions must be positive");
    return o;
}

// Reads {"engine": {"median_ms":..,"min_ms":..,"max_ms":..,"nodes":..}} written by bench/scan.mjs;
// a tiny reader for that one shape, so the driver needs no JSON library.
std::optional<double> scan_field(const std::string& text, const std::string& engine, const std::string& field) {
    const auto at = text.find("\"" + engine + "\"");
    if (at == std::string::npos) return std::nullopt;
    const auto key = text.find("\"" + field + "\":", at);
    if (key == std::string::npos) return std::nullopt;
    return std::strtod(text.c_str() + key + field.size() + 3, nullptr);
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    ::signal(SIGPIPE, SIG_IGN);
    const Requests requests{read_text(options.fixtures + "/hello.json"), read_text(options.fixtures + "/page-gen-ai.json"),
                            read_text(options.fixtures + "/page-40.json")};
    if (!options.frames.empty()) {
        // The same requests as whole stdin streams, so `valgrind --tool=callgrind HOST < FILE` counts
        // the instructions of a start (hello), a cold round trip (p1) and an open port (p2).
        std::string p2 = frame_of(requests.hello);
        for (int i = 0; i < options.verdicts; ++i) p2 += frame_of(requests.page40);
        std::ofstream(options.frames + "/hello.bin", std::ios::binary) << frame_of(requests.hello);
        std::ofstream(options.frames + "/p1.bin", std::ios::binary) << frame_of(requests.hello) << frame_of(requests.gen_ai_page);
        std::ofstream(options.frames + "/p2.bin", std::ios::binary) << p2;
        // The 40-toggle page with every switch renamed (no id known: all matching by label).
        const std::string renamed = read_text(options.fixtures + "/page-40-unknown-ids.json");
        std::string p3 = frame_of(requests.hello);
        for (int i = 0; i < options.verdicts; ++i) p3 += frame_of(renamed);
        std::ofstream(options.frames + "/p3.bin", std::ios::binary) << p3;
        return 0;
    }

    char dir_template[] = "/tmp/optout-bench-XXXXXX";
    if (!::mkdtemp(dir_template)) fail("mkdtemp failed");
    const std::string state_dir = dir_template;
    const HostLauncher host(options.host, options.origin, state_dir + "/host-state");
    const HostLauncher echo(options.echo, options.origin, state_dir + "/echo-state");

    // P1, host and echo interleaved so that a noisy neighbour slows both alike. The first host run
    // creates the state file; the rest start as the browser restarts a host: with state on disk.
    std::string reply;
    std::vector<double> host_cold, echo_cold;
    cold_round_trip(host, requests, true, reply);
    cold_round_trip(echo, requests, false, reply);
    for (int i = 0; i < options.runs; ++i) {
        host_cold.push_back(cold_round_trip(host, requests, i == 0, reply));
        echo_cold.push_back(cold_round_trip(echo, requests, false, reply));
    }
    const Summary p1_host = summarize(host_cold), p1_echo = summarize(echo_cold);

    // P2 and P3: --sessions sessions of --verdicts requests each, alternating host and echo.
    OpenPortResult host_port, echo_port;
    for (int s = 0; s < options.sessions; ++s) {
        open_port_session(host, requests, options.verdicts, s == 0, host_port);
        open_port_session(echo, requests, options.verdicts, false, echo_port);
    }
    std::vector<double> host_pipelined, echo_pipelined;
    for (int s = 0; s < options.sessions; ++s) {
        host_pipelined.push_back(open_port_pipelined(host, requests, options.verdicts));
        echo_pipelined.push_back(open_port_pipelined(echo, requests, options.verdicts));
    }
    const Summary p2_host_rate = summarize(host_port.rates), p2_echo_rate = summarize(echo_port.rates);
    const Summary p2p_host = summarize(host_pipelined), p2p_echo = summarize(echo_pipelined);
    const Summary p2_host_lat = summarize(host_port.latencies_us), p2_echo_lat = summarize(echo_port.latencies_us);

    std::optional<double> scan_jsdom, scan_chromium;
    std::string scan_text;
    if (!options.scan.empty()) {
        scan_text = read_text(options.scan);
        scan_jsdom = scan_field(scan_text, "jsdom", "median_ms");
        scan_chromium = scan_field(scan_text, "chromium", "median_ms");
    }

    std::vector<Row> rows = {
        {"P1 cold round trip (median)", "us", p1_host.median, p1_echo.median, 1.2, true, true,
         "min " + number(p1_host.min) + " max " + number(p1_host.max) + "; echo min " + number(p1_echo.min) + " max " + number(p1_echo.max)},
        {"P2 verdicts/s (median session)", "/s", p2_host_rate.median, p2_echo_rate.median, 100'000, false, false,
         "min " + number(p2_host_rate.min, 0) + " max " + number(p2_host_rate.max, 0) + "; strictly request/reply"},
        {"P2 pipelined verdicts/s (capacity)", "/s", p2p_host.median, p2p_echo.median, 100'000, false, false,
         "min " + number(p2p_host.min, 0) + " max " + number(p2p_host.max, 0) + "; writer thread, not what a browser does"},
        {"P2 latency p50", "us", p2_host_lat.median, p2_echo_lat.median, 10, true, false, "goal: 1/100,000 s"},
        {"P2 latency p99", "us", p2_host_lat.p99, p2_echo_lat.p99, 10, true, false, "max " + number(p2_host_lat.max)},
        {"P3 peak RSS (VmHWM)", "KiB", static_cast<double>(host_port.peak_rss_kib), static_cast<double>(echo_port.peak_rss_kib),
         4096, true, false, "ru_maxrss " + std::to_string(host_port.maxrss_kib) + " KiB"},
    };
    if (scan_chromium)
        rows.push_back({"P4 scan, headless Chromium (median)", "ms", *scan_chromium, NAN, 1.0, true, false, "2,000-node replica page"});
    if (scan_jsdom) rows.push_back({"P4 scan, jsdom (median)", "ms", *scan_jsdom, NAN, 1.0, true, false, "2,000-node replica page"});

    std::string instructions_text;
    if (!options.instructions.empty()) {
        instructions_text = read_text(options.instructions);
        const auto field = [&](const char* who, const char* what) { return scan_field(instructions_text, who, what); };
        for (const auto& [label, what] : {std::pair{"callgrind: start answering hello", "start_hello"},
                                          std::pair{"callgrind: cold round trip", "cold_round_trip"},
                                          std::pair{"callgrind: per 40-toggle verdict", "per_verdict"},
                                          std::pair{"callgrind: per verdict, ids unknown", "per_verdict_unknown_ids"}}) {
            const auto host_count = field("host", what), echo_count = field("echo", what);
            if (!host_count || !echo_count) continue;
            Row row{label, "Ir", *host_count, *echo_count, 0, true, false, "instructions; stable across runs"};
            row.has_goal = false;
            rows.push_back(row);
        }
    }

    std::printf("\n%-36s %12s %12s %8s %10s %5s\n", "metric", "host", "echo", "ratio", "goal", "met");
    for (const Row& r : rows) {
        const std::string goal = !r.has_goal ? "-" : (r.goal_on_ratio ? "ratio " : "") + std::string(r.lower_is_better ? "<= " : ">= ") + number(r.goal, r.goal < 100 ? 1 : 0);
        std::printf("%-36s %9s %-2s %12s %8s %10s %5s   %s\n", r.metric.c_str(), number(r.value, r.unit == "ms" ? 3 : r.unit == "Ir" ? 0 : 1).c_str(), r.unit.c_str(),
                    std::isnan(r.baseline) ? "-" : number(r.baseline, r.unit == "Ir" ? 0 : 1).c_str(),
                    std::isnan(r.baseline) ? "-" : number(r.value / r.baseline, 2).c_str(), goal.c_str(), !r.has_goal ? "-" : r.met() ? "yes" : "NO",
                    r.note.c_str());
    }

    if (!options.json_out.empty()) {
        utsname uts{};
        ::uname(&uts);
        std::ostringstream json;
        json << "{\n  \"date\": " << json_string([] {
            char text[32];
            const std::time_t now = std::time(nullptr);
            std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
            return std::string(text);
        }()) << ",\n  \"commit\": " << json_string(options.commit)
             << ",\n  \"machine\": {\"cpu\": " << json_string(first_line_of("/proc/cpuinfo", "model name"))
             << ", \"cores\": " << std::thread::hardware_concurrency() << ", \"kernel\": " << json_string(std::string(uts.sysname) + " " + uts.release)
             << ", \"arch\": " << json_string(uts.machine) << ", \"compiler\": " << json_string(OPTOUT_BENCH_COMPILER)
             << ", \"build_type\": " << json_string(OPTOUT_BENCH_BUILD_TYPE) << "},\n"
             << "  \"settings\": {\"runs\": " << options.runs << ", \"sessions\": " << options.sessions << ", \"verdicts_per_session\": " << options.verdicts
             << ", \"mode\": \"strictly request/reply\"},\n"
             << "  \"p1_cold_round_trip_us\": {\"host\": {\"median\": " << number(p1_host.median) << ", \"min\": " << number(p1_host.min)
             << ", \"max\": " << number(p1_host.max) << "}, \"echo\": {\"median\": " << number(p1_echo.median) << ", \"min\": " << number(p1_echo.min)
             << ", \"max\": " << number(p1_echo.max) << "}, \"ratio\": " << number(p1_host.median / p1_echo.median, 3) << ", \"goal_ratio\": 1.2},\n"
             << "  \"p2_open_port\": {\"host\": {\"verdicts_per_s\": {\"median\": " << number(p2_host_rate.median, 0) << ", \"min\": " << number(p2_host_rate.min, 0)
             << ", \"max\": " << number(p2_host_rate.max, 0) << "}, \"latency_us\": {\"p50\": " << number(p2_host_lat.median, 2) << ", \"p99\": " << number(p2_host_lat.p99, 2)
             << ", \"max\": " << number(p2_host_lat.max, 2) << "}}, \"echo\": {\"verdicts_per_s\": {\"median\": " << number(p2_echo_rate.median, 0)
             << ", \"min\": " << number(p2_echo_rate.min, 0) << ", \"max\": " << number(p2_echo_rate.max, 0) << "}, \"latency_us\": {\"p50\": "
             << number(p2_echo_lat.median, 2) << ", \"p99\": " << number(p2_echo_lat.p99, 2) << ", \"max\": " << number(p2_echo_lat.max, 2)
             << "}}, \"pipelined_verdicts_per_s\": {\"host\": {\"median\": " << number(p2p_host.median, 0) << ", \"min\": " << number(p2p_host.min, 0)
             << ", \"max\": " << number(p2p_host.max, 0) << "}, \"echo\": {\"median\": " << number(p2p_echo.median, 0) << ", \"min\": " << number(p2p_echo.min, 0)
             << ", \"max\": " << number(p2p_echo.max, 0) << "}}, \"goal_verdicts_per_s\": 100000},\n"
             << "  \"p3_peak_rss_kib\": {\"host\": " << host_port.peak_rss_kib << ", \"host_ru_maxrss\": " << host_port.maxrss_kib
             << ", \"echo\": " << echo_port.peak_rss_kib << ", \"echo_ru_maxrss\": " << echo_port.maxrss_kib << ", \"goal\": 4096},\n"
             << "  \"p4_scan\": " << (scan_text.empty() ? "null" : scan_text) << ",\n"
             << "  \"instructions\": " << (instructions_text.empty() ? "null" : instructions_text) << "\n}\n";
        std::ofstream(options.json_out) << json.str();
        std::printf("\nwritten: %s\n", options.json_out.c_str());
    }
    std::filesystem::remove_all(state_dir);
    return 0;
}
