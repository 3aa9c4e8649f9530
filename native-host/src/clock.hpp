// The wall clock, in seconds since the epoch: the one clock of the host (the message handler's
// "now", names of files set aside). Tests pass their own clock to MessageHandler instead.
#pragma once

#include <chrono>
#include <cstdint>

namespace optout {

inline std::int64_t system_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace optout
