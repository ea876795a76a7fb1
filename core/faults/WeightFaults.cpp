#include "core/faults/WeightFaults.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>

#include <map>
#include <set>

#include "core/Error.h"
#include "core/faults/FloatBits.h"
#include "core/faults/SiteValues.h"
#include "core/model/Model.h"

namespace faultlens {
namespace {

float readElement(const at::Tensor& flat, std::int64_t i) { return flat[i].item<float>(); }

at::Tensor flatWeight(Model& model, int layer) {
  at::Tensor w = model.weight(layer);
  if (w.scalar_type() != at::kFloat || !w.is_contiguous())
    throw Error(model.path() + ": weight of layer " + model.layers()[layer].name +
                " is not a contiguous float32 tensor; weight faults need one");
  return w.view({-1});
}

void checkWeightFault(const Model& model, const WeightFault& f) {
  const auto& layers = model.layers();
  if (f.layer < 0 || f.layer >= static_cast<int>(layers.size()))
    throw Error(model.path() + ": weight fault names layer #" + std::to_string(f.layer) + ", model has " +
                std::to_string(layers.size()));
  const auto& l = layers[f.layer];
  if (l.weightShape.empty()) throw Error(model.path() + ": layer " + l.name + " has no weight parameter to fault");
  if (f.element < 0 || f.element >= l.weightElements())
    throw Error(model.path() + ": weight fault on " + l.name + ": element " + std::to_string(f.element) +
                " is outside 0.." + std::to_string(l.weightElements() - 1));
  try {
    requireValidFaultBits(l.weightEncoding, f.bit, f.mask);
  } catch (const Error& e) {
    throw Error(model.path() + ": weight fault on " + l.name + ": " + e.what());
  }
}

float faultyWeight(const Model& model, const WeightFault& f, float before) {
  return applyErrorModelIn(model.layers()[f.layer].weightEncoding, before, f.model, f.bit, f.mask, f.randomValue);
}

bool sameBits(float a, float b) { return floatToBits(a) == floatToBits(b); }

/// Adds delta × `source` to `target` in float64 and rounds once to float32, in place.
void addScaled(at::Tensor target, const at::Tensor& source, double delta) {
  target.copy_((target.to(at::kDouble) + source.to(at::kDouble) * delta).to(target.scalar_type()));
}

}  // namespace

AppliedWeightFault faultedWeightValue(Model& model, const WeightFault& fault) {
  checkWeightFault(model, fault);
  c10::NoGradGuard noGrad;
  const float before = readElement(flatWeight(model, fault.layer), fault.element);
  return {fault, before, faultyWeight(model, fault, before)};
}

ScopedWeightFaults::ScopedWeightFaults(Model& model, const std::vector<WeightFault>& faults) {
  for (const auto& f : faults) checkWeightFault(model, f);
  c10::NoGradGuard noGrad;
  // Per weight tensor one gather of the clean values to the host and one scatter of the
  // faulty ones, on every device alike (on a GPU, a read and a write per fault would wait
  // for the device each time; a bit-error-rate trial flips thousands of weights).
  std::map<const void*, std::size_t> tensorIndex;      // the tensor's data → its entry in touched_
  std::vector<std::map<std::int64_t, float>> current;  // per entry: element → value now
  std::vector<std::size_t> faultTensor;
  for (const auto& f : faults) {
    at::Tensor flat = flatWeight(model, f.layer);
    const auto [it, added] = tensorIndex.emplace(flat.data_ptr(), touched_.size());
    if (added) {
      touched_.push_back({flat, {}, {}});
      current.emplace_back();
    }
    current[it->second].emplace(f.element, 0.0f);
    faultTensor.push_back(it->second);
  }
  for (std::size_t t = 0; t < touched_.size(); ++t) {
    Touched& touched = touched_[t];
    for (const auto& [element, value] : current[t]) touched.elements.push_back(element);
    touched.clean = readSites(touched.flat, touched.elements);
    std::size_t k = 0;
    for (auto& entry : current[t]) entry.second = touched.clean[k++];
  }
  // In the given order: two faults on one element act one after the other.
  for (std::size_t i = 0; i < faults.size(); ++i) {
    float& value = current[faultTensor[i]].at(faults[i].element);
    const float before = value;
    value = faultyWeight(model, faults[i], before);
    applied_.push_back({faults[i], before, value});
  }
  try {
    for (std::size_t t = 0; t < touched_.size(); ++t) {
      std::vector<float> values;
      for (const auto& entry : current[t]) values.push_back(entry.second);
      writeSites(touched_[t].flat, touched_[t].elements, values);
    }
  } catch (...) {
    // No destructor runs for a constructor that throws: put back what was written.
    for (const Touched& t : touched_) writeSites(t.flat, t.elements, t.clean);
    throw;
  }
}

ScopedWeightFaults::~ScopedWeightFaults() {
  c10::NoGradGuard noGrad;
  for (const Touched& t : touched_) writeSites(t.flat, t.elements, t.clean);
}

WeightFaultContributions::WeightFaultContributions(Model& model, const LayerState& state,
                                                   const std::vector<RowFault>& faults)
    : state_(state), faults_(faults) {
  const auto& layer = model.layers().at(static_cast<std::size_t>(state.layer()));
  if (state.point().isModule || !state.layerInput().defined() || !state.geometry())
    throw Error(model.path() + ": layer " + layer.name +
                ": the state was captured without the layer's input; weight faults cannot be added to it");
  weightShape_ = layer.weightShape;
  std::set<std::int64_t> rows;
  for (const auto& f : faults_) {
    if (f.fault.layer != state.layer())
      throw Error(model.path() + ": weight fault on layer #" + std::to_string(f.fault.layer) +
                  " given to the state of layer " + layer.name);
    if (f.row < 0 || f.row >= state.images() || !rows.insert(f.row).second)
      throw Error(model.path() + ": weight faults on " + layer.name + ": image row " + std::to_string(f.row) +
                  " is outside the batch or carries two faults");
  }
  // The clean weights read together: one copy from the model's device, not one per fault.
  c10::NoGradGuard noGrad;
  for (const auto& f : faults_) checkWeightFault(model, f.fault);
  std::vector<std::int64_t> elements;
  for (const auto& f : faults_) elements.push_back(f.fault.element);
  if (elements.empty()) return;
  const std::vector<float> values = readSites(flatWeight(model, state.layer()), elements);
  for (std::size_t k = 0; k < faults_.size(); ++k) {
    const float before = values[k];
    applied_.push_back({faults_[k].fault, before, faultyWeight(model, faults_[k].fault, before)});
  }
}

at::Tensor WeightFaultContributions::onLayerOutput(int layer, const at::Tensor& output) {
  if (layer != state_.layer() || faults_.empty()) return output;
  const at::Tensor& input = state_.layerInput();
  const LayerGeometry& g = *state_.geometry();
  const std::int64_t images = state_.images();
  if (input.size(0) != output.size(0) || output.size(0) % images != 0)
    throw Error("weight faults: the layer's input and output do not carry the batch alike");
  const std::int64_t rowsPerImage = output.size(0) / images;
  at::Tensor out = output.clone();
  c10::NoGradGuard noGrad;
  for (std::size_t k = 0; k < faults_.size(); ++k) {
    const auto& a = applied_[k];
    if (sameBits(a.before, a.after)) continue;  // masked: the output stays bit for bit
    const double delta = static_cast<double>(a.after) - static_cast<double>(a.before);
    const at::Tensor x = input.narrow(0, faults_[k].row * rowsPerImage, rowsPerImage);
    at::Tensor y = out.narrow(0, faults_[k].row * rowsPerImage, rowsPerImage);
    // A model computing in a number format hands over its output already rounded: the
    // faulty row is the unrounded clean one plus the change, which the model then rounds
    // once, as the layer computing with the faulty weight would.
    if (!output.is_same(state_.layerOutput()))
      y.copy_(state_.layerOutput().narrow(0, faults_[k].row * rowsPerImage, rowsPerImage));
    const std::int64_t e = a.fault.element;
    if (g.kind == LayerKind::Linear) {
      // weight [out, in]: y[..., o] += delta · x[..., i]
      const std::int64_t in = weightShape_.at(1);
      addScaled(y.select(-1, e / in), x.select(-1, e % in), delta);
      continue;
    }
    // weight [Cout, Cin/groups, KH, KW]: output channel oc reads input channel ic at kernel
    // offset (ky, kx): y[oc, i, j] += delta · xpadded[ic, i·sh + ky·dh, j·sw + kx·dw].
    const std::int64_t kh = weightShape_.at(2), kw = weightShape_.at(3), inPerGroup = weightShape_.at(1);
    const std::int64_t oc = e / (inPerGroup * kh * kw);
    const std::int64_t icInGroup = (e / (kh * kw)) % inPerGroup;
    const std::int64_t ky = (e / kw) % kh, kx = e % kw;
    const std::int64_t outPerGroup = weightShape_.at(0) / g.groups;
    const std::int64_t ic = (oc / outPerGroup) * inPerGroup + icInGroup;
    const at::Tensor padded = at::constant_pad_nd(x.select(1, ic), {g.paddingW, g.paddingW, g.paddingH, g.paddingH}, 0);
    const std::int64_t outH = y.size(2), outW = y.size(3);
    const std::int64_t y0 = ky * g.dilationH, x0 = kx * g.dilationW;
    const at::Tensor taps = padded.slice(1, y0, y0 + g.strideH * (outH - 1) + 1, g.strideH)
                                .slice(2, x0, x0 + g.strideW * (outW - 1) + 1, g.strideW);
    if (taps.size(1) != outH || taps.size(2) != outW)
      throw Error("weight faults: the convolution's geometry does not match its output");
    addScaled(y.select(1, oc), taps, delta);
  }
  return out;
}

}  // namespace faultlens
