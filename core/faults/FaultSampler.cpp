#include "core/faults/FaultSampler.h"

#include <algorithm>
#include <cmath>

#include "core/Error.h"

namespace faultlens {

void BitRange::validate() const {
  if (low < 0 || high > 31 || low > high)
    throw Error("bit range " + std::to_string(low) + ".." + std::to_string(high) + " is not within 0..31");
}

ActivationFault FaultSampler::activation(const LayerInfo& layer, std::int64_t images, BitRange bits, ErrorModel model) {
  bits.validate();
  if (!layer.executed || layer.outputElements() == 0)
    throw Error("layer " + layer.name + " has no output to fault (not executed)");
  if (images <= 0) throw Error("cannot sample faults over " + std::to_string(images) + " images");
  ActivationFault f;
  f.layer = layer.index;
  f.batchIndex = layer.perImage ? random_.between(0, images - 1) : 0;
  f.element = static_cast<std::int64_t>(random_.below(static_cast<std::uint64_t>(layer.outputElements())));
  f.bit = static_cast<int>(random_.between(bits.low, bits.high));
  f.model = model;
  if (model == ErrorModel::RandomValue) f.randomValue = static_cast<float>(random_.unit() * 2.0 - 1.0);
  return f;
}

WeightFault FaultSampler::weight(const LayerInfo& layer, BitRange bits, ErrorModel model) {
  bits.validate();
  if (layer.weightElements() == 0) throw Error("layer " + layer.name + " has no weight parameter to fault");
  WeightFault f;
  f.layer = layer.index;
  f.element = static_cast<std::int64_t>(random_.below(static_cast<std::uint64_t>(layer.weightElements())));
  f.bit = static_cast<int>(random_.between(bits.low, bits.high));
  f.model = model;
  if (model == ErrorModel::RandomValue) f.randomValue = static_cast<float>(random_.unit() * 2.0 - 1.0);
  return f;
}

std::vector<WeightFault> sampleNetworkWeightFaults(const std::vector<LayerInfo>& layers, int count, std::uint64_t seed,
                                                   BitRange bits, ErrorModel model) {
  bits.validate();
  std::vector<std::int64_t> cumulative;  // running total of weight elements
  std::vector<const LayerInfo*> withWeights;
  std::int64_t total = 0;
  for (const auto& l : layers) {
    if (l.weightShape.empty()) continue;
    total += l.weightElements();
    cumulative.push_back(total);
    withWeights.push_back(&l);
  }
  if (total == 0) throw Error("no layer has a weight tensor to fault");
  if (count < 0 || count > kMaxNetworkWeightFaults)
    throw Error("the number of weight faults must be from 0 to " + std::to_string(kMaxNetworkWeightFaults) + ", got " +
                std::to_string(count));
  SeededRandom random(seed);
  std::vector<WeightFault> out;
  for (int i = 0; i < count; ++i) {
    const std::int64_t flat = random.between(0, total - 1);
    const std::size_t k =
        static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), flat) - cumulative.begin());
    WeightFault f;
    f.layer = withWeights[k]->index;
    f.element = flat - (k ? cumulative[k - 1] : 0);
    f.bit = static_cast<int>(random.between(bits.low, bits.high));
    f.model = model;
    if (model == ErrorModel::RandomValue) f.randomValue = static_cast<float>(random.unit() * 2.0 - 1.0);
    out.push_back(f);
  }
  return out;
}

std::vector<WeightFault> correspondingWeightFaults(const std::vector<WeightFault>& faults,
                                                   const std::vector<LayerInfo>& first,
                                                   const std::vector<LayerInfo>& second,
                                                   const LayerAlignment& alignment, std::uint64_t seed, BitRange bits,
                                                   ErrorModel model) {
  const auto samePartner = [&](int a) {
    const int b = alignment.guidedFor(a);
    return b >= 0 && !first.at(a).weightShape.empty() && first.at(a).weightShape == second.at(b).weightShape ? b : -1;
  };
  std::vector<WeightFault> out;
  for (WeightFault f : faults)
    if (const int b = samePartner(f.layer); b >= 0) {
      f.layer = b;
      out.push_back(f);
    }
  std::int64_t firstWeights = 0;
  for (const auto& l : first) firstWeights += l.weightShape.empty() ? 0 : l.weightElements();
  std::vector<LayerInfo> unmatched;
  std::int64_t unmatchedWeights = 0;
  for (const auto& l : second)
    if (!l.weightShape.empty() &&
        (alignment.baselineFor(l.index) < 0 || samePartner(alignment.baselineFor(l.index)) < 0)) {
      unmatched.push_back(l);
      unmatchedWeights += l.weightElements();
    }
  if (unmatched.empty() || firstWeights == 0) return out;
  const auto own = static_cast<int>(std::llround(
      static_cast<double>(faults.size()) * static_cast<double>(unmatchedWeights) / static_cast<double>(firstWeights)));
  const auto extra = sampleNetworkWeightFaults(unmatched, own, seed ^ 0x5EC0DDull, bits, model);
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

}  // namespace faultlens
