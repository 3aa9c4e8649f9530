// Native-messaging framing: each message is a 32-bit length in native byte order, then that many
// bytes of UTF-8 JSON. This file knows bytes and lengths, nothing about JSON.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

#include "byte_io.hpp"
#include "contract.hpp"

namespace optout {

// Chrome may send up to 4 GB; a real settings page is a few kilobytes, and the extension refuses
// to send more than 1 MiB. (512 toggles with every field at its cap would be about 1.2 MB: such a
// request is refused as too_large rather than read.) Anything larger is refused before a byte of
// its body is allocated.
inline constexpr auto kMaxRequestBytes = static_cast<std::uint32_t>(contract::limits::request_bytes);
// Chrome drops the port when a host sends a message over 1 MB (10^6 bytes).
inline constexpr std::size_t kMaxReplyBytes = contract::limits::reply_bytes;

enum class FrameStatus {
    ok,             // a whole frame was read into the body
    end_of_stream,  // the stream ended cleanly before a header: the browser closed the port
    truncated,      // the stream ended inside a header or a body
    too_large,      // the declared length is over the cap; nothing of the body was read
};

struct FrameRead {
    FrameStatus status;
    std::uint32_t declared_length = 0;
};

// Reads one frame into `body` (reused between calls so a session allocates once).
FrameRead read_frame(ByteSource& in, std::string& body, std::uint32_t max_bytes = kMaxRequestBytes);
FrameRead read_frame(std::istream& in, std::string& body, std::uint32_t max_bytes = kMaxRequestBytes);

// Writes one frame and flushes it. Returns false when the stream failed (the browser went away).
// Callers keep bodies within kMaxReplyBytes; a larger body is refused here rather than sent.
bool write_frame(ByteSink& out, std::string_view body);
bool write_frame(std::ostream& out, std::string_view body);

// Readies stdin and stdout for frames: binary mode where the platform distinguishes (Windows),
// so a 0x0A byte in a length is never turned into CR LF; and on POSIX, SIGPIPE ignored, so a
// browser that stops reading makes a write fail (and the session end with status 1) instead of
// killing the host.
void prepare_stdio_for_frames();

}  // namespace optout
