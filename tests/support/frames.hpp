// Building native-messaging frames by hand (32-bit native-endian length, then the body), as a
// browser writes them. Shared by the unit and integration tests.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace optout::test_support {

// Only the 4-byte header, declaring `length` bytes that may never come.
inline std::string frame_header(std::uint32_t length) {
    std::string out(4, '\0');
    std::memcpy(out.data(), &length, 4);
    return out;
}

inline std::string frame(std::string_view body) {
    return frame_header(static_cast<std::uint32_t>(body.size())) + std::string(body);
}

}  // namespace optout::test_support
