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
