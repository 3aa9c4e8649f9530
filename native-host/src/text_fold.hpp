// Folding text for matching: lower case, accents removed (Données -> donnees, außerhalb ->
// ausserhalb), split into whole words at anything that is not a letter or a digit.
// No ICU: LinkedIn's languages that the rules know are written in Latin script, so a table for
// Latin-1 Supplement and Latin Extended-A covers them; other letters pass through unchanged.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace optout {

// Appends the folded words of `text` to `out`, each followed by one space ("use my data "), so
// a whole word `w` is exactly an occurrence of "w " at the start or after a space. Invalid UTF-8
// bytes count as separators. Appending to a caller's buffer keeps the hot path free of
// per-word allocations.
void append_folded_words(std::string_view text, std::string& out);

// The folded text as one string, as above.
std::string fold_text(std::string_view text);

// The folded words as a list (for the rules' matchers, built once, and for tests).
std::vector<std::string> fold_words(std::string_view text);

}  // namespace optout
