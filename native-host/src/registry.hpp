// The Windows registry as `doctor` reads it: where a browser's key says a host manifest is.
// Defined in registry_windows.cpp, built on Windows only (other systems have no registry to read).
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

namespace optout {

// The default value of `key`\`host_name`, where `key` is a manifests/locations.txt value such as
// HKCU\Software\Google\Chrome\NativeMessagingHosts; nullopt when that key or its value is absent.
std::optional<std::filesystem::path> registered_manifest(std::string_view key, std::string_view host_name);

}  // namespace optout
