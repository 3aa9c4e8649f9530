// Folding text for matching: lower case, accents removed (Données -> donnees, außerhalb ->
// ausserhalb), split into whole words at anything that is not a letter or a digit.
// No ICU: LinkedIn's languages that the rules know are written in Latin script, so a table for
// Latin-1 Supplement and Latin Extended-A covers them; other letters pass through unchanged.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace optout {

// Appends the folded words of `text` to `words` (cleared first). Invalid UTF-8 bytes count as
// separators. `words` is passed in so the hot path can reuse its capacity.
void fold_words(std::string_view text, std::vector<std::string>& words);

std::vector<std::string> fold_words(std::string_view text);

}  // namespace optout
