#pragma once
// Uniform random fault sites from an explicit seed: the same seed gives the same faults on
// any machine (see SeededRandom).
#include <cstdint>
#include <vector>

#include "core/faults/Fault.h"
#include "core/model/LayerAlignment.h"
#include "core/model/LayerInfo.h"
#include "core/SeededRandom.h"

namespace faultlens {

/// Inclusive range of bit positions to draw from (default: all 32).
struct BitRange {
  int low = 0;
  int high = 31;
  void validate() const;
};

class FaultSampler {
 public:
  explicit FaultSampler(std::uint64_t seed) : random_(seed) {}

  /// Element uniform over one image's output of `layer`, image uniform over `images`,
  /// bit uniform over `bits`. Random values for ErrorModel::RandomValue are uniform in [-1, 1).
  ActivationFault activation(const LayerInfo& layer, std::int64_t images, BitRange bits,
                             ErrorModel model = ErrorModel::BitFlip);
  WeightFault weight(const LayerInfo& layer, BitRange bits, ErrorModel model = ErrorModel::BitFlip);

 private:
  SeededRandom random_;
};

/// The most weight faults one sampling draws: each is kept in memory, and a million flips
/// already turn any network's output into noise.
inline constexpr int kMaxNetworkWeightFaults = 1'000'000;

/// `count` weight faults uniform over every weight element of the given layers together
/// (a layer is drawn with probability proportional to its weight count), e.g. the paper's
/// 2000 random weight bit flips. Layers without a weight are skipped; throws if none has one
/// or when `count` is negative or above kMaxNetworkWeightFaults.
std::vector<WeightFault> sampleNetworkWeightFaults(const std::vector<LayerInfo>& layers, int count, std::uint64_t seed,
                                                   BitRange bits = {}, ErrorModel model = ErrorModel::BitFlip);

/// The same weight faults in a second model whose layers correspond as `alignment` says
/// (first model = its baseline side). A fault in a layer whose partner has the same weight
/// shape strikes the same element and bit there. The second model's layers without such a
/// partner (the text-guided projection and head) get faults of their own at the same
/// density: round(faults × their weights / the first model's weights), drawn from `seed`;
/// the first model's faults in layers without such a partner have no counterpart.
std::vector<WeightFault> correspondingWeightFaults(const std::vector<WeightFault>& faults,
                                                   const std::vector<LayerInfo>& first,
                                                   const std::vector<LayerInfo>& second,
                                                   const LayerAlignment& alignment, std::uint64_t seed,
                                                   BitRange bits = {}, ErrorModel model = ErrorModel::BitFlip);

}  // namespace faultlens
