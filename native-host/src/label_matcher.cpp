#include "label_matcher.hpp"

#include <algorithm>

#include "text_fold.hpp"

namespace optout {

LabelMatcher::LabelMatcher(std::string_view phrase) : words_(fold_words(phrase)) {}

bool LabelMatcher::matches(const std::vector<std::string>& label_words) const {
    if (words_.empty()) return false;
    return std::all_of(words_.begin(), words_.end(), [&](const std::string& word) {
        return std::find(label_words.begin(), label_words.end(), word) != label_words.end();
    });
}

}  // namespace optout
