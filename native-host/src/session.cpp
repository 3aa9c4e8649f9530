#include "session.hpp"

#include <string>

#include "framing.hpp"
#include "protocol.hpp"

namespace optout {

int run_session(ByteSource& in, ByteSink& out, ByteSink& log, MessageHandler& handler) {
    std::string body;
    for (;;) {
        const FrameRead frame = read_frame(in, body);
        switch (frame.status) {
            case FrameStatus::ok:
                if (!write_frame(out, handler.handle(body))) {
                    log.write_all("optout-guard-host: the browser stopped reading; ending the session\n");
                    return 1;
                }
                break;
            case FrameStatus::end_of_stream:
                return 0;
            case FrameStatus::truncated:
                log.write_all("optout-guard-host: the input ended inside a frame; ending the session\n");
                write_frame(out, error_reply(std::nullopt, ErrorCode::bad_frame, "the input ended inside a frame"));
                return 1;
            case FrameStatus::too_large:
                // The body is never read, so the stream cannot be resynchronised: refuse and end.
                log.write_all("optout-guard-host: a frame declared " + std::to_string(frame.declared_length) + " bytes, over the cap of " +
                              std::to_string(kMaxRequestBytes) + "; ending the session\n");
                write_frame(out, error_reply(std::nullopt, ErrorCode::too_large,
                                             "a message of " + std::to_string(frame.declared_length) +
                                                 " bytes is over the host's limit of " + std::to_string(kMaxRequestBytes)));
                return 1;
        }
    }
}

}  // namespace optout
