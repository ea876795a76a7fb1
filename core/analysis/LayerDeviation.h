#pragma once
// One image's way through the layers, clean and under a fault: per-layer |a| statistics
// of both runs and how far each faulty layer output lies from the clean one. It shows
// where a fault's corruption starts (the first layer with a deviation), how it grows or
// dies out layer by layer, and where a model's head stops it.
#include <ATen/core/Tensor.h>

#include <map>
#include <vector>

#include "core/model/Tap.h"
#include "core/analysis/LayerRanges.h"

namespace faultlens {

struct LayerDeviation {
  ActivationStats clean;
  ActivationStats faulty;
  /// ‖faulty − clean‖₂ / ‖clean‖₂ over the layer's output (float64). 0 where the outputs
  /// are equal (also when both are zero), +inf where the faulty output holds NaN/Inf or
  /// the clean one is zero and the faulty one is not, NaN where the clean run did not
  /// reach the layer.
  double relativeL2 = 0.0;
};

/// A tap for the clean run: every layer's |a| statistics and a copy of its output, the
/// reference the faulty run is compared with. Keeps one output per layer (the last call),
/// so memory is that of one image's activations.
class CleanLayerReference : public TapHandler {
 public:
  /// `keepOutputs` false: statistics only (no faulty run will follow).
  explicit CleanLayerReference(bool keepOutputs = true) : keepOutputs_(keepOutputs) {}
  at::Tensor onLayerOutput(int layer, const at::Tensor& output) override;
  const std::map<int, ActivationStats>& stats() const { return stats_; }
  const std::map<int, at::Tensor>& outputs() const { return outputs_; }

 private:
  bool keepOutputs_;
  std::map<int, ActivationStats> stats_;
  std::map<int, at::Tensor> outputs_;
};

/// A tap for the faulty run (after the fault injector in a TapChain): statistics of each
/// faulty output and its deviation from the clean reference's output of the same layer.
class LayerDeviationCollector : public TapHandler {
 public:
  explicit LayerDeviationCollector(const CleanLayerReference& reference) : reference_(reference) {}
  at::Tensor onLayerOutput(int layer, const at::Tensor& output) override;
  /// One entry per layer index in [0, layerCount): layers neither run reached keep zeros.
  std::vector<LayerDeviation> deviations(int layerCount) const;

 private:
  const CleanLayerReference& reference_;
  std::map<int, ActivationStats> stats_;
  std::map<int, double> relativeL2_;
};

/// |a| statistics of one tensor: finite values folded in, non-finite ones counted.
ActivationStats absStatistics(const at::Tensor& output);

/// ‖faulty − clean‖₂ / ‖clean‖₂ in float64, with the conventions of LayerDeviation.
double relativeL2Deviation(const at::Tensor& clean, const at::Tensor& faulty);

}  // namespace faultlens
