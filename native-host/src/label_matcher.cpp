#include "label_matcher.hpp"

#include <algorithm>

#include "text_fold.hpp"

namespace optout {

LabelMatcher::LabelMatcher(std::string_view phrase) : words_(fold_words(phrase)) {}

LabelMatcher LabelMatcher::from_folded_words(std::vector<std::string> words) {
    LabelMatcher matcher;
    matcher.words_ = std::move(words);
    return matcher;
}

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

void LabelIndex::reserve(std::size_t words, std::size_t matchers) {
    numbers_.reserve(words);
    by_first_word_.reserve(words);
    entries_.reserve(matchers);
}

void LabelIndex::add(std::size_t owner, const LabelMatcher& matcher) {
    if (matcher.words().empty()) return;  // matches nothing, as LabelMatcher::matches says
    Entry entry{owner, {}};
    for (const std::string& word : matcher.words()) {
        const auto [it, added] = numbers_.try_emplace(word, static_cast<std::uint32_t>(numbers_.size()));
        if (added) by_first_word_.emplace_back();
        entry.words.push_back(it->second);
    }
    by_first_word_[entry.words.front()].push_back(entries_.size());
    entries_.push_back(std::move(entry));
}

void LabelIndex::match(std::string_view folded_label, std::vector<std::uint32_t>& words, std::vector<std::size_t>& owners) const {
    owners.clear();
    words.clear();
    // The label's words that some matcher uses (a folded label is words each ended by one space).
    for (std::size_t start = 0; start < folded_label.size();) {
        std::size_t end = folded_label.find(' ', start);
        if (end == std::string_view::npos) end = folded_label.size();
        if (const auto it = numbers_.find(folded_label.substr(start, end - start)); it != numbers_.end()) words.push_back(it->second);
        start = end + 1;
    }
    const auto present = [&](std::uint32_t word) { return std::find(words.begin(), words.end(), word) != words.end(); };
    for (const std::uint32_t word : words)
        for (const std::size_t e : by_first_word_[word]) {
            const Entry& entry = entries_[e];
            if (std::all_of(entry.words.begin() + 1, entry.words.end(), present)) owners.push_back(entry.owner);
        }
    std::sort(owners.begin(), owners.end());
    owners.erase(std::unique(owners.begin(), owners.end()), owners.end());
}

}  // namespace optout
