#include "label_matcher.hpp"
#include "text_fold.hpp"

#include <gtest/gtest.h>

using namespace optout;

using Words = std::vector<std::string>;

TEST(TextFold, lowersCaseAndSplitsAtPunctuation) {
    EXPECT_EQ(fold_words("Use my data, for AI-models!"), (Words{"use", "my", "data", "for", "ai", "models"}));
}

TEST(TextFold, removesAccentsFromLatinLetters) {
    EXPECT_EQ(fold_words("Données amélioration l’IA générative"), (Words{"donnees", "amelioration", "l", "ia", "generative"}));
    EXPECT_EQ(fold_words("außerhalb ÆSIR Œuvre"), (Words{"ausserhalb", "aesir", "oeuvre"}));
    EXPECT_EQ(fold_words("Łódź Dvořák"), (Words{"lodz", "dvorak"}));
}

TEST(TextFold, removesDecomposedAccents) {
    EXPECT_EQ(fold_words("Donne\xCC\x81" "es"), (Words{"donnees"}));
}

TEST(TextFold, nonBreakingSpacesAndQuotesSeparateWords) {
    EXPECT_EQ(fold_words("ads\xC2\xA0" "beyond \xE2\x80\x9CLinkedIn\xE2\x80\x9D"), (Words{"ads", "beyond", "linkedin"}));
}

TEST(TextFold, invalidUtf8NeverLoopsAndCountsAsSeparator) {
    EXPECT_EQ(fold_words("ab\xFF" "cd\xC3"), (Words{"ab", "cd"}));
}

TEST(TextFold, keepsLettersOfOtherScripts) {
    EXPECT_EQ(fold_words("Dane dla AI"), (Words{"dane", "dla", "ai"}));
    EXPECT_EQ(fold_words("данные ИИ").size(), 2u);
    EXPECT_EQ(fold_words("данные ИИ 日本"), (Words{"данные", "ИИ", "日本"}));  // kept byte for byte
}

TEST(TextFold, foldedTextEndsEveryWordWithOneSpace) {
    EXPECT_EQ(fold_text("  Ads -- beyond\tLinkedIn!! "), "ads beyond linkedin ");
    EXPECT_EQ(fold_text("?!"), "");
}

TEST(LabelMatcher, matchesWholeWordsInAnyOrderCaseAndAccentInsensitive) {
    const LabelMatcher matcher("entrainer modeles ia");
    EXPECT_TRUE(matcher.matches(fold_text("Utiliser mes données pour entraîner des modèles d’IA de création de contenu")));
    EXPECT_TRUE(matcher.matches(fold_text("MODÈLES IA : ENTRAÎNER")));
}

TEST(LabelMatcher, doesNotMatchPartsOfWords) {
    const LabelMatcher matcher("training ai models");
    EXPECT_FALSE(matcher.matches(fold_text("Retraining of AI models")));
    EXPECT_FALSE(matcher.matches(fold_text("training aim models")));
    EXPECT_FALSE(matcher.matches(fold_text("pretraining ai models")));
    EXPECT_FALSE(matcher.matches(fold_text("trainings ai models")));
    EXPECT_TRUE(matcher.matches(fold_text("models, AI: training")));
    EXPECT_TRUE(matcher.matches(fold_text("Use my data for training content creation AI models")));
}

TEST(LabelMatcher, needsEveryWord) {
    const LabelMatcher matcher("ads beyond linkedin");
    EXPECT_FALSE(matcher.matches(fold_text("Ads on LinkedIn")));
}

TEST(LabelMatcher, anEmptyPhraseMatchesNothing) {
    EXPECT_FALSE(LabelMatcher("  -- ").matches(fold_text("anything")));
}

// The verdict matches labels through a LabelIndex: it must say exactly what the matchers say.
TEST(LabelIndex, findsTheOwnersWhoseMatchersTheLabelFitsAndNoOthers) {
    LabelIndex index;
    index.add(0, LabelMatcher("training ai models"));
    index.add(1, LabelMatcher("ads beyond linkedin"));
    index.add(1, LabelMatcher("ads linkedin"));  // a second matcher of the same owner: reported once
    index.add(2, LabelMatcher("  -- "));         // empty: matches nothing
    index.add(3, LabelMatcher("models ai"));
    std::vector<std::uint32_t> words;
    std::vector<std::size_t> owners;
    const auto match = [&](std::string_view label) {
        index.match(fold_text(label), words, owners);
        return owners;
    };
    using Owners = std::vector<std::size_t>;
    EXPECT_EQ(match("Use my data for training content creation AI models"), (Owners{0, 3}));
    EXPECT_EQ(match("Retraining of AI models"), (Owners{3}));
    EXPECT_EQ(match("training aim models"), Owners{});
    EXPECT_EQ(match("Ads beyond LinkedIn, ads beyond LinkedIn"), (Owners{1}));
    EXPECT_EQ(match("Ads on LinkedIn"), (Owners{1}));
    EXPECT_EQ(match("anything"), Owners{});
    EXPECT_EQ(match(""), Owners{});
}
