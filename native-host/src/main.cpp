// optout-guard-host: see cli.cpp for the commands and session.cpp for host mode.
#include <iostream>
#include <string>
#include <vector>

#include "cli.hpp"

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);  // stdin/stdout carry frames only; no C stdio mixes in
    const std::vector<std::string> args(argv + 1, argv + argc);
    return optout::run_cli(args, {std::cin, std::cout, std::cerr});
}
