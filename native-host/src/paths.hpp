// Where the host keeps its state on each platform.
#pragma once

#include <filesystem>
#include <optional>

namespace optout {

// OPTOUT_GUARD_STATE_DIR if set; else $XDG_STATE_HOME/optout-guard, else
// ~/.local/state/optout-guard (Linux and other Unix); ~/Library/Application Support/Opt-Out Guard
// (macOS); %LOCALAPPDATA%\Opt-Out Guard (Windows). nullopt when no home can be found.
std::optional<std::filesystem::path> state_directory();

// An XDG base directory: $name when it is an absolute path, else $HOME/`under_home` (the XDG Base
// Directory spec: a relative value is invalid and must be ignored); nullopt when HOME is not set
// either. scripts/native-messaging.sh (nm_config_home) follows the same rule for XDG_CONFIG_HOME.
std::optional<std::filesystem::path> xdg_base_directory(const char* name, const std::filesystem::path& under_home);

}  // namespace optout
