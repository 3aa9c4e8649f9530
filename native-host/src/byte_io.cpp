#include "byte_io.hpp"

#include <cerrno>
#include <cstdio>
#include <istream>
#include <memory>
#include <ostream>

#ifdef _WIN32
#include <io.h>
#else
#include <unistd.h>
#endif

namespace optout {
namespace {

// A byte count a single read or write is asked for: Windows counts in unsigned int.
unsigned io_size(std::size_t size) { return static_cast<unsigned>(size > (1u << 30) ? (1u << 30) : size); }

// One read or write, retried when a signal interrupted it; -1 on any other error.
template <typename Call>
long long retrying(Call call) {
    for (;;) {
        const long long done = call();
        if (done >= 0 || errno != EINTR) return done;
    }
}

long long read_fd(int fd, char* to, std::size_t size) {
#ifdef _WIN32
    return retrying([&] { return _read(fd, to, io_size(size)); });
#else
    return retrying([&] { return ::read(fd, to, io_size(size)); });
#endif
}

long long write_fd(int fd, const char* from, std::size_t size) {
#ifdef _WIN32
    return retrying([&] { return _write(fd, from, io_size(size)); });
#else
    return retrying([&] { return ::write(fd, from, io_size(size)); });
#endif
}

}  // namespace

std::size_t FdSource::read_some(char* to, std::size_t size) {
    const long long got = read_fd(fd_, to, size);
    return got > 0 ? static_cast<std::size_t>(got) : 0;
}

bool FdSink::write_all(std::string_view bytes) {
    while (!bytes.empty()) {
        const long long put = write_fd(fd_, bytes.data(), bytes.size());
        if (put <= 0) return false;
        bytes.remove_prefix(static_cast<std::size_t>(put));
    }
    return true;
}

std::size_t StreamSource::read_some(char* to, std::size_t size) {
    in_.read(to, static_cast<std::streamsize>(size));
    return static_cast<std::size_t>(in_.gcount());
}

bool StreamSink::write_all(std::string_view bytes) {
    out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out_.flush();
    return static_cast<bool>(out_);
}

SinkStreambuf::int_type SinkStreambuf::overflow(int_type c) {
    if (traits_type::eq_int_type(c, traits_type::eof())) return sync() == 0 ? traits_type::not_eof(c) : traits_type::eof();
    pending_ += traits_type::to_char_type(c);
    if (traits_type::to_char_type(c) == '\n' && sync() != 0) return traits_type::eof();
    return c;
}

std::streamsize SinkStreambuf::xsputn(const char* s, std::streamsize n) {
    pending_.append(s, static_cast<std::size_t>(n));
    if (pending_.size() >= 8192 && sync() != 0) return 0;
    return n;
}

int SinkStreambuf::sync() {
    if (pending_.empty()) return 0;
    const bool ok = sink_.write_all(pending_);
    pending_.clear();
    return ok ? 0 : -1;
}

SourceStreambuf::int_type SourceStreambuf::underflow() {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    const std::size_t got = source_.read_some(buffer_, sizeof buffer_);
    if (got == 0) return traits_type::eof();
    setg(buffer_, buffer_, buffer_ + got);
    return traits_type::to_int_type(*gptr());
}

std::optional<std::string> read_whole_file(const std::filesystem::path& path) {
#ifdef _WIN32
    std::FILE* const opened = ::_wfopen(path.c_str(), L"rb");
#else
    std::FILE* const opened = std::fopen(path.c_str(), "rb");
#endif
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(opened, &std::fclose);
    if (!file) return std::nullopt;
    std::string text;
    char chunk[8192];
    for (;;) {
        const std::size_t got = std::fread(chunk, 1, sizeof chunk, file.get());
        text.append(chunk, got);
        if (got < sizeof chunk) break;
    }
    if (std::ferror(file.get())) return std::nullopt;
    return text;
}

}  // namespace optout
