#include <filesystem>

#include "core/Error.h"
#include "core/data/CifarDataset.h"
#include "core/data/Dataset.h"
#include "core/data/IdxDataset.h"
#include "core/data/ImageFolderDataset.h"

namespace faultlens {
namespace fs = std::filesystem;

std::unique_ptr<Dataset> openDataset(const std::string& spec) {
  if (spec == "fashion-mnist" || spec == "fashion-mnist:test") return openFashionMnist(defaultFashionMnistDir(), false);
  if (spec == "fashion-mnist:train") return openFashionMnist(defaultFashionMnistDir(), true);
  std::error_code ec;
  if (!fs::exists(spec, ec))
    throw fileError(
        spec,
        "data set does not exist (expected fashion-mnist[:train|:test], an IDX or CIFAR file, or an image folder)");
  if (fs::is_directory(spec, ec)) return std::make_unique<ImageFolderDataset>(spec);
  const std::string name = fs::path(spec).filename().string();
  if (name.find("idx3-ubyte") != std::string::npos) {
    std::string labels = spec;
    const auto pos = labels.rfind("images-idx3-ubyte");
    if (pos == std::string::npos) return std::make_unique<IdxDataset>(spec, "");
    labels.replace(pos, std::string("images-idx3-ubyte").size(), "labels-idx1-ubyte");
    return std::make_unique<IdxDataset>(spec, fs::exists(labels, ec) ? labels : "");
  }
  if (fs::path(spec).extension() == ".bin") return std::make_unique<CifarDataset>(std::vector<std::string>{spec});
  throw fileError(
      spec, "unknown data set format (expected an *-idx3-ubyte[.gz] IDX file, a CIFAR .bin file or an image folder)");
}

}  // namespace faultlens
