#pragma once
// Image files in and out: decoding (OpenCV's imgcodecs, with libjpeg checking JPEG data
// first) and PNG encoding. A build configured with FAULTLENS_WITH_IMAGE_FILES=OFF, for
// machines whose OpenCV has no imgcodecs (GPU servers), has neither: every call there
// throws faultlens::Error naming the file and saying so, and data come from IDX, CIFAR,
// .npy or .pt files instead.
#include <opencv2/core/mat.hpp>

#include <string>

namespace faultlens {

/// Throws faultlens::Error naming `path` in a build without image files; else nothing.
void requireImageFiles(const std::string& path);

/// The file's bytes decoded as 8-bit RGB; a truncated or corrupt file is an error naming
/// `path`, never a partly grey image.
cv::Mat decodeImageRgb(const std::string& bytes, const std::string& path);

/// True when `path` looks like an image this build can decode (by its signature).
bool hasImageReader(const std::string& path);

/// 8-bit RGB (or grey) as PNG bytes; `path` names the destination in errors.
std::string encodePng(const cv::Mat& rgb, const std::string& path);

}  // namespace faultlens
