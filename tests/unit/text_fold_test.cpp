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
