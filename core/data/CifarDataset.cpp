#include "core/data/CifarDataset.h"

#include <filesystem>

#include "core/Error.h"
#include "core/io/FileIO.h"
#include "core/model/ModelMetadata.h"

namespace faultlens {
namespace fs = std::filesystem;

CifarDataset::CifarDataset(const std::vector<std::string>& files, CifarVariant variant) {
  if (files.empty()) throw Error("CIFAR data set: no files given");
  source_ = files.front();
  records_.variant = variant;
  for (const auto& path : files) parseCifarRecords(readFileBytes(path), path, records_);
  const int classes = records_.variant == CifarVariant::Cifar10 ? 10 : 100;
  const fs::path names = fs::path(source_).parent_path() /
                         (records_.variant == CifarVariant::Cifar10 ? "batches.meta.txt" : "fine_label_names.txt");
  std::error_code ec;
  if (fs::exists(names, ec)) {
    classNames_ = readClassList(names.string());
    if (static_cast<int>(classNames_.size()) != classes)
      throw fileError(names.string(),
                      "has " + std::to_string(classNames_.size()) + " names, CIFAR needs " + std::to_string(classes));
  } else {
    for (int c = 0; c < classes; ++c) classNames_.push_back(std::to_string(c));
  }
}

cv::Mat CifarDataset::image(std::size_t index) const {
  if (index >= records_.labels.size())
    throw Error(source_ + ": image index " + std::to_string(index) + " out of range");
  cv::Mat m(32, 32, CV_8UC3);
  const std::uint8_t* src = records_.pixels.data() + index * kCifarImageBytes;
  for (int p = 0; p < 1024; ++p)
    for (int c = 0; c < 3; ++c) m.data[p * 3 + c] = src[c * 1024 + p];  // planar → interleaved RGB
  return m;
}

}  // namespace faultlens
