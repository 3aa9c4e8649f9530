#include "protocol.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include <nlohmann/json.hpp>

namespace optout {
namespace {

using nlohmann::json;

constexpr std::string_view kErrorNames[] = {"bad_frame",           "too_large",    "bad_json",          "bad_request",
                                            "unsupported_version", "unknown_type", "state_unavailable", "internal"};
constexpr std::int64_t kMaxId = (std::int64_t{1} << 53) - 1;
constexpr std::size_t kMaxLangBytes = 64;

[[noreturn]] void bad_request(const std::string& message) { throw ProtocolError(ErrorCode::bad_request, message); }

// Reads the members the host knows straight from the parser's events into RequestFields. The
// stack of open containers is bounded by kMaxJsonDepth, so hostile nesting costs nothing.
class RequestReader final : public nlohmann::json_sax<json> {
public:
    explicit RequestReader(RequestFields& out) : out_(out) {}

    const std::string& error() const { return error_; }

    bool null() override { return scalar(ValueKind::other, [](Value&) {}); }
    bool boolean(bool flag) override {
        return scalar(ValueKind::boolean, [&](Value& v) { v.flag = flag; });
    }
    bool number_integer(number_integer_t number) override {
        return scalar(ValueKind::integer, [&](Value& v) { v.integer = number; });
    }
    bool number_unsigned(number_unsigned_t number) override {
        return scalar(ValueKind::integer, [&](Value& v) {
            v.integer_fits = number <= static_cast<number_unsigned_t>(INT64_MAX);
            v.integer = v.integer_fits ? static_cast<std::int64_t>(number) : 0;
        });
    }
    bool number_float(number_float_t, const string_t&) override { return scalar(ValueKind::other, [](Value&) {}); }
    bool string(string_t& text) override {
        return scalar(ValueKind::string, [&](Value& v) { v.text = std::move(text); });
    }
    bool binary(binary_t&) override { return scalar(ValueKind::other, [](Value&) {}); }

    bool start_object(std::size_t) override {
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
    bool start_array(std::size_t) override {
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
    bool end_object() override { return pop(); }
    bool end_array() override { return pop(); }

    bool key(string_t& name) override {
        slot_ = nullptr;
        slot_is_toggles_ = false;
        if (top() == Frame::request) {
            if (name == "toggles") slot_is_toggles_ = true;
            else slot_ = request_member(name);
        } else if (top() == Frame::toggle && toggle_ != nullptr) {
            slot_ = name == "key" ? &toggle_->key
                  : name == "label" ? &toggle_->label
                  : name == "on" ? &toggle_->on
                  : name == "section" ? &toggle_->section
                  : nullptr;
        }
        return true;
    }

    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
        error_ = std::string("not valid JSON: ") + e.what();
        return false;
    }

private:
    enum class Frame : std::uint8_t { request, toggles, toggle, ignored };

    Value* request_member(std::string_view name) {
        if (name == "v") return &out_.v;
        if (name == "id") return &out_.id;
        if (name == "type") return &out_.type;
        if (name == "install") return &out_.install;
        if (name == "profile") return &out_.profile;
        if (name == "url") return &out_.url;
        if (name == "lang") return &out_.lang;
        return nullptr;  // unknown members are ignored, so later minor versions can add fields
    }

    static Value kind_only(ValueKind kind) {
        Value value;
        value.kind = kind;
        return value;
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

    bool pop() {
        if (top() == Frame::toggle) toggle_ = nullptr;
        --depth_;
        slot_ = nullptr;
        slot_is_toggles_ = false;
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
    bool scalar(ValueKind kind, Assign assign) {
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
        return true;
    }

    RequestFields& out_;
    std::string error_;
    std::array<Frame, kMaxJsonDepth> stack_{};
    std::size_t depth_ = 0;
    Value* slot_ = nullptr;         // where the next value goes, set by the key before it
    bool slot_is_toggles_ = false;  // the next value is the `toggles` member
    ToggleFields* toggle_ = nullptr;  // the toggle object being read
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
    if (!json::sax_parse(body.begin(), body.end(), &reader)) throw ProtocolError(ErrorCode::bad_json, reader.error());
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
        const std::string where = "page: toggles[" + std::to_string(i) + "]";
        ToggleFields& t = request.toggles[i];
        if (!t.is_object) bad_request(where + " must be an object");
        Toggle toggle;
        required(t.key, "key", where);
        toggle.key = std::move(bounded_string(t.key, where + ".key", kMaxKeyBytes));
        required(t.label, "label", where);
        toggle.label = std::move(bounded_string(t.label, where + ".label", kMaxLabelBytes));
        if (required(t.on, "on", where).kind != ValueKind::boolean) bad_request(where + ".on must be a boolean");
        toggle.on = t.on.flag;
        if (t.section.kind != ValueKind::absent) toggle.section = std::move(bounded_string(t.section, where + ".section", kMaxLabelBytes));
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
