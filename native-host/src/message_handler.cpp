#include "message_handler.hpp"

#include <chrono>
#include <ctime>

#include <nlohmann/json.hpp>

#include "framing.hpp"
#include "protocol.hpp"

namespace optout {
namespace {

using nlohmann::json;

json rule_item(const Rule& rule) {
    return {{"rule", rule.id}, {"title", rule.title}, {"why", rule.why}, {"link", rule.link}};
}

json finding_json(const RuleFinding& finding) {
    json item = rule_item(*finding.rule);
    item["key"] = finding.key;
    return item;
}

json badge_json(const Badge& badge) {
    return {{"text", badge.text}, {"color", badge.color}, {"state", to_string(badge.state)}, {"title", badge.title}};
}

}  // namespace

std::string iso8601_utc(std::int64_t seconds) {
    const auto t = static_cast<std::time_t>(seconds);
    std::tm utc{};
#ifdef _WIN32
    gmtime_s(&utc, &t);
#else
    gmtime_r(&t, &utc);
#endif
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

std::int64_t system_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

json verdict_json(const PageVerdict& verdict, const Badge& badge) {
    json reply = {{"type", "verdict"}};
    if (verdict.kind == PageKind::none) {
        reply["page"] = nullptr;
    } else {
        json rule_ids = json::array();
        for (const Rule* rule : verdict.page_rules) rule_ids.push_back(rule->id);
        reply["page"] = {{"path", verdict.path}, {"kind", to_string(verdict.kind)}, {"title", verdict.title}, {"rules", std::move(rule_ids)}};
    }
    json pending = json::array(), done = json::array(), unknown = json::array();
    for (const auto& f : verdict.pending) pending.push_back(finding_json(f));
    for (const auto& f : verdict.done) done.push_back(finding_json(f));
    for (const auto& u : verdict.unknown) {
        json item = rule_item(*u.rule);
        item["key"] = u.key ? json(*u.key) : json(nullptr);
        item["reason"] = to_string(u.reason);
        unknown.push_back(std::move(item));
    }
    reply["pending"] = std::move(pending);
    reply["done"] = std::move(done);
    reply["unknown"] = std::move(unknown);
    reply["badge"] = badge_json(badge);
    return reply;
}

const MessageHandler::Route MessageHandler::kRoutes[] = {
    {"hello", &MessageHandler::on_hello}, {"page", &MessageHandler::on_page},   {"status", &MessageHandler::on_status},
    {"forget", &MessageHandler::on_forget}, {"rules", &MessageHandler::on_rules},
};

MessageHandler::MessageHandler(const Rules& rules, StateStore* store, Clock clock)
    : rules_(rules), store_(store), clock_(std::move(clock)) {}

std::string MessageHandler::handle(std::string_view request_body) {
    std::optional<std::int64_t> id;
    try {
        const json request = parse_request_json(request_body);
        id = request_id(request);
        const std::string_view type = check_envelope(request);
        for (const Route& route : kRoutes) {
            if (route.type != type) continue;
            json reply = (this->*route.handler)(request);
            reply["v"] = kProtocolVersion;
            reply["id"] = *id;
            std::string body = reply.dump(-1, ' ', false, json::error_handler_t::replace);
            if (body.size() > kMaxReplyBytes)
                return error_reply(id, ErrorCode::too_large,
                                   "the reply would be " + std::to_string(body.size()) + " bytes, over the browser's limit");
            return body;
        }
        throw ProtocolError(ErrorCode::unknown_type, "unknown type \"" + std::string(type) +
                                                         "\"; this host knows hello, page, status, forget, rules");
    } catch (const ProtocolError& e) {
        return error_reply(id, e.code(), e.what());
    } catch (const StateUnavailable& e) {
        return error_reply(id, ErrorCode::state_unavailable, e.what());
    } catch (const std::exception& e) {
        return error_reply(id, ErrorCode::internal, e.what());
    }
}

StateStore& MessageHandler::store() {
    if (store_ == nullptr) throw StateUnavailable("this host runs without remembered state");
    return *store_;
}

json MessageHandler::on_hello(const json&) {
    return {{"type", "hello"},
            {"host", kHostName},
            {"version", kHostVersion},
            {"protocol", kProtocolVersion},
            {"rules", {{"version", rules_.version}, {"count", rules_.rules.size()}}}};
}

json MessageHandler::on_page(const json& request) {
    const std::string install = parse_install(request);
    const Profile profile = parse_profile_field(request);
    const PageState page = parse_page_state(request);
    const PageVerdict verdict = evaluate_page(rules_, page, profile);
    const InstallMemory memory = store().record(install, verdict.observations, rules_.version, clock_());
    return verdict_json(verdict, badge_for(rules_, profile, memory, !verdict.unknown.empty()));
}

json MessageHandler::on_status(const json& request) {
    const std::string install = parse_install(request);
    const Profile profile = parse_profile_field(request);
    const InstallMemory memory = store().load(install);
    json items = json::array();
    for (const Rule& rule : rules_.rules) {
        if (!rule.in_profile(profile)) continue;
        json item = rule_item(rule);
        item["category"] = to_string(rule.category);
        const auto it = memory.rules.find(rule.id);
        if (it == memory.rules.end()) {
            item["state"] = "unseen";
            item["seen"] = nullptr;
        } else {
            item["state"] = to_string(it->second.state);
            item["seen"] = iso8601_utc(it->second.seen);
        }
        items.push_back(std::move(item));
    }
    return {{"type", "status"},
            {"profile", to_string(profile)},
            {"rules_version", rules_.version},
            {"items", std::move(items)},
            {"badge", badge_json(badge_for(rules_, profile, memory, false))}};
}

json MessageHandler::on_forget(const json& request) {
    const std::string install = parse_install(request);
    const bool removed = store().forget(install);
    return {{"type", "forgotten"}, {"install", install}, {"removed", removed}};
}

json MessageHandler::on_rules(const json&) {
    json list = json::array();
    for (const Rule& rule : rules_.rules) {
        json profiles = json::array();
        for (std::size_t p = 0; p < std::size(kProfileNames); ++p)
            if (rule.in_profile(static_cast<Profile>(p))) profiles.push_back(kProfileNames[p]);
        list.push_back({{"id", rule.id},
                        {"title", rule.title},
                        {"why", rule.why},
                        {"category", to_string(rule.category)},
                        {"profiles", std::move(profiles)},
                        {"regions", rule.regions},
                        {"link", rule.link},
                        {"source", {{"url", rule.source.url}, {"date", rule.source.date}, {"note", rule.source.note}}}});
    }
    return {{"type", "rules"}, {"version", rules_.version}, {"rules", std::move(list)}};
}

}  // namespace optout
