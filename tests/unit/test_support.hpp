// Helpers shared by the unit tests: the real rules, and page states built in a line.
#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "protocol.hpp"
#include "temp_dir.hpp"
#include "rules.hpp"

namespace optout::fixtures {

// The rules the host is built with: compiled from rules/linkedin.json at build time.
inline const Rules& real_rules() {
    static const Rules rules = compiled_rules();
    return rules;
}

// The rules file the host was built from (OPTOUT_RULES_FILE), as text: for tests that edit it.
inline const std::string& rules_file_json() {
    static const std::string text = [] {
        std::ifstream in(OPTOUT_RULES_FILE, std::ios::binary);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    }();
    return text;
}

inline PageState page(std::string path, std::string lang, std::vector<Toggle> toggles) {
    return PageState{std::move(path), std::move(lang), std::move(toggles)};
}

inline constexpr const char* kGenAiPath = "/mypreferences/d/settings/data-for-ai-improvement";
inline constexpr const char* kGenAiLabel = "Use my data for training content creation AI models";

using test_support::TempDir;

}  // namespace optout::fixtures
