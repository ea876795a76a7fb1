#include "core/data/DatasetDigest.h"

#include <opencv2/core.hpp>

#include <cstdint>

#include "core/io/ContentDigest.h"
#include "core/Error.h"
#include "core/data/Dataset.h"

namespace faultlens {

std::string datasetDigest(const Dataset& data, std::size_t begin, std::size_t end) {
  if (begin > end || end > data.size())
    throw Error(data.source() + ": images [" + std::to_string(begin) + ", " + std::to_string(end) +
                ") are not all in the data set (" + std::to_string(data.size()) + " images)");
  Sha256 hash;
  hash.field(std::to_string(data.classNames().size()));
  for (const auto& name : data.classNames()) hash.field(name);
  hash.field(std::to_string(end - begin));
  for (std::size_t i = begin; i < end; ++i) {
    const cv::Mat image = data.image(i);
    const std::int64_t header[4] = {data.label(i), image.rows, image.cols, image.channels()};
    hash.update(header, sizeof header);
    for (int row = 0; row < image.rows; ++row)
      hash.update(image.ptr(row), static_cast<std::size_t>(image.cols) * image.elemSize());
  }
  return hash.hex();
}

}  // namespace faultlens
