// IDX (MNIST / Fashion-MNIST) files, gzipped or not: what IdxDataset runs on a file.
#include "core/io/FileIO.h"
#include "core/data/RawFormats.h"
#include "fuzz/FuzzTarget.h"

namespace faultlens::fuzz {

void fuzzOne(const std::string& input) {
  const std::string bytes = gunzipIfNeeded(input, "fuzz.idx");
  // The first byte after the magic is the rank: try it as images (3) and as labels (1).
  for (int rank : {1, 3}) {
    try {
      const auto array = parseIdx(bytes, "fuzz.idx", rank);
      std::uint64_t total = 1;
      for (auto d : array.dims) total *= d;
      check(array.data.size() == total);
    } catch (const Error&) {
    }
  }
}

}  // namespace faultlens::fuzz
