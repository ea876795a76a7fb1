#pragma once
// One sub-directory per class (sorted by name), any image OpenCV decodes inside. Files
// that are not decodable images are skipped and counted (see warnings()), not fatal.
#include <string>
#include <vector>

#include "core/data/Dataset.h"

namespace faultlens {

class ImageFolderDataset : public Dataset {
 public:
  /// Throws faultlens::Error naming the directory when it does not exist, has no class
  /// sub-directories, or holds no readable image at all.
  explicit ImageFolderDataset(const std::string& root);

  std::size_t size() const override { return files_.size(); }
  cv::Mat image(std::size_t index) const override;
  int label(std::size_t index) const override { return labels_.at(index); }
  const std::vector<std::string>& classNames() const override { return classNames_; }
  std::string source() const override { return root_; }
  std::vector<std::string> warnings() const override { return warnings_; }
  const std::string& filePath(std::size_t index) const { return files_.at(index); }
  std::size_t skippedFiles() const { return skipped_; }

 private:
  std::string root_;
  std::vector<std::string> files_;
  std::vector<int> labels_;
  std::vector<std::string> classNames_;
  std::vector<std::string> warnings_;
  std::size_t skipped_ = 0;
};

/// Reads one image file as 8-bit RGB; throws faultlens::Error naming the file.
cv::Mat readImageRgb(const std::string& path);

}  // namespace faultlens
