#pragma once
// Per-layer activation statistics as data: the numbers ActivationRanges profiles and the
// CSV / JSON files they are written to and read back from (--restrict-ranges). Torch-free,
// so the GUI's plots and the fuzz targets use it without LibTorch.
#include <cstdint>
#include <string>
#include <vector>

namespace faultlens {

struct ActivationStats {
  double absMax = 0.0;
  double absSum = 0.0;
  std::int64_t count = 0;  ///< finite values seen
  std::int64_t nonFinite = 0;
  double absMean() const { return count ? absSum / static_cast<double>(count) : 0.0; }
};

struct LayerRange {
  std::string layer;
  ActivationStats stats;
};

/// CSV (layer,abs_max,abs_mean,values,non_finite) and JSON forms, for files and the GUI.
std::string activationRangesCsv(const std::vector<LayerRange>& ranges);
std::string activationRangesJson(const std::vector<LayerRange>& ranges, const std::string& model,
                                 const std::string& modelDigest = {});
/// Reads the JSON form back (for --restrict-ranges); throws naming `source` on bad input.
std::vector<LayerRange> parseActivationRangesJson(const std::string& text, const std::string& source);

/// The model a profile was made on, as written: its path and its content digest
/// ("sha256:…", Model::contentDigest; empty in profiles written before digests).
struct RangeProfileOrigin {
  std::string model, modelDigest;
};
RangeProfileOrigin rangeProfileOrigin(const std::string& text, const std::string& source);

}  // namespace faultlens
