#pragma once
// Turns data-set images into a model's input tensor (docs/architecture.md: preprocessing per model).
#include <ATen/core/Tensor.h>

#include <cstddef>
#include <vector>

#include "core/model/ModelMetadata.h"
#include "core/data/Dataset.h"

namespace faultlens {

/// 8-bit grey or RGB image → float tensor [C, H, W]: channel conversion (grey ↔ RGB),
/// resize (shorter side to spec.resize then centre crop, or straight to H×W), scale to
/// [0, 1], normalise with mean/std.
at::Tensor preprocessImage(const cv::Mat& image, const InputSpec& spec);

/// The image as the model sees it, before normalisation: the same resize and crop, as
/// 8-bit RGB (for overlays such as CAM maps, which must line up with the input).
cv::Mat displayImage(const cv::Mat& image, const InputSpec& spec);

/// A preprocessed image [C, H, W] (or [1, C, H, W]) back as 8-bit RGB: the normalisation
/// undone, values clamped to [0, 1]. For overlays on inputs given as tensors.
cv::Mat displayPreprocessed(const at::Tensor& image, const InputSpec& spec);

struct Batch {
  at::Tensor images;                 ///< [N, C, H, W] float32
  std::vector<int> labels;           ///< -1 where unlabelled
  std::vector<std::size_t> indices;  ///< data-set indices of the images
};

Batch makeBatch(const Dataset& data, const std::vector<std::size_t>& indices, const InputSpec& spec);

/// Walks [begin, end) of a data set in batches; memory holds one batch at a time.
class BatchStream {
 public:
  BatchStream(const Dataset& data, InputSpec spec, std::size_t batchSize, std::size_t begin = 0,
              std::size_t end = static_cast<std::size_t>(-1));
  /// Fills `batch` with the next batch; false when the range is exhausted.
  bool next(Batch& batch);
  std::size_t position() const { return position_; }
  std::size_t end() const { return end_; }

 private:
  const Dataset& data_;
  InputSpec spec_;
  std::size_t batchSize_;
  std::size_t position_;
  std::size_t end_;
};

}  // namespace faultlens
