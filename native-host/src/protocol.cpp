#include "protocol.hpp"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace optout {
namespace {

using nlohmann::json;

constexpr std::int64_t kMaxId = (std::int64_t{1} << 53) - 1;

[[noreturn]] void bad_request(const std::string& message) { throw ProtocolError(ErrorCode::bad_request, message); }

const Value& required(const Value& value, std::string_view name, std::string_view context) {
    if (value.kind == ValueKind::absent) bad_request(std::string(context) + ": " + std::string(name) + " is missing");
    return value;
}

std::string_view bounded_string(const Value& value, std::string_view what, std::size_t max_bytes) {
    if (value.kind != ValueKind::string) bad_request(std::string(what) + " must be a string");
    if (value.text.size() > max_bytes)
        bad_request(std::string(what) + " is " + std::to_string(value.text.size()) + " bytes; the limit is " +
                    std::to_string(max_bytes));
    return value.text;
}

}  // namespace

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

void url_path(std::string_view url, std::string& path) {
    path.clear();
    std::size_t start = 0;
    if (const auto scheme = url.find("://"); scheme != std::string_view::npos) {
        start = url.find('/', scheme + 3);
        if (start == std::string_view::npos) {
            path = "/";
            return;
        }
    }
    const auto end = url.find_first_of("?#", start);
    const auto view = url.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!view.empty() && view.front() == '/') path = view;
}

std::string url_path(std::string_view url) {
    std::string path;
    url_path(url, path);
    return path;
}

void take_page_state(const RequestFields& request, PageState& page) {
    required(request.url, "url", "page");
    url_path(bounded_string(request.url, "page: url", kMaxUrlBytes), page.path);
    page.lang.clear();
    if (request.lang.kind != ValueKind::absent) page.lang = bounded_string(request.lang, "page: lang", kMaxLangBytes);
    if (request.toggles_kind == ValueKind::absent) bad_request("page: toggles is missing");
    if (!request.toggles_is_array) bad_request("page: toggles must be an array");
    if (request.toggle_count > kMaxToggles)
        bad_request("page: " + std::to_string(request.toggle_count) + " toggles; the limit is " + std::to_string(kMaxToggles));
    // Resized, not cleared: the toggles kept from the last page keep their strings' room, so a
    // session's pages copy their text without allocating.
    page.toggles.resize(request.toggles.size());
    for (std::size_t i = 0; i < request.toggles.size(); ++i) {
        // The field's name and what is wrong with it, built only when there is something to say;
        // appended piece by piece because GCC 12 at -O3 warns falsely (-Wrestrict) on chains of
        // "literal" + std::string (the mingw-w64 Release build is -Werror).
        auto where = [i](std::initializer_list<std::string_view> parts) {
            std::string message = "page: toggles[";
            message += std::to_string(i);
            message += ']';
            for (std::string_view part : parts) message += part;
            return message;
        };
        const ToggleFields& t = request.toggles[i];
        if (!t.is_object) bad_request(where({" must be an object"}));
        auto take = [&](const Value& value, std::string_view name, std::size_t max_bytes) -> std::string_view {
            if (value.kind == ValueKind::absent) bad_request(where({": ", name, " is missing"}));
            if (value.kind != ValueKind::string) bad_request(where({".", name, " must be a string"}));
            if (value.text.size() > max_bytes)
                bad_request(where({".", name, " is ", std::to_string(value.text.size()), " bytes; the limit is ",
                                   std::to_string(max_bytes)}));
            return value.text;
        };
        Toggle& toggle = page.toggles[i];
        toggle.key = take(t.key, "key", kMaxKeyBytes);
        toggle.label = take(t.label, "label", kMaxLabelBytes);
        if (t.on.kind == ValueKind::absent) bad_request(where({": on is missing"}));
        if (t.on.kind != ValueKind::boolean) bad_request(where({".on must be a boolean"}));
        toggle.on = t.on.flag;
        toggle.section.clear();
        if (t.section.kind != ValueKind::absent) toggle.section = take(t.section, "section", kMaxSectionBytes);
    }
}

PageState take_page_state(const RequestFields& request) {
    PageState page;
    take_page_state(request, page);
    return page;
}

std::string_view install_of(const RequestFields& request) {
    const std::string_view context = request.type.kind == ValueKind::string ? request.type.text : std::string_view("request");
    const Value& install = required(request.install, "install", context);
    if (install.kind != ValueKind::string) bad_request("install must be a string");
    const std::string_view id = install.text;
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
