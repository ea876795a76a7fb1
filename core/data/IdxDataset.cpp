#include "core/data/IdxDataset.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "core/Error.h"
#include "core/FileIO.h"

namespace faultlens {

IdxArray readIdxFile(const std::string& path, int expectedRank) {
  const std::string bytes = readMaybeGzipped(path);
  if (bytes.size() < 4) throw fileError(path, "too short for an IDX header (" + std::to_string(bytes.size()) + " bytes)");
  const auto u8 = [&](std::size_t i) { return static_cast<std::uint8_t>(bytes[i]); };
  if (u8(0) != 0 || u8(1) != 0)
    throw fileError(path, "not an IDX file (magic number must start with two zero bytes)");
  if (u8(2) != 0x08) throw fileError(path, "IDX element type 0x" + std::to_string(u8(2)) + " unsupported; expected unsigned byte (0x08)");
  const int rank = u8(3);
  if (rank != expectedRank)
    throw fileError(path, "IDX file has " + std::to_string(rank) + " dimensions, expected " + std::to_string(expectedRank));
  const std::size_t header = 4 + 4 * static_cast<std::size_t>(rank);
  if (bytes.size() < header) throw fileError(path, "IDX header is truncated");
  IdxArray out;
  std::uint64_t total = 1;
  for (int d = 0; d < rank; ++d) {
    const std::size_t o = 4 + 4 * d;
    const std::uint32_t v = (std::uint32_t(u8(o)) << 24) | (std::uint32_t(u8(o + 1)) << 16) |
                            (std::uint32_t(u8(o + 2)) << 8) | std::uint32_t(u8(o + 3));
    out.dims.push_back(v);
    total *= v;
    if (total > (std::uint64_t(1) << 34)) throw fileError(path, "IDX dimensions are implausibly large");
  }
  const std::uint64_t available = bytes.size() - header;
  if (available < total)
    throw fileError(path, "IDX data is truncated: header promises " + std::to_string(total) + " bytes, file has " +
                              std::to_string(available));
  if (available > total)
    throw fileError(path, "IDX file has " + std::to_string(available - total) + " bytes beyond its declared size");
  out.data.assign(bytes.begin() + static_cast<std::ptrdiff_t>(header), bytes.end());
  return out;
}

IdxDataset::IdxDataset(const std::string& imagesPath, const std::string& labelsPath, std::vector<std::string> classNames)
    : imagesPath_(imagesPath), classNames_(std::move(classNames)) {
  images_ = readIdxFile(imagesPath, 3);
  count_ = images_.dims[0];
  rows_ = static_cast<int>(images_.dims[1]);
  cols_ = static_cast<int>(images_.dims[2]);
  if (count_ == 0 || rows_ == 0 || cols_ == 0) throw fileError(imagesPath, "IDX image file holds no images");
  if (!labelsPath.empty()) {
    IdxArray labels = readIdxFile(labelsPath, 1);
    if (labels.dims[0] != count_)
      throw fileError(labelsPath, "has " + std::to_string(labels.dims[0]) + " labels for " + std::to_string(count_) +
                                      " images in " + imagesPath);
    labels_ = std::move(labels.data);
    const int maxLabel = *std::max_element(labels_.begin(), labels_.end());
    if (classNames_.empty())
      for (int c = 0; c <= maxLabel; ++c) classNames_.push_back(std::to_string(c));
    if (maxLabel >= static_cast<int>(classNames_.size()))
      throw fileError(labelsPath, "label " + std::to_string(maxLabel) + " exceeds the " +
                                      std::to_string(classNames_.size()) + " class names");
  }
}

cv::Mat IdxDataset::image(std::size_t index) const {
  if (index >= count_) throw Error(imagesPath_ + ": image index " + std::to_string(index) + " out of range");
  const std::size_t pixels = static_cast<std::size_t>(rows_) * cols_;
  cv::Mat m(rows_, cols_, CV_8UC1);
  std::copy_n(images_.data.data() + index * pixels, pixels, m.data);
  return m;
}

int IdxDataset::label(std::size_t index) const { return labels_.empty() ? -1 : labels_.at(index); }

const std::vector<std::string>& fashionMnistClasses() {
  static const std::vector<std::string> names{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                              "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
  return names;
}

std::string defaultFashionMnistDir() {
  if (const char* env = std::getenv("FAULTLENS_FASHION_MNIST_DIR")) return env;
  return "/usr/share/datasets/fashion-mnist";
}

std::unique_ptr<Dataset> openFashionMnist(const std::string& dir, bool train) {
  const std::string prefix = dir + (train ? "/train" : "/t10k");
  std::error_code ec;
  if (!std::filesystem::exists(prefix + "-images-idx3-ubyte.gz", ec))
    throw fileError(prefix + "-images-idx3-ubyte.gz",
                    "Fashion-MNIST not found (install the Debian package dataset-fashion-mnist)");
  return std::make_unique<IdxDataset>(prefix + "-images-idx3-ubyte.gz", prefix + "-labels-idx1-ubyte.gz",
                                      fashionMnistClasses());
}

}  // namespace faultlens
