// What the content script read from one settings page: the domain's input, below both the wire
// protocol that reads it from a request (protocol.hpp) and the evaluation that checks it.
#pragma once

#include <string>
#include <vector>

namespace optout {

struct Toggle {
    std::string key;
    std::string label;
    bool on = false;
    std::string section;
};

struct PageState {
    std::string path;  // the URL's path only: query and fragment are dropped at once
    std::string lang;
    std::vector<Toggle> toggles;
};

}  // namespace optout
