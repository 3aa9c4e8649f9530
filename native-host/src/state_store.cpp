#include "state_store.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <ostream>
#include <sstream>
#include <system_error>
#include <utility>

#include <nlohmann/json.hpp>

#include "clock.hpp"
#include "memory.hpp"

#ifdef _WIN32
#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <process.h>
#else
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace optout {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

[[maybe_unused]] std::string describe_errno(const std::string& what, const fs::path& path, int error) {
    return what + " " + path.string() + ": " + std::generic_category().message(error);
}

#ifdef _WIN32

// An exclusive lock on a file beside the state, held for one read-modify-write.
class FileLock {
public:
    explicit FileLock(const fs::path& path) {
        handle_ = CreateFileW(path.c_str(), GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                              OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
        if (handle_ == INVALID_HANDLE_VALUE) throw StateUnavailable("cannot open lock file " + path.string());
        OVERLAPPED overlapped{};
        if (!LockFileEx(handle_, LOCKFILE_EXCLUSIVE_LOCK, 0, MAXDWORD, MAXDWORD, &overlapped)) {
            CloseHandle(handle_);
            throw StateUnavailable("cannot lock " + path.string());
        }
    }
    ~FileLock() {
        OVERLAPPED overlapped{};
        UnlockFileEx(handle_, 0, MAXDWORD, MAXDWORD, &overlapped);
        CloseHandle(handle_);
    }
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

private:
    HANDLE handle_;
};

std::optional<std::string> identity_of(const fs::path& path) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec) return std::nullopt;
    const auto time = fs::last_write_time(path, ec);
    if (ec) return std::nullopt;
    return std::to_string(size) + ":" + std::to_string(time.time_since_epoch().count());
}

void write_atomically(const fs::path& file, const std::string& text) {
    fs::path temp = file;
    temp += ".tmp-" + std::to_string(_getpid());
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) {
            std::error_code ignored;
            fs::remove(temp, ignored);
            throw StateUnavailable("cannot write " + temp.string());
        }
    }
    if (!MoveFileExW(temp.c_str(), file.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        throw StateUnavailable("cannot replace " + file.string());
    }
}

#else

class FileLock {
public:
    explicit FileLock(const fs::path& path) {
        fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd_ < 0) throw StateUnavailable(describe_errno("cannot open lock file", path, errno));
        while (::flock(fd_, LOCK_EX) != 0) {
            if (errno == EINTR) continue;
            const int error = errno;
            ::close(fd_);
            throw StateUnavailable(describe_errno("cannot lock", path, error));
        }
    }
    ~FileLock() { ::close(fd_); }  // closing releases the lock
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

private:
    int fd_ = -1;
};

std::optional<std::string> identity_of(const fs::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return std::nullopt;
    return std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino) + ":" + std::to_string(st.st_size) + ":" +
           std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
}

// Closes a descriptor on every path out of a scope.
class Descriptor {
public:
    explicit Descriptor(int fd) : fd_(fd) {}
    ~Descriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    int get() const { return fd_; }
    int release() { return std::exchange(fd_, -1); }

private:
    int fd_;
};

void write_atomically(const fs::path& file, const std::string& text) {
    fs::path temp = file;
    temp += ".tmp-" + std::to_string(::getpid());
    auto fail = [&](const std::string& what, int error) {
        ::unlink(temp.c_str());
        throw StateUnavailable(describe_errno(what, temp, error));
    };
    {
        Descriptor fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
        if (fd.get() < 0) throw StateUnavailable(describe_errno("cannot create", temp, errno));
        std::size_t written = 0;
        while (written < text.size()) {
            const auto n = ::write(fd.get(), text.data() + written, text.size() - written);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) fail("cannot write", n < 0 ? errno : EIO);
            written += static_cast<std::size_t>(n);
        }
        if (::fsync(fd.get()) != 0) fail("cannot sync", errno);
        if (::close(fd.release()) != 0) fail("cannot close", errno);
    }
    if (::rename(temp.c_str(), file.c_str()) != 0) fail("cannot rename", errno);
    // Sync the directory so the rename itself survives a power cut.
    Descriptor dir(::open(file.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() >= 0) ::fsync(dir.get());
}

#endif

}  // namespace

std::string state_to_json(const std::map<std::string, InstallMemory, std::less<>>& installs) {
    json doc = {{"format", kStateFormat}, {"installs", json::object()}};
    for (const auto& [install, memory] : installs) {
        json rules = json::object();
        for (const auto& [rule, remembered] : memory.rules)
        {
            rules[rule] = {{"state", to_string(remembered.state)}, {"seen", remembered.seen}};
            if (!remembered.fingerprint.empty()) rules[rule]["fingerprint"] = remembered.fingerprint;
        }
        doc["installs"][install] = {{"rules_version", memory.rules_version}, {"rules", std::move(rules)}};
    }
    return doc.dump(1, '\t') + "\n";
}

std::map<std::string, InstallMemory, std::less<>> state_from_json(std::string_view text) {
    const json doc = json::parse(text);  // throws on bad JSON
    auto require = [](bool ok, const char* what) {
        if (!ok) throw std::runtime_error(std::string("state file: ") + what);
    };
    require(doc.is_object() && doc.value("format", 0) == kStateFormat, "unknown format");
    const json& installs = doc.at("installs");
    require(installs.is_object(), "installs must be an object");
    std::map<std::string, InstallMemory, std::less<>> out;
    for (const auto& [install, entry] : installs.items()) {
        require(entry.is_object() && entry.at("rules_version").is_string() && entry.at("rules").is_object(),
                "an install must hold rules_version and rules");
        InstallMemory memory;
        memory.rules_version = entry.at("rules_version").get<std::string>();
        for (const auto& [rule, remembered] : entry.at("rules").items()) {
            require(remembered.is_object() && remembered.at("seen").is_number_integer() && remembered.at("state").is_string(),
                    "a rule must hold state and seen");
            const auto& state = remembered.at("state").get_ref<const std::string&>();
            require(state == "pending" || state == "done", "state must be pending or done");
            // Absent in files written before rules had fingerprints: such readings are checked again.
            const auto fingerprint = remembered.find("fingerprint");
            require(fingerprint == remembered.end() || fingerprint->is_string(), "fingerprint must be a string");
            memory.rules.emplace(rule, RememberedRule{state == "pending" ? SeenState::pending : SeenState::done,
                                                      remembered.at("seen").get<std::int64_t>(),
                                                      fingerprint == remembered.end() ? std::string() : fingerprint->get<std::string>()});
        }
        out.emplace(install, std::move(memory));
    }
    return out;
}

StateStore::StateStore(fs::path directory, ByteSink& log)
    : directory_(std::move(directory)),
      file_(directory_ / "state.json"),
      lock_file_(directory_ / "state.lock"),
      log_(log) {}

void StateStore::ensure_directory() {
    std::error_code ec;
    if (fs::is_directory(directory_, ec)) return;
    fs::create_directories(directory_, ec);
    if (ec) throw StateUnavailable("cannot create the state directory " + directory_.string() + ": " + ec.message());
    fs::permissions(directory_, fs::perms::owner_all, fs::perm_options::replace, ec);
}

StateStore::Installs StateStore::read_file() {
    std::error_code ec;
    const auto status = fs::status(file_, ec);
    if (status.type() == fs::file_type::not_found) return {};
    if (ec) throw StateUnavailable("cannot read " + file_.string() + ": " + ec.message());
    if (status.type() != fs::file_type::regular)
        throw StateUnavailable("cannot read " + file_.string() + ": it is not a regular file");
    // C stdio, not an ifstream: a host start that reads the state builds no iostream (byte_io.hpp).
    const std::optional<std::string> text = read_whole_file(file_);
    if (!text) throw StateUnavailable("cannot read " + file_.string() + ": permission denied or unreadable");
    try {
        return state_from_json(*text);
    } catch (const std::exception& e) {
        // Keep the bad file for the user to inspect, and start fresh rather than refuse forever.
        fs::path aside = file_;
        aside += ".corrupt-" + std::to_string(system_now());
        fs::rename(file_, aside, ec);
        if (ec) throw StateUnavailable("the state file " + file_.string() + " is corrupt and cannot be moved aside: " + ec.message());
        log_.write_all("optout-guard-host: warning: the state file was corrupt (" + std::string(e.what()) + "); moved it to " +
                       aside.string() + " and started fresh\n");
        return {};
    }
}

void StateStore::write_file(const Installs& installs) {
    ensure_directory();
    // Temporary files are only written under the lock we hold, so any left here belong to a host
    // that was killed between writing and renaming: remove them rather than let them pile up.
    const std::string stale_prefix = file_.filename().string() + ".tmp-";
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(directory_, ec)) {
        if (entry.path().filename().string().rfind(stale_prefix, 0) == 0) fs::remove(entry.path(), ec);
    }
    write_atomically(file_, state_to_json(installs));
}

const StateStore::Installs& StateStore::current() {
    const auto identity = identity_of(file_);
    if (identity && identity == cache_identity_) return cache_;
    std::error_code ec;
    if (!identity && !fs::exists(file_, ec) && !ec) {  // nothing remembered yet
        cache_.clear();
        cache_identity_.reset();
        return cache_;
    }
    ensure_directory();
    const FileLock lock(lock_file_);  // a corrupt file is set aside by one host only
    cache_ = read_file();
    cache_identity_ = identity_of(file_);
    return cache_;
}

const InstallMemory& StateStore::load(std::string_view install) {
    const auto& installs = current();
    const auto it = installs.find(install);
    return it == installs.end() ? empty_ : it->second;
}

const InstallMemory& StateStore::update(std::string_view install, const std::function<bool(InstallMemory&)>& change) {
    ensure_directory();
    const FileLock lock(lock_file_);
    Installs installs = read_file();  // fresh: another host may have written since we looked
    if (change(installs[std::string(install)])) {
        write_file(installs);
        cache_identity_ = identity_of(file_);
    } else {
        cache_identity_.reset();  // the map may hold an empty entry the file does not: re-read next time
    }
    cache_ = std::move(installs);
    return cache_.find(install)->second;
}

const InstallMemory& StateStore::record(std::string_view install, const std::vector<Observation>& observations,
                                        std::string_view rules_version, std::int64_t now) {
    const InstallMemory& known = load(install);
    if (!observations_change(known, observations, rules_version, now, kSeenRefreshSeconds)) return known;
    return update(install, [&](InstallMemory& memory) {
        return apply_observations(memory, observations, rules_version, now, kSeenRefreshSeconds);
    });
}

const InstallMemory& StateStore::mark(std::string_view install, std::string_view rule, bool done, std::int64_t now) {
    return update(install, [&](InstallMemory& memory) {
        const auto it = memory.rules.find(rule);
        if (!done) {
            if (it == memory.rules.end()) return false;
            memory.rules.erase(it);
            return true;
        }
        memory.rules.insert_or_assign(std::string(rule), RememberedRule{SeenState::done, now, {}});
        return true;
    });
}

bool StateStore::forget(std::string_view install) {
    std::error_code ec;
    if (!fs::exists(directory_, ec)) return false;
    const FileLock lock(lock_file_);
    Installs installs = read_file();
    const auto it = installs.find(install);
    if (it == installs.end()) return false;
    installs.erase(it);
    write_file(installs);
    cache_ = std::move(installs);
    cache_identity_ = identity_of(file_);
    return true;
}

}  // namespace optout
