#include "paths.hpp"

#include <cstdlib>
#include <string>

namespace optout {
namespace {

std::optional<std::filesystem::path> env_path(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::filesystem::path(value);
}

}  // namespace

std::optional<std::filesystem::path> xdg_base_directory(const char* name, const std::filesystem::path& under_home) {
    if (auto xdg = env_path(name); xdg && xdg->is_absolute()) return xdg;
    if (auto home = env_path("HOME")) return *home / under_home;
    return std::nullopt;
}

std::optional<std::filesystem::path> state_directory() {
    if (auto dir = env_path("OPTOUT_GUARD_STATE_DIR")) return dir;
#if defined(_WIN32)
    if (auto local = env_path("LOCALAPPDATA")) return *local / "Opt-Out Guard";
    return std::nullopt;
#elif defined(__APPLE__)
    if (auto home = env_path("HOME")) return *home / "Library" / "Application Support" / "Opt-Out Guard";
    return std::nullopt;
#else
    if (auto state = xdg_base_directory("XDG_STATE_HOME", std::filesystem::path(".local") / "state"))
        return *state / "optout-guard";
    return std::nullopt;
#endif
}

}  // namespace optout
