#pragma once
// Ablation-CAM (Desai & Ramaswamy, WACV 2020; docs/architecture.md, "Ablation-CAM"): how much the class
// score drops when each channel of a conv layer is zeroed, used as that channel's weight.
// The raw map, the score y and every ablated score y_k are kept, so panels can share one
// colour scale in real units (pytorch-grad-cam #267) and degenerate scores are flagged
// instead of producing exploding or NaN maps (#108).
#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

#include "core/Fault.h"

namespace faultlens {

class Model;

struct AblationCamOptions {
  int layer = -1;        ///< -1: defaultCamLayer(model)
  int targetClass = -1;  ///< -1: top-1 of this (possibly faulty) inference
  /// Ablated channels evaluated in one resumed pass; 0: as many as keep one copy of the
  /// layer output per pass near 16 MB, at most 64 (ResNet-50's last block, 400 kB a copy:
  /// 40 per pass; about 10 or about 256 per pass were slower in ad-hoc timings).
  int channelsPerBatch = 0;
};

struct AblationCam {
  int layer = 0;
  int targetClass = 0;
  double score = 0.0;                 ///< y: logit of targetClass
  std::vector<double> ablatedScores;  ///< y_k, one per channel
  std::vector<double> weights;        ///< w_k = (y − y_k) / y
  int height = 0, width = 0;          ///< the layer's spatial size
  std::vector<float> map;             ///< ReLU(Σ_k w_k A_k), row-major; NaN where not finite
  std::size_t nonFinitePixels = 0;
  /// True when y ≤ ε or y / some y_k is not finite: the weights are meaningless or change
  /// sign. `warning` says which.
  bool unreliable = false;
  std::string warning;
};

/// The last executed convolution whose per-image output is [C, H, W], preferring the main
/// path over shortcut projections (for ResNets the last conv of the last block). Throws faultlens::Error naming the
/// model if none exists.
int defaultCamLayer(const Model& model);

/// Ablation-CAM of one preprocessed image [1, C, H, W]. `faults` (batch index 0) are
/// applied during the whole computation; weight faults are the caller's (ScopedWeightFaults).
/// `requested` (a layer index, or -1 for defaultCamLayer), checked to be a convolution
/// with a per-image [C, H, W] output; throws naming the model. Callers that compute CAMs
/// late in a long job call it first, so a bad layer fails before the work, not after.
int checkedCamLayer(const Model& model, int requested);

/// The ablations re-run only the network after the layer, options.channelsPerBatch at once.
AblationCam computeAblationCam(Model& model, const at::Tensor& image, const AblationCamOptions& options,
                               const std::vector<ActivationFault>& faults = {});

/// The straightforward method: one full forward pass per ablated channel. For the
/// benchmark and tests; gives the same map as computeAblationCam.
AblationCam computeAblationCamNaive(Model& model, const at::Tensor& image, const AblationCamOptions& options,
                                    const std::vector<ActivationFault>& faults = {});

}  // namespace faultlens
