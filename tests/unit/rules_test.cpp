#include "rules.hpp"

#include <algorithm>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

using namespace optout;
using nlohmann::json;

namespace {

json real_rules_json() { return json::parse(fixtures::rules_file_json()); }

std::string load_error(const json& doc) {
    try {
        load_rules(doc.dump());
    } catch (const RulesError& e) {
        return e.what();
    }
    return "(loaded without error)";
}

}  // namespace

TEST(Rules, embeddedRulesLoadWithEveryRequiredOptOut) {
    const Rules& rules = fixtures::real_rules();
    EXPECT_EQ(rules.format, 1);
    EXPECT_FALSE(rules.version.empty());
    for (const char* id : {"gen-ai-training", "affiliate-ads-sharing", "ads-beyond-linkedin", "research"})
        EXPECT_NE(rules.find(id), nullptr) << id;
    for (const Rule& rule : rules.rules) {
        EXPECT_TRUE(rule.in_profile(Profile::strict)) << rule.id << ": strict must hold every rule";
        ASSERT_FALSE(rule.sources.empty()) << rule.id;
        for (const RuleSource& source : rule.sources) EXPECT_FALSE(source.url.empty() || source.date.empty()) << rule.id;
    }
}

TEST(Rules, knowsTheSevenLanguagesTheIssueNames) {
    for (const char* lang : {"en", "de", "fr", "es", "nl", "it", "pt", "pt-BR", "DE-at"})
        EXPECT_TRUE(fixtures::real_rules().knows_language(lang)) << lang;
    EXPECT_FALSE(fixtures::real_rules().knows_language("pl"));
    EXPECT_FALSE(fixtures::real_rules().knows_language(""));
}

// The host starts from rules compiled to C++ at build time; they must be exactly what the
// run-time loader makes of the same file (every member, the id table and the label index too).
TEST(Rules, theCompiledRulesEqualTheRulesFileLoaded) {
    const Rules loaded = load_rules(fixtures::rules_file_json());
    const Rules compiled = compiled_rules();
    ASSERT_EQ(compiled.rules.size(), loaded.rules.size());
    for (std::size_t i = 0; i < loaded.rules.size(); ++i) EXPECT_TRUE(compiled.rules[i] == loaded.rules[i]) << loaded.rules[i].id;
    EXPECT_TRUE(compiled.switch_ids == loaded.switch_ids);
    EXPECT_TRUE(compiled.switch_labels == loaded.switch_labels);
    EXPECT_TRUE(compiled == loaded);
}

TEST(Rules, theEqualityOfRulesSeesAChangedMatcherWord) {
    json doc = json::parse(fixtures::rules_file_json());
    doc["rules"][0]["labels"]["en"]["match"][0] = "some other words";
    EXPECT_FALSE(load_rules(doc.dump()) == compiled_rules());
}

TEST(Rules, pathPatternsMatchExactlyOrByPrefix) {
    EXPECT_TRUE(PathPattern("/mypreferences/d/categories/ads").matches("/mypreferences/d/categories/ads/"));
    EXPECT_FALSE(PathPattern("/mypreferences/d/categories/ads").matches("/mypreferences/d/categories/ads-more"));
    EXPECT_TRUE(PathPattern("/psettings/*").matches("/psettings/advertising"));
    EXPECT_FALSE(PathPattern("/psettings/*").matches("/mypreferences/"));
}

TEST(Rules, aMissingFieldNamesTheRuleAndTheField) {
    json doc = real_rules_json();
    doc["rules"][1].erase("why");
    EXPECT_EQ(load_error(doc), "rules: rule \"affiliate-ads-sharing\": field \"why\": is missing");
}

TEST(Rules, aWrongCategoryNamesTheRuleTheFieldAndTheChoices) {
    json doc = real_rules_json();
    doc["rules"][3]["category"] = "fun";
    EXPECT_EQ(load_error(doc),
              "rules: rule \"research\": field \"category\": must be one of ai-training, ad-sharing, ads, research (got \"fun\")");
}

TEST(Rules, aDesiredStateOtherThanOffIsRefused) {
    json doc = real_rules_json();
    doc["rules"][0]["desired"] = "on";
    EXPECT_EQ(load_error(doc), "rules: rule \"gen-ai-training\": field \"desired\": must be one of off (got \"on\")");
}

TEST(Rules, aLanguageNotDeclaredByTheFileIsRefused) {
    json doc = real_rules_json();
    doc["rules"][0]["labels"]["pl"] = {{"match", {"dane ai"}}, {"confidence", "low"}, {"source", "x"}};
    EXPECT_EQ(load_error(doc), "rules: rule \"gen-ai-training\": field \"labels.pl\": is not one of the rules file's languages");
}

TEST(Rules, aRuleWithoutEnglishMatchersIsRefused) {
    json doc = real_rules_json();
    doc["rules"][0]["labels"].erase("en");
    EXPECT_EQ(load_error(doc), "rules: rule \"gen-ai-training\": field \"labels\": must have English (\"en\") matchers");
}

TEST(Rules, anUnknownFieldIsRefusedSoTyposDoNotPassSilently) {
    json doc = real_rules_json();
    doc["rules"][2]["titel"] = "x";
    EXPECT_EQ(load_error(doc), "rules: rule \"ads-beyond-linkedin\": field \"titel\": is not a known field");
}

TEST(Rules, aDuplicateIdIsRefused) {
    json doc = real_rules_json();
    doc["rules"][1]["id"] = "gen-ai-training";
    EXPECT_EQ(load_error(doc), "rules: rule \"gen-ai-training\": field \"id\": is used by two rules");
}

TEST(Rules, aBadDateIsRefused) {
    json doc = real_rules_json();
    doc["rules"][0]["sources"][1]["date"] = "3 Nov 2025";
    EXPECT_EQ(load_error(doc), "rules: rule \"gen-ai-training\": field \"sources[1].date\": must be a date YYYY-MM-DD (got \"3 Nov 2025\")");
}

TEST(Rules, anotherFormatIsRefused) {
    json doc = real_rules_json();
    doc["format"] = 2;
    EXPECT_EQ(load_error(doc), "rules: rules file: field \"format\": must be 1 (this host reads rules format 1 only)");
}

TEST(Rules, aLinkOffTheSiteIsRefused) {
    json doc = real_rules_json();
    doc["rules"][0]["link"] = "https://evil.example/";
    EXPECT_EQ(load_error(doc),
              "rules: rule \"gen-ai-training\": field \"link\": must be an https address on www.linkedin.com (got \"https://evil.example/\")");
}

TEST(Rules, invalidJsonIsReportedAsSuch) {
    try {
        load_rules("{");
        FAIL() << "loaded";
    } catch (const RulesError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("rules: not valid JSON", 0), 0u) << e.what();
    }
}

TEST(Rules, aMissingNestedFieldIsNamedWithItsPath) {
    json doc = real_rules_json();
    doc["rules"][0]["sources"][0].erase("url");
    EXPECT_EQ(load_error(doc), "rules: rule \"gen-ai-training\": field \"sources[0].url\": is missing");
    doc = real_rules_json();
    doc["rules"][1]["labels"]["de"].erase("confidence");
    EXPECT_EQ(load_error(doc), "rules: rule \"affiliate-ads-sharing\": field \"labels.de.confidence\": is missing");
}

TEST(Rules, aHubPathMustBeAPath) {
    json doc = real_rules_json();
    doc["hubs"][0]["path"] = "mypreferences";
    EXPECT_EQ(load_error(doc), "rules: rules file: field \"hubs[0].path\": must be a URL path starting with '/' (got \"mypreferences\")");
}

TEST(Rules, languagesArePrimarySubtags) {
    json doc = real_rules_json();
    doc["languages"].push_back("pt-BR");
    EXPECT_EQ(load_error(doc), "rules: rules file: field \"languages\": must be primary language subtags such as \"de\" (got \"pt-BR\")");
}

// The committed schema and the loader must agree: whatever the schema requires, the host refuses
// to load without, naming the field; and the real rules use only fields the schema knows.
TEST(Rules, everyFieldTheSchemaRequiresTheLoaderRequiresToo) {
    std::ifstream in(std::string(OPTOUT_SOURCE_DIR) + "/rules/rules.schema.json", std::ios::binary);
    const json schema = json::parse(in);
    for (const auto& field : schema["required"]) {
        json doc = real_rules_json();
        doc.erase(field.get<std::string>());
        EXPECT_EQ(load_error(doc), "rules: rules file: field \"" + field.get<std::string>() + "\": is missing");
    }
    const json& rule_schema = schema["definitions"]["rule"];
    json rule_required = rule_schema["required"];
    for (const auto& field : rule_schema["else"]["required"]) rule_required.push_back(field);  // a switch rule's
    for (const auto& field : rule_required) {
        json doc = real_rules_json();
        doc["rules"][3].erase(field.get<std::string>());
        const std::string expected_owner = field == "id" ? "rule #3" : "rule \"research\"";
        EXPECT_EQ(load_error(doc), "rules: " + expected_owner + ": field \"" + field.get<std::string>() + "\": is missing");
    }
    const json real = real_rules_json();
    for (const auto& rule : real["rules"])
        for (const auto& [key, value] : rule.items()) EXPECT_TRUE(rule_schema["properties"].contains(key)) << key;
}

TEST(Rules, aPathPatternStillMatchesAfterItWasMovedAndCopied) {
    std::vector<PathPattern> patterns;
    for (int i = 0; i < 50; ++i) patterns.emplace_back(i % 2 ? "/psettings/*" : "/a/b/");  // short: inline string buffers
    const std::vector<PathPattern> copies = patterns;
    EXPECT_TRUE(copies[1].matches("/psettings/privacy"));
    EXPECT_TRUE(patterns[49].matches("/psettings/"));
    EXPECT_TRUE(copies[48].matches("/a/b"));
    EXPECT_FALSE(copies[48].matches("/a/bc"));
}

TEST(Rules, everyRuleHasSourcesAndEverySwitchRuleItsPagesUnderEveryKnownPrefix) {
    const Rules& rules = fixtures::real_rules();
    EXPECT_EQ(rules.version, "2026.12.07");
    for (const Rule& rule : rules.rules) {
        if (rule.is_manual()) continue;
        for (const std::string& prefix : rules.prefixes) {
            const bool somewhere = std::any_of(rule.pages.begin(), rule.pages.end(), [&](const PathPattern& page) {
                return page.text().starts_with(prefix);
            });
            EXPECT_TRUE(somewhere || rule.id == "research-invitations") << rule.id << " has no page under " << prefix;
        }
    }
}

TEST(Rules, theNewOptOutsAreThere) {
    const Rules& rules = fixtures::real_rules();
    ASSERT_NE(rules.find("marketing-emails"), nullptr);
    EXPECT_TRUE(rules.find("marketing-emails")->has_id("tipsForUsingLinkedinViaEmail"));
    ASSERT_NE(rules.find("non-essential-cookies"), nullptr);
    EXPECT_TRUE(rules.find("non-essential-cookies")->has_id("nonEssentialCookieConsent"));
    EXPECT_TRUE(rules.find("non-essential-cookies")->on_own_page("/mypreferences/d/member-cookies"));
    ASSERT_NE(rules.find("non-generative-ai-objection"), nullptr);
    EXPECT_TRUE(rules.find("non-generative-ai-objection")->is_manual());
    EXPECT_EQ(rules.find("affiliate-ads-sharing")->link, "https://www.linkedin.com/mypreferences/s/settings/share-data-with-trusted-partners");
}

TEST(Rules, aPageMovedToAnotherKnownPrefixIsStillTheRulesOwnPage) {
    const Rules& rules = fixtures::real_rules();
    const Rule& research = *rules.find("research");
    EXPECT_FALSE(research.on_own_page("/mypreferences/x/settings/policy-and-academic-research"));
    EXPECT_FALSE(rules.is_own_page(research, "/mypreferences/x/settings/policy-and-academic-research"));
    json doc = real_rules_json();
    doc["rules"][3]["pages"] = {"/mypreferences/d/settings/policy-and-academic-research"};
    const Rules only_d = load_rules(doc.dump());
    EXPECT_TRUE(only_d.is_own_page(*only_d.find("research"), "/mypreferences/s/settings/policy-and-academic-research/"));
    EXPECT_TRUE(only_d.is_own_page(*only_d.find("research"), "/mypreferences/m/settings/policy-and-academic-research"));
    EXPECT_FALSE(only_d.is_own_page(*only_d.find("research"), "/mypreferences/s/settings/ads-by-age"));
}

TEST(Rules, pageLanguagesAreReadByTheirPrimarySubtag) {
    EXPECT_EQ(primary_language("de_DE"), "de");
    EXPECT_EQ(primary_language("de-DE"), "de");
    EXPECT_EQ(primary_language("DE"), "de");
    EXPECT_EQ(primary_language(""), "");
    for (const char* lang : {"de_DE", "de-DE", "DE", "fr_CA", "PT_br"}) EXPECT_TRUE(fixtures::real_rules().knows_language(lang)) << lang;
}

TEST(Rules, aSwitchIdClaimedByTwoRulesIsRefused) {
    json doc = real_rules_json();
    doc["rules"][3]["ids"].push_back("allowDataForGenerativeAI");
    EXPECT_EQ(load_error(doc), "rules: rule \"research\": field \"ids\": switch id \"allowDataForGenerativeAI\" is already rule \"gen-ai-training\"'s");
}

TEST(Rules, aManualRuleCannotClaimAnythingOnAPage) {
    json doc = real_rules_json();
    json& manual = doc["rules"].back();
    ASSERT_EQ(manual["kind"], "manual");
    manual["ids"] = {"x"};
    EXPECT_EQ(load_error(doc), "rules: rule \"non-generative-ai-objection\": field \"ids\": a manual rule has no ids");
}

TEST(Rules, aVersionMustBeNumbersSeparatedByDots) {
    json doc = real_rules_json();
    doc["version"] = "latest";
    EXPECT_EQ(load_error(doc), "rules: rules file: field \"version\": must be numbers separated by dots, e.g. 2026.12.07 (got \"latest\")");
}

TEST(Rules, versionsCompareNumberByNumber) {
    EXPECT_EQ(compare_versions("2026.12.07", "2026.11.23"), 1);
    EXPECT_EQ(compare_versions("2026.11.23", "2026.12.07"), -1);
    EXPECT_EQ(compare_versions("2026.12.7", "2026.12.07"), 0);
    EXPECT_EQ(compare_versions("2026.12.07.1", "2026.12.07"), 1);
    EXPECT_EQ(compare_versions("2026.10", "2026.9"), 1);
    EXPECT_EQ(compare_versions("2026.x", "2026.9"), std::nullopt);
    EXPECT_EQ(compare_versions("", "1"), std::nullopt);
    EXPECT_EQ(compare_versions("1..2", "1"), std::nullopt);
}

TEST(Rules, aRuleChangeInIdsOrMatchersChangesItsFingerprintAndNothingElseDoes) {
    const json base = real_rules_json();
    const std::string original = load_rules(base.dump()).find("research")->fingerprint;
    json doc = base;
    doc["rules"][3]["why"] = "changed words in the popup only";
    EXPECT_EQ(load_rules(doc.dump()).find("research")->fingerprint, original);
    doc = base;
    doc["rules"][3]["labels"]["en"]["match"].push_back("new words");
    EXPECT_NE(load_rules(doc.dump()).find("research")->fingerprint, original);
    doc = base;
    doc["rules"][3]["ids"] = {"renamedResearchSwitch"};
    EXPECT_NE(load_rules(doc.dump()).find("research")->fingerprint, original);
}

TEST(Rules, aPatternMatchesAPrefixAndATailAsIfJoined) {
    EXPECT_TRUE(PathPattern("/mypreferences/d/settings/x").matches_joined("/mypreferences/d/", "settings/x/"));
    EXPECT_FALSE(PathPattern("/mypreferences/d/settings/x").matches_joined("/mypreferences/d/", "settings/xy"));
    EXPECT_FALSE(PathPattern("/mypreferences/d/settings/x").matches_joined("/mypreferences/s/", "settings/x"));
    EXPECT_TRUE(PathPattern("/mypreferences/d/settings/*").matches_joined("/mypreferences/d/", "settings/anything"));
}
