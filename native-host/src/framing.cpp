#include "framing.hpp"

#include <csignal>
#include <cstring>

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#include <cstdio>
#endif

namespace optout {

namespace {

// Reads until `size` bytes are in or the input ends; how many came.
std::size_t read_fully(ByteSource& in, char* to, std::size_t size) {
    std::size_t have = 0;
    while (have < size) {
        const std::size_t got = in.read_some(to + have, size - have);
        if (got == 0) break;
        have += got;
    }
    return have;
}

}  // namespace

FrameRead read_frame(ByteSource& in, std::string& body, std::uint32_t max_bytes) {
    char header[4];
    const std::size_t header_bytes = read_fully(in, header, sizeof header);
    if (header_bytes == 0) return {FrameStatus::end_of_stream};
    if (header_bytes != sizeof header) return {FrameStatus::truncated};

    std::uint32_t length = 0;
    std::memcpy(&length, header, sizeof length);  // native byte order, as the browser writes it
    if (length > max_bytes) return {FrameStatus::too_large, length};

    body.resize(length);
    if (length > 0 && read_fully(in, body.data(), length) != length) {
        body.clear();
        return {FrameStatus::truncated, length};
    }
    return {FrameStatus::ok, length};
}

FrameRead read_frame(std::istream& in, std::string& body, std::uint32_t max_bytes) {
    StreamSource source(in);
    return read_frame(source, body, max_bytes);
}

bool write_frame(ByteSink& out, std::string_view body) {
    if (body.size() > kMaxReplyBytes) return false;
    // Header and body in one write: one system call per reply, and the browser never sees half.
    std::string frame(4 + body.size(), '\0');
    const auto length = static_cast<std::uint32_t>(body.size());
    std::memcpy(frame.data(), &length, sizeof length);
    std::memcpy(frame.data() + 4, body.data(), body.size());
    return out.write_all(frame);
}

bool write_frame(std::ostream& out, std::string_view body) {
    StreamSink sink(out);
    return write_frame(sink, body);
}

void prepare_stdio_for_frames() {
#ifdef _WIN32
    _setmode(_fileno(stdin), _O_BINARY);
    _setmode(_fileno(stdout), _O_BINARY);
#else
    std::signal(SIGPIPE, SIG_IGN);
#endif
}

}  // namespace optout
