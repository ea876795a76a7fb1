#pragma once
// Ablation-CAM (Desai & Ramaswamy, WACV 2020; docs/architecture.md, "Ablation-CAM"): how much the class
// score drops when each channel of the target (a conv layer or a block's output) is zeroed,
// used as that channel's weight.
// The raw map, the score y and every ablated score y_k are kept, so panels can share one
// colour scale in real units (pytorch-grad-cam #267) and degenerate scores are flagged
// instead of producing exploding or NaN maps (#108).
#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

#include "core/faults/Fault.h"
#include "core/model/LayerInfo.h"

namespace faultlens {

class Model;

/// What a CAM can be computed for: a convolution or a module output (a residual block's
/// output after its add and ReLU) whose per-image output is [C, H, W].
struct CamTarget {
  std::string name;
  TapPoint point;
  std::int64_t channels = 0, height = 0, width = 0;
  int order = 0;  ///< execution rank (LayerInfo::order)
};

/// Every CAM target of the model in execution order.
std::vector<CamTarget> camTargets(const Model& model);

/// The innermost module output that contains the last main-path convolution and runs
/// after it (a ResNet's last block, a VGG's `features`: what pytorch-grad-cam users pass
/// as target_layers), else that convolution. Throws faultlens::Error naming the model if
/// it has no target at all.
CamTarget defaultCamTarget(const Model& model);

/// The target called `name` (a layer, module or alias name); empty: defaultCamTarget.
/// Throws faultlens::Error naming the model for an unknown name or a layer or module whose
/// output is not [C, H, W] per image. Callers that compute CAMs
/// late in a long job call it first, so a bad name fails before the work, not after.
CamTarget resolveCamTarget(const Model& model, const std::string& name);

struct AblationCamOptions {
  std::string target;    ///< empty: defaultCamTarget(model)
  int targetClass = -1;  ///< -1: top-1 of this (possibly faulty) inference
  /// Ablated channels evaluated in one resumed pass; 0: on the CPU as many as keep the
  /// copies of the layer output of one pass near 16 MB, at most 64 (ResNet-50's last block,
  /// 400 kB a copy: 40 per pass; about 10 or about 256 per pass were slower in ad-hoc
  /// timings); on a GPU as many as fit 256 MB, up to every channel in one pass.
  int channelsPerBatch = 0;
};

/// Whether Ablation-CAM's weights w_k = (y − y_k) / y mean what they should.
enum class CamReliability {
  Reliable,
  ScoreNaN,                ///< y is NaN: weights undefined
  ScoreInfinite,           ///< y is ±Inf: weights undefined
  ScoreNearZero,           ///< |y| ≤ ε: weights undefined
  ScoreNegative,           ///< y < 0: every weight changes sign
  AblatedScoresNotFinite,  ///< some y_k is NaN/Inf: those weights are not finite
};

struct AblationCam {
  std::string target;  ///< the CamTarget's name
  int targetClass = 0;
  double score = 0.0;                 ///< y: logit of targetClass
  std::vector<double> ablatedScores;  ///< y_k, one per channel
  std::vector<double> weights;        ///< w_k = (y − y_k) / y
  int height = 0, width = 0;          ///< the target's spatial size
  std::vector<float> map;             ///< ReLU(Σ_k w_k A_k), row-major; NaN where not finite
  std::size_t nonFinitePixels = 0;
  /// Why the weights are meaningless or change sign; Reliable when they are neither. A user
  /// interface words it in its own language from these fields; warning() says it in
  /// English (CLI, JSON).
  CamReliability reliability = CamReliability::Reliable;
  std::size_t nonFiniteAblatedScores = 0;  ///< with AblatedScoresNotFinite

  bool unreliable() const { return reliability != CamReliability::Reliable; }
  /// The English sentence for `reliability` (empty when Reliable), numbers as %.6g.
  std::string warning() const;
};

/// Ablation-CAM of one preprocessed image [1, C, H, W]. `faults` (batch index 0) are
/// applied during the whole computation; weight faults are the caller's (ScopedWeightFaults).
/// The ablations re-run only the network after the target, options.channelsPerBatch at once.
AblationCam computeAblationCam(Model& model, const at::Tensor& image, const AblationCamOptions& options,
                               const std::vector<ActivationFault>& faults = {});

/// The straightforward method: one full forward pass per ablated channel. For the
/// benchmark and tests; gives the same map as computeAblationCam.
AblationCam computeAblationCamNaive(Model& model, const at::Tensor& image, const AblationCamOptions& options,
                                    const std::vector<ActivationFault>& faults = {});

}  // namespace faultlens
