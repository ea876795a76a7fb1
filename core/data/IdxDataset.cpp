#include "core/data/IdxDataset.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "core/Error.h"
#include "core/io/FileIO.h"

namespace faultlens {

IdxDataset::IdxDataset(const std::string& imagesPath, const std::string& labelsPath,
                       std::vector<std::string> classNames)
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
