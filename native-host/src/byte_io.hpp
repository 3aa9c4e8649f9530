// Where the host's bytes come from and go: a source to read from, a sink to write to. Host mode
// reads and writes the standard file descriptors directly (read(2)/write(2), as a C program
// would), so a start builds no iostream and no std::locale: that set-up touched more memory pages
// than the whole rest of a cold start. Tests and commands adapt streams to the same interface.
#pragma once

#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <streambuf>
#include <string>
#include <string_view>

namespace optout {

class ByteSource {
public:
    virtual ~ByteSource() = default;
    // Up to `size` bytes into `to`; 0 only at the end of the input (or on an error reading it).
    virtual std::size_t read_some(char* to, std::size_t size) = 0;
};

class ByteSink {
public:
    virtual ~ByteSink() = default;
    // All of `bytes`, then flushed; false when the other end is gone.
    virtual bool write_all(std::string_view bytes) = 0;
};

// A file descriptor of this process (0, 1, 2), not owned. Retries reads and writes that a signal
// interrupted; on Windows the descriptors are in binary mode (prepare_stdio_for_frames).
class FdSource final : public ByteSource {
public:
    explicit FdSource(int fd) : fd_(fd) {}
    std::size_t read_some(char* to, std::size_t size) override;

private:
    int fd_;
};

class FdSink final : public ByteSink {
public:
    explicit FdSink(int fd) : fd_(fd) {}
    bool write_all(std::string_view bytes) override;

private:
    int fd_;
};

// Streams seen as bytes, for tests and the fuzzer (string streams).
class StreamSource final : public ByteSource {
public:
    explicit StreamSource(std::istream& in) : in_(in) {}
    std::size_t read_some(char* to, std::size_t size) override;

private:
    std::istream& in_;
};

class StreamSink final : public ByteSink {
public:
    explicit StreamSink(std::ostream& out) : out_(out) {}
    bool write_all(std::string_view bytes) override;

private:
    std::ostream& out_;
};

// Bytes kept in memory: what a test reads back.
class StringSink final : public ByteSink {
public:
    bool write_all(std::string_view bytes) override {
        text_ += bytes;
        return true;
    }
    const std::string& text() const { return text_; }
    void clear() { text_.clear(); }

private:
    std::string text_;
};

// And bytes seen as a stream, for the commands (`check`, `rules`, `doctor`) that print with <<:
// built only when a command runs, never in host mode.
class SinkStreambuf final : public std::streambuf {
public:
    explicit SinkStreambuf(ByteSink& sink) : sink_(sink) {}
    ~SinkStreambuf() override { sync(); }

protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int sync() override;

private:
    ByteSink& sink_;
    std::string pending_;
};

class SourceStreambuf final : public std::streambuf {
public:
    explicit SourceStreambuf(ByteSource& source) : source_(source) {}

protected:
    int_type underflow() override;

private:
    ByteSource& source_;
    char buffer_[8192];
};

// The whole content of a file, read with C stdio (no iostream; on Windows through the wide path,
// so a profile folder named in any script opens); nullopt when it cannot be opened or read. The
// one file reader of the host: state, rules, manifests and `check FILE` all read through it.
std::optional<std::string> read_whole_file(const std::filesystem::path& path);

}  // namespace optout
