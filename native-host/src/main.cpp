// optout-guard-host: see cli.cpp for the commands and session.cpp for host mode.
// No <iostream> here or anywhere in the host: standard input, output and error are the raw
// descriptors (byte_io.hpp), so a browser's start of the host sets up no iostream or locale.
#include <string>
#include <vector>

#include "byte_io.hpp"
#include "cli.hpp"

int main(int argc, char** argv) {
    optout::FdSource in(0);
    optout::FdSink out(1), err(2);
    const std::vector<std::string> args(argv + 1, argv + argc);
    return optout::run_cli(args, {in, out, err});
}
