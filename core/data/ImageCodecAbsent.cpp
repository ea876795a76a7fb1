// The image codec of a build without image files (FAULTLENS_WITH_IMAGE_FILES=OFF).
#include "core/Error.h"
#include "core/data/ImageCodec.h"

namespace faultlens {
namespace {

[[noreturn]] void refuse(const std::string& path) {
  throw fileError(path,
                  "this FaultLens was built without image files (FAULTLENS_WITH_IMAGE_FILES=OFF, no OpenCV imgcodecs): "
                  "give the data as IDX, CIFAR, .npy or .pt files, or rebuild with OpenCV's imgcodecs");
}

}  // namespace

void requireImageFiles(const std::string& path) { refuse(path); }

cv::Mat decodeImageRgb(const std::string&, const std::string& path) { refuse(path); }

bool hasImageReader(const std::string&) { return false; }

std::string encodePng(const cv::Mat&, const std::string& path) { refuse(path); }

}  // namespace faultlens
