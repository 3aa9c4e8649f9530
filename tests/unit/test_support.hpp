// Helpers shared by the unit tests: the real rules, and page states built in a line.
#pragma once

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "protocol.hpp"
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

// A fresh directory under the system temp dir, removed when the test ends.
class TempDir {
public:
    TempDir() {
        std::random_device random;
        path_ = std::filesystem::temp_directory_path() / ("optout-test-" + std::to_string(random()) + std::to_string(random()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::permissions(path_, std::filesystem::perms::owner_all, ignored);
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace optout::fixtures
