// One request in, one reply out: the heart of host mode. Dispatches on `type` through a table,
// and turns every failure into an error reply at this one boundary. The session loop, the
// `check` command, the fuzzer and the benchmark all go through here.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "clock.hpp"
#include "evaluation.hpp"
#include "protocol.hpp"
#include "rules.hpp"
#include "state_store.hpp"

namespace optout {

inline constexpr std::string_view kHostVersion = OPTOUT_HOST_VERSION;

class MessageHandler {
public:
    using Clock = std::function<std::int64_t()>;  // seconds since the Unix epoch

    // `store` may be null: then nothing is remembered between requests (the `check` command) and
    // status/forget/mark answer state_unavailable. `rules` are the host's own; a newer valid set
    // offered by the extension (`offer-rules`) replaces them for this handler's lifetime only.
    MessageHandler(const Rules& rules, StateStore* store, Clock clock);

    // The rules in use: the host's own, or newer ones offered in this session.
    const Rules& rules() const { return offered_ ? *offered_ : own_rules_; }

    // Returns the reply body for a request body. Never throws, never returns more than
    // kMaxReplyBytes.
    std::string handle(std::string_view request_body);

private:
    // Each handler returns the whole reply body, `v` and `id` included.
    using Handler = std::string (MessageHandler::*)(RequestFields& request, std::int64_t id);
    struct Route {
        contract::RequestType type;  // every request type of protocol/contract.json has one
        Handler handler;
    };
    static const Route kRoutes[];

    std::string on_hello(RequestFields& request, std::int64_t id);
    std::string on_page(RequestFields& request, std::int64_t id);
    std::string on_status(RequestFields& request, std::int64_t id);
    std::string on_forget(RequestFields& request, std::int64_t id);
    std::string on_rules(RequestFields& request, std::int64_t id);
    std::string on_mark(RequestFields& request, std::int64_t id);
    std::string on_offer_rules(RequestFields& request, std::int64_t id);

    StateStore& store();

    const Rules& own_rules_;
    std::optional<Rules> offered_;
    StateStore* store_;
    Clock clock_;
    RequestFields request_;  // the request being handled, kept between requests for its room
    PageState page_;         // the page being checked, likewise
};

// The verdict reply body for a page, shared by host mode and `check --json` (which passes no
// id: then `v` and `id` are left out). Written directly, without a JSON tree: this is the hot path.
std::string verdict_reply(const PageVerdict& verdict, const Badge& badge, std::optional<std::int64_t> id);

// "2026-11-23T13:05:09Z"
std::string iso8601_utc(std::int64_t seconds);

}  // namespace optout
