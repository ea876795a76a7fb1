#include "core/data/ImageFolderDataset.h"

#include <algorithm>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/Error.h"

namespace faultlens {
namespace fs = std::filesystem;

cv::Mat readImageRgb(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw fileError(path, "image file does not exist");
  cv::Mat bgr;
  try {
    bgr = cv::imread(path, cv::IMREAD_COLOR);
  } catch (const cv::Exception& e) {
    throw fileError(path, std::string("cannot decode image: ") + e.what());
  }
  if (bgr.empty()) throw fileError(path, "cannot decode image (not an image format OpenCV reads, or corrupt)");
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);  // OpenCV decodes to BGR; the engine is RGB throughout
  return rgb;
}

ImageFolderDataset::ImageFolderDataset(const std::string& root) : root_(root) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) throw fileError(root, "image folder does not exist or is not a directory");
  std::vector<fs::path> classDirs;
  for (const auto& entry : fs::directory_iterator(root, ec))
    if (entry.is_directory()) classDirs.push_back(entry.path());
  if (ec) throw fileError(root, "cannot list directory (" + ec.message() + ")");
  std::sort(classDirs.begin(), classDirs.end());
  if (classDirs.empty()) throw fileError(root, "image folder has no class sub-directories (expected ROOT/CLASS/IMAGE)");
  for (const auto& dir : classDirs) {
    const int label = static_cast<int>(classNames_.size());
    classNames_.push_back(dir.filename().string());
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(dir, ec))
      if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    std::size_t kept = 0;
    for (const auto& f : files) {
      bool readable = false;
      try {
        readable = cv::haveImageReader(f.string());
      } catch (const cv::Exception&) {
      }
      if (!readable) {
        ++skipped_;
        warnings_.push_back(f.string() + ": skipped, not an image OpenCV can read");
        continue;
      }
      files_.push_back(f.string());
      labels_.push_back(label);
      ++kept;
    }
    if (kept == 0) warnings_.push_back(dir.string() + ": class '" + classNames_.back() + "' has no readable images");
  }
  if (files_.empty()) throw fileError(root, "image folder holds no readable images");
}

cv::Mat ImageFolderDataset::image(std::size_t index) const { return readImageRgb(files_.at(index)); }

}  // namespace faultlens
