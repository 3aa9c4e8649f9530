#include "text_fold.hpp"

#include "utf8.hpp"

#include <array>
#include <cstdint>

namespace optout {
namespace {

// Base letters for U+00C0..U+00FF; "" marks a non-letter (× and ÷), multi-letter entries are ligatures.
constexpr std::array<std::string_view, 64> kLatin1{
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",    // C0-CF
    "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "ss",  // D0-DF
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   // E0-EF
    "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "y",   // F0-FF
};

// Base letters for U+0100..U+017F (Latin Extended-A), in code point order.
constexpr std::array<std::string_view, 128> kLatinExtendedA{
    "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",     // 100-10F
    "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",     // 110-11F
    "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",     // 120-12F
    "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",   // 130-13F
    "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",     // 140-14F
    "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",   // 150-15F
    "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",     // 160-16F
    "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",     // 170-17F
};

// The code point at text[i] (utf8.hpp's decoder); advances i. Input that is not valid UTF-8
// yields U+FFFD and advances by one byte, so every input terminates. (Requests are checked to be
// valid UTF-8 before anything is folded; the rules file is too.)
char32_t next_code_point(std::string_view text, std::size_t& i) {
    const Utf8Sequence sequence = decode_utf8(text, i);
    if (sequence.length == 0) {
        ++i;
        return 0xFFFD;
    }
    i += sequence.length;
    return sequence.code_point;
}

bool is_separator(char32_t cp) {
    if (cp < 0x80) return !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'));
    if (cp >= 0x80 && cp <= 0xBF) return true;        // Latin-1 punctuation: nbsp, «, », ¿, ¡, ·
    if (cp == 0xD7 || cp == 0xF7) return true;        // × ÷
    if (cp >= 0x2000 && cp <= 0x206F) return true;    // general punctuation: ’ “ ” – — …
    if (cp >= 0x3000 && cp <= 0x303F) return true;    // CJK punctuation
    return cp == 0xFFFD || cp == 0xFEFF;
}

bool is_combining_mark(char32_t cp) { return cp >= 0x300 && cp <= 0x36F; }

// ASCII folded in one lookup: the lower-case letter or digit, or 0 for a separator.
constexpr std::array<char, 128> kAsciiFold = [] {
    std::array<char, 128> table{};
    for (char c = '0'; c <= '9'; ++c) table[static_cast<std::size_t>(c)] = c;
    for (char c = 'a'; c <= 'z'; ++c) table[static_cast<std::size_t>(c)] = c;
    for (char c = 'A'; c <= 'Z'; ++c) table[static_cast<std::size_t>(c)] = static_cast<char>(c - 'A' + 'a');
    return table;
}();

}  // namespace

void append_folded_words(std::string_view text, std::string& out) {
    // Folding never lengthens the text by more than the final space: ASCII stays one byte, a
    // two-byte Latin letter folds to at most two ("ß" -> "ss"), anything else is copied. So the
    // output is written through a pointer into room made once, not appended byte by byte.
    const std::size_t start = out.size();
    out.resize(start + text.size() + 1);
    char* const base = out.data();
    char* to = base + start;
    bool in_word = false;
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80) {  // ASCII fast path: most labels are mostly ASCII
            ++i;
            if (const char folded = kAsciiFold[byte]) {
                *to++ = folded;
                in_word = true;
            } else if (in_word) {
                *to++ = ' ';
                in_word = false;
            }
            continue;
        }
        const std::size_t at = i;
        const char32_t cp = next_code_point(text, i);
        if (is_combining_mark(cp)) continue;  // decomposed accents: "e" + U+0301 folds to "e"
        if (is_separator(cp)) {
            if (in_word) *to++ = ' ';
            in_word = false;
            continue;
        }
        std::string_view folded;
        if (cp >= 0xC0 && cp <= 0xFF) {
            folded = kLatin1[cp - 0xC0];
        } else if (cp >= 0x100 && cp <= 0x17F) {
            folded = kLatinExtendedA[cp - 0x100];
        } else {
            folded = text.substr(at, i - at);  // copied as it is: a valid sequence (invalid bytes are separators)
        }
        for (const char c : folded) *to++ = c;
        in_word = true;
    }
    if (in_word) *to++ = ' ';
    out.resize(static_cast<std::size_t>(to - base));
}

std::string fold_text(std::string_view text) {
    std::string out;
    append_folded_words(text, out);
    return out;
}

std::vector<std::string> fold_words(std::string_view text) {
    std::vector<std::string> words;
    const std::string folded = fold_text(text);
    for (std::size_t start = 0; start < folded.size();) {
        const std::size_t end = folded.find(' ', start);
        words.emplace_back(folded, start, end - start);
        start = end + 1;
    }
    return words;
}

}  // namespace optout
