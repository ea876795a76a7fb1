#include "core/data/ImageFolderDataset.h"

#include <algorithm>
#include <filesystem>

#include "core/Error.h"
#include "core/data/ImageCodec.h"
#include "core/io/FileIO.h"

namespace faultlens {
namespace fs = std::filesystem;

cv::Mat readImageRgb(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw fileError(path, "image file does not exist");
  return decodeImageRgb(readFileBytes(path), path);  // readFileBytes refuses directories, devices and pipes
}

ImageFolderDataset::ImageFolderDataset(const std::string& root) : root_(root) {
  requireImageFiles(root);
  std::error_code ec;
  if (!fs::is_directory(root, ec)) throw fileError(root, "image folder does not exist or is not a directory");
  std::vector<fs::path> classDirs;
  for (const auto& entry : fs::directory_iterator(root, ec))
    if (entry.is_directory()) classDirs.push_back(entry.path());
  if (ec) throw fileError(root, "cannot list directory (" + ec.message() + ")");
  std::sort(classDirs.begin(), classDirs.end());
  // No class sub-directories: a flat folder of one's own images, unlabelled. Predictions,
  // CAMs and faults need no labels; what needs them (accuracy, the paper's protocol) says so.
  const bool flat = classDirs.empty();
  if (flat) classDirs.push_back(fs::path(root));
  for (const auto& dir : classDirs) {
    const int label = flat ? -1 : static_cast<int>(classNames_.size());
    if (!flat) classNames_.push_back(dir.filename().string());
    std::vector<fs::path> files;
    if (flat) {
      for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.is_regular_file()) files.push_back(entry.path());
    } else {
      for (const auto& entry : fs::recursive_directory_iterator(dir, ec))
        if (entry.is_regular_file()) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    std::size_t kept = 0;
    for (const auto& f : files) {
      if (!hasImageReader(f.string())) {
        ++skipped_;
        warnings_.push_back(f.string() + ": skipped, not an image OpenCV can read");
        continue;
      }
      files_.push_back(f.string());
      labels_.push_back(label);
      ++kept;
    }
    if (kept == 0 && !flat)
      warnings_.push_back(dir.string() + ": class '" + classNames_.back() + "' has no readable images");
  }
  if (files_.empty())
    throw fileError(root, flat ? "image folder has no class sub-directories and no readable images (expected "
                                 "ROOT/CLASS/IMAGE, or ROOT/IMAGE for unlabelled images)"
                               : "image folder holds no readable images");
}

cv::Mat ImageFolderDataset::image(std::size_t index) const { return readImageRgb(files_.at(index)); }

}  // namespace faultlens
