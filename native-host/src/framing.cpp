#include "framing.hpp"

#include <csignal>
#include <cstring>
#include <istream>
#include <ostream>

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#include <cstdio>
#endif

namespace optout {

FrameRead read_frame(std::istream& in, std::string& body, std::uint32_t max_bytes) {
    char header[4];
    in.read(header, sizeof header);
    const auto header_bytes = in.gcount();
    if (header_bytes == 0) return {FrameStatus::end_of_stream};
    if (header_bytes != sizeof header) return {FrameStatus::truncated};

    std::uint32_t length = 0;
    std::memcpy(&length, header, sizeof length);  // native byte order, as the browser writes it
    if (length > max_bytes) return {FrameStatus::too_large, length};

    body.resize(length);
    if (length > 0) {
        in.read(body.data(), static_cast<std::streamsize>(length));
        if (in.gcount() != static_cast<std::streamsize>(length)) {
            body.clear();
            return {FrameStatus::truncated, length};
        }
    }
    return {FrameStatus::ok, length};
}

bool write_frame(std::ostream& out, std::string_view body) {
    if (body.size() > kMaxReplyBytes) return false;
    const auto length = static_cast<std::uint32_t>(body.size());
    char header[4];
    std::memcpy(header, &length, sizeof header);
    out.write(header, sizeof header);
    out.write(body.data(), static_cast<std::streamsize>(body.size()));
    out.flush();
    return static_cast<bool>(out);
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
