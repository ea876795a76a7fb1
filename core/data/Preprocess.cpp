#include "core/data/Preprocess.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "core/Error.h"

namespace faultlens {
namespace {

cv::Mat convertChannels(const cv::Mat& image, int channels) {
  if (image.depth() != CV_8U) throw Error("preprocess: expected an 8-bit image");
  if (image.channels() == channels) return image;
  cv::Mat out;
  if (image.channels() == 1 && channels == 3) cv::cvtColor(image, out, cv::COLOR_GRAY2RGB);
  else if (image.channels() == 3 && channels == 1) cv::cvtColor(image, out, cv::COLOR_RGB2GRAY);
  else
    throw Error("preprocess: cannot convert a " + std::to_string(image.channels()) + "-channel image to " +
                std::to_string(channels) + " channels");
  return out;
}

cv::Mat resizeTo(const cv::Mat& image, int width, int height) {
  if (image.cols == width && image.rows == height) return image;
  cv::Mat out;
  const bool shrinking = width < image.cols && height < image.rows;
  cv::resize(image, out, cv::Size(width, height), 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
  return out;
}

cv::Mat resizeAndCrop(const cv::Mat& image, const InputSpec& spec) {
  if (spec.resize <= 0) return resizeTo(image, spec.width, spec.height);
  const double scale = static_cast<double>(spec.resize) / std::min(image.cols, image.rows);
  const int w = std::max(spec.width, static_cast<int>(std::lround(image.cols * scale)));
  const int h = std::max(spec.height, static_cast<int>(std::lround(image.rows * scale)));
  cv::Mat resized = resizeTo(image, w, h);
  const cv::Rect crop((w - spec.width) / 2, (h - spec.height) / 2, spec.width, spec.height);
  return resized(crop).clone();
}

}  // namespace

cv::Mat displayImage(const cv::Mat& image, const InputSpec& spec) {
  if (image.empty()) throw Error("preprocess: empty image");
  cv::Mat m = resizeAndCrop(image, spec);
  return convertChannels(m, 3);
}

cv::Mat displayPreprocessed(const at::Tensor& image, const InputSpec& spec) {
  at::Tensor t = (image.dim() == 4 ? image[0] : image).to(at::kCPU, at::kFloat).clone();
  if (t.dim() != 3 || t.size(0) != spec.channels) throw Error("display: expected one image [C, H, W]");
  for (int c = 0; c < spec.channels; ++c) {
    const float mean = spec.mean.empty() ? 0.0f : spec.mean[c];
    const float sd = spec.std.empty() ? 1.0f : spec.std[c];
    t[c].mul_(sd).add_(mean);
  }
  // NaN (a broken input) shows as black rather than as an undefined byte.
  t = t.nan_to_num(0.0).clamp(0.0, 1.0).mul(255.0).round().to(at::kByte).permute({1, 2, 0}).contiguous();
  cv::Mat m(static_cast<int>(t.size(0)), static_cast<int>(t.size(1)), CV_8UC(spec.channels),
            t.data_ptr<std::uint8_t>());
  return convertChannels(m.clone(), 3);
}

at::Tensor preprocessImage(const cv::Mat& image, const InputSpec& spec) {
  if (image.empty()) throw Error("preprocess: empty image");
  cv::Mat m = resizeAndCrop(convertChannels(image, spec.channels), spec);
  if (!m.isContinuous()) m = m.clone();
  // HWC uint8 → CHW float in [0, 1]
  at::Tensor t = at::from_blob(m.data, {m.rows, m.cols, spec.channels}, at::kByte)
                     .permute({2, 0, 1})
                     .to(at::kFloat)
                     .div_(255.0f)
                     .contiguous();
  for (int c = 0; c < spec.channels; ++c) {
    const float mean = spec.mean.empty() ? 0.0f : spec.mean[c];
    const float sd = spec.std.empty() ? 1.0f : spec.std[c];
    if (mean != 0.0f || sd != 1.0f) t[c].sub_(mean).div_(sd);
  }
  return t;
}

Batch makeBatch(const Dataset& data, const std::vector<std::size_t>& indices, const InputSpec& spec) {
  Batch batch;
  batch.indices = indices;
  std::vector<at::Tensor> images;
  images.reserve(indices.size());
  for (std::size_t i : indices) {
    images.push_back(preprocessImage(data.image(i), spec));
    batch.labels.push_back(data.label(i));
  }
  batch.images = images.empty() ? at::empty({0, spec.channels, spec.height, spec.width}) : at::stack(images);
  return batch;
}

BatchStream::BatchStream(const Dataset& data, InputSpec spec, std::size_t batchSize, std::size_t begin, std::size_t end)
    : data_(data), spec_(std::move(spec)), batchSize_(batchSize), position_(begin), end_(std::min(end, data.size())) {
  if (batchSize_ == 0) throw Error("batch size must be positive");
}

bool BatchStream::next(Batch& batch) {
  if (position_ >= end_) return false;
  std::vector<std::size_t> indices;
  for (; position_ < end_ && indices.size() < batchSize_; ++position_) indices.push_back(position_);
  batch = makeBatch(data_, indices, spec_);
  return true;
}

}  // namespace faultlens
