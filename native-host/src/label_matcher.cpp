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

namespace {

// FNV-1a: short words, no per-call set-up.
std::uint64_t word_hash(std::string_view word) {
    std::uint64_t hash = 14695981039346656037ull;
    for (const char c : word) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return hash;
}

}  // namespace

std::size_t LabelIndex::slot_of(std::string_view word) const {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t at = word_hash(word) & mask;; at = (at + 1) & mask)
        if (slots_[at].number == kNoWord || slots_[at].word == word) return at;
}

std::uint32_t LabelIndex::number_of(std::string_view word) const {
    return slots_.empty() ? kNoWord : slots_[slot_of(word)].number;
}

void LabelIndex::grow(std::size_t slots) {
    std::vector<Slot> old = std::move(slots_);
    slots_ = std::vector<Slot>(slots);
    for (Slot& slot : old)
        if (slot.number != kNoWord) slots_[slot_of(slot.word)] = std::move(slot);
}

void LabelIndex::reserve(std::size_t words, std::size_t matchers) {
    std::size_t slots = 16;
    while (slots < 2 * words) slots *= 2;
    if (slots > slots_.size()) grow(slots);
    by_first_word_.reserve(words);
    entries_.reserve(matchers);
}

void LabelIndex::add(std::size_t owner, const LabelMatcher& matcher) {
    if (matcher.words().empty()) return;  // matches nothing, as LabelMatcher::matches says
    Entry entry{owner, {}};
    for (const std::string& word : matcher.words()) {
        if (2 * (word_count_ + 1) > slots_.size()) grow(slots_.empty() ? 16 : 2 * slots_.size());
        Slot& slot = slots_[slot_of(word)];
        if (slot.number == kNoWord) {
            slot = {word, static_cast<std::uint32_t>(word_count_++)};
            by_first_word_.emplace_back();
        }
        entry.words.push_back(slot.number);
    }
    by_first_word_[entry.words.front()].push_back(entries_.size());
    entries_.push_back(std::move(entry));
}

bool LabelIndex::operator==(const LabelIndex& other) const {
    if (word_count_ != other.word_count_ || entries_ != other.entries_ || by_first_word_ != other.by_first_word_) return false;
    return std::all_of(slots_.begin(), slots_.end(),
                       [&](const Slot& slot) { return slot.number == kNoWord || other.number_of(slot.word) == slot.number; });
}

void LabelIndex::match(std::string_view folded_label, std::vector<std::uint32_t>& words, std::vector<std::size_t>& owners) const {
    owners.clear();
    words.clear();
    // The label's words that some matcher uses (a folded label is words each ended by one space).
    for (std::size_t start = 0; start < folded_label.size();) {
        std::size_t end = folded_label.find(' ', start);
        if (end == std::string_view::npos) end = folded_label.size();
        if (const std::uint32_t number = number_of(folded_label.substr(start, end - start)); number != kNoWord) words.push_back(number);
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
