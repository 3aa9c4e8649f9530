#include "registry.hpp"

#include <string>

#include <windows.h>

namespace optout {

std::optional<std::filesystem::path> registered_manifest(std::string_view key, std::string_view host_name) {
    constexpr std::string_view kCurrentUser = "HKCU\\";
    if (!key.starts_with(kCurrentUser)) return std::nullopt;  // the table lists per-user keys only
    std::string subkey(key.substr(kCurrentUser.size()));
    subkey += '\\';
    subkey += host_name;
    const std::wstring wide_subkey = std::filesystem::path(subkey).wstring();
    // A path of up to 32767 characters, the longest Windows allows; RegGetValueW says when it is longer.
    std::wstring value(32768, L'\0');
    DWORD bytes = static_cast<DWORD>(value.size() * sizeof(wchar_t));
    if (RegGetValueW(HKEY_CURRENT_USER, wide_subkey.c_str(), nullptr, RRF_RT_REG_SZ, nullptr, value.data(), &bytes) !=
        ERROR_SUCCESS)
        return std::nullopt;
    value.resize(bytes / sizeof(wchar_t));
    while (!value.empty() && value.back() == L'\0') value.pop_back();
    return std::filesystem::path(value);
}

}  // namespace optout
