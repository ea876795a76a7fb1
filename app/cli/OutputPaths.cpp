#include <filesystem>
#include <map>

#include "app/cli/Commands.h"

namespace faultlens::cli {

void refuseCoincidingPaths(const std::vector<NamedPath>& outputs, const std::vector<NamedPath>& inputs) {
  namespace fs = std::filesystem;
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
}

}  // namespace faultlens::cli
