#include "core/data/CifarDataset.h"

#include <filesystem>

#include "core/Error.h"
#include "core/FileIO.h"
#include "core/ModelMetadata.h"

namespace faultlens {
namespace fs = std::filesystem;
namespace {
constexpr std::size_t kPixels = 32 * 32 * 3;

CifarVariant detect(const std::string& path, std::size_t bytes) {
  const bool fits10 = bytes % (kPixels + 1) == 0;
  const bool fits100 = bytes % (kPixels + 2) == 0;
  if (fits10 && !fits100) return CifarVariant::Cifar10;
  if (fits100 && !fits10) return CifarVariant::Cifar100;
  if (fits10 && fits100) {
    const std::string name = fs::path(path).filename().string();
    return name.rfind("data_batch", 0) == 0 || name.rfind("test_batch", 0) == 0 ? CifarVariant::Cifar10
                                                                                : CifarVariant::Cifar100;
  }
  throw fileError(path, "size " + std::to_string(bytes) +
                            " bytes is not a whole number of CIFAR-10 (3073-byte) or CIFAR-100 (3074-byte) records");
}

}  // namespace

CifarDataset::CifarDataset(const std::vector<std::string>& files, CifarVariant variant) : variant_(variant) {
  if (files.empty()) throw Error("CIFAR data set: no files given");
  source_ = files.front();
  for (const auto& path : files) {
    const std::string bytes = readFileBytes(path);
    if (bytes.empty()) throw fileError(path, "CIFAR file is empty");
    if (variant_ == CifarVariant::Detect) variant_ = detect(path, bytes.size());
    const std::size_t labelBytes = variant_ == CifarVariant::Cifar10 ? 1 : 2;
    const std::size_t record = kPixels + labelBytes;
    if (bytes.size() % record != 0)
      throw fileError(path, "size " + std::to_string(bytes.size()) + " bytes is not a whole number of " +
                                std::to_string(record) + "-byte records (truncated?)");
    const int maxLabel = variant_ == CifarVariant::Cifar10 ? 9 : 99;
    for (std::size_t off = 0; off < bytes.size(); off += record) {
      const int label = static_cast<std::uint8_t>(bytes[off + labelBytes - 1]);  // fine label for CIFAR-100
      if (label > maxLabel)
        throw fileError(path, "record " + std::to_string(off / record) + " has label " + std::to_string(label) +
                                  ", beyond " + std::to_string(maxLabel));
      labels_.push_back(label);
      pixels_.insert(pixels_.end(), bytes.begin() + static_cast<std::ptrdiff_t>(off + labelBytes),
                     bytes.begin() + static_cast<std::ptrdiff_t>(off + record));
    }
  }
  const int classes = variant_ == CifarVariant::Cifar10 ? 10 : 100;
  const fs::path names = fs::path(source_).parent_path() /
                         (variant_ == CifarVariant::Cifar10 ? "batches.meta.txt" : "fine_label_names.txt");
  std::error_code ec;
  if (fs::exists(names, ec)) {
    classNames_ = readClassList(names.string());
    if (static_cast<int>(classNames_.size()) != classes)
      throw fileError(names.string(), "has " + std::to_string(classNames_.size()) + " names, CIFAR needs " +
                                          std::to_string(classes));
  } else {
    for (int c = 0; c < classes; ++c) classNames_.push_back(std::to_string(c));
  }
}

cv::Mat CifarDataset::image(std::size_t index) const {
  if (index >= labels_.size()) throw Error(source_ + ": image index " + std::to_string(index) + " out of range");
  cv::Mat m(32, 32, CV_8UC3);
  const std::uint8_t* src = pixels_.data() + index * kPixels;
  for (int p = 0; p < 1024; ++p)
    for (int c = 0; c < 3; ++c) m.data[p * 3 + c] = src[c * 1024 + p];  // planar → interleaved RGB
  return m;
}

}  // namespace faultlens
