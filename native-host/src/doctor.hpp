// `optout-guard-host doctor`: checks that every browser on this machine can start the host, and
// says for each problem the one command that fixes it. The browser locations come from
// manifests/locations.txt (compiled in by cmake/native-messaging.cmake), the host name and the extension
// ids from protocol/contract.json (contract.hpp, cmake/contract.cmake): one source for the scripts and the host.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "console.hpp"

namespace optout {

enum class ManifestKind { chromium, firefox };

// What is wrong with one host manifest, in words a user can act on; empty when it is right.
// `required_origins` are the chrome-extension://ID/ origins a Chromium manifest must allow.
std::vector<std::string> manifest_problems(const std::filesystem::path& manifest, ManifestKind kind,
                                           const std::vector<std::string>& required_origins);

// `doctor [--browser NAME]... [--extension-id ID]...` (args without the word "doctor").
// Exit status 0 when all is well, 1 when a problem was found, 2 for bad arguments.
int run_doctor(const std::vector<std::string>& args, Console& io);

}  // namespace optout
