// The remembered state on disk: one JSON file for all installs, shared by every host process
// (Chrome starts one per port, and two browsers may run at once). Every change is a
// read-modify-write under an exclusive lock, written to a temporary file, synced and renamed
// over the old one, so a reader sees the old file or the new one, never half of one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "byte_io.hpp"
#include "memory.hpp"

namespace optout {

// The state could not be read or written. Nothing on disk was changed.
class StateUnavailable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A stored `seen` time is refreshed at most this often when the state itself is unchanged.
inline constexpr std::int64_t kSeenRefreshSeconds = 600;
inline constexpr int kStateFormat = 1;

class StateStore {
public:
    // `log` receives warnings (a corrupt file set aside); the host passes stderr.
    StateStore(std::filesystem::path directory, ByteSink& log);

    // What is remembered for an install (empty when nothing is). Throws StateUnavailable.
    // The reference is valid until the next call on this store.
    const InstallMemory& load(std::string_view install);

    // Applies the observations and writes the file when something changed. Returns the memory
    // after the change, valid until the next call on this store. Throws StateUnavailable.
    const InstallMemory& record(std::string_view install, const std::vector<Observation>& observations,
                                std::string_view rules_version, std::int64_t now);

    // Marks a manual step done (as of `now`) or not done. Throws StateUnavailable.
    const InstallMemory& mark(std::string_view install, std::string_view rule, bool done, std::int64_t now);

    // Drops everything remembered for the install; false when there was nothing.
    bool forget(std::string_view install);

    const std::filesystem::path& file() const { return file_; }

private:
    using Installs = std::map<std::string, InstallMemory, std::less<>>;

    // A read-modify-write under the lock; `change` returns whether it changed anything to write.
    const InstallMemory& update(std::string_view install, const std::function<bool(InstallMemory&)>& change);
    const Installs& current();  // the file's content, re-read only when the file changed
    Installs read_file();       // throws StateUnavailable; sets a corrupt file aside
    void write_file(const Installs& installs);
    void ensure_directory();

    std::filesystem::path directory_;
    std::filesystem::path file_;
    std::filesystem::path lock_file_;
    ByteSink& log_;
    Installs cache_;
    std::optional<std::string> cache_identity_;
    const InstallMemory empty_;
};

// Serialisation, exposed for tests.
std::string state_to_json(const std::map<std::string, InstallMemory, std::less<>>& installs);
// Throws std::runtime_error when the text is not a state file of this format.
std::map<std::string, InstallMemory, std::less<>> state_from_json(std::string_view text);

}  // namespace optout
