// The command line: subcommands for people (check, rules, --help, --version) and host mode for
// browsers, told apart by the arguments a browser passes.
#pragma once

#include <string>
#include <vector>

#include "byte_io.hpp"
#include "console.hpp"

namespace optout {

// Exit status: 0 success (check: nothing pending), 1 check found something pending or the host
// session ended on a bad frame, 2 bad arguments or bad input.
// The process's standard input, output and error (main passes descriptors 0, 1 and 2).
struct StandardIo {
    ByteSource& in;
    ByteSink& out;
    ByteSink& err;
};

int run_cli(const std::vector<std::string>& args, StandardIo io);

}  // namespace optout
