#include "evaluation.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

using namespace optout;
using optout::fixtures::kGenAiLabel;
using optout::fixtures::kGenAiPath;
using optout::fixtures::page;
using optout::fixtures::real_rules;

namespace {

std::vector<std::string> ids(const std::vector<RuleFinding>& findings) {
    std::vector<std::string> out;
    for (const auto& f : findings) out.push_back(f.rule->id);
    return out;
}

// Readings made at time 1 by the current rules; kFresh is a moment at which they are fresh.
InstallMemory remembered(std::initializer_list<std::pair<const char*, SeenState>> states) {
    InstallMemory memory;
    for (const auto& [id, state] : states) memory.rules[id] = {state, 1, real_rules().find(id)->fingerprint};
    return memory;
}
constexpr Freshness kFresh{1, kDefaultCheckAfterDays};

}  // namespace

TEST(Evaluation, genAiToggleOnIsPendingWithItsKeyAndLink) {
    const auto verdict = evaluate_page(real_rules(), page(kGenAiPath, "en", {{"allowDataForGenerativeAI", kGenAiLabel, true, ""}}),
                                       Profile::essential);
    EXPECT_EQ(verdict.kind, PageKind::setting);
    ASSERT_EQ(ids(verdict.pending), std::vector<std::string>{"gen-ai-training"});
    EXPECT_EQ(verdict.pending[0].key, "allowDataForGenerativeAI");
    EXPECT_EQ(verdict.pending[0].rule->link, "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement");
    EXPECT_TRUE(verdict.done.empty());
    EXPECT_TRUE(verdict.unknown.empty());
}

TEST(Evaluation, genAiToggleOffIsDone) {
    const auto verdict = evaluate_page(real_rules(), page(kGenAiPath, "en", {{"x", kGenAiLabel, false, ""}}), Profile::essential);
    EXPECT_EQ(ids(verdict.done), std::vector<std::string>{"gen-ai-training"});
}

TEST(Evaluation, theOlderGenAiAddressIsTheSameSetting) {
    const auto verdict = evaluate_page(real_rules(), page("/mypreferences/d/settings/data-for-generative-ai-improvement/", "en", {}),
                                       Profile::essential);
    EXPECT_EQ(verdict.kind, PageKind::setting);
    EXPECT_EQ(verdict.title, real_rules().find("gen-ai-training")->title);
}

struct LabelCase {
    const char* lang;
    const char* label;
};

class GenAiLabelInEveryLanguage : public ::testing::TestWithParam<LabelCase> {};

TEST_P(GenAiLabelInEveryLanguage, isRecognisedWithoutTheStableId) {
    const auto verdict = evaluate_page(real_rules(), page(kGenAiPath, GetParam().lang, {{"#0", GetParam().label, true, ""}}),
                                       Profile::essential);
    EXPECT_EQ(ids(verdict.pending), std::vector<std::string>{"gen-ai-training"}) << GetParam().label;
}

INSTANTIATE_TEST_SUITE_P(
    ReportedLabels, GenAiLabelInEveryLanguage,
    ::testing::Values(LabelCase{"en", "Use my data for training content creation AI models"},
                      LabelCase{"de", "Ihre Daten zum Schulen von KI-Modellen verwenden, um Inhalte zu erstellen"},
                      LabelCase{"fr", "Utiliser mes données pour entraîner des modèles d'IA de création de contenu"},
                      LabelCase{"nl", "Mijn gegevens gebruiken voor training van AI-modellen waarmee content wordt gemaakt"},
                      LabelCase{"pt-BR", "Usar meus dados para treinar modelos de IA para criar conteúdos"},
                      LabelCase{"es", "Usar mis datos para entrenar modelos de IA de generación de contenido"},
                      LabelCase{"it", "Dati per migliorare l'IA generativa"}));

struct ReportedLabel {
    const char* label;
    const char* rule;
};

class EnglishLabelAsReported : public ::testing::TestWithParam<ReportedLabel> {};

// The English wording shared/linkedin-settings.md reports for each setting, found without its
// switch id on a page that is not the setting's own.
TEST_P(EnglishLabelAsReported, isRecognisedForItsRule) {
    const auto verdict = evaluate_page(real_rules(), page("/mypreferences/d/categories/ads", "en", {{"#0", GetParam().label, true, ""}}),
                                       Profile::strict);
    EXPECT_EQ(ids(verdict.pending), std::vector<std::string>{GetParam().rule}) << GetParam().label;
}

INSTANTIATE_TEST_SUITE_P(
    ReportedLabels, EnglishLabelAsReported,
    ::testing::Values(ReportedLabel{"Data for Generative AI Improvement", "gen-ai-training"},
                      ReportedLabel{"Share data with affiliates and partners", "affiliate-ads-sharing"},
                      ReportedLabel{"Data sharing with affiliates and partners", "affiliate-ads-sharing"},
                      ReportedLabel{"Ads outside of LinkedIn", "ads-beyond-linkedin"},
                      ReportedLabel{"Ads beyond LinkedIn", "ads-beyond-linkedin"},
                      ReportedLabel{"Ads off LinkedIn", "ads-beyond-linkedin"},
                      ReportedLabel{"Social, economic and workplace research", "research"},
                      ReportedLabel{"Use data for research", "research"},
                      ReportedLabel{"Use data you\u2019ve given to businesses", "ads-third-party-data"},
                      ReportedLabel{"Use your data for ad insights", "ads-insights"},
                      ReportedLabel{"Use your age range for ads", "ads-age"},
                      ReportedLabel{"Use your gender for ads", "ads-gender"}));

TEST(Evaluation, aWordInsideAnotherWordIsNotAMatch) {
    const auto verdict = evaluate_page(real_rules(), page(kGenAiPath, "en", {{"#0", "Use my data for retraining AI models", true, ""}}),
                                       Profile::essential);
    EXPECT_TRUE(verdict.pending.empty());
    ASSERT_EQ(verdict.unknown.size(), 1u);
    EXPECT_EQ(verdict.unknown[0].reason, UnknownReason::missing);
}

TEST(Evaluation, accentsAndCaseInTheLabelDoNotMatter) {
    const auto verdict = evaluate_page(
        real_rules(), page(kGenAiPath, "fr", {{"#0", "UTILISER MES DONNÉES POUR ENTRAÎNER DES MODÈLES D\u2019IA", false, ""}}),
        Profile::essential);
    EXPECT_EQ(ids(verdict.done), std::vector<std::string>{"gen-ai-training"});
}

TEST(Evaluation, germanAffiliateSharingLabelIsRecognised) {
    const auto verdict = evaluate_page(
        real_rules(),
        page("/mypreferences/d/categories/ads", "de", {{"#0", "Daten mit verbundenen Unternehmen und Partnern teilen", false, ""}}),
        Profile::essential);
    EXPECT_EQ(verdict.kind, PageKind::hub);
    EXPECT_EQ(ids(verdict.done), std::vector<std::string>{"affiliate-ads-sharing"});
}

TEST(Evaluation, stableIdInAKnownLanguageIsEnoughWhenTheWordingChanged) {
    const auto verdict = evaluate_page(real_rules(),
                                       page("/mypreferences/d/settings/policy-and-academic-research", "de",
                                            {{"allowAnonymizedDataResearch", "Sozialwissenschaftliche Studien", false, ""}}),
                                       Profile::recommended);
    EXPECT_EQ(ids(verdict.done), std::vector<std::string>{"research"});
}

TEST(Evaluation, stableIdWithALabelInAnUnknownLanguageIsUnknownNeverDone) {
    const auto verdict = evaluate_page(
        real_rules(), page(kGenAiPath, "pl", {{"allowDataForGenerativeAI", "Używaj moich danych do trenowania modeli AI", false, ""}}),
        Profile::essential);
    EXPECT_TRUE(verdict.done.empty());
    EXPECT_TRUE(verdict.pending.empty());
    ASSERT_EQ(verdict.unknown.size(), 1u);
    EXPECT_EQ(verdict.unknown[0].reason, UnknownReason::language);
    EXPECT_EQ(verdict.unknown[0].key, "allowDataForGenerativeAI");
}

TEST(Evaluation, ownPageWithoutARecognisedToggleIsUnknownMissing) {
    const auto verdict = evaluate_page(real_rules(), page(kGenAiPath, "pl", {{"#0", "Używaj moich danych", false, ""}}), Profile::essential);
    EXPECT_TRUE(verdict.done.empty());
    ASSERT_EQ(verdict.unknown.size(), 1u);
    EXPECT_EQ(verdict.unknown[0].reason, UnknownReason::missing);
    EXPECT_FALSE(verdict.unknown[0].key.has_value());
}

TEST(Evaluation, hubWithoutTogglesIsRecognisedButNothingIsUnknown) {
    const auto verdict = evaluate_page(real_rules(), page("/mypreferences/d/categories/privacy", "en", {}), Profile::strict);
    EXPECT_EQ(verdict.kind, PageKind::hub);
    EXPECT_EQ(verdict.title, "Data privacy");
    EXPECT_TRUE(verdict.unknown.empty());
}

TEST(Evaluation, aPageTheRulesDoNotKnowIsNone) {
    const auto verdict = evaluate_page(real_rules(), page("/mypreferences/d/settings/dark-mode", "en", {{"#0", "Dark mode", true, ""}}),
                                       Profile::strict);
    EXPECT_EQ(verdict.kind, PageKind::none);
    EXPECT_TRUE(verdict.pending.empty() && verdict.done.empty() && verdict.unknown.empty());
}

TEST(Evaluation, rulesOutsideTheProfileAreObservedButNotListed) {
    const auto verdict = evaluate_page(
        real_rules(), page("/mypreferences/d/settings/ads-by-age", "en", {{"allowAdsByAge", "Use your age range for ads", true, ""}}),
        Profile::essential);
    EXPECT_TRUE(verdict.pending.empty());
    ASSERT_EQ(verdict.observations.size(), 1u);
    EXPECT_EQ(verdict.observations[0].rule, "ads-age");
    EXPECT_EQ(verdict.observations[0].state, SeenState::pending);
}

TEST(Evaluation, eachToggleServesOneRuleOnly) {
    const auto verdict = evaluate_page(
        real_rules(),
        page("/mypreferences/d/categories/ads", "en",
             {{"shareDataWithTrustedPartners", "Share data with affiliates and partners", true, ""},
              {"allowLinkedInAudienceNetwork", "Ads beyond LinkedIn", false, ""}}),
        Profile::recommended);
    EXPECT_EQ(ids(verdict.pending), std::vector<std::string>{"affiliate-ads-sharing"});
    EXPECT_EQ(ids(verdict.done), std::vector<std::string>{"ads-beyond-linkedin"});
}

TEST(Badge, pendingCountIsRed) {
    const Badge badge = badge_for(real_rules(), Profile::essential,
                                  remembered({{"gen-ai-training", SeenState::pending}, {"affiliate-ads-sharing", SeenState::pending}}), false, kFresh);
    EXPECT_EQ(badge.state, BadgeState::pending);
    EXPECT_EQ(badge.text, "2");
    EXPECT_EQ(badge.color, "#C5221F");
}

TEST(Badge, allSeenAndOffIsAGreenCheck) {
    const Badge badge = badge_for(real_rules(), Profile::essential,
                                  remembered({{"gen-ai-training", SeenState::done}, {"affiliate-ads-sharing", SeenState::done}}), false, kFresh);
    EXPECT_EQ(badge.state, BadgeState::done);
    EXPECT_EQ(badge.text, "\u2713");
    EXPECT_EQ(badge.color, "#188038");
}

TEST(Badge, unseenRulesMakeItGreyNotDone) {
    const Badge badge = badge_for(real_rules(), Profile::recommended,
                                  remembered({{"gen-ai-training", SeenState::done}, {"affiliate-ads-sharing", SeenState::done}}), false, kFresh);
    EXPECT_EQ(badge.state, BadgeState::unknown);
    EXPECT_EQ(badge.text, "?");
    EXPECT_NE(badge.title.find("3 opt-outs not checked yet"), std::string::npos) << badge.title;
}

TEST(Badge, anUnreadablePageIsGreyEvenWhenAllWasDone) {
    const Badge badge = badge_for(real_rules(), Profile::essential,
                                  remembered({{"gen-ai-training", SeenState::done}, {"affiliate-ads-sharing", SeenState::done}}), true, kFresh);
    EXPECT_EQ(badge.state, BadgeState::unknown);
}

TEST(Badge, pendingOutranksUnknown) {
    EXPECT_EQ(badge_for(real_rules(), Profile::strict, remembered({{"ads-age", SeenState::pending}}), true, kFresh).state, BadgeState::pending);
}

TEST(Observations, aChangedStateIsApplied) {
    InstallMemory memory = remembered({{"research", SeenState::pending}});
    EXPECT_TRUE(apply_observations(memory, {{"research", SeenState::done}}, "v", 100, 600));
    EXPECT_EQ(memory.rules["research"].state, SeenState::done);
    EXPECT_EQ(memory.rules["research"].seen, 100);
}

TEST(Observations, aRepeatedStateIsNotAChangeUntilTheRefreshInterval) {
    InstallMemory memory;
    apply_observations(memory, {{"research", SeenState::done}}, "v", 100, 600);
    EXPECT_FALSE(apply_observations(memory, {{"research", SeenState::done}}, "v", 200, 600));
    EXPECT_TRUE(apply_observations(memory, {{"research", SeenState::done}}, "v", 700, 600));
    EXPECT_EQ(memory.rules["research"].seen, 700);
}

// --- Matching order: ids over the whole page first, then labels among toggles no rule knows ---

namespace {

constexpr const char* kPromotionsPath = "/mypreferences/d/settings/linkedin-promotions";

std::vector<std::string> unknown_ids(const PageVerdict& verdict, UnknownReason reason) {
    std::vector<std::string> out;
    for (const auto& u : verdict.unknown)
        if (u.reason == reason) out.push_back(u.rule->id);
    return out;
}

}  // namespace

// The false "done": the e-mail switch's words look like the marketing-ads rule's, and
// it is off; the marketing-ads switch itself, found by its id, is on.
TEST(Matching, aNeighboursWordsNeverTakeARuleWhoseOwnSwitchIsOnThePage) {
    const auto verdict = evaluate_page(real_rules(),
                                       page(kPromotionsPath, "en",
                                            {{"tipsForUsingLinkedinViaEmail", "Tips and LinkedIn promotions by email", false, ""},
                                             {"allowProfileAndActivityDataForMarketingAds", "Profile and activity for marketing", true, ""}}),
                                       Profile::strict);
    ASSERT_EQ(ids(verdict.pending), std::vector<std::string>{"marketing-promotions"});
    EXPECT_EQ(verdict.pending[0].key, "allowProfileAndActivityDataForMarketingAds");
    ASSERT_EQ(ids(verdict.done), std::vector<std::string>{"marketing-emails"});
    EXPECT_EQ(verdict.done[0].key, "tipsForUsingLinkedinViaEmail");
    EXPECT_TRUE(verdict.unknown.empty());
}

TEST(Matching, aToggleWithAKnownIdNeverCountsForAnotherRuleWhateverItsLabelSays) {
    const auto verdict = evaluate_page(real_rules(),
                                       page("/mypreferences/d/categories/ads", "en",
                                            {{"allowAdsByAge", "Share data with affiliates and partners", false, ""}}),
                                       Profile::strict);
    EXPECT_EQ(ids(verdict.done), std::vector<std::string>{"ads-age"});
    EXPECT_TRUE(verdict.pending.empty());
    EXPECT_TRUE(verdict.unknown.empty());
}

TEST(Matching, aRuleFoundByItsIdIgnoresAnotherToggleWithItsWords) {
    const auto verdict = evaluate_page(real_rules(),
                                       page(kGenAiPath, "en",
                                            {{"#0", kGenAiLabel, false, ""}, {"allowDataForGenerativeAI", "Something reworded", true, ""}}),
                                       Profile::essential);
    EXPECT_EQ(ids(verdict.pending), std::vector<std::string>{"gen-ai-training"});
    EXPECT_TRUE(verdict.done.empty());
    EXPECT_EQ(verdict.unmatched, 1u);
}

TEST(Matching, twoUnknownTogglesThatBothLookLikeOneRuleAreAmbiguousNeverDone) {
    const auto verdict = evaluate_page(real_rules(),
                                       page(kGenAiPath, "en", {{"#0", kGenAiLabel, false, ""}, {"#1", "Generative AI improvement", false, ""}}),
                                       Profile::essential);
    EXPECT_TRUE(verdict.done.empty());
    EXPECT_TRUE(verdict.pending.empty());
    EXPECT_EQ(unknown_ids(verdict, UnknownReason::ambiguous), std::vector<std::string>{"gen-ai-training"});
    EXPECT_FALSE(verdict.unknown[0].key.has_value());
    ASSERT_EQ(verdict.observations.size(), 1u);
    EXPECT_FALSE(verdict.observations[0].state.has_value()) << "an ambiguous rule must not be remembered as read";
}

TEST(Matching, oneUnknownToggleWhoseWordsFitTwoRulesIsAmbiguousForBoth) {
    const auto verdict = evaluate_page(real_rules(),
                                       page(kPromotionsPath, "en", {{"#0", "LinkedIn promotions and tips by email", false, ""}}),
                                       Profile::strict);
    EXPECT_TRUE(verdict.done.empty());
    EXPECT_EQ(unknown_ids(verdict, UnknownReason::ambiguous), (std::vector<std::string>{"marketing-promotions", "marketing-emails"}));
}

TEST(Matching, theAffiliatesPageMovedUnderSIsItsOwnPage) {
    const auto verdict = evaluate_page(real_rules(),
                                       page("/mypreferences/s/settings/share-data-with-trusted-partners", "en",
                                            {{"shareDataWithTrustedPartners", "Share data with affiliates and partners", true, ""}}),
                                       Profile::essential);
    EXPECT_EQ(verdict.kind, PageKind::setting);
    EXPECT_EQ(ids(verdict.pending), std::vector<std::string>{"affiliate-ads-sharing"});
}

TEST(Matching, aRulesPageUnderTheMobilePrefixWithoutItsSwitchIsMissing) {
    const auto verdict = evaluate_page(real_rules(), page("/mypreferences/m/settings/ads-by-age", "en", {}), Profile::strict);
    EXPECT_EQ(verdict.kind, PageKind::setting);
    EXPECT_EQ(unknown_ids(verdict, UnknownReason::missing), std::vector<std::string>{"ads-age"});
}

TEST(Matching, aRenamedSwitchOnItsOwnPageIsMissingAndThePageSaysItChanged) {
    const auto verdict = evaluate_page(real_rules(), page(kGenAiPath, "en", {{"allowDataForGenAIv2", "Improve our AI with your data", false, ""}}),
                                       Profile::essential);
    EXPECT_TRUE(verdict.done.empty());
    EXPECT_EQ(unknown_ids(verdict, UnknownReason::missing), std::vector<std::string>{"gen-ai-training"});
    EXPECT_EQ(verdict.unmatched, 1u);
    EXPECT_TRUE(verdict.changed);
}

TEST(Matching, aReadPageHasNothingUnmatchedAndHasNotChanged) {
    const auto verdict = evaluate_page(real_rules(), page(kGenAiPath, "en", {{"allowDataForGenerativeAI", kGenAiLabel, false, ""}}),
                                       Profile::essential);
    EXPECT_EQ(verdict.unmatched, 0u);
    EXPECT_FALSE(verdict.changed);
}

TEST(Matching, unknownSwitchesOnAHubAreCountedButTheHubHasNotChanged) {
    const auto verdict = evaluate_page(real_rules(),
                                       page("/mypreferences/d/categories/ads", "en",
                                            {{"#0", "Dark mode", false, ""}, {"allowAdsByAge", "Use your age range for ads", false, ""}}),
                                       Profile::strict);
    EXPECT_EQ(verdict.unmatched, 1u);
    EXPECT_FALSE(verdict.changed);
}

TEST(Matching, aPageNobodyKnowsCountsNothing) {
    const auto verdict = evaluate_page(real_rules(), page("/feed/", "en", {{"#0", "Dark mode", false, ""}}), Profile::strict);
    EXPECT_EQ(verdict.kind, PageKind::none);
    EXPECT_EQ(verdict.unmatched, 0u);
}

class RegionalLanguageTag : public ::testing::TestWithParam<const char*> {};

// An id with a reworded label is enough in a known language, however the page writes the tag.
TEST_P(RegionalLanguageTag, isReadAsItsPrimaryLanguage) {
    const auto verdict = evaluate_page(real_rules(), page(kGenAiPath, GetParam(), {{"allowDataForGenerativeAI", "Neu formuliert", false, ""}}),
                                       Profile::essential);
    EXPECT_EQ(ids(verdict.done), std::vector<std::string>{"gen-ai-training"}) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Tags, RegionalLanguageTag, ::testing::Values("de_DE", "de-DE", "DE", "de", "fr_FR", "pt_BR"));

TEST(Matching, theCookieSwitchIsKnownByItsOwnId) {
    const auto verdict = evaluate_page(real_rules(),
                                       page("/mypreferences/d/member-cookies", "en", {{"nonEssentialCookieConsent", "Allow cookies", true, ""}}),
                                       Profile::recommended);
    EXPECT_EQ(ids(verdict.pending), std::vector<std::string>{"non-essential-cookies"});
}

TEST(Matching, twoTogglesWithOneIdArePendingWhenEitherIsOn) {
    const auto verdict = evaluate_page(real_rules(),
                                       page(kGenAiPath, "en",
                                            {{"allowDataForGenerativeAI", kGenAiLabel, false, ""}, {"allowDataForGenerativeAI", kGenAiLabel, true, ""}}),
                                       Profile::essential);
    EXPECT_EQ(ids(verdict.pending), std::vector<std::string>{"gen-ai-training"});
    EXPECT_TRUE(verdict.done.empty());
}

TEST(Matching, aManualStepIsNeverReadOffAPage) {
    const auto verdict = evaluate_page(real_rules(),
                                       page("/help/linkedin/ask/TS-DPRO", "en", {{"#0", "Objection to non-content-generating AI models", false, ""}}),
                                       Profile::strict);
    for (const auto& o : verdict.observations) EXPECT_NE(o.rule, "non-generative-ai-objection");
}

// --- Time and drift ---

TEST(ItemStatus, aReadingOlderThanTheAgeIsToBeCheckedAgain) {
    const InstallMemory memory = remembered({{"gen-ai-training", SeenState::done}});
    const Rule& rule = *real_rules().find("gen-ai-training");
    EXPECT_EQ(item_status(rule, memory, {1 + 90 * 86400, 90}).state, ItemState::done);
    const ItemStatus old = item_status(rule, memory, {1 + 90 * 86400 + 1, 90});
    EXPECT_EQ(old.state, ItemState::check_again);
    EXPECT_EQ(old.check_reason, CheckReason::age);
    EXPECT_EQ(item_status(rule, memory, {1 + 86400 + 1, 1}).state, ItemState::check_again) << "the age is configurable";
}

TEST(ItemStatus, aReadingMadeByOtherMatchersIsToBeCheckedAgain) {
    InstallMemory memory = remembered({{"gen-ai-training", SeenState::done}});
    memory.rules["gen-ai-training"].fingerprint = "0000000000000000";
    const ItemStatus status = item_status(*real_rules().find("gen-ai-training"), memory, kFresh);
    EXPECT_EQ(status.state, ItemState::check_again);
    EXPECT_EQ(status.check_reason, CheckReason::rules_changed);
}

TEST(ItemStatus, aManualStepIsManualMarkedOrNot) {
    const Rule& manual = *real_rules().find("non-generative-ai-objection");
    EXPECT_EQ(item_status(manual, InstallMemory{}, kFresh).state, ItemState::manual);
    EXPECT_EQ(item_status(manual, InstallMemory{}, kFresh).remembered, nullptr);
    InstallMemory marked;
    marked.rules["non-generative-ai-objection"] = {SeenState::done, 5, {}};
    EXPECT_EQ(item_status(manual, marked, kFresh).state, ItemState::manual);
    ASSERT_NE(item_status(manual, marked, kFresh).remembered, nullptr);
}

TEST(Badge, anOldDoneIsGreyNeverGreen) {
    const InstallMemory memory = remembered({{"gen-ai-training", SeenState::done}, {"affiliate-ads-sharing", SeenState::done}});
    const Badge badge = badge_for(real_rules(), Profile::essential, memory, false, {1 + 91 * 86400, 90});
    EXPECT_EQ(badge.state, BadgeState::unknown);
    EXPECT_NE(badge.title.find("2 opt-outs to check again"), std::string::npos) << badge.title;
}

TEST(Badge, manualStepsNeverCountAndNeverHoldBackTheGreenCheck) {
    InstallMemory memory;
    for (const Rule& rule : real_rules().rules)
        if (!rule.is_manual() && rule.in_profile(Profile::recommended)) memory.rules[rule.id] = {SeenState::done, 1, rule.fingerprint};
    EXPECT_EQ(badge_for(real_rules(), Profile::recommended, memory, false, kFresh).state, BadgeState::done);
}

TEST(Observations, anUnreadableRuleDropsWhatWasRemembered) {
    InstallMemory memory = remembered({{"research", SeenState::done}});
    EXPECT_TRUE(apply_observations(memory, {{"research", std::nullopt}}, "v", 100, 600));
    EXPECT_EQ(memory.rules.count("research"), 0u);
    EXPECT_FALSE(apply_observations(memory, {{"research", std::nullopt}}, "v", 200, 600)) << "nothing left to drop";
}

TEST(Observations, theSameStateReadByNewMatchersIsAChange) {
    InstallMemory memory;
    apply_observations(memory, {{"research", SeenState::done, "aaaa"}}, "v", 100, 600);
    EXPECT_TRUE(apply_observations(memory, {{"research", SeenState::done, "bbbb"}}, "v", 101, 600));
    EXPECT_EQ(memory.rules["research"].fingerprint, "bbbb");
}

// Found by the property test: a stray switch whose words fit both the e-mail rule (found by its
// id elsewhere on the page) and the marketing-ads rule (whose switch is absent) is not the
// marketing-ads switch.
TEST(Matching, wordsThatAlsoFitARuleFoundByIdDoNotIdentifyAnotherRule) {
    const auto verdict = evaluate_page(real_rules(),
                                       page(kPromotionsPath, "en",
                                            {{"tipsForUsingLinkedinViaEmail", "Tips by email", false, ""},
                                             {"#1", "Let LinkedIn use promotions email", false, ""}}),
                                       Profile::strict);
    EXPECT_EQ(ids(verdict.done), std::vector<std::string>{"marketing-emails"});
    EXPECT_EQ(unknown_ids(verdict, UnknownReason::ambiguous), std::vector<std::string>{"marketing-promotions"});
}
