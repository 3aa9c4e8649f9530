// A label matcher: a set of words that must all appear, as whole words, in a folded label.
// "training ai models" matches "Use my data for training content creation AI models" but not
// "retraining of AI models". Built once from the rules; matching allocates nothing.
// Labels are matched in their folded form (text_fold.hpp: every word followed by one space).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace optout {

class LabelMatcher {
public:
    // `phrase` is folded the same way as labels, so "Données IA" and "donnees ia" are one matcher.
    explicit LabelMatcher(std::string_view phrase);
    // Words already folded, as words() gave them: for the rules compiled at build time.
    static LabelMatcher from_folded_words(std::vector<std::string> words);

    // `folded_label` as made by append_folded_words / fold_text.
    bool matches(std::string_view folded_label) const;
    const std::vector<std::string>& words() const { return words_; }
    bool operator==(const LabelMatcher&) const = default;

private:
    LabelMatcher() = default;
    std::vector<std::string> words_;
};

// Many matchers, each with an owner (a rule's index), indexed by word once when the rules load:
// which owners a folded label matches costs one table lookup per word of the label, not a search
// of the label for every word of every matcher. Gives exactly what LabelMatcher::matches gives.
class LabelIndex {
public:
    void add(std::size_t owner, const LabelMatcher& matcher);
    // Room for this many distinct words and matchers, made once (the compiled rules know both).
    void reserve(std::size_t words, std::size_t matchers);
    std::size_t word_count() const { return word_count_; }
    std::size_t matcher_count() const { return entries_.size(); }

    // The owners of the matchers that `folded_label` matches, ascending and each once, into
    // `owners` (cleared first). `words` is scratch space, reused across calls by the caller.
    void match(std::string_view folded_label, std::vector<std::uint32_t>& words, std::vector<std::size_t>& owners) const;

    // The same words with the same numbers and the same matchers, however the table was sized.
    bool operator==(const LabelIndex& other) const;

private:
    static constexpr std::uint32_t kNoWord = UINT32_MAX;
    // The word table: open addressing with linear probing in a power-of-two number of slots, at
    // most half full. Words are short (most fit std::string's inline buffer), so building the
    // table is a few hundred small copies and looking a word up is one hash and a compare or two.
    struct Slot {
        std::string word;
        std::uint32_t number = kNoWord;  // kNoWord: the slot is free
    };
    struct Entry {
        std::size_t owner;
        std::vector<std::uint32_t> words;  // the matcher's words by number; the first is the key
        bool operator==(const Entry&) const = default;
    };
    std::size_t slot_of(std::string_view word) const;  // where `word` is, or the free slot it would take
    std::uint32_t number_of(std::string_view word) const;  // kNoWord when no matcher uses it
    void grow(std::size_t slots);

    std::vector<Slot> slots_;
    std::size_t word_count_ = 0;
    std::vector<std::vector<std::size_t>> by_first_word_;  // word number -> entries keyed by it
    std::vector<Entry> entries_;
};

}  // namespace optout
