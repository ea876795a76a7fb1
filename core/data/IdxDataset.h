#pragma once
// IDX files (the MNIST / Fashion-MNIST format), gzipped or not.
#include <cstdint>
#include <string>
#include <vector>

#include "core/data/Dataset.h"
#include "core/data/RawFormats.h"

namespace faultlens {

class IdxDataset : public Dataset {
 public:
  /// `labelsPath` may be empty (unlabelled). Class names default to "0".."9" style
  /// numbers unless given.
  IdxDataset(const std::string& imagesPath, const std::string& labelsPath, std::vector<std::string> classNames = {});

  std::size_t size() const override { return count_; }
  cv::Mat image(std::size_t index) const override;
  int label(std::size_t index) const override;
  const std::vector<std::string>& classNames() const override { return classNames_; }
  std::string source() const override { return imagesPath_; }

 private:
  std::string imagesPath_;
  IdxArray images_;
  std::vector<std::uint8_t> labels_;
  std::size_t count_ = 0;
  int rows_ = 0, cols_ = 0;
  std::vector<std::string> classNames_;
};

/// Fashion-MNIST's ten class names in label order.
const std::vector<std::string>& fashionMnistClasses();
/// Opens the Debian dataset-fashion-mnist test or train split from `dir`.
std::unique_ptr<Dataset> openFashionMnist(const std::string& dir, bool train);
/// FAULTLENS_FASHION_MNIST_DIR or /usr/share/datasets/fashion-mnist.
std::string defaultFashionMnistDir();

}  // namespace faultlens
