#include "core/data/ImageFolderDataset.h"

#include <algorithm>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/Error.h"
#include "core/FileIO.h"

namespace faultlens {
namespace fs = std::filesystem;

namespace {

/// Decoders differ on a file cut short: libpng fails, but libjpeg fills the missing rows
/// with grey and only warns. A truncated image must never be used in part, so the formats
/// whose end is marked are checked for their end marker before decoding.
void requireCompleteImage(const std::string& bytes, const std::string& path) {
  const auto starts = [&](const char* magic, std::size_t n) {
    return bytes.size() >= n && bytes.compare(0, n, magic, n) == 0;
  };
  if (starts("\xFF\xD8\xFF", 3)) {
    // The last end-of-image marker must follow the last start-of-scan: entropy-coded data
    // never holds an unescaped 0xFF byte, so neither marker can appear inside it, and an
    // EXIF thumbnail's own end marker comes before the main image's scans.
    const auto eoi = bytes.rfind("\xFF\xD9");
    const auto sos = bytes.rfind("\xFF\xDA");
    if (eoi == std::string::npos || sos == std::string::npos || eoi < sos)
      throw fileError(path,
                      "cannot decode image: JPEG file is truncated (no end-of-image marker after its image data)");
  } else if (starts("\x89PNG\r\n\x1A\n", 8)) {
    if (bytes.find("IEND", bytes.size() >= 64 ? bytes.size() - 64 : 0) == std::string::npos)
      throw fileError(path, "cannot decode image: PNG file is truncated (no IEND chunk at its end)");
  }
}

}  // namespace

cv::Mat readImageRgb(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw fileError(path, "image file does not exist");
  const std::string bytes = readFileBytes(path);  // refuses directories, devices and pipes
  requireCompleteImage(bytes, path);
  cv::Mat bgr;
  try {
    const cv::Mat buffer(1, static_cast<int>(bytes.size()), CV_8U, const_cast<char*>(bytes.data()));
    bgr = cv::imdecode(buffer, cv::IMREAD_COLOR);
  } catch (const cv::Exception& e) {
    if (e.err.find("CV_IO_MAX_IMAGE_PIXELS") != std::string::npos)
      throw fileError(path, "cannot decode image: its header declares more pixels than the decoder's limit (2^30; "
                            "OPENCV_IO_MAX_IMAGE_PIXELS raises it): a damaged or hostile header?");
    throw fileError(path, "cannot decode image: " + e.err);
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
