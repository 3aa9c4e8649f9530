// Where the host keeps its state on each platform.
#pragma once

#include <filesystem>
#include <optional>

namespace optout {

// OPTOUT_GUARD_STATE_DIR if set; else $XDG_STATE_HOME/optout-guard, else
// ~/.local/state/optout-guard (Linux and other Unix); ~/Library/Application Support/Opt-Out Guard
// (macOS); %LOCALAPPDATA%\Opt-Out Guard (Windows). nullopt when no home can be found.
std::optional<std::filesystem::path> state_directory();

}  // namespace optout
