// The three streams a command talks through: the real ones in main, string streams in tests.
#pragma once

#include <iosfwd>

namespace optout {

struct Console {
    std::istream& in;
    std::ostream& out;
    std::ostream& err;
};

}  // namespace optout
