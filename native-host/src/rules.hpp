// The opt-out rules: what LinkedIn's opt-outs are, where they live and how to recognise their
// toggles. Loaded once from versioned JSON (rules/linkedin.json, embedded at build time) and
// checked field by field, so a broken rules file fails with the rule and the field named.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
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
    const std::string& text() const { return text_; }

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
};

struct RuleSource {
    std::string url;
    std::string date;
    std::string note;
};

struct Rule {
    std::string id;
    std::string title;
    std::string why;
    Category category{};
    std::uint8_t profile_mask = 0;  // bit (1 << Profile)
    std::vector<std::string> regions;
    std::vector<PathPattern> pages;  // where the rule's own toggle lives
    std::vector<std::string> ids;    // LinkedIn's stable, language-independent switch ids
    std::vector<LanguageLabels> labels;
    std::string link;
    RuleSource source;

    bool in_profile(Profile profile) const { return (profile_mask >> static_cast<unsigned>(profile)) & 1u; }
    bool has_id(std::string_view key) const;
    bool label_matches(std::string_view folded_label) const;  // folded as in text_fold.hpp
    bool on_own_page(std::string_view path) const;
};

struct Hub {
    PathPattern path;
    std::string title;
};

struct Rules {
    int format = 0;
    std::string version;
    std::string site;
    std::vector<std::string> languages;
    std::vector<Hub> hubs;
    std::vector<Rule> rules;

    bool knows_language(std::string_view lang) const;  // by primary subtag, case-insensitive
    const Rule* find(std::string_view id) const;
    const Hub* find_hub(std::string_view path) const;
};

class RulesError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The only rules-file format this host reads.
inline constexpr int kRulesFormat = 1;

// Parses and checks a rules file; throws RulesError naming the rule and the field.
Rules load_rules(std::string_view json_text);
Rules load_rules_file(const std::string& path);

// The rules file compiled into the binary (generated from rules/linkedin.json).
std::string_view embedded_rules_json();

}  // namespace optout
