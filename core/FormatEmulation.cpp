#include "core/FormatEmulation.h"

#include <ATen/ATen.h>
#include <torch/csrc/autograd/grad_mode.h>

#include <cmath>
#include <set>

#include "core/Error.h"
#include "core/Model.h"
#include "core/NumberFormatTensor.h"

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

at::Tensor FormatRounding::onLayerOutput(int layer, const at::Tensor& output) {
  // fp32 included: quantizeTensor returns the tensor itself, unchanged.
  return quantizeTensor(format_, output, format_.needsScale() ? absMax_.at(layer) : 1.0);
}

int roundParametersToFormat(Model& model, const NumberFormat& format) {
  if (format.kind == NumberFormatKind::Float32) return 0;
  torch::NoGradGuard noGrad;
  std::set<const void*> rounded;
  int count = 0;
  const auto round = [&](at::Tensor t) {
    if (!t.defined() || !rounded.insert(t.data_ptr()).second) return;
    const double scale = format.needsScale() ? t.abs().max().item<double>() : 1.0;
    if (format.needsScale() && !(scale > 0.0)) return;  // all zero: nothing to round
    t.copy_(quantizeTensor(format, t.to(at::kFloat), scale).to(t.scalar_type()));
    ++count;
  };
  for (const auto& l : model.layers()) {
    if (l.weightPath.empty()) continue;
    round(model.weight(l.index));
    round(model.bias(l.index));
  }
  return count;
}

}  // namespace faultlens
