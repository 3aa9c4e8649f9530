#include "request_reader.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <cstring>

#include "protocol_error.hpp"
#include "utf8.hpp"

namespace optout {
namespace {

// Takes the members the host knows from the parser's events into RequestFields; every other
// member is skipped. The stack of open containers is bounded by kMaxJsonDepth, so hostile
// nesting costs nothing.
class RequestReader {
public:
    explicit RequestReader(RequestFields& out) : out_(out) {}

    const std::string& error() const { return error_; }

    void null() { scalar(ValueKind::other, [](Value&) {}); }
    void boolean(bool flag) {
        scalar(ValueKind::boolean, [&](Value& v) { v.flag = flag; });
    }
    void integer(std::int64_t number, bool fits) {
        scalar(ValueKind::integer, [&](Value& v) {
            v.integer = fits ? number : 0;
            v.integer_fits = fits;
        });
    }
    void fraction() { scalar(ValueKind::other, [](Value&) {}); }
    // `text` views the body, or the parser's scratch space when the string held escapes: then it
    // is kept, if it is kept at all, in the fields' own storage.
    void string(std::string_view text, bool escaped) {
        scalar(ValueKind::string, [&](Value& v) { v.text = escaped ? std::string_view(out_.unescaped.emplace_back(text)) : text; });
    }

    bool start_object() {
        if (depth_ == 0) {
            out_.is_object = true;
            return push(Frame::request);
        }
        if (top() == Frame::toggles) {
            add_toggle(true);
            return push(toggle_ != nullptr ? Frame::toggle : Frame::ignored);
        }
        container_value();
        return push(Frame::ignored);
    }
    bool start_array() {
        if (depth_ > 0 && top() == Frame::toggles) {
            add_toggle(false);
            return push(Frame::ignored);
        }
        if (slot_is_toggles_) {
            reset_toggles(ValueKind::other);
            out_.toggles_is_array = true;
            slot_is_toggles_ = false;
            return push(Frame::toggles);
        }
        container_value();
        return push(Frame::ignored);
    }
    void end_container() {
        if (top() == Frame::toggle) toggle_ = nullptr;
        --depth_;
        slot_ = nullptr;
        slot_is_toggles_ = false;
    }

    void key(std::string_view name) {
        slot_ = nullptr;
        slot_is_toggles_ = false;
        if (top() == Frame::request) {
            slot_is_rules_ = name == "rules";
            if (name == "toggles") slot_is_toggles_ = true;
            else slot_ = request_member(name);
        } else if (top() == Frame::toggle && toggle_ != nullptr) {
            slot_ = name == "key" ? &toggle_->key
                  : name == "label" ? &toggle_->label
                  : name == "on" ? &toggle_->on
                  : name == "section" ? &toggle_->section
                  : nullptr;
        }
    }

    // The whole text of a member's value, after it was read: kept for `rules` only.
    void member_text(std::string_view text) {
        if (depth_ != 1 || !slot_is_rules_) return;
        out_.has_rules = true;
        out_.rules_json = text;
        slot_is_rules_ = false;
    }

private:
    enum class Frame : std::uint8_t { request, toggles, toggle, ignored };

    static Value kind_only(ValueKind kind) {
        Value value;
        value.kind = kind;
        return value;
    }

    Value* request_member(std::string_view name) {
        if (name == "v") return &out_.v;
        if (name == "id") return &out_.id;
        if (name == "type") return &out_.type;
        if (name == "install") return &out_.install;
        if (name == "profile") return &out_.profile;
        if (name == "url") return &out_.url;
        if (name == "lang") return &out_.lang;
        if (name == "rule") return &out_.rule;
        if (name == "done") return &out_.done;
        if (name == "check_after_days") return &out_.check_after_days;
        return nullptr;  // unknown members are ignored, so later minor versions can add fields
    }

    Frame top() const { return depth_ == 0 ? Frame::ignored : stack_[depth_ - 1]; }

    bool push(Frame frame) {
        slot_ = nullptr;
        slot_is_toggles_ = false;
        if (depth_ >= kMaxJsonDepth) {
            error_ = "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
            return false;
        }
        stack_[depth_++] = frame;
        return true;
    }

    void reset_toggles(ValueKind kind) {
        out_.toggles_kind = kind;
        out_.toggles_is_array = false;
        out_.toggles.clear();
        out_.toggle_count = 0;
    }

    void add_toggle(bool is_object) {
        ++out_.toggle_count;
        toggle_ = nullptr;
        if (out_.toggles.size() >= kMaxToggles) return;  // over the limit: counted for the error, not kept
        if (out_.toggles.capacity() == 0) out_.toggles.reserve(std::min<std::size_t>(kMaxToggles, 64));  // one allocation for a page's toggles
        ToggleFields& added = out_.toggles.emplace_back();
        added.is_object = is_object;
        if (is_object) toggle_ = &added;
    }

    // An object or array where the host expects a plain value: remembered as the wrong kind.
    void container_value() {
        if (slot_is_toggles_) reset_toggles(ValueKind::other);
        else if (slot_ != nullptr) *slot_ = kind_only(ValueKind::other);
    }

    template <typename Assign>
    void scalar(ValueKind kind, Assign assign) {
        if (depth_ > 0 && top() == Frame::toggles) {
            add_toggle(false);
        } else if (slot_is_toggles_) {
            reset_toggles(kind);
        } else if (slot_ != nullptr) {
            *slot_ = kind_only(kind);
            assign(*slot_);
        }
        slot_ = nullptr;
        slot_is_toggles_ = false;
    }

    RequestFields& out_;
    std::string error_;
    std::array<Frame, kMaxJsonDepth> stack_{};
    std::size_t depth_ = 0;
    Value* slot_ = nullptr;           // where the next value goes, set by the key before it
    bool slot_is_toggles_ = false;    // the next value is the `toggles` member
    bool slot_is_rules_ = false;      // the request member being read is `rules`
    ToggleFields* toggle_ = nullptr;  // the toggle object being read
};

// A strict RFC 8259 JSON parser (UTF-8 only, no BOM, no comments) that hands values to a
// RequestReader as it meets them. Written for the hot path: nlohmann's lexer copies every
// character one at a time, which makes a 5 KB page request cost tens of microseconds. Strings
// without escapes are passed as views into the body; recursion is bounded because the reader
// refuses to open a container past kMaxJsonDepth.
class RequestParser {
public:
    RequestParser(std::string_view text, RequestReader& reader) : text_(text), reader_(reader) {}

    // False on any error; error() says what and where.
    bool parse() {
        skip_space();
        if (!value()) return false;
        skip_space();
        if (at_ != text_.size()) return fail("unexpected characters after the JSON value");
        return true;
    }

    const std::string& error() const { return error_; }

private:
    bool fail(std::string_view what) {
        if (error_.empty()) error_ = "not valid JSON: " + std::string(what) + " at byte " + std::to_string(at_);
        return false;
    }

    void skip_space() {
        while (at_ < text_.size()) {
            const char c = text_[at_];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
            ++at_;
        }
    }

    bool value() {
        if (at_ >= text_.size()) return fail("unexpected end of input");
        switch (text_[at_]) {
            case '{': return object();
            case '[': return array();
            case '"': {
                std::string_view text;
                if (!string(text)) return false;
                reader_.string(text, last_string_escaped_);
                return true;
            }
            case 't': return literal("true", [&] { reader_.boolean(true); });
            case 'f': return literal("false", [&] { reader_.boolean(false); });
            case 'n': return literal("null", [&] { reader_.null(); });
            default: return number();
        }
    }

    template <typename Emit>
    bool literal(std::string_view word, Emit emit) {
        if (text_.substr(at_, word.size()) != word) return fail("invalid literal");
        at_ += word.size();
        emit();
        return true;
    }

    bool object() {
        ++at_;  // '{'
        if (!reader_.start_object()) return fail(reader_.error());
        skip_space();
        if (at_ < text_.size() && text_[at_] == '}') {
            ++at_;
            reader_.end_container();
            return true;
        }
        for (;;) {
            if (at_ >= text_.size() || text_[at_] != '"') return fail("expected a member name");
            std::string_view name;
            if (!string(name)) return false;
            reader_.key(name);
            skip_space();
            if (at_ >= text_.size() || text_[at_] != ':') return fail("expected ':'");
            ++at_;
            skip_space();
            const std::size_t value_start = at_;
            if (!value()) return false;
            reader_.member_text(text_.substr(value_start, at_ - value_start));
            skip_space();
            if (at_ >= text_.size()) return fail("unexpected end of input in an object");
            if (text_[at_] == ',') {
                ++at_;
                skip_space();
                continue;
            }
            if (text_[at_] != '}') return fail("expected ',' or '}'");
            ++at_;
            reader_.end_container();
            return true;
        }
    }

    bool array() {
        ++at_;  // '['
        if (!reader_.start_array()) return fail(reader_.error());
        skip_space();
        if (at_ < text_.size() && text_[at_] == ']') {
            ++at_;
            reader_.end_container();
            return true;
        }
        for (;;) {
            if (!value()) return false;
            skip_space();
            if (at_ >= text_.size()) return fail("unexpected end of input in an array");
            if (text_[at_] == ',') {
                ++at_;
                skip_space();
                continue;
            }
            if (text_[at_] != ']') return fail("expected ',' or ']'");
            ++at_;
            reader_.end_container();
            return true;
        }
    }

    static int hex_digit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    // Four hex digits after "\u"; at_ is on the first digit.
    bool hex4(char32_t& out) {
        if (at_ + 4 > text_.size()) return fail("incomplete \\u escape");
        out = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            const int digit = hex_digit(text_[at_ + k]);
            if (digit < 0) return fail("invalid \\u escape");
            out = (out << 4) | static_cast<char32_t>(digit);
        }
        at_ += 4;
        return true;
    }

    bool escape() {  // at_ is just past the backslash
        if (at_ >= text_.size()) return fail("unterminated string");
        const char c = text_[at_++];
        switch (c) {
            case '"': scratch_ += '"'; return true;
            case '\\': scratch_ += '\\'; return true;
            case '/': scratch_ += '/'; return true;
            case 'b': scratch_ += '\b'; return true;
            case 'f': scratch_ += '\f'; return true;
            case 'n': scratch_ += '\n'; return true;
            case 'r': scratch_ += '\r'; return true;
            case 't': scratch_ += '\t'; return true;
            case 'u': {
                char32_t cp = 0;
                if (!hex4(cp)) return false;
                if (cp >= 0xDC00 && cp <= 0xDFFF) return fail("a low surrogate without a high one");
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (text_.substr(at_, 2) != "\\u") return fail("a high surrogate without a low one");
                    at_ += 2;
                    char32_t low = 0;
                    if (!hex4(low)) return false;
                    if (low < 0xDC00 || low > 0xDFFF) return fail("a high surrogate without a low one");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                }
                append_utf8(scratch_, cp);
                return true;
            }
            default: return fail("invalid escape");
        }
    }

    // The first byte from `at` on that a string cannot take as it is: a quote, a backslash, a
    // control character or a byte of a multi-byte UTF-8 sequence. Eight bytes at a time (most of a
    // request is labels and keys), byte by byte only in the request's last seven.
    std::size_t skip_plain(std::size_t at) const {
        // The lowest set bit is the first byte in memory only on a little-endian machine (all the
        // host's targets: x86-64, arm64).
        static_assert(std::endian::native == std::endian::little);
        const char* const bytes = text_.data();
        const std::size_t size = text_.size();
        constexpr std::uint64_t kOnes = 0x0101010101010101u, kHighs = 0x8080808080808080u;
        while (at + 8 <= size) {
            std::uint64_t word;
            std::memcpy(&word, bytes + at, 8);
            const std::uint64_t quote = word ^ (kOnes * '"'), backslash = word ^ (kOnes * '\\');
            // The high bit of each byte that is zero in x: (x - 1) & ~x; below 0x20: (x - 0x20) &
            // ~x; 0x80 or above: its own. Exact for the lowest such byte, which is all we use.
            const std::uint64_t special =
                (((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) | ((word - kOnes * 0x20) & ~word) | word) & kHighs;
            if (special != 0) return at + static_cast<std::size_t>(std::countr_zero(special) / 8);
            at += 8;
        }
        while (at < size) {
            const auto c = static_cast<unsigned char>(bytes[at]);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
            ++at;
        }
        return at;
    }

    // A string token; `out` views the body, or scratch_ when the string had escapes (valid until
    // the next string).
    bool string(std::string_view& out) {
        ++at_;  // '"'
        std::size_t run = at_;
        bool escaped = false;
        for (;;) {
            at_ = skip_plain(at_);
            if (at_ >= text_.size()) return fail("unterminated string");
            const auto c = static_cast<unsigned char>(text_[at_]);
            if (c == '"') {
                if (escaped) {
                    scratch_.append(text_, run, at_ - run);
                    out = scratch_;
                } else {
                    out = text_.substr(run, at_ - run);
                }
                last_string_escaped_ = escaped;
                ++at_;
                return true;
            }
            if (c == '\\') {
                if (!escaped) scratch_.clear();
                escaped = true;
                scratch_.append(text_, run, at_ - run);
                ++at_;
                if (!escape()) return false;
                run = at_;
                continue;
            }
            if (c < 0x20) return fail("a control character in a string");
            if (c < 0x80) {
                ++at_;
                continue;
            }
            const std::size_t length = utf8_sequence_length(text_, at_);
            if (length == 0) return fail("invalid UTF-8");
            at_ += length;
        }
    }

    // Whether the number from `start` to at_ is within a double's range, as the reference parser
    // requires (its numbers past that range are errors). Only fractions and huge integers get here.
    bool finite(std::size_t start) const {
        const std::string number(text_.substr(start, at_ - start));
        return std::isfinite(std::strtod(number.c_str(), nullptr));
    }

    bool digits() {  // one or more
        const std::size_t start = at_;
        while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9') ++at_;
        return at_ > start;
    }

    bool number() {
        const std::size_t start = at_;
        const bool negative = text_[at_] == '-';
        if (negative) ++at_;
        if (at_ >= text_.size()) return fail("invalid number");
        if (text_[at_] == '0') ++at_;
        else if (text_[at_] >= '1' && text_[at_] <= '9') digits();
        else return fail(negative ? "invalid number" : "unexpected character");
        const std::size_t integer_end = at_;
        bool whole = true;
        if (at_ < text_.size() && text_[at_] == '.') {
            whole = false;
            ++at_;
            if (!digits()) return fail("invalid number");
        }
        if (at_ < text_.size() && (text_[at_] == 'e' || text_[at_] == 'E')) {
            whole = false;
            ++at_;
            if (at_ < text_.size() && (text_[at_] == '+' || text_[at_] == '-')) ++at_;
            if (!digits()) return fail("invalid number");
        }
        if (!whole) {
            if (!finite(start)) return fail("number overflow");
            reader_.fraction();
            return true;
        }
        std::uint64_t magnitude = 0;
        bool overflow = false;
        for (std::size_t k = start + (negative ? 1 : 0); k < integer_end; ++k) {
            const auto digit = static_cast<std::uint64_t>(text_[k] - '0');
            if (magnitude > (UINT64_MAX - digit) / 10) overflow = true;
            magnitude = magnitude * 10 + digit;
        }
        const auto limit = static_cast<std::uint64_t>(INT64_MAX);
        if (overflow && !finite(start)) return fail("number overflow");
        if (overflow) reader_.integer(0, false);
        else if (!negative) reader_.integer(magnitude <= limit ? static_cast<std::int64_t>(magnitude) : 0, magnitude <= limit);
        else if (magnitude <= limit) reader_.integer(-static_cast<std::int64_t>(magnitude), true);
        else reader_.integer(0, false);  // below INT64_MIN (or exactly it): never a valid id or version
        return true;
    }

    std::string_view text_;
    RequestReader& reader_;
    std::size_t at_ = 0;
    std::string scratch_;
    bool last_string_escaped_ = false;  // the last string read is in scratch_, not the body
    std::string error_;
};

}  // namespace

void read_request(std::string_view body, RequestFields& fields) {
    std::vector<ToggleFields> room = std::move(fields.toggles);
    room.clear();
    fields = RequestFields{};
    fields.toggles = std::move(room);
    if (body.empty()) throw ProtocolError(ErrorCode::bad_json, "empty message");
    RequestReader reader(fields);
    RequestParser parser(body, reader);
    if (!parser.parse()) throw ProtocolError(ErrorCode::bad_json, parser.error());
}

RequestFields read_request(std::string_view body) {
    RequestFields fields;
    auto own = std::make_unique<const std::string>(body);
    const std::string_view kept = *own;
    read_request(kept, fields);
    fields.own_body = std::move(own);
    return fields;
}

}  // namespace optout
