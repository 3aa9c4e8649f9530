#include "message_handler.hpp"

#include <chrono>
#include <ctime>

#include <nlohmann/json.hpp>

#include "framing.hpp"
#include "json_writer.hpp"
#include "protocol.hpp"

namespace optout {
namespace {

using contract::RequestType;

// The `type` of the reply to a request type, as protocol/contract.json pairs them.
std::string_view reply_type(RequestType type) { return contract::request(type).reply; }

std::optional<RequestType> request_type(std::string_view name) {
    for (std::size_t i = 0; i < std::size(contract::kRequests); ++i)
        if (contract::kRequests[i].type == name) return static_cast<RequestType>(i);
    return std::nullopt;
}

std::string known_types() {
    std::string list;
    for (const auto& request : contract::kRequests) list += (list.empty() ? "" : ", ") + std::string(request.type);
    return list;
}

using nlohmann::json;

json rule_item(const Rule& rule) {
    return {{"rule", rule.id}, {"title", rule.title}, {"why", rule.why}, {"link", rule.link}};
}

json badge_json(const Badge& badge) {
    return {{"text", badge.text}, {"color", badge.color}, {"state", to_string(badge.state)}, {"title", badge.title}};
}

// A reply built as a JSON tree (the rarer messages): add the envelope and serialise.
std::string finish(json reply, std::int64_t id) {
    reply["v"] = kProtocolVersion;
    reply["id"] = id;
    return reply.dump(-1, ' ', false, json::error_handler_t::replace);
}

json source_json(const RuleSource& source) { return {{"url", source.url}, {"date", source.date}, {"note", source.note}}; }

// `check_after_days`: optional, an integer within protocol/contract.json's limits.
int check_after_days_of(const RequestFields& request) {
    const Value& value = request.check_after_days;
    if (value.kind == ValueKind::absent) return kDefaultCheckAfterDays;
    if (value.kind != ValueKind::integer || !value.integer_fits || value.integer < kMinCheckAfterDays ||
        value.integer > kMaxCheckAfterDays)
        throw ProtocolError(ErrorCode::bad_request, "check_after_days must be an integer from " + std::to_string(kMinCheckAfterDays) +
                                                        " to " + std::to_string(kMaxCheckAfterDays));
    return static_cast<int>(value.integer);
}

void write_rule_members(JsonWriter& w, const Rule& rule) {
    w.members(rule.reply_members);  // "rule", "title", "why", "link", written when the rules loaded
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

std::string verdict_reply(const PageVerdict& verdict, const Badge& badge, std::optional<std::int64_t> id) {
    std::string body;
    body.reserve(1024 + 512 * (verdict.pending.size() + verdict.done.size() + verdict.unknown.size()));
    JsonWriter w(body);
    w.begin_object();
    if (id) w.key("v").value(std::int64_t{kProtocolVersion}).key("id").value(*id);
    w.key("type").value(reply_type(RequestType::page));
    w.key("page");
    if (verdict.kind == PageKind::none) {
        w.null();
    } else {
        w.begin_object().key("path").value(verdict.path).key("kind").value(to_string(verdict.kind));
        w.key("title").value(verdict.title).key("rules").begin_array();
        for (const Rule* rule : verdict.page_rules) w.value(rule->id);
        w.end_array();
        w.key("unmatched").value(static_cast<std::int64_t>(verdict.unmatched)).key("changed").value(verdict.changed);
        w.end_object();
    }
    for (const auto& [name, findings] : {std::pair{"pending", &verdict.pending}, std::pair{"done", &verdict.done}}) {
        w.key(name).begin_array();
        for (const RuleFinding& f : *findings) {
            w.begin_object();
            write_rule_members(w, *f.rule);
            w.key("key").value(f.key).end_object();
        }
        w.end_array();
    }
    w.key("unknown").begin_array();
    for (const UnknownFinding& u : verdict.unknown) {
        w.begin_object();
        write_rule_members(w, *u.rule);
        w.key("key");
        if (u.key) w.value(*u.key);
        else w.null();
        w.key("reason").value(to_string(u.reason)).end_object();
    }
    w.end_array();
    w.key("badge").begin_object().key("text").value(badge.text).key("color").value(badge.color);
    w.key("state").value(to_string(badge.state)).key("title").value(badge.title).end_object();
    w.end_object();
    return body;
}


const MessageHandler::Route MessageHandler::kRoutes[] = {
    {RequestType::hello, &MessageHandler::on_hello},   {RequestType::page, &MessageHandler::on_page},
    {RequestType::status, &MessageHandler::on_status}, {RequestType::forget, &MessageHandler::on_forget},
    {RequestType::rules, &MessageHandler::on_rules},   {RequestType::mark, &MessageHandler::on_mark},
    {RequestType::offer_rules, &MessageHandler::on_offer_rules},
};


MessageHandler::MessageHandler(const Rules& rules, StateStore* store, Clock clock)
    : own_rules_(rules), store_(store), clock_(std::move(clock)) {}

std::string MessageHandler::handle(std::string_view request_body) {
    static_assert(std::size(kRoutes) == std::size(contract::kRequests), "every request type of protocol/contract.json needs a route");
    std::optional<std::int64_t> id;
    try {
        RequestFields& request = request_;
        read_request(request_body, request);
        id = request_id(request);
        const std::string_view type = check_envelope(request);
        const std::optional<RequestType> known = request_type(type);
        for (const Route& route : kRoutes) {
            if (!known || route.type != *known) continue;
            std::string body = (this->*route.handler)(request, *id);
            if (body.size() > kMaxReplyBytes)
                return error_reply(id, ErrorCode::too_large,
                                   "the reply would be " + std::to_string(body.size()) + " bytes, over the browser's limit");
            return body;
        }
        throw ProtocolError(ErrorCode::unknown_type, "unknown type \"" + std::string(type) +
                                                         "\"; this host knows " + known_types());
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

std::string MessageHandler::on_hello(RequestFields&, std::int64_t id) {
    return finish({{"type", reply_type(RequestType::hello)},
                   {"host", kHostName},
                   {"version", kHostVersion},
                   {"protocol", kProtocolVersion},
                   {"rules", {{"version", rules().version}, {"count", rules().rules.size()}}}},
                  id);
}

std::string MessageHandler::on_page(RequestFields& request, std::int64_t id) {
    const std::string_view install = install_of(request);
    const Profile profile = profile_of(request);
    const int check_after_days = check_after_days_of(request);
    take_page_state(request, page_);
    const Rules& in_use = rules();
    const PageVerdict verdict = evaluate_page(in_use, page_, profile);
    const std::int64_t now = clock_();
    const InstallMemory& memory = store().record(install, verdict.observations, in_use.version, now);
    return verdict_reply(verdict, badge_for(in_use, profile, memory, !verdict.unknown.empty(), {now, check_after_days}), id);
}

std::string MessageHandler::on_status(RequestFields& request, std::int64_t id) {
    const std::string_view install = install_of(request);
    const Profile profile = profile_of(request);
    const Freshness freshness{clock_(), check_after_days_of(request)};
    const InstallMemory& memory = store().load(install);
    const Rules& in_use = rules();
    json items = json::array();
    for (const Rule& rule : in_use.rules) {
        if (!rule.in_profile(profile)) continue;
        json item = rule_item(rule);
        item["category"] = to_string(rule.category);
        const ItemStatus status = item_status(rule, memory, freshness);
        item["state"] = to_string(status.state);
        const json when = status.remembered ? json(iso8601_utc(status.remembered->seen)) : json(nullptr);
        if (status.state == ItemState::manual) {
            item["marked"] = when;
        } else {
            item["seen"] = when;
            if (status.check_reason) item["check_reason"] = to_string(*status.check_reason);
        }
        items.push_back(std::move(item));
    }
    return finish({{"type", reply_type(RequestType::status)},
                   {"profile", to_string(profile)},
                   {"rules_version", in_use.version},
                   {"check_after_days", freshness.check_after_days},
                   {"items", std::move(items)},
                   {"badge", badge_json(badge_for(in_use, profile, memory, false, freshness))}},
                  id);
}

std::string MessageHandler::on_forget(RequestFields& request, std::int64_t id) {
    const std::string_view install = install_of(request);
    const bool removed = store().forget(install);
    return finish({{"type", reply_type(RequestType::forget)}, {"install", install}, {"removed", removed}}, id);
}

std::string MessageHandler::on_rules(RequestFields&, std::int64_t id) {
    json list = json::array();
    for (const Rule& rule : rules().rules) {
        json profiles = json::array();
        for (std::size_t p = 0; p < std::size(kProfileNames); ++p)
            if (rule.in_profile(static_cast<Profile>(p))) profiles.push_back(kProfileNames[p]);
        json sources = json::array();
        for (const RuleSource& source : rule.sources) sources.push_back(source_json(source));
        list.push_back({{"id", rule.id},
                        {"title", rule.title},
                        {"why", rule.why},
                        {"category", to_string(rule.category)},
                        {"kind", to_string(rule.kind)},
                        {"profiles", std::move(profiles)},
                        {"regions", rule.regions},
                        {"link", rule.link},
                        {"source", source_json(rule.sources.front())},
                        {"sources", std::move(sources)}});
    }
    return finish({{"type", reply_type(RequestType::rules)}, {"version", rules().version}, {"rules", std::move(list)}}, id);
}

std::string MessageHandler::on_mark(RequestFields& request, std::int64_t id) {
    const std::string_view install = install_of(request);
    if (request.rule.kind != ValueKind::string) throw ProtocolError(ErrorCode::bad_request, "mark: rule must be a rule id (a string)");
    if (request.done.kind != ValueKind::boolean) throw ProtocolError(ErrorCode::bad_request, "mark: done must be a boolean");
    const Rule* rule = rules().find(request.rule.text);
    if (rule == nullptr) throw ProtocolError(ErrorCode::bad_request, "mark: there is no rule \"" + std::string(request.rule.text) + "\"");
    if (!rule->is_manual())
        throw ProtocolError(ErrorCode::bad_request, "mark: rule \"" + rule->id +
                                                        "\" is a switch the host reads off its page; only manual steps can be marked");
    store().mark(install, rule->id, request.done.flag, clock_());
    return finish({{"type", reply_type(RequestType::mark)}, {"rule", rule->id}, {"done", request.done.flag}}, id);
}

std::string MessageHandler::on_offer_rules(RequestFields& request, std::int64_t id) {
    if (!request.has_rules) throw ProtocolError(ErrorCode::bad_request, "offer-rules: rules is missing");
    json reply = {{"type", reply_type(RequestType::offer_rules)}};
    auto refuse = [&](const std::string& error) {
        reply["result"] = "invalid";
        reply["error"] = error;
    };
    try {
        Rules offered = load_rules(request.rules_json);
        const auto order = compare_versions(offered.version, rules().version);
        if (offered.site != rules().site) refuse("rules: the offered rules are for " + offered.site + ", not " + rules().site);
        else if (!order) refuse("rules: version \"" + offered.version + "\" cannot be compared with \"" + rules().version +
                                "\" (numbers separated by dots)");
        else if (*order > 0) {
            offered_ = std::move(offered);
            reply["result"] = "newer";
        } else {
            reply["result"] = *order == 0 ? "same" : "older";
        }
    } catch (const RulesError& e) {
        refuse(e.what());
    }
    reply["version"] = rules().version;
    return finish(std::move(reply), id);
}

}  // namespace optout
