// A label matcher: a set of words that must all appear, as whole words, in a folded label.
// "training ai models" matches "Use my data for training content creation AI models" but not
// "retraining of AI models". Built once from the rules; matching allocates nothing.
// Labels are matched in their folded form (text_fold.hpp: every word followed by one space).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace optout {

class LabelMatcher {
public:
    // `phrase` is folded the same way as labels, so "Données IA" and "donnees ia" are one matcher.
    explicit LabelMatcher(std::string_view phrase);

    // `folded_label` as made by append_folded_words / fold_text.
    bool matches(std::string_view folded_label) const;
    const std::vector<std::string>& words() const { return words_; }

private:
    std::vector<std::string> words_;
};

}  // namespace optout
