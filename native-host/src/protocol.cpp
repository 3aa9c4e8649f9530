#include "protocol.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace optout {
namespace {

using nlohmann::json;

constexpr std::string_view kErrorNames[] = {"bad_frame",           "too_large",    "bad_json",          "bad_request",
                                            "unsupported_version", "unknown_type", "state_unavailable", "internal"};
constexpr std::int64_t kMaxId = (std::int64_t{1} << 53) - 1;

[[noreturn]] void bad_request(const std::string& message) { throw ProtocolError(ErrorCode::bad_request, message); }

const json& required(const json& object, std::string_view name, std::string_view context) {
    const auto it = object.find(name);
    if (it == object.end()) bad_request(std::string(context) + ": " + std::string(name) + " is missing");
    return *it;
}

std::string bounded_string(const json& value, std::string_view what, std::size_t max_bytes) {
    if (!value.is_string()) bad_request(std::string(what) + " must be a string");
    const auto& s = value.get_ref<const std::string&>();
    if (s.size() > max_bytes)
        bad_request(std::string(what) + " is " + std::to_string(s.size()) + " bytes; the limit is " + std::to_string(max_bytes));
    return s;
}

}  // namespace

std::string_view to_string(ErrorCode code) { return kErrorNames[static_cast<std::size_t>(code)]; }

json parse_request_json(std::string_view body) {
    if (body.empty()) throw ProtocolError(ErrorCode::bad_json, "empty message");
    // The callback sees every value with its depth; refusing deep ones keeps a hostile
    // 100,000-deep document from costing more than a few levels of memory.
    const json::parser_callback_t limit_depth = [](int depth, json::parse_event_t event, json&) {
        if ((event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) &&
            static_cast<std::size_t>(depth) >= kMaxJsonDepth) {
            throw ProtocolError(ErrorCode::bad_json, "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
        }
        return true;
    };
    try {
        return json::parse(body.begin(), body.end(), limit_depth);
    } catch (const json::exception& e) {
        throw ProtocolError(ErrorCode::bad_json, std::string("not valid JSON: ") + e.what());
    }
}

std::optional<std::int64_t> request_id(const json& request) {
    if (!request.is_object()) return std::nullopt;
    const auto it = request.find("id");
    if (it == request.end() || !it->is_number_integer()) return std::nullopt;
    if (it->is_number_unsigned()) {
        const auto id = it->get<std::uint64_t>();
        if (id > static_cast<std::uint64_t>(kMaxId)) return std::nullopt;
        return static_cast<std::int64_t>(id);
    }
    const auto id = it->get<std::int64_t>();
    if (id < 0 || id > kMaxId) return std::nullopt;
    return id;
}

std::string_view check_envelope(const json& request) {
    if (!request.is_object()) bad_request("a request must be a JSON object");
    const json& version = required(request, "v", "request");
    if (!version.is_number_integer()) bad_request("v must be an integer");
    if (version.get<std::int64_t>() != kProtocolVersion)
        throw ProtocolError(ErrorCode::unsupported_version,
                            "protocol version " + version.dump() + " is not supported; this host speaks version 1");
    if (!request_id(request)) bad_request("id must be an integer from 0 to 2^53-1");
    const json& type = required(request, "type", "request");
    if (!type.is_string()) bad_request("type must be a string");
    return type.get_ref<const std::string&>();
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

PageState parse_page_state(const json& request) {
    PageState page;
    page.path = url_path(bounded_string(required(request, "url", "page"), "page: url", kMaxUrlBytes));
    if (const auto lang = request.find("lang"); lang != request.end()) page.lang = bounded_string(*lang, "page: lang", 64);
    const json& toggles = required(request, "toggles", "page");
    if (!toggles.is_array()) bad_request("page: toggles must be an array");
    if (toggles.size() > kMaxToggles)
        bad_request("page: " + std::to_string(toggles.size()) + " toggles; the limit is " + std::to_string(kMaxToggles));
    page.toggles.reserve(toggles.size());
    for (std::size_t i = 0; i < toggles.size(); ++i) {
        const std::string where = "page: toggles[" + std::to_string(i) + "]";
        const json& t = toggles[i];
        if (!t.is_object()) bad_request(where + " must be an object");
        Toggle toggle;
        toggle.key = bounded_string(required(t, "key", where), where + ".key", kMaxKeyBytes);
        toggle.label = bounded_string(required(t, "label", where), where + ".label", kMaxLabelBytes);
        const json& on = required(t, "on", where);
        if (!on.is_boolean()) bad_request(where + ".on must be a boolean");
        toggle.on = on.get<bool>();
        if (const auto section = t.find("section"); section != t.end())
            toggle.section = bounded_string(*section, where + ".section", kMaxLabelBytes);
        page.toggles.push_back(std::move(toggle));
    }
    return page;
}

std::string parse_install(const json& request) {
    const json& install = required(request, "install", std::string(request.value("type", "request")));
    if (!install.is_string()) bad_request("install must be a string");
    const auto& id = install.get_ref<const std::string&>();
    const bool ok = id.size() >= kMinInstallChars && id.size() <= kMaxInstallChars &&
                    std::all_of(id.begin(), id.end(), [](char c) {
                        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                    });
    if (!ok) bad_request("install must be 8 to 64 characters of A-Z a-z 0-9 _ -");
    return id;
}

Profile parse_profile_field(const json& request, std::optional<Profile> fallback) {
    const auto it = request.find("profile");
    if (it == request.end()) {
        if (fallback) return *fallback;
        bad_request("profile is missing");
    }
    if (!it->is_string()) bad_request("profile must be a string");
    const auto profile = parse_profile(it->get_ref<const std::string&>());
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
