#include "message_handler.hpp"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "framing.hpp"
#include "test_support.hpp"

using namespace optout;
using nlohmann::json;
using optout::fixtures::TempDir;

namespace {

class MessageHandlerTest : public ::testing::Test {
protected:
    json ask(const json& request) { return json::parse(handler.handle(request.dump())); }
    json ask_raw(std::string_view body) { return json::parse(handler.handle(body)); }

    json gen_ai_page(bool on, const char* profile = "essential") {
        return {{"v", 1}, {"id", 2}, {"type", "page"}, {"install", "install-1234"}, {"profile", profile},
                {"url", "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement"}, {"lang", "en"},
                {"toggles", {{{"key", "allowDataForGenerativeAI"}, {"label", fixtures::kGenAiLabel}, {"on", on}, {"section", ""}}}}};
    }

    TempDir dir;
    StringSink log;
    StateStore store{dir.path(), log};
    std::int64_t now = 1'763'900'000;
    MessageHandler handler{fixtures::real_rules(), &store, [this] { return now; }};
};

}  // namespace

TEST_F(MessageHandlerTest, helloNamesHostVersionRulesAndProtocol) {
    const json reply = ask(json::parse(R"({"v":1,"id":1,"type":"hello"})"));
    EXPECT_EQ(reply["type"], "hello");
    EXPECT_EQ(reply["id"], 1);
    EXPECT_EQ(reply["host"], std::string(optout::contract::kHostName));
    EXPECT_EQ(reply["protocol"], 1);
    EXPECT_EQ(reply["version"], std::string(kHostVersion));
    EXPECT_EQ(reply["rules"]["version"], fixtures::real_rules().version);
    EXPECT_EQ(reply["rules"]["count"], fixtures::real_rules().rules.size());
}

TEST_F(MessageHandlerTest, pageReplyIsAVerdictWithBadge) {
    const json reply = ask(gen_ai_page(true));
    EXPECT_EQ(reply["type"], "verdict");
    EXPECT_EQ(reply["id"], 2);
    EXPECT_EQ(reply["page"]["kind"], "setting");
    ASSERT_EQ(reply["pending"].size(), 1u);
    EXPECT_EQ(reply["pending"][0]["rule"], "gen-ai-training");
    EXPECT_EQ(reply["pending"][0]["key"], "allowDataForGenerativeAI");
    EXPECT_EQ(reply["badge"], json::parse(R"({"text":"1","color":"#C5221F","state":"pending",
        "title":"Opt-Out Guard: 1 opt-out still to change"})"));
}

TEST_F(MessageHandlerTest, statusListsTheProfileFromWhatWasSeen) {
    ask(gen_ai_page(false));
    const json reply = ask(json::parse(R"({"v":1,"id":3,"type":"status","install":"install-1234","profile":"essential"})"));
    EXPECT_EQ(reply["type"], "status");
    ASSERT_EQ(reply["items"].size(), 2u);
    EXPECT_EQ(reply["rules_version"], fixtures::real_rules().version);
    EXPECT_EQ(reply["items"][0]["rule"], "gen-ai-training");
    EXPECT_EQ(reply["items"][0]["state"], "done");
    EXPECT_EQ(reply["items"][0]["seen"], iso8601_utc(now));
    EXPECT_EQ(reply["items"][1]["state"], "unseen");
    EXPECT_TRUE(reply["items"][1]["seen"].is_null());
    EXPECT_EQ(reply["badge"]["state"], "unknown");
}

TEST_F(MessageHandlerTest, forgetDropsWhatWasSeen) {
    ask(gen_ai_page(true));
    EXPECT_EQ(ask(json::parse(R"({"v":1,"id":4,"type":"forget","install":"install-1234"})"))["removed"], true);
    const json status = ask(json::parse(R"({"v":1,"id":5,"type":"status","install":"install-1234","profile":"essential"})"));
    EXPECT_EQ(status["items"][0]["state"], "unseen");
}

TEST_F(MessageHandlerTest, rulesListsEveryRuleWithItsSource) {
    const json reply = ask(json::parse(R"({"v":1,"id":6,"type":"rules"})"));
    ASSERT_EQ(reply["rules"].size(), fixtures::real_rules().rules.size());
    const json& first = reply["rules"][0];
    for (const char* field : {"id", "title", "why", "category", "kind", "profiles", "regions", "link", "source", "sources"})
        EXPECT_TRUE(first.contains(field)) << field;
}

TEST_F(MessageHandlerTest, everyFailureIsAnErrorReplyWithTheRightCode) {
    EXPECT_EQ(ask_raw("")["code"], "bad_json");
    EXPECT_EQ(ask_raw("not json")["code"], "bad_json");
    EXPECT_EQ(ask_raw("[]")["code"], "bad_request");
    EXPECT_EQ(ask_raw(R"({"v":1,"id":9,"type":"dance"})")["code"], "unknown_type");
    EXPECT_EQ(ask_raw(R"({"v":1,"id":9,"type":"dance"})")["id"], 9);
    EXPECT_EQ(ask_raw(R"({"v":3,"id":9,"type":"hello"})")["code"], "unsupported_version");
    EXPECT_EQ(ask_raw(R"({"v":1,"id":9,"type":"status","install":"install-1234"})")["code"], "bad_request");
}

TEST_F(MessageHandlerTest, aStateThatCannotBeWrittenIsReportedNotHidden) {
    std::filesystem::remove_all(dir.path());
    std::filesystem::create_directories(dir.path() / "state.json");
    const json reply = ask(gen_ai_page(true));
    EXPECT_EQ(reply["type"], "error");
    EXPECT_EQ(reply["code"], "state_unavailable");
    EXPECT_EQ(reply["id"], 2);
}

TEST(MessageHandlerWithoutState, statusAnswersStateUnavailable) {
    MessageHandler handler(fixtures::real_rules(), nullptr, [] { return std::int64_t{0}; });
    const json reply = json::parse(handler.handle(R"({"v":1,"id":1,"type":"status","install":"install-1234","profile":"strict"})"));
    EXPECT_EQ(reply["code"], "state_unavailable");
}

TEST_F(MessageHandlerTest, aStateDirectoryThatCannotBeCreatedIsStateUnavailableAndTheNextRequestStillWorks) {
    { std::ofstream(dir.path() / "a-file") << "x"; }
    StateStore blocked(dir.path() / "a-file" / "state", log);
    MessageHandler on_blocked(fixtures::real_rules(), &blocked, [] { return std::int64_t{1}; });
    const json reply = json::parse(on_blocked.handle(gen_ai_page(true).dump()));
    EXPECT_EQ(reply["code"], "state_unavailable");
    EXPECT_NE(reply["message"].get<std::string>().find("a-file"), std::string::npos) << reply["message"];
    EXPECT_EQ(json::parse(on_blocked.handle(R"({"v":1,"id":2,"type":"hello"})"))["type"], "hello");
}

TEST(MessageHandlerReplyCap, aReplyOverTheBrowsersLimitBecomesTooLarge) {
    json doc = json::parse(fixtures::rules_file_json());
    for (auto& rule : doc["rules"]) rule["why"] = std::string(100'000, 'w');  // 11 rules: about 1.1 MB of `rules` reply
    const Rules big = load_rules(doc.dump());
    MessageHandler handler(big, nullptr, [] { return std::int64_t{0}; });
    const std::string body = handler.handle(R"({"v":1,"id":8,"type":"rules"})");
    EXPECT_LE(body.size(), kMaxReplyBytes);
    const json reply = json::parse(body);
    EXPECT_EQ(reply["code"], "too_large");
    EXPECT_EQ(reply["id"], 8);
}

TEST_F(MessageHandlerTest, aPageOutsideTheRulesIsANullPageAndRemembersNothing) {
    json request = gen_ai_page(true);
    request["url"] = "https://www.linkedin.com/feed/";
    request["toggles"] = json::array();
    const json reply = ask(request);
    EXPECT_TRUE(reply["page"].is_null());
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "state.json")) << "nothing seen, nothing written";
}

// Adding a request type to protocol/contract.json without a handler, or pairing it with the wrong
// reply, would leave the extension waiting for an answer that never comes in the expected shape.
TEST_F(MessageHandlerTest, everyRequestTypeOfTheContractIsAnsweredWithItsReplyType) {
    for (const contract::Request& request : contract::kRequests) {
        // One body with every member some request type needs: the page's, a manual step to mark,
        // rules to offer.
        json body = gen_ai_page(true);
        body["type"] = std::string(request.type);
        body["rule"] = "non-generative-ai-objection";
        body["done"] = true;
        body["rules"] = json::parse(fixtures::rules_file_json());
        const json reply = ask(body);
        EXPECT_EQ(reply["type"], std::string(request.reply)) << request.type << ": " << reply.dump();
    }
}

TEST_F(MessageHandlerTest, anUnknownTypeNamesEveryTypeTheContractKnows) {
    const json reply = ask(json::parse(R"({"v":1,"id":9,"type":"exec"})"));
    EXPECT_EQ(reply["code"], "unknown_type");
    for (const contract::Request& request : contract::kRequests)
        EXPECT_NE(reply["message"].get<std::string>().find(std::string(request.type)), std::string::npos) << request.type;
}

// --- Verdict details, check again, manual steps, offered rules ---

namespace {

json with(json request, const char* key, json value) {
    request[key] = std::move(value);
    return request;
}

json status_request(const char* profile = "essential") {
    return {{"v", 1}, {"id", 3}, {"type", "status"}, {"install", "install-1234"}, {"profile", profile}};
}

json offer(const json& rules) { return {{"v", 1}, {"id", 7}, {"type", "offer-rules"}, {"rules", rules}}; }

json rules_with_version(const char* version) {
    json doc = json::parse(fixtures::rules_file_json());
    doc["version"] = version;
    return doc;
}

}  // namespace

TEST_F(MessageHandlerTest, theVerdictSaysHowManySwitchesMatchedNoRuleAndWhetherThePageChanged) {
    json renamed = gen_ai_page(false);
    renamed["toggles"][0]["key"] = "allowDataForGenAIv2";
    renamed["toggles"][0]["label"] = "Improve our AI with your data";
    const json reply = ask(renamed);
    EXPECT_EQ(reply["page"]["unmatched"], 1);
    EXPECT_EQ(reply["page"]["changed"], true);
    EXPECT_EQ(reply["unknown"][0]["reason"], "missing");
    EXPECT_EQ(reply["badge"]["state"], "unknown");
    const json read = ask(gen_ai_page(false));
    EXPECT_EQ(read["page"]["unmatched"], 0);
    EXPECT_EQ(read["page"]["changed"], false);
}

TEST_F(MessageHandlerTest, anUnreadablePageForgetsAnEarlierDone) {
    ask(gen_ai_page(false));
    json renamed = gen_ai_page(true);
    renamed["toggles"][0]["key"] = "allowDataForGenAIv2";
    renamed["toggles"][0]["label"] = "Improve our AI with your data";
    ask(renamed);
    EXPECT_EQ(ask(status_request())["items"][0]["state"], "unseen");
}

TEST_F(MessageHandlerTest, anOldReadingIsToBeCheckedAgainAfterTheAgeTheExtensionAsksFor) {
    ask(gen_ai_page(false));
    now += 2 * 86400 + 1;
    EXPECT_EQ(ask(status_request())["items"][0]["state"], "done") << "90 days by default";
    const json item = ask(with(status_request(), "check_after_days", 2))["items"][0];
    EXPECT_EQ(item["state"], "check-again");
    EXPECT_EQ(item["check_reason"], "age");
    EXPECT_EQ(item["seen"], iso8601_utc(now - 2 * 86400 - 1));
    now += 90 * 86400;
    const json status = ask(status_request());
    EXPECT_EQ(status["items"][0]["state"], "check-again");
    EXPECT_EQ(status["badge"]["state"], "unknown");
}

TEST_F(MessageHandlerTest, checkAfterDaysOutsideOneToTenYearsIsABadRequest) {
    for (const json& days : {json(0), json(3651), json("90"), json(1.5)})
        EXPECT_EQ(ask(with(status_request(), "check_after_days", days))["code"], "bad_request") << days;
    EXPECT_EQ(ask(with(gen_ai_page(true), "check_after_days", 0))["code"], "bad_request");
    EXPECT_EQ(ask(with(status_request(), "check_after_days", 3650))["type"], "status");
}

TEST_F(MessageHandlerTest, aReadingRememberedUnderOtherMatchersIsToBeCheckedAgain) {
    json changed = json::parse(fixtures::rules_file_json());
    changed["rules"][0]["labels"]["en"]["match"].push_back("new words");
    const Rules newer = load_rules(changed.dump());
    ask(gen_ai_page(false));
    MessageHandler with_newer(newer, &store, [this] { return now; });
    const json item = json::parse(with_newer.handle(status_request().dump()))["items"][0];
    EXPECT_EQ(item["state"], "check-again");
    EXPECT_EQ(item["check_reason"], "rules-changed");
}

TEST_F(MessageHandlerTest, aManualStepIsListedMarkedAndUnmarkedButNeverCounted) {
    const auto manual_item = [&] {
        const json status = ask(status_request("recommended"));
        for (const json& item : status["items"])
            if (item["rule"] == "non-generative-ai-objection") return item;
        return json();
    };
    EXPECT_EQ(manual_item()["state"], "manual");
    EXPECT_TRUE(manual_item()["marked"].is_null());
    const json marked = ask(json::parse(R"({"v":1,"id":4,"type":"mark","install":"install-1234","rule":"non-generative-ai-objection","done":true})"));
    EXPECT_EQ(marked, json::parse(R"({"v":1,"id":4,"type":"marked","rule":"non-generative-ai-objection","done":true})"));
    EXPECT_EQ(manual_item()["marked"], iso8601_utc(now));
    EXPECT_EQ(manual_item()["state"], "manual");
    ask(json::parse(R"({"v":1,"id":5,"type":"mark","install":"install-1234","rule":"non-generative-ai-objection","done":false})"));
    EXPECT_TRUE(manual_item()["marked"].is_null());
}

TEST_F(MessageHandlerTest, onlyManualStepsCanBeMarked) {
    const json a_switch = ask(json::parse(R"({"v":1,"id":4,"type":"mark","install":"install-1234","rule":"gen-ai-training","done":true})"));
    EXPECT_EQ(a_switch["code"], "bad_request");
    EXPECT_EQ(a_switch["message"], "mark: rule \"gen-ai-training\" is a switch the host reads off its page; only manual steps can be marked");
    EXPECT_EQ(ask(json::parse(R"({"v":1,"id":4,"type":"mark","install":"install-1234","rule":"nope","done":true})"))["message"],
              "mark: there is no rule \"nope\"");
    EXPECT_EQ(ask(json::parse(R"({"v":1,"id":4,"type":"mark","install":"install-1234","rule":"non-generative-ai-objection"})"))["code"],
              "bad_request");
}

TEST_F(MessageHandlerTest, newerOfferedRulesAreUsedForTheSessionAndNamedEverywhere) {
    json newer = rules_with_version("2099.1.1");
    newer["rules"][0]["title"] = "Offered title";
    EXPECT_EQ(ask(offer(newer)), json::parse(R"({"v":1,"id":7,"type":"rules-offered","result":"newer","version":"2099.1.1"})"));
    EXPECT_EQ(ask(json::parse(R"({"v":1,"id":1,"type":"hello"})"))["rules"]["version"], "2099.1.1");
    EXPECT_EQ(ask(status_request())["rules_version"], "2099.1.1");
    EXPECT_EQ(ask(gen_ai_page(true))["pending"][0]["title"], "Offered title");
    EXPECT_EQ(ask(offer(rules_with_version("2099.1.1")))["result"], "same");
}

TEST_F(MessageHandlerTest, olderSameOrBrokenOfferedRulesNeverReplaceTheHostsOwn) {
    const std::string own = fixtures::real_rules().version;
    EXPECT_EQ(ask(offer(rules_with_version("2020.1.1")))["result"], "older");
    EXPECT_EQ(ask(offer(rules_with_version(own.c_str())))["result"], "same");
    json broken = rules_with_version("2099.1.1");
    broken["rules"][0].erase("why");
    const json refused = ask(offer(broken));
    EXPECT_EQ(refused["result"], "invalid");
    EXPECT_EQ(refused["error"], "rules: rule \"gen-ai-training\": field \"why\": is missing");
    EXPECT_EQ(refused["version"], own);
    EXPECT_EQ(ask(offer(json("not an object")))["result"], "invalid");
    EXPECT_EQ(ask(offer(rules_with_version("next")))["result"], "invalid");
    json elsewhere = rules_with_version("2099.1.1");
    elsewhere["site"] = "evil.example";
    for (auto& rule : elsewhere["rules"]) rule["link"] = "https://evil.example/x";
    EXPECT_EQ(ask(offer(elsewhere))["result"], "invalid");
    EXPECT_EQ(ask(json::parse(R"({"v":1,"id":1,"type":"hello"})"))["rules"]["version"], own);
    EXPECT_EQ(ask(json::parse(R"({"v":1,"id":7,"type":"offer-rules"})"))["code"], "bad_request");
}

// A page whose opt-out switch cannot be read says so on the badge: "?" and, in its title, that this
// page could not be read (besides the reading it drops, which leaves the opt-out unchecked).
TEST_F(MessageHandlerTest, aPageWithAnUnreadableSwitchSaysSoOnTheBadge) {
    ask(gen_ai_page(false));
    json partners = gen_ai_page(false);
    partners["url"] = "https://www.linkedin.com/mypreferences/d/settings/share-data-with-select-partners";
    partners["toggles"] = {{{"key", "shareDataWithTrustedPartners"}, {"label", "Share data with affiliates"}, {"on", false}, {"section", ""}}};
    ASSERT_EQ(ask(partners)["badge"]["state"], "done") << "both opt-outs of the essential profile are done";

    json unreadable = gen_ai_page(false);
    unreadable["toggles"] = json::array();  // the rule's own page, its switch not found
    const json reply = ask(unreadable);
    ASSERT_EQ(reply["unknown"].size(), 1u);
    EXPECT_EQ(reply["badge"], json::parse(R"({"text":"?","color":"#5F6368","state":"unknown",
        "title":"Opt-Out Guard: this page could not be read; 1 opt-out not checked yet"})"));
}
