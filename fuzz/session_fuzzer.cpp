// libFuzzer target: the input is the byte stream a browser writes to the host's stdin. It goes
// through run_session, so the frame reader, the request parser, every handler and the state store
// are exercised together, as in host mode. Run it with scripts/fuzz.sh (see docs/hardening.md).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>

#include <unistd.h>

#include "framing.hpp"
#include "message_handler.hpp"
#include "rules.hpp"
#include "session.hpp"
#include "state_store.hpp"

namespace {

// Set up once per fuzzing process: the rules, and a private state directory in /tmp.
struct FuzzWorld {
    optout::Rules rules = optout::compiled_rules();
    std::filesystem::path state_dir =
        std::filesystem::temp_directory_path() / ("optout-fuzz-" + std::to_string(::getpid()));
    optout::StringSink log;
};

FuzzWorld& world() {
    static FuzzWorld instance;
    return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzWorld& w = world();
    // Each input starts from no state, so a finding replays the same way alone.
    std::error_code ignored;
    std::filesystem::remove_all(w.state_dir, ignored);
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    std::ostringstream out;
    w.log.clear();
    optout::StreamSource source(in);
    optout::StreamSink sink(out);
    optout::StateStore store(w.state_dir, w.log);
    optout::MessageHandler handler(w.rules, &store, [] { return std::int64_t{1763903109}; });
    const int status = optout::run_session(source, sink, w.log, handler);
    if (status != 0 && status != 1) std::abort();

    // Everything written must be whole frames, each within the browser's limit.
    const std::string written = out.str();
    std::size_t at = 0;
    while (at < written.size()) {
        if (written.size() - at < 4) std::abort();
        std::uint32_t length = 0;
        __builtin_memcpy(&length, written.data() + at, 4);
        if (length > optout::kMaxReplyBytes || written.size() - at - 4 < length) std::abort();
        at += 4 + length;
    }
    return 0;
}
