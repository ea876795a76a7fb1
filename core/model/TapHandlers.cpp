#include "core/model/TapHandlers.h"

#include <ATen/ATen.h>

#include "core/Error.h"
#include "core/analysis/LayerDeviation.h"
#include "core/faults/SiteValues.h"

namespace faultlens {
namespace {

std::string describe(const ActivationFault& f, const std::vector<LayerInfo>& layers) {
  const std::string name = f.layer >= 0 && f.layer < static_cast<int>(layers.size()) ? layers[f.layer].name
                                                                                     : "#" + std::to_string(f.layer);
  return "activation fault (layer " + name + ", image " + std::to_string(f.batchIndex) + ", element " +
         std::to_string(f.element) + ", bit " + std::to_string(f.bit) + ")";
}

void requireFloat(const at::Tensor& t, const LayerInfo& layer) {
  if (t.scalar_type() != at::kFloat)
    throw Error("layer " + layer.name + " outputs " + std::string(c10::toString(t.scalar_type())) +
                "; fault injection needs float32 outputs");
}

}  // namespace

ActivationFaultInjector::ActivationFaultInjector(const std::vector<LayerInfo>& layers,
                                                 std::vector<ActivationFault> faults)
    : layers_(layers), faults_(std::move(faults)) {
  for (std::size_t i = 0; i < faults_.size(); ++i) {
    const auto& f = faults_[i];
    if (f.layer < 0 || f.layer >= static_cast<int>(layers_.size()))
      throw Error(describe(f, layers_) + ": no such layer (model has " + std::to_string(layers_.size()) + ")");
    const auto& l = layers_[f.layer];
    if (!l.executed) throw Error(describe(f, layers_) + ": the layer is not executed by this model's forward");
    if (f.element < 0 || f.element >= l.outputElements())
      throw Error(describe(f, layers_) + ": element out of range 0.." + std::to_string(l.outputElements() - 1));
    if (f.batchIndex < 0) throw Error(describe(f, layers_) + ": negative image index");
    if (!l.perImage && f.batchIndex != 0)
      throw Error(describe(f, layers_) + ": layer output does not depend on the image; use image 0");
    try {
      requireValidFaultBits(l.outputEncoding, f.bit, f.mask);
    } catch (const Error& e) {
      throw Error(describe(f, layers_) + ": " + e.what());
    }
    faultsByLayer_[f.layer].push_back(i);
  }
  applied_.resize(faults_.size());
}

at::Tensor ActivationFaultInjector::onLayerOutput(int layer, const at::Tensor& output) {
  auto it = faultsByLayer_.find(layer);
  if (it == faultsByLayer_.end()) return output;
  const LayerInfo& info = layers_[layer];
  requireFloat(output, info);
  at::Tensor faulty = output.clone(at::MemoryFormat::Contiguous);
  at::Tensor flat = faulty.view({-1});
  const std::int64_t perImage = info.outputElements();
  const std::int64_t images = info.perImage ? flat.numel() / perImage : 1;
  std::vector<std::int64_t> offsets;
  offsets.reserve(it->second.size());
  for (std::size_t idx : it->second) {
    const ActivationFault& f = faults_[idx];
    if (f.batchIndex >= images)
      throw Error(describe(f, layers_) + ": the batch has only " + std::to_string(images) + " images");
    offsets.push_back((info.perImage ? f.batchIndex * perImage : 0) + f.element);
  }
  // The error models are host code on single values: the sites travel together, on every
  // device alike (SiteValues).
  std::vector<float> before = readSites(flat, offsets);
  std::map<std::int64_t, float> last;  // site → its final value
  const ValueEncoding& encoding = info.outputEncoding;
  for (std::size_t k = 0; k < offsets.size(); ++k) {
    const std::size_t idx = it->second[k];
    const ActivationFault& f = faults_[idx];
    // Two faults on one site act one after the other.
    if (const auto earlier = last.find(offsets[k]); earlier != last.end()) before[k] = earlier->second;
    float after = applyErrorModelIn(encoding, before[k], f.model, f.bit, f.mask, f.randomValue);
    // The clamp's bound is a float32 abs-max: what the layer passes on is that bound as the
    // format holds it.
    if (f.clampAbsMax > 0.0) after = quantize(encoding.format, clampToRange(after, f.clampAbsMax), encoding.scale);
    last[offsets[k]] = after;
    applied_[idx] = AppliedActivationFault{f, before[k], after};
  }
  std::vector<std::int64_t> where;
  std::vector<float> values;
  for (const auto& [offset, value] : last) {
    where.push_back(offset);
    values.push_back(value);
  }
  writeSites(flat, where, values);  // each site once, with its last value
  return faulty;
}

at::Tensor OutputCapture::onLayerOutput(int layer, const at::Tensor& output) {
  // A copy, not a reference: an in-place ReLU after the layer would change it otherwise.
  if (layers_.count(layer)) captured_[layer] = output.clone();
  return output;
}

const at::Tensor& OutputCapture::output(int layer) const {
  auto it = captured_.find(layer);
  if (it == captured_.end()) throw Error("layer #" + std::to_string(layer) + " was not captured");
  return it->second;
}

at::Tensor StatisticsCollector::onLayerOutput(int layer, const at::Tensor& output) {
  // This call's statistics (absStatistics, shared with the per-image layer view), folded
  // into the layer's running ones.
  const ActivationStats call = absStatistics(output);
  ActivationStats& s = stats_[layer];
  s.nonFinite += call.nonFinite;
  if (call.count == 0) return output;
  s.absSum += call.absSum;
  s.absMax = std::max(s.absMax, call.absMax);
  s.count += call.count;
  return output;
}

at::Tensor ChannelAblation::onLayerOutput(int layer, const at::Tensor& output) {
  return at_ == TapPoint(layer) ? ablate(output) : output;
}

at::Tensor ChannelAblation::onModuleOutput(int module, const at::Tensor& output) {
  return at_ == TapPoint::moduleOutput(module) ? ablate(output) : output;
}

at::Tensor ChannelAblation::ablate(const at::Tensor& output) const {
  if (sites_.empty()) return output;
  if (output.dim() < 2) throw Error("channel ablation needs an output with channels in dimension 1");
  // One pass through a keep-mask [N, C, 1, ...] instead of a copy plus a write per site:
  // Ablation-CAM ablates many channels per pass. The mask is built in host memory and
  // copied once; a write per site into device memory would be a kernel launch each.
  std::vector<std::int64_t> maskShape{output.size(0), output.size(1)};
  maskShape.resize(output.dim(), 1);
  at::Tensor keep = at::ones({output.size(0), output.size(1)}, at::kBool);
  bool* flags = keep.data_ptr<bool>();
  for (const Site& s : sites_) {
    if (s.batchIndex < 0 || s.batchIndex >= output.size(0) || s.channel < 0 || s.channel >= output.size(1))
      throw Error("channel ablation site (image " + std::to_string(s.batchIndex) + ", channel " +
                  std::to_string(s.channel) + ") is outside the layer output");
    flags[s.batchIndex * output.size(1) + s.channel] = false;
  }
  const at::Tensor mask = keep.to(output.device()).view(maskShape);
  // where() rather than a product: 0 · Inf would be NaN, an ablated channel must be 0.
  return at::where(mask, output, at::zeros({}, output.options()));
}

at::Tensor TapPointCapture::onLayerOutput(int layer, const at::Tensor& output) {
  // A copy, not a reference: an in-place ReLU after the tap would change it otherwise.
  if (at_ == TapPoint(layer)) captured_ = output.clone();
  return output;
}

at::Tensor TapPointCapture::onModuleOutput(int module, const at::Tensor& output) {
  if (at_ == TapPoint::moduleOutput(module)) captured_ = output.clone();
  return output;
}

const at::Tensor& TapPointCapture::output() const {
  if (!captured_.defined()) throw Error("the tap was not reached, nothing captured");
  return captured_;
}

}  // namespace faultlens
