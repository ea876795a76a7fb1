// Class-embedding and input-batch arrays: the .npy header and the CSV matrix.
#include "core/io/NumericFiles.h"
#include "fuzz/FuzzTarget.h"

namespace faultlens::fuzz {

void fuzzOne(const std::string& input) {
  try {
    const auto layout = parseNpyLayout(input, "embeddings.npy");
    check(layout.dataOffset + static_cast<std::size_t>(layout.elementCount) * layout.itemSize == input.size());
  } catch (const Error&) {
  }
  const auto rows = parseNumericCsv(input, "embeddings.csv");
  for (const auto& row : rows) check(row.size() == rows.front().size() && !row.empty());
}

}  // namespace faultlens::fuzz
