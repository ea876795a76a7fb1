#include "core/formats/FormatEmulation.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>

#include <cmath>

#include "core/Error.h"
#include "core/model/Model.h"
#include "core/formats/NumberFormatTensor.h"

namespace faultlens {

FormatRounding::FormatRounding(NumberFormat format, const std::vector<LayerInfo>& layers, std::vector<double> absMax)
    : format_(format), absMax_(std::move(absMax)) {
  if (!format_.needsScale()) return;
  for (const auto& l : layers) {
    const double a = l.index < static_cast<int>(absMax_.size()) ? absMax_[l.index] : 0.0;
    if (!(a > 0.0) || !std::isfinite(a))
      throw Error(format_.name() + " rounds each layer output with the layer's profiled abs-max, and layer '" + l.name +
                  "' has none above 0 (profile the ranges on data that reaches it)");
  }
}

namespace {

/// True when `t` can be rounded in place without anyone noticing: this reference is its only
/// one and no view shares its memory. That is the case for a conv/linear output that the
/// interpreter hands to the tap as its last use; a tensor a handler keeps (a capture, a fault
/// injector's clone it remembers) fails the test and is rounded into a new tensor instead.
bool solelyOwned(const at::Tensor& t) {
  return t.use_count() == 1 && t.storage().use_count() == 1 && t.is_cpu() && t.layout() == at::kStrided &&
         t.is_contiguous() && t.scalar_type() == at::kFloat && !t.requires_grad();
}

}  // namespace

at::Tensor FormatRounding::onLayerOutput(int layer, const at::Tensor& output) {
  if (format_.kind == NumberFormatKind::Float32) return output;
  const double scale = format_.needsScale() ? absMax_.at(layer) : 1.0;
  // In place saves an allocation and a pass over memory per layer: most of what emulating a
  // format costs on a small network.
  if (!solelyOwned(output)) return quantizeTensor(format_, output, scale);
  at::Tensor rounded = output;
  quantizeTensorInPlace(format_, rounded, scale);
  return rounded;
}

RoundedParameters roundParametersToFormat(Model& model, const NumberFormat& format) {
  RoundedParameters out;
  if (format.kind == NumberFormatKind::Float32) return out;
  c10::NoGradGuard noGrad;
  std::map<const void*, double> scales;  // tensor → its abs-max, so a shared one is rounded once
  const auto round = [&](at::Tensor t) -> double {
    if (!t.defined()) return 0.0;
    if (const auto it = scales.find(t.data_ptr()); it != scales.end()) return it->second;
    const double scale = format.needsScale() ? t.abs().max().item<double>() : 1.0;
    scales[t.data_ptr()] = scale;
    if (format.needsScale() && !(scale > 0.0)) return scale;  // all zero: nothing to round
    t.copy_(quantizeTensor(format, t.to(at::kFloat), scale).to(t.scalar_type()));
    ++out.tensors;
    return scale;
  };
  for (const auto& l : model.layers()) {
    if (l.weightPath.empty()) continue;
    const double scale = round(model.weight(l.index));
    if (format.needsScale()) out.weightScale[l.index] = scale;
    round(model.bias(l.index));
  }
  return out;
}

}  // namespace faultlens
