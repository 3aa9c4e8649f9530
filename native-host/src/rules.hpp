// The opt-out rules: what LinkedIn's opt-outs are, where they live and how to recognise their
// toggles. Loaded from versioned JSON (rules/linkedin.json) and checked field by field, so a
// broken rules file fails with the rule and the field named: at build time for the rules compiled
// into the host (compiled_rules), at run time for a --rules file or rules the extension offers.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "contract.hpp"
#include "label_matcher.hpp"

namespace optout {

using Profile = contract::Profile;  // protocol/contract.json's profiles
inline constexpr const auto& kProfileNames = contract::kProfiles;
std::optional<Profile> parse_profile(std::string_view name);
std::string_view to_string(Profile profile);

enum class Category : std::uint8_t { ai_training, ad_sharing, ads, research };
std::string_view to_string(Category category);

// A URL path, exact (trailing slash ignored) or a prefix when it ends in '*'.
class PathPattern {
public:
    explicit PathPattern(std::string pattern);
    bool matches(std::string_view path) const;
    // Whether it matches `prefix` + `tail`, without joining them.
    bool matches_joined(std::string_view prefix, std::string_view tail) const;
    const std::string& text() const { return text_; }
    bool operator==(const PathPattern&) const = default;

private:
    std::string_view stem() const { return std::string_view(text_).substr(0, stem_length_); }

    std::string text_;
    // The pattern without '*' or trailing '/': a length, not a view, so moving the pattern (and
    // its short string's inline buffer) cannot leave it dangling.
    std::size_t stem_length_ = 0;
    bool prefix_ = false;
};

struct LanguageLabels {
    std::string language;  // primary subtag: "en", "de", ...
    std::vector<LabelMatcher> matchers;
    std::vector<std::string> phrases;  // as written in the rules, for `rules` output
    std::string confidence;
    std::string source;
    bool operator==(const LanguageLabels&) const = default;
};

struct RuleSource {
    std::string url;
    std::string date;
    std::string note;
    bool operator==(const RuleSource&) const = default;
};

// A switch the host reads off a page, or a manual step (a form, say) the user marks done.
enum class RuleKind : std::uint8_t { switch_, manual };
std::string_view to_string(RuleKind kind);

// The primary language subtag of a page's `lang`, lower case: "de_DE", "de-DE", "DE" -> "de".
std::string primary_language(std::string_view lang);

struct Rule {
    std::string id;
    std::string title;
    std::string why;
    Category category{};
    RuleKind kind = RuleKind::switch_;
    std::uint8_t profile_mask = 0;  // bit (1 << Profile)
    std::vector<std::string> regions;
    std::vector<PathPattern> pages;  // where the rule's own toggle lives (empty for manual rules)
    std::vector<std::string> ids;    // LinkedIn's stable, language-independent switch ids
    std::vector<LanguageLabels> labels;
    std::string link;
    std::vector<RuleSource> sources;  // at least one
    // A digest of ids and label matchers: a reading remembered under another fingerprint was made
    // by different matching and is checked again, not trusted.
    std::string fingerprint;
    // `"rule":…,"title":…,"why":…,"link":…` as every verdict writes them, escaped once by load_rules.
    std::string reply_members;

    bool in_profile(Profile profile) const { return (profile_mask >> static_cast<unsigned>(profile)) & 1u; }
    bool has_id(std::string_view key) const;
    bool label_matches(std::string_view folded_label) const;  // folded as in text_fold.hpp
    bool on_own_page(std::string_view path) const;  // one of `pages` exactly
    bool is_manual() const { return kind == RuleKind::manual; }
    bool operator==(const Rule&) const = default;
};

struct Hub {
    PathPattern path;
    std::string title;
    bool operator==(const Hub&) const = default;
};

struct Rules {
    int format = 0;
    std::string version;
    std::string site;
    std::vector<std::string> languages;
    // Where LinkedIn serves settings ("/mypreferences/d/", "/mypreferences/s/", ...): a page at
    // one prefix is also known at the others, so a moved page is still its rule's own page.
    std::vector<std::string> prefixes;
    std::vector<Hub> hubs;
    std::vector<Rule> rules;
    // Built by load_rules as the rules are added (nothing else makes a Rules), for the verdict:
    // every switch id with its rule's index, sorted by id; and the switch rules' label matchers
    // indexed by word, each owned by its rule's index.
    std::vector<std::pair<std::string, std::size_t>> switch_ids;
    LabelIndex switch_labels;

    bool knows_language(std::string_view lang) const;  // by primary subtag, case-insensitive
    const Rule* find(std::string_view id) const;
    const Rule* rule_with_id(std::string_view switch_id) const;  // the switch rule owning a stable id
    const Hub* find_hub(std::string_view path) const;
    // A rule's own page: one of its `pages`, or one of them moved to another known prefix.
    bool is_own_page(const Rule& rule, std::string_view path) const;
    // Member by member, the indexes too: the compiled rules equal the loaded ones (rules_test).
    bool operator==(const Rules&) const = default;
};

// Compares dotted version strings of numbers ("2026.12.07" > "2026.11.23"): <0, 0 or >0.
// Nullopt when either is not numbers separated by dots.
std::optional<int> compare_versions(std::string_view a, std::string_view b);

class RulesError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The only rules-file format this host reads.
inline constexpr int kRulesFormat = 1;

// Parses and checks a rules file; throws RulesError naming the rule and the field.
Rules load_rules(std::string_view json_text);
Rules load_rules_file(const std::string& path);

// The rules built into the host: rules/linkedin.json, checked by load_rules at build time and
// turned into C++ (optout-rules-compiler), so the host starts with nothing to parse.
Rules compiled_rules();

}  // namespace optout
