#include "core/analysis/AblationCam.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>

#include "core/Error.h"
#include "core/model/Devices.h"
#include "core/model/Model.h"
#include "core/model/TapHandlers.h"

namespace faultlens {
namespace {

bool isImageMap(const std::vector<std::int64_t>& shape, bool executed, bool perImage) {
  return executed && perImage && shape.size() == 3;
}

CamTarget targetOf(const std::string& name, TapPoint point, const std::vector<std::int64_t>& shape, int order) {
  return CamTarget{name, point, shape[0], shape[1], shape[2], order};
}

}  // namespace

std::vector<CamTarget> camTargets(const Model& model) {
  std::vector<CamTarget> targets;
  for (const LayerInfo& l : model.layers())
    if (l.kind == LayerKind::Conv2d && isImageMap(l.outputShape, l.executed, l.perImage))
      targets.push_back(targetOf(l.name, TapPoint(l.index), l.outputShape, l.order));
  for (const ModuleOutputInfo& m : model.moduleOutputs())
    if (isImageMap(m.outputShape, m.executed, m.perImage))
      targets.push_back(targetOf(m.name, TapPoint::moduleOutput(m.index), m.outputShape, m.order));
  std::stable_sort(targets.begin(), targets.end(),
                   [](const CamTarget& a, const CamTarget& b) { return a.order < b.order; });
  return targets;
}

CamTarget defaultCamTarget(const Model& model) {
  const auto targets = camTargets(model);
  // The last conv of the main path: shortcut projections (torchvision's "downsample",
  // "shortcut") may run after it but are not what the block computes.
  const auto shortcut = [](const CamTarget& t) {
    return t.name.find("downsample") != std::string::npos || t.name.find("shortcut") != std::string::npos;
  };
  const CamTarget *lastConv = nullptr, *lastAnyConv = nullptr;
  for (const auto& t : targets) {  // in execution order
    if (t.point.isModule) continue;
    lastAnyConv = &t;
    if (!shortcut(t)) lastConv = &t;
  }
  if (!lastConv) lastConv = lastAnyConv;
  if (!lastConv)
    throw fileError(model.path(), "Ablation-CAM: the model has no convolution with a per-image [C, H, W] output");
  // The innermost enclosing module whose output comes after that convolution.
  const CamTarget* best = lastConv;
  std::size_t bestDepth = 0;
  for (const auto& t : targets) {
    if (!t.point.isModule || t.order < lastConv->order) continue;
    const bool encloses = lastConv->name.compare(0, t.name.size() + 1, t.name + ".") == 0;
    if (encloses && t.name.size() > bestDepth) {
      best = &t;
      bestDepth = t.name.size();
    }
  }
  return *best;
}

std::string AblationCam::warning() const {
  // %.6g as every other number FaultLens prints; NaN and Inf spelled out (printf's "-nan"
  // reads like a typo).
  char y[32];
  std::snprintf(y, sizeof y, "%.6g", score);
  switch (reliability) {
    case CamReliability::Reliable: return "";
    case CamReliability::ScoreNaN: return "class score y is NaN; weights undefined";
    case CamReliability::ScoreInfinite:
      return std::string("class score y is ") + (score > 0 ? "+Inf" : "-Inf") + "; weights undefined";
    case CamReliability::ScoreNearZero:
      return std::string("class score y = ") + y + " is too close to zero; weights undefined";
    case CamReliability::ScoreNegative:
      return std::string("class score y = ") + y + " is negative; the weights change sign";
    case CamReliability::AblatedScoresNotFinite:
      return std::to_string(nonFiniteAblatedScores) + " ablated scores are not finite";
  }
  return "";
}

CamTarget resolveCamTarget(const Model& model, const std::string& name) {
  if (name.empty()) return defaultCamTarget(model);
  const auto targets = camTargets(model);
  for (const auto& t : targets)
    if (t.name == name) return t;
  for (const ModuleOutputInfo& m : model.moduleOutputs()) {
    const bool named = m.name == name || std::find(m.aliases.begin(), m.aliases.end(), name) != m.aliases.end();
    if (!named) continue;
    if (isImageMap(m.outputShape, m.executed, m.perImage))
      return targetOf(m.name, TapPoint::moduleOutput(m.index), m.outputShape, m.order);
    throw fileError(model.path(), "Ablation-CAM needs a per-image output [C, H, W]; module '" + name + "' has " +
                                      shapeToString(m.outputShape));
  }
  for (const LayerInfo& l : model.layers())
    if (l.name == name)
      throw fileError(model.path(), "Ablation-CAM needs a per-image output [C, H, W]; layer '" + name + "' has " +
                                        shapeToString(l.outputShape));
  // A twin model wrapped in another module ("backbone.layer4.1" for "layer4.1", or the
  // other way round): the one target whose path ends with the other's.
  const auto endsWith = [](const std::string& a, const std::string& b) {
    return a.size() > b.size() && a.compare(a.size() - b.size() - 1, b.size() + 1, "." + b) == 0;
  };
  const CamTarget* match = nullptr;
  int matches = 0;
  for (const auto& t : targets)
    if (endsWith(t.name, name) || endsWith(name, t.name)) match = (++matches, &t);
  if (matches == 1) return *match;
  throw fileError(model.path(), "no CAM target (convolution or block output) named '" + name +
                                    "'; the targets are listed with the model's layers");
}

namespace {

constexpr double kScoreEpsilon = 1e-6;

void requireSingleImage(const Model& model, const at::Tensor& image) {
  if (image.dim() != 4 || image.size(0) != 1)
    throw fileError(model.path(),
                    "Ablation-CAM takes one image [1, C, H, W], got " +
                        shapeToString(std::vector<std::int64_t>(image.sizes().begin(), image.sizes().end())));
}

/// The same faults on every copy of the image in a batch of `copies`.
std::vector<ActivationFault> replicated(const std::vector<ActivationFault>& faults, std::int64_t copies) {
  std::vector<ActivationFault> out;
  for (std::int64_t b = 0; b < copies; ++b)
    for (ActivationFault f : faults) {
      f.batchIndex = b;
      out.push_back(f);
    }
  return out;
}

/// y, A and the class from one (possibly faulty) pass; filled in before the ablations.
struct CleanPass {
  double score = 0.0;
  int targetClass = 0;
  at::Tensor activations;  // [C, H, W] float64
};

CleanPass readCleanPass(const at::Tensor& logits, const at::Tensor& layerOutput, int requestedClass,
                        const Model& model) {
  CleanPass pass;
  at::Tensor row = logits[0].to(at::kDouble);
  if (requestedClass >= model.numClasses())
    throw fileError(model.path(), "Ablation-CAM: class " + std::to_string(requestedClass) +
                                      " out of range (model has " + std::to_string(model.numClasses()) + ")");
  // NaN logits make argmax meaningless; nan_to_num keeps the choice deterministic.
  pass.targetClass = requestedClass >= 0 ? requestedClass
                                         : static_cast<int>(row.nan_to_num(-INFINITY).argmax().item<std::int64_t>());
  pass.score = row[pass.targetClass].item<double>();
  pass.activations = layerOutput[0].to(at::kDouble);
  return pass;
}

/// The weights and map from y, y_k and A (docs/architecture.md, "Ablation-CAM"), with the guards.
AblationCam finish(const CamTarget& target, const CleanPass& pass, std::vector<double> ablated) {
  AblationCam cam;
  cam.target = target.name;
  cam.targetClass = pass.targetClass;
  cam.score = pass.score;
  cam.ablatedScores = std::move(ablated);
  const std::int64_t channels = pass.activations.size(0);
  cam.height = static_cast<int>(pass.activations.size(1));
  cam.width = static_cast<int>(pass.activations.size(2));
  const double y = pass.score;
  cam.weights.resize(channels);
  if (!std::isfinite(y) || std::abs(y) <= kScoreEpsilon) {
    cam.reliability = std::isnan(y)   ? CamReliability::ScoreNaN
                      : std::isinf(y) ? CamReliability::ScoreInfinite
                                      : CamReliability::ScoreNearZero;
    std::fill(cam.weights.begin(), cam.weights.end(), std::numeric_limits<double>::quiet_NaN());
  } else {
    if (y < 0) cam.reliability = CamReliability::ScoreNegative;
    for (std::int64_t k = 0; k < channels; ++k) {
      cam.weights[k] = (y - cam.ablatedScores[k]) / y;
      if (!std::isfinite(cam.weights[k])) ++cam.nonFiniteAblatedScores;
    }
    if (cam.nonFiniteAblatedScores) cam.reliability = CamReliability::AblatedScoresNotFinite;
  }
  // map = ReLU(Σ_k w_k A_k) in float64; a non-finite sum stays NaN (painted apart).
  at::Tensor w = at::tensor(cam.weights, at::kDouble).to(pass.activations.device());
  at::Tensor sum = (w.view({channels, 1, 1}) * pass.activations).sum(0);
  at::Tensor finite = at::isfinite(sum);
  at::Tensor map = at::where(finite, sum.clamp_min(0.0), at::full_like(sum, std::numeric_limits<double>::quiet_NaN()));
  cam.nonFinitePixels = static_cast<std::size_t>((~finite).sum().item<std::int64_t>());
  at::Tensor asFloat = map.to(at::kCPU, at::kFloat).contiguous();
  cam.map.assign(asFloat.data_ptr<float>(), asFloat.data_ptr<float>() + asFloat.numel());
  return cam;
}

}  // namespace

AblationCam computeAblationCam(Model& model, const at::Tensor& image, const AblationCamOptions& options,
                               const std::vector<ActivationFault>& faults) {
  requireSingleImage(model, image);
  const CamTarget target = resolveCamTarget(model, options.target);
  const std::int64_t channels = target.channels;
  const std::int64_t bytesPerCopy = 4 * target.channels * target.height * target.width;
  // Copies per pass: on the CPU as many as keep a pass's copies of the layer in 16 MiB (the
  // caches); a GPU takes wide passes, as many as fit 256 MiB (the network after the cut
  // needs several times that), since each pass costs it a kernel launch per operator
  // whatever its width.
  const bool onCpu = isCpuDevice(model.device());
  const std::int64_t perBatch =
      options.channelsPerBatch > 0
          ? options.channelsPerBatch
          : std::clamp<std::int64_t>((onCpu ? std::int64_t{16} << 20 : std::int64_t{256} << 20) /
                                         std::max<std::int64_t>(1, bytesPerCopy),
                                     1, onCpu ? 64 : channels);

  // Faults before the cut act while the state is captured; the resumed passes carry the
  // faults at and after the cut (replicated onto every copy of the image).
  ActivationFaultInjector prefixFaults(model.layers(), faults);
  auto state = model.captureState(target.point, image, faults.empty() ? nullptr : &prefixFaults);

  ActivationFaultInjector oneCopy(model.layers(), faults);
  TapPointCapture capture(target.point);
  TapChain cleanChain({&oneCopy, &capture});
  const at::Tensor logits = model.resume(*state, &cleanChain, 1);
  const CleanPass pass = readCleanPass(logits, capture.output(), options.targetClass, model);

  // The scores stay on the model's device until the last pass: one copy to the host.
  std::vector<at::Tensor> scores;
  for (std::int64_t first = 0; first < channels; first += perBatch) {
    const std::int64_t count = std::min(perBatch, channels - first);
    std::vector<ChannelAblation::Site> sites;
    for (std::int64_t b = 0; b < count; ++b) sites.push_back({b, first + b});
    ActivationFaultInjector copies(model.layers(), replicated(faults, count));
    ChannelAblation ablation(target.point, std::move(sites));
    TapChain chain({&copies, &ablation});
    scores.push_back(model.resume(*state, &chain, count).select(1, pass.targetClass).to(at::kDouble));
  }
  const at::Tensor all = at::cat(scores).to(at::kCPU).contiguous();
  std::vector<double> ablated(all.data_ptr<double>(), all.data_ptr<double>() + all.numel());
  return finish(target, pass, std::move(ablated));
}

AblationCam computeAblationCamNaive(Model& model, const at::Tensor& image, const AblationCamOptions& options,
                                    const std::vector<ActivationFault>& faults) {
  requireSingleImage(model, image);
  const CamTarget target = resolveCamTarget(model, options.target);
  const std::int64_t channels = target.channels;

  ActivationFaultInjector injector(model.layers(), faults);
  TapPointCapture capture(target.point);
  TapChain cleanChain({&injector, &capture});
  const at::Tensor logits = model.forward(image, &cleanChain);
  const CleanPass pass = readCleanPass(logits, capture.output(), options.targetClass, model);

  std::vector<double> ablated(channels);
  for (std::int64_t k = 0; k < channels; ++k) {
    ActivationFaultInjector again(model.layers(), faults);
    ChannelAblation ablation(target.point, {{0, k}});
    TapChain chain({&again, &ablation});
    ablated[k] = model.forward(image, &chain)[0][pass.targetClass].item<double>();
  }
  return finish(target, pass, std::move(ablated));
}

}  // namespace faultlens
