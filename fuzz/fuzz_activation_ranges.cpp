// Activation-range JSON (faultlens-cli ranges output, read back for range restriction).
#include <cmath>

#include "core/analysis/LayerRanges.h"
#include "fuzz/FuzzTarget.h"

namespace faultlens::fuzz {

void fuzzOne(const std::string& input) {
  const auto ranges = parseActivationRangesJson(input, "ranges.json");
  for (const auto& r : ranges) check(std::isfinite(r.stats.absMax) && r.stats.absMax >= 0);
}

}  // namespace faultlens::fuzz
