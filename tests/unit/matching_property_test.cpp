// Property tests of the one promise: a rule is never "done" unless its own switch was read off.
// Thousands of generated pages (switches in random order, random on/off, labels swapped between
// neighbours, ids removed, languages mixed, extra switches nobody knows) are checked against an
// oracle built from what the generator put on the page, never from the code under test.
//
// The generator keeps one honest signal on every rule's own switch: its stable id, or, when the id
// is removed, its own words. A switch with neither is indistinguishable from any other switch and
// is the "page changed" case, tested by example in evaluation_test.cpp.
#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "evaluation.hpp"
#include "message_handler.hpp"
#include "state_store.hpp"
#include "test_support.hpp"
#include "text_fold.hpp"

using namespace optout;
using optout::fixtures::real_rules;

namespace {

constexpr std::uint32_t kSeed = 20261207;
constexpr int kPages = 4000;
constexpr int kSequences = 600;

// What the generator put on the page for a rule: its own switch, its key and its state.
struct OwnSwitch {
    std::string key;
    bool on = false;
};

struct GeneratedPage {
    PageState page;
    std::map<std::string, OwnSwitch> own;  // rule id -> its own switch, when on the page
};

// Words of switches LinkedIn has that no rule is about. Checked below to fit no rule's matchers.
const std::vector<std::string> kStrangerLabels = {"Dark mode", "Show your profile photo", "Autoplay videos", "Sound effects",
                                                  "Open links in the app", "Preferred feed view"};
const std::vector<std::string> kLangs = {"en", "de_DE", "DE", "fr-FR", "pt_BR", "nl", "it-IT", "pl", "", "xx-YY"};
const std::vector<std::string> kFillers = {"", "Use ", "Allow ", "Let LinkedIn use "};

class Generator {
public:
    explicit Generator(std::uint32_t seed) : rng_(seed) {
        for (const Rule& rule : real_rules().rules)
            if (!rule.is_manual()) switches_.push_back(&rule);
    }

    bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
    template <typename T>
    const T& pick(const std::vector<T>& from) {
        return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(rng_)];
    }

    // The rule's own words in one of its languages, with a filler in front.
    std::string honest_label(const Rule& rule) {
        const LanguageLabels& language = pick(rule.labels);
        return pick(kFillers) + pick(language.phrases);
    }

    std::string path_for(const std::vector<const Rule*>& present) {
        const Rules& rules = real_rules();
        switch (std::uniform_int_distribution<int>(0, 3)(rng_)) {
            case 0: return "/feed/";
            case 1: {
                const std::string& hub = pick(rules.hubs).path.text();
                return hub == "/psettings/*" ? "/psettings/privacy" : hub;
            }
            default: {
                const Rule& rule = present.empty() ? *pick(switches_) : *pick(present);
                std::string path = pick(rule.pages).text();
                if (chance(0.3)) path += "/";
                return path;
            }
        }
    }

    GeneratedPage page() {
        GeneratedPage out;
        std::vector<const Rule*> rules = switches_;
        std::shuffle(rules.begin(), rules.end(), rng_);
        rules.resize(std::uniform_int_distribution<std::size_t>(0, 6)(rng_));
        struct Made {
            Toggle toggle;
            bool kept_id;
        };
        std::vector<Made> made;
        for (const Rule* rule : rules) {
            Made m{{"", honest_label(*rule), chance(0.5), "Section"}, !rule->ids.empty() && chance(0.7)};
            m.toggle.key = m.kept_id ? pick(rule->ids) : "";
            made.push_back(std::move(m));
        }
        // Labels swapped between neighbours that both kept their ids.
        for (std::size_t i = 0; i + 1 < made.size(); ++i)
            if (made[i].kept_id && made[i + 1].kept_id && chance(0.4)) std::swap(made[i].toggle.label, made[i + 1].toggle.label);
        // A kept id may also come with words nobody knows (the wording changed).
        for (Made& m : made)
            if (m.kept_id && chance(0.15)) m.toggle.label = "Reworded " + pick(kStrangerLabels);
        for (std::size_t i = 0; i < made.size(); ++i) out.own[rules[i]->id] = {"", made[i].toggle.on};
        // Extra switches: strangers, and sometimes a decoy with the words of a rule that is on the page.
        const int extras = std::uniform_int_distribution<int>(0, 3)(rng_);
        for (int e = 0; e < extras; ++e) made.push_back({{"", pick(kStrangerLabels), chance(0.5), ""}, false});
        if (!rules.empty() && chance(0.25)) made.push_back({{"", honest_label(*pick(rules)), chance(0.5), ""}, false});

        std::vector<std::size_t> order(made.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::shuffle(order.begin(), order.end(), rng_);
        for (std::size_t position = 0; position < order.size(); ++position) {
            Made& m = made[order[position]];
            if (m.toggle.key.empty()) m.toggle.key = "#" + std::to_string(position);  // the content script's position key
            if (order[position] < rules.size()) out.own[rules[order[position]]->id].key = m.toggle.key;
            out.page.toggles.push_back(m.toggle);
        }
        out.page.path = path_for(rules);
        out.page.lang = pick(kLangs);
        return out;
    }

private:
    std::mt19937 rng_;
    std::vector<const Rule*> switches_;
};

std::string describe(const GeneratedPage& g) {
    std::ostringstream out;
    out << g.page.path << " lang=" << g.page.lang << ":";
    for (const Toggle& t : g.page.toggles) out << " [" << t.key << " \"" << t.label << "\" " << (t.on ? "on" : "off") << "]";
    return out.str();
}

}  // namespace

TEST(MatchingProperty, theStrangersWordsFitNoRule) {
    for (const std::string& label : kStrangerLabels)
        for (const Rule& rule : real_rules().rules)
            EXPECT_FALSE(rule.label_matches(fold_text("Reworded " + label))) << label << " fits " << rule.id;  // covers the bare words too
}

TEST(MatchingProperty, aRuleIsNeverDoneOrPendingUnlessItsOwnSwitchWasReadSo) {
    Generator generate(kSeed);
    int read_off = 0, read_on = 0;
    for (int n = 0; n < kPages; ++n) {
        const GeneratedPage g = generate.page();
        const PageVerdict verdict = evaluate_page(real_rules(), g.page, Profile::strict);
        auto check = [&](const RuleFinding& f, bool on) {
            const auto own = g.own.find(f.rule->id);
            ASSERT_NE(own, g.own.end()) << f.rule->id << " read without its switch on the page: " << describe(g);
            EXPECT_EQ(own->second.on, on) << f.rule->id << " read " << (on ? "on" : "off") << ": " << describe(g);
            EXPECT_EQ(own->second.key, f.key) << f.rule->id << " read off another switch: " << describe(g);
        };
        for (const RuleFinding& f : verdict.done) {
            check(f, false);
            ++read_off;
        }
        for (const RuleFinding& f : verdict.pending) {
            check(f, true);
            ++read_on;
        }
        for (const Observation& o : verdict.observations) {
            if (!o.state) continue;
            const auto own = g.own.find(std::string(o.rule));
            ASSERT_NE(own, g.own.end()) << o.rule << " remembered without its switch: " << describe(g);
            EXPECT_EQ(own->second.on, *o.state == SeenState::pending) << o.rule << ": " << describe(g);
        }
        if (testing::Test::HasFailure()) return;  // one counterexample is enough to read
    }
    // The generator must exercise both outcomes, or the property says nothing.
    EXPECT_GT(read_off, kPages / 4);
    EXPECT_GT(read_on, kPages / 4);
}

TEST(MatchingProperty, aSwitchWithItsOwnIdOnAPageInAKnownLanguageIsAlwaysRead) {
    Generator generate(kSeed + 1);
    for (int n = 0; n < kPages; ++n) {
        const GeneratedPage g = generate.page();
        if (!real_rules().knows_language(g.page.lang)) continue;
        const PageVerdict verdict = evaluate_page(real_rules(), g.page, Profile::strict);
        for (const auto& [rule_id, own] : g.own) {
            if (!real_rules().find(rule_id)->has_id(own.key)) continue;
            const auto& list = own.on ? verdict.pending : verdict.done;
            const bool read = std::any_of(list.begin(), list.end(), [&](const RuleFinding& f) { return f.rule->id == rule_id; });
            ASSERT_TRUE(read) << rule_id << " not read off its own id: " << describe(g);
        }
    }
}

// Across a sequence of pages, what is remembered is never done unless the last appearance of
// the rule's own switch was off: an unreadable appearance forgets, it never keeps an old "done".
TEST(MatchingProperty, rememberedStateIsNeverDoneUnlessTheLastAppearanceOfItsSwitchWasOff) {
    Generator generate(kSeed + 2);
    std::mt19937 lengths(kSeed + 3);
    for (int s = 0; s < kSequences; ++s) {
        InstallMemory memory;
        std::map<std::string, bool> last_on;  // rule id -> its switch's state when it last appeared
        std::string trail;
        const int pages = std::uniform_int_distribution<int>(1, 8)(lengths);
        for (int n = 0; n < pages; ++n) {
            const GeneratedPage g = generate.page();
            trail += "\n  " + describe(g);
            const std::int64_t now = 1'000'000 + n;
            apply_observations(memory, evaluate_page(real_rules(), g.page, Profile::strict).observations, real_rules().version, now, 600);
            for (const auto& [rule_id, own] : g.own) last_on[rule_id] = own.on;
            for (const Rule& rule : real_rules().rules) {
                const ItemState state = item_status(rule, memory, {now, kDefaultCheckAfterDays}).state;
                const auto last = last_on.find(rule.id);
                if (state == ItemState::done) {
                    ASSERT_TRUE(last != last_on.end() && !last->second) << rule.id << " remembered done after:" << trail;
                }
                if (state == ItemState::pending) {
                    ASSERT_TRUE(last != last_on.end() && last->second) << rule.id << " remembered pending after:" << trail;
                }
            }
        }
    }
}

// The same through the host's own request handling and state file, on fewer sequences (each
// change is a synced write).
TEST(MatchingProperty, theStatusReplyNeverSaysDoneUnlessTheLastAppearanceOfItsSwitchWasOff) {
    using nlohmann::json;
    fixtures::TempDir dir;
    StringSink log;
    StateStore store(dir.path(), log);
    std::int64_t now = 1'000'000;
    MessageHandler handler(real_rules(), &store, [&] { return now; });
    Generator generate(kSeed + 4);
    for (int s = 0; s < 8; ++s) {
        const std::string install = "install-property-" + std::to_string(s);
        std::map<std::string, bool> last_on;
        for (int n = 0; n < 5; ++n) {
            ++now;
            const GeneratedPage g = generate.page();
            json request = {{"v", 1}, {"id", n}, {"type", "page"}, {"install", install}, {"profile", "strict"},
                            {"url", "https://www.linkedin.com" + g.page.path}, {"lang", g.page.lang}, {"toggles", json::array()}};
            for (const Toggle& t : g.page.toggles) request["toggles"].push_back({{"key", t.key}, {"label", t.label}, {"on", t.on}});
            ASSERT_EQ(json::parse(handler.handle(request.dump()))["type"], "verdict");
            for (const auto& [rule_id, own] : g.own) last_on[rule_id] = own.on;
            const json status = json::parse(handler.handle(
                json({{"v", 1}, {"id", 99}, {"type", "status"}, {"install", install}, {"profile", "strict"}}).dump()));
            for (const json& item : status["items"]) {
                const auto last = last_on.find(item["rule"].get<std::string>());
                if (item["state"] == "done") {
                    ASSERT_TRUE(last != last_on.end() && !last->second) << item.dump() << describe(g);
                }
                if (item["state"] == "pending") {
                    ASSERT_TRUE(last != last_on.end() && last->second) << item.dump() << describe(g);
                }
            }
        }
    }
}
