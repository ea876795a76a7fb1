#include "core/analysis/LayerDeviation.h"

#include <ATen/ATen.h>

#include <cmath>
#include <limits>

#include "core/Error.h"

namespace faultlens {

ActivationStats absStatistics(const at::Tensor& output) {
  ActivationStats s;
  const at::Tensor a = output.detach().abs();
  const at::Tensor finite = at::isfinite(a);
  const std::int64_t finiteCount = finite.sum().item<std::int64_t>();
  s.nonFinite = a.numel() - finiteCount;
  if (finiteCount == 0) return s;
  const at::Tensor values = finiteCount == a.numel() ? a : a.masked_select(finite);
  s.absSum = values.sum(at::kDouble).item<double>();
  s.absMax = values.max().item<double>();
  s.count = finiteCount;
  return s;
}

double relativeL2Deviation(const at::Tensor& clean, const at::Tensor& faulty) {
  if (!clean.sizes().equals(faulty.sizes()))
    throw Error("layer deviation: the clean and faulty outputs differ in shape");
  const at::Tensor c = clean.detach().to(at::kDouble);
  const at::Tensor f = faulty.detach().to(at::kDouble);
  if (!at::isfinite(f).all().item<bool>()) return std::numeric_limits<double>::infinity();
  const double difference = (f - c).norm().item<double>();
  if (difference == 0.0) return 0.0;
  const double reference = c.norm().item<double>();
  return reference == 0.0 ? std::numeric_limits<double>::infinity() : difference / reference;
}

at::Tensor CleanLayerReference::onLayerOutput(int layer, const at::Tensor& output) {
  stats_[layer] = absStatistics(output);
  if (keepOutputs_) outputs_[layer] = output.detach().clone();  // the interpreter may reuse the original
  return output;
}

at::Tensor LayerDeviationCollector::onLayerOutput(int layer, const at::Tensor& output) {
  stats_[layer] = absStatistics(output);
  const auto clean = reference_.outputs().find(layer);
  // A layer the clean run never reached (another branch taken): no reference to compare.
  relativeL2_[layer] = clean == reference_.outputs().end() ? std::numeric_limits<double>::quiet_NaN()
                                                           : relativeL2Deviation(clean->second, output);
  return output;
}

std::vector<LayerDeviation> LayerDeviationCollector::deviations(int layerCount) const {
  std::vector<LayerDeviation> out(static_cast<std::size_t>(std::max(0, layerCount)));
  for (int l = 0; l < layerCount; ++l) {
    auto& d = out[static_cast<std::size_t>(l)];
    if (const auto it = reference_.stats().find(l); it != reference_.stats().end()) d.clean = it->second;
    if (const auto it = stats_.find(l); it != stats_.end()) d.faulty = it->second;
    if (const auto it = relativeL2_.find(l); it != relativeL2_.end()) d.relativeL2 = it->second;
  }
  return out;
}

}  // namespace faultlens
