#include "protocol.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "utf8.hpp"

namespace optout {
namespace {

using nlohmann::json;

constexpr std::string_view kErrorNames[] = {"bad_frame",           "too_large",    "bad_json",          "bad_request",
                                            "unsupported_version", "unknown_type", "state_unavailable", "internal"};
constexpr std::int64_t kMaxId = (std::int64_t{1} << 53) - 1;
constexpr std::size_t kMaxLangBytes = 64;

[[noreturn]] void bad_request(const std::string& message) { throw ProtocolError(ErrorCode::bad_request, message); }

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
    void string(std::string_view text) {
        scalar(ValueKind::string, [&](Value& v) { v.text = text; });
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
                reader_.string(text);
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

    // A string token; `out` views the body, or scratch_ when the string had escapes (valid until
    // the next string).
    bool string(std::string_view& out) {
        ++at_;  // '"'
        std::size_t run = at_;
        bool escaped = false;
        for (;;) {
            if (at_ >= text_.size()) return fail("unterminated string");
            const auto c = static_cast<unsigned char>(text_[at_]);
            if (c == '"') {
                if (escaped) {
                    scratch_.append(text_, run, at_ - run);
                    out = scratch_;
                } else {
                    out = text_.substr(run, at_ - run);
                }
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
    std::string error_;
};

const Value& required(const Value& value, std::string_view name, std::string_view context) {
    if (value.kind == ValueKind::absent) bad_request(std::string(context) + ": " + std::string(name) + " is missing");
    return value;
}

std::string& bounded_string(Value& value, std::string_view what, std::size_t max_bytes) {
    if (value.kind != ValueKind::string) bad_request(std::string(what) + " must be a string");
    if (value.text.size() > max_bytes)
        bad_request(std::string(what) + " is " + std::to_string(value.text.size()) + " bytes; the limit is " +
                    std::to_string(max_bytes));
    return value.text;
}

}  // namespace

std::string_view to_string(ErrorCode code) { return kErrorNames[static_cast<std::size_t>(code)]; }

RequestFields read_request(std::string_view body) {
    if (body.empty()) throw ProtocolError(ErrorCode::bad_json, "empty message");
    RequestFields fields;
    RequestReader reader(fields);
    RequestParser parser(body, reader);
    if (!parser.parse()) throw ProtocolError(ErrorCode::bad_json, parser.error());
    return fields;
}

std::optional<std::int64_t> request_id(const RequestFields& request) {
    const Value& id = request.id;
    if (!request.is_object || id.kind != ValueKind::integer || !id.integer_fits) return std::nullopt;
    if (id.integer < 0 || id.integer > kMaxId) return std::nullopt;
    return id.integer;
}

std::string_view check_envelope(const RequestFields& request) {
    if (!request.is_object) bad_request("a request must be a JSON object");
    const Value& version = required(request.v, "v", "request");
    if (version.kind != ValueKind::integer) bad_request("v must be an integer");
    if (!version.integer_fits || version.integer != kProtocolVersion)
        throw ProtocolError(ErrorCode::unsupported_version,
                            "protocol version " + (version.integer_fits ? std::to_string(version.integer) : std::string("(too large)")) +
                                " is not supported; this host speaks version 1");
    if (!request_id(request)) bad_request("id must be an integer from 0 to 2^53-1");
    const Value& type = required(request.type, "type", "request");
    if (type.kind != ValueKind::string) bad_request("type must be a string");
    return type.text;
}

std::string url_path(std::string_view url) {
    std::size_t start = 0;
    if (const auto scheme = url.find("://"); scheme != std::string_view::npos) {
        start = url.find('/', scheme + 3);
        if (start == std::string_view::npos) return "/";
    }
    const auto end = url.find_first_of("?#", start);
    auto path = url.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (path.empty() || path.front() != '/') return "";
    return std::string(path);
}

PageState take_page_state(RequestFields& request) {
    PageState page;
    required(request.url, "url", "page");
    page.path = url_path(bounded_string(request.url, "page: url", kMaxUrlBytes));
    if (request.lang.kind != ValueKind::absent) page.lang = std::move(bounded_string(request.lang, "page: lang", kMaxLangBytes));
    if (request.toggles_kind == ValueKind::absent) bad_request("page: toggles is missing");
    if (!request.toggles_is_array) bad_request("page: toggles must be an array");
    if (request.toggle_count > kMaxToggles)
        bad_request("page: " + std::to_string(request.toggle_count) + " toggles; the limit is " + std::to_string(kMaxToggles));
    page.toggles.reserve(request.toggles.size());
    for (std::size_t i = 0; i < request.toggles.size(); ++i) {
        // The field's name for a message, built only when there is something to say.
        auto where = [i](std::string_view field) { return "page: toggles[" + std::to_string(i) + "]" + std::string(field); };
        ToggleFields& t = request.toggles[i];
        if (!t.is_object) bad_request(where(" must be an object"));
        auto take = [&](Value& value, std::string_view name, std::size_t max_bytes) -> std::string {
            if (value.kind == ValueKind::absent) bad_request(where(": " + std::string(name) + " is missing"));
            if (value.kind != ValueKind::string) bad_request(where("." + std::string(name) + " must be a string"));
            if (value.text.size() > max_bytes)
                bad_request(where("." + std::string(name) + " is " + std::to_string(value.text.size()) + " bytes; the limit is " +
                                  std::to_string(max_bytes)));
            return std::move(value.text);
        };
        Toggle toggle;
        toggle.key = take(t.key, "key", kMaxKeyBytes);
        toggle.label = take(t.label, "label", kMaxLabelBytes);
        if (t.on.kind == ValueKind::absent) bad_request(where(": on is missing"));
        if (t.on.kind != ValueKind::boolean) bad_request(where(".on must be a boolean"));
        toggle.on = t.on.flag;
        if (t.section.kind != ValueKind::absent) toggle.section = take(t.section, "section", kMaxLabelBytes);
        page.toggles.push_back(std::move(toggle));
    }
    return page;
}

std::string_view install_of(const RequestFields& request) {
    const std::string_view context = request.type.kind == ValueKind::string ? std::string_view(request.type.text) : "request";
    const Value& install = required(request.install, "install", context);
    if (install.kind != ValueKind::string) bad_request("install must be a string");
    const std::string& id = install.text;
    const bool ok = id.size() >= kMinInstallChars && id.size() <= kMaxInstallChars &&
                    std::all_of(id.begin(), id.end(), [](char c) {
                        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                    });
    if (!ok) bad_request("install must be 8 to 64 characters of A-Z a-z 0-9 _ -");
    return id;
}

Profile profile_of(const RequestFields& request, std::optional<Profile> fallback) {
    const Value& value = request.profile;
    if (value.kind == ValueKind::absent) {
        if (fallback) return *fallback;
        bad_request("profile is missing");
    }
    if (value.kind != ValueKind::string) bad_request("profile must be a string");
    const auto profile = parse_profile(value.text);
    if (!profile) bad_request("profile must be essential, recommended or strict");
    return *profile;
}

std::string error_reply(std::optional<std::int64_t> id, ErrorCode code, std::string_view message) {
    json reply = {{"v", kProtocolVersion}, {"type", "error"}, {"code", to_string(code)}, {"message", message}};
    reply["id"] = id ? json(*id) : json(nullptr);
    // Messages may quote hostile input; replace invalid UTF-8 rather than throwing.
    return reply.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace optout
