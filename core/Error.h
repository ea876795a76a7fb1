#pragma once
// The single exception type of the engine. Messages name the file (when there is one) and
// the problem, so front ends can show them verbatim.
#include <stdexcept>
#include <string>

namespace faultlens {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

/// "PATH: problem" — the format every file-related error uses.
inline Error fileError(const std::string& path, const std::string& problem) { return Error(path + ": " + problem); }

}  // namespace faultlens
