// UTF-8 checks shared by the request reader and the reply writer.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace optout {

// The one UTF-8 decoder of the host: the code point of the valid sequence at text[i] and its
// length (1 to 4); length 0 when it is not valid: overlong forms, surrogates and code points past
// U+10FFFF are invalid, as in RFC 3629.
struct Utf8Sequence {
    char32_t code_point = 0;
    std::size_t length = 0;
};

inline Utf8Sequence decode_utf8(std::string_view text, std::size_t i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) return {lead, 1};
    std::size_t length = 0;
    char32_t cp = 0;
    if (lead >= 0xC2 && lead <= 0xDF) { length = 2; cp = lead & 0x1Fu; }
    else if (lead >= 0xE0 && lead <= 0xEF) { length = 3; cp = lead & 0x0Fu; }
    else if (lead >= 0xF0 && lead <= 0xF4) { length = 4; cp = lead & 0x07u; }
    else return {};
    if (i + length > text.size()) return {};
    for (std::size_t k = 1; k < length; ++k) {
        const auto byte = static_cast<unsigned char>(text[i + k]);
        if ((byte & 0xC0) != 0x80) return {};
        cp = (cp << 6) | (byte & 0x3Fu);
    }
    if ((length == 3 && cp < 0x800) || (length == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
        return {};
    return {cp, length};
}

// Length of the valid UTF-8 sequence at text[i], or 0 when it is not valid (decode_utf8).
inline std::size_t utf8_sequence_length(std::string_view text, std::size_t i) { return decode_utf8(text, i).length; }

// Appends a code point (at most U+10FFFF) as UTF-8.
inline void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace optout
