#pragma once
// A labelled image collection with random access. Images are handed out as 8-bit OpenCV
// matrices in RGB (not OpenCV's usual BGR) or single-channel grey; preprocessing to a
// model's input happens per batch (see Preprocess.h), so memory holds at most the
// dataset's compact 8-bit form (IDX, CIFAR) or just file paths (image folders).
#include <opencv2/core/mat.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace faultlens {

class Dataset {
 public:
  virtual ~Dataset() = default;
  virtual std::size_t size() const = 0;
  /// 8-bit image, 1 channel (grey) or 3 channels in RGB order. Throws faultlens::Error
  /// naming the file when an image cannot be decoded.
  virtual cv::Mat image(std::size_t index) const = 0;
  /// Ground-truth class, or -1 when the data set has no labels.
  virtual int label(std::size_t index) const = 0;
  virtual const std::vector<std::string>& classNames() const = 0;
  /// Where the data came from, for messages and manifests.
  virtual std::string source() const = 0;
  /// Human-readable warnings gathered while opening (e.g. skipped unreadable files).
  virtual std::vector<std::string> warnings() const { return {}; }
};

/// Opens a data set from a spec:
///  - "fashion-mnist" / "fashion-mnist:train" / "fashion-mnist:test" (default test), from
///    FAULTLENS_FASHION_MNIST_DIR or /usr/share/datasets/fashion-mnist;
///  - an IDX images file (labels file found beside it: *-images-idx3-ubyte → *-labels-idx1-ubyte);
///  - a CIFAR-10 / CIFAR-100 binary file (*.bin);
///  - a directory with one sub-directory per class (image folder).
std::unique_ptr<Dataset> openDataset(const std::string& spec);

}  // namespace faultlens
