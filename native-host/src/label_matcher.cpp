#include "label_matcher.hpp"

#include <algorithm>

#include "text_fold.hpp"

namespace optout {

LabelMatcher::LabelMatcher(std::string_view phrase) : words_(fold_words(phrase)) {}

namespace {

// `word` occurs in `folded` as a whole word: at the start or after a space, and followed by the
// space that ends every folded word.
bool has_whole_word(std::string_view folded, std::string_view word) {
    for (std::size_t at = folded.find(word); at != std::string_view::npos; at = folded.find(word, at + 1)) {
        const std::size_t end = at + word.size();
        if ((at == 0 || folded[at - 1] == ' ') && end < folded.size() && folded[end] == ' ') return true;
    }
    return false;
}

}  // namespace

bool LabelMatcher::matches(std::string_view folded_label) const {
    if (words_.empty()) return false;
    return std::all_of(words_.begin(), words_.end(), [&](const std::string& word) { return has_whole_word(folded_label, word); });
}

}  // namespace optout
