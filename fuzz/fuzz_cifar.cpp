// CIFAR-10 / CIFAR-100 binary batches: what CifarDataset runs on each file.
#include "core/data/RawFormats.h"
#include "fuzz/FuzzTarget.h"

namespace faultlens::fuzz {

void fuzzOne(const std::string& input) {
  CifarRecords records;
  parseCifarRecords(input, "data_batch_1.bin", records);
  check(records.pixels.size() == records.labels.size() * kCifarImageBytes);
}

}  // namespace faultlens::fuzz
