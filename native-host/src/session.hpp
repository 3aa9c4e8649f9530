// Host mode: frames in from the browser, replies out, until the browser closes stdin.
#pragma once

#include "byte_io.hpp"
#include "message_handler.hpp"

namespace optout {

// Returns the process exit status: 0 when the input ended at a frame boundary, 1 when a frame
// could not be read (truncated, or over the input cap: an error reply is sent first where the
// output is still open) or the output failed.
int run_session(ByteSource& in, ByteSink& out, ByteSink& log, MessageHandler& handler);

}  // namespace optout
