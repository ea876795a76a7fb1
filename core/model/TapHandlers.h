#pragma once
// The standard TapHandlers: inject activation faults, capture outputs, collect activation
// statistics, zero channels. Each does one job; TapChain (Tap.h) combines them.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "core/faults/Fault.h"
#include "core/model/LayerInfo.h"
#include "core/model/Tap.h"
#include "core/analysis/LayerRanges.h"

namespace faultlens {

/// A fault as it happened: the value at the site before and after.
struct AppliedActivationFault {
  ActivationFault fault;
  float before = 0.0f;
  float after = 0.0f;
};

/// Applies activation faults; a batch may carry a different fault for every image.
class ActivationFaultInjector : public TapHandler {
 public:
  /// Checks every fault against the layer list (layer index, element range, bit) and throws
  /// faultlens::Error naming the offending fault.
  ActivationFaultInjector(const std::vector<LayerInfo>& layers, std::vector<ActivationFault> faults);
  at::Tensor onLayerOutput(int layer, const at::Tensor& output) override;
  /// What the last forward pass did, in the order the faults were given.
  const std::vector<AppliedActivationFault>& applied() const { return applied_; }

 private:
  std::vector<LayerInfo> layers_;
  std::map<int, std::vector<std::size_t>> faultsByLayer_;  // layer → indices into faults_
  std::vector<ActivationFault> faults_;
  std::vector<AppliedActivationFault> applied_;
};

/// Keeps a copy of the outputs of the chosen layers (the last call of each).
class OutputCapture : public TapHandler {
 public:
  explicit OutputCapture(std::set<int> layers) : layers_(std::move(layers)) {}
  at::Tensor onLayerOutput(int layer, const at::Tensor& output) override;
  /// Throws if the layer was not captured.
  const at::Tensor& output(int layer) const;
  bool has(int layer) const { return captured_.count(layer) != 0; }

 private:
  std::set<int> layers_;
  std::map<int, at::Tensor> captured_;
};

/// Streamed |a| statistics per layer in float64, constant memory (docs/architecture.md
/// "Per-layer activation range"). Non-finite values are counted, not folded in.
class StatisticsCollector : public TapHandler {
 public:
  at::Tensor onLayerOutput(int layer, const at::Tensor& output) override;
  const std::map<int, ActivationStats>& stats() const { return stats_; }

 private:
  std::map<int, ActivationStats> stats_;
};

/// Sets chosen channels of one layer's or module's output to zero, per image (Ablation-CAM).
/// Channel = dimension 1 of a conv output [N, C, H, W] or the feature of a linear [N, F].
class ChannelAblation : public TapHandler {
 public:
  struct Site {
    std::int64_t batchIndex;
    std::int64_t channel;
  };
  ChannelAblation(TapPoint at, std::vector<Site> sites) : at_(at), sites_(std::move(sites)) {}
  at::Tensor onLayerOutput(int layer, const at::Tensor& output) override;
  at::Tensor onModuleOutput(int module, const at::Tensor& output) override;

 private:
  at::Tensor ablate(const at::Tensor& output) const;
  TapPoint at_;
  std::vector<Site> sites_;
};

/// Keeps a copy of the output at one tap point (the last call), layer or module output.
class TapPointCapture : public TapHandler {
 public:
  explicit TapPointCapture(TapPoint at) : at_(at) {}
  at::Tensor onLayerOutput(int layer, const at::Tensor& output) override;
  at::Tensor onModuleOutput(int module, const at::Tensor& output) override;
  /// Throws if the tap did not run.
  const at::Tensor& output() const;

 private:
  TapPoint at_;
  at::Tensor captured_;
};

}  // namespace faultlens
