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

/// A fault or CAM names a layer the model does not have. Front ends add where to look
/// (the CLI its `layers` verb, the workbench the model's layer table).
class UnknownLayerError : public Error {
 public:
  explicit UnknownLayerError(const std::string& layer)
      : Error("no conv2d/linear layer named '" + layer + "'"), layer_(layer) {}
  const std::string& layer() const { return layer_; }

 private:
  std::string layer_;
};

/// "PATH: problem" — the format every file-related error uses.
inline Error fileError(const std::string& path, const std::string& problem) { return Error(path + ": " + problem); }

}  // namespace faultlens
