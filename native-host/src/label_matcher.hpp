// A label matcher: a set of words that must all appear, as whole words, in a folded label.
// "training ai models" matches "Use my data for training content creation AI models" but not
// "retraining of AI models". Built once from the rules; matching allocates nothing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace optout {

class LabelMatcher {
public:
    // `phrase` is folded the same way as labels, so "Données IA" and "donnees ia" are one matcher.
    explicit LabelMatcher(std::string_view phrase);

    bool matches(const std::vector<std::string>& label_words) const;
    const std::vector<std::string>& words() const { return words_; }

private:
    std::vector<std::string> words_;
};

}  // namespace optout
