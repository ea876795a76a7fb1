#include <unistd.h>

#include <filesystem>
#include <map>

#include "app/cli/Commands.h"
#include "core/Error.h"

namespace faultlens::cli {

namespace fs = std::filesystem;

void checkOutputPaths(const std::vector<NamedPath>& outputs, const std::vector<NamedPath>& inputs) {
  // weakly_canonical resolves links and ".." for the part of the path that exists, so
  // "x.pt" and "./dir/../x.pt" or a symlink to it are the same file.
  const auto resolved = [](const std::string& path) {
    std::error_code ec;
    const fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
    return ec ? fs::path(path).lexically_normal().string() : p.string();
  };
  std::map<std::string, std::string> seen;  // resolved path → the option that names it
  for (const auto& [option, path] : outputs) {
    if (path.empty()) continue;
    const auto [it, fresh] = seen.emplace(resolved(path), option);
    if (!fresh)
      throw UsageError(it->second + " and " + option + " name the same file (" + path +
                       "): one output would destroy the other");
  }
  for (const auto& [option, path] : inputs) {
    if (path.empty()) continue;
    const auto it = seen.find(resolved(path));
    if (it != seen.end())
      throw UsageError(it->second + " names the input of " + option + " (" + path + "): writing it would destroy it");
  }
  for (const auto& [option, path] : outputs) {
    if (path.empty()) continue;
    std::error_code ec;
    if (fs::is_directory(path, ec))
      throw fileError(path, "is a directory; give the name of a file to write (" + option + ")");
    const fs::path parent = fs::path(path).parent_path().empty() ? fs::path(".") : fs::path(path).parent_path();
    if (!fs::exists(parent, ec))
      throw fileError(path, option + " cannot be written: the directory " + parent.string() + " does not exist");
    if (!fs::is_directory(parent, ec))
      throw fileError(path, option + " cannot be written: " + parent.string() + " is not a directory");
    if (::access(parent.c_str(), W_OK) != 0)
      throw fileError(path, option + " cannot be written: no permission to write in " + parent.string());
  }
}

}  // namespace faultlens::cli
