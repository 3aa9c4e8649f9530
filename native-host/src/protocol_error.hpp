// The protocol's error codes (protocol/contract.json) and the exception that carries one to the
// message handler's one boundary, where it becomes an error reply.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "contract.hpp"

namespace optout {

// Stable and append-only (protocol/contract.json's "errors").
using ErrorCode = contract::ErrorCode;
inline std::string_view to_string(ErrorCode code) { return contract::kErrorCodes[static_cast<std::size_t>(code)]; }

class ProtocolError : public std::runtime_error {
public:
    ProtocolError(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
    ErrorCode code() const { return code_; }

private:
    ErrorCode code_;
};

}  // namespace optout
