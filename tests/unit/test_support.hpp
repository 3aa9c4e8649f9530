// Helpers shared by the unit tests: the real rules, and page states built in a line.
#pragma once

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "protocol.hpp"
#include "temp_dir.hpp"
#include "rules.hpp"

namespace optout::fixtures {

inline const Rules& real_rules() {
    static const Rules rules = load_rules(embedded_rules_json());
    return rules;
}

inline PageState page(std::string path, std::string lang, std::vector<Toggle> toggles) {
    return PageState{std::move(path), std::move(lang), std::move(toggles)};
}

inline constexpr const char* kGenAiPath = "/mypreferences/d/settings/data-for-ai-improvement";
inline constexpr const char* kGenAiLabel = "Use my data for training content creation AI models";

using test_support::TempDir;

}  // namespace optout::fixtures
