#pragma once
// The CIFAR-10 / CIFAR-100 binary format: fixed-size records of label byte(s) followed by
// 32×32 RGB planes (1024 R, 1024 G, 1024 B).
#include <cstdint>
#include <string>
#include <vector>

#include "core/data/Dataset.h"
#include "core/data/RawFormats.h"

namespace faultlens {

class CifarDataset : public Dataset {
 public:
  /// Reads one or more batch files of the same variant. Detect decides from the file size
  /// and name (data_batch_*/test_batch* → CIFAR-10). Class names come from
  /// batches.meta.txt (CIFAR-10) or fine_label_names.txt (CIFAR-100) beside the first file
  /// when present. Throws faultlens::Error naming the file for sizes that are not a whole
  /// number of records or labels beyond the class count.
  CifarDataset(const std::vector<std::string>& files, CifarVariant variant = CifarVariant::Detect);

  std::size_t size() const override { return records_.labels.size(); }
  cv::Mat image(std::size_t index) const override;
  int label(std::size_t index) const override { return records_.labels.at(index); }
  const std::vector<std::string>& classNames() const override { return classNames_; }
  std::string source() const override { return source_; }
  CifarVariant variant() const { return records_.variant; }

 private:
  std::string source_;
  CifarRecords records_;  // 3072 pixel bytes per image, planar RGB
  std::vector<std::string> classNames_;
};

}  // namespace faultlens
