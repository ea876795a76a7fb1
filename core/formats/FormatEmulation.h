#pragma once
// Number-format emulation for a whole model (docs/architecture.md, "Number formats"): conv
// and linear weights and biases are rounded to the format once, and every conv/linear
// output is rounded to it in every pass, clean and faulty alike, as an accelerator that
// computes in that format would produce it (accumulation itself stays float32).
#include <ATen/core/Tensor.h>

#include <map>
#include <vector>

#include "core/model/LayerInfo.h"
#include "core/formats/NumberFormat.h"
#include "core/model/Tap.h"

namespace faultlens {

class Model;

/// Rounds every layer output to a number format (a TapHandler: chain it before any fault
/// injector, so faults hit values the format can hold).
class FormatRounding : public TapHandler {
 public:
  /// `absMax`: int8 only, the profiled abs-max of every layer of `layers` (the scale of its
  /// symmetric quantisation); throws naming the first layer without a positive one.
  FormatRounding(NumberFormat format, const std::vector<LayerInfo>& layers, std::vector<double> absMax = {});
  at::Tensor onLayerOutput(int layer, const at::Tensor& output) override;
  const NumberFormat& format() const { return format_; }

 private:
  NumberFormat format_;
  std::vector<double> absMax_;
};

struct RoundedParameters {
  int tensors = 0;  ///< tensors rounded
  /// int8: layer → the abs-max its weight tensor was quantised with (the scale its weight
  /// faults decode with); empty for the other formats.
  std::map<int, double> weightScale;
};

/// Rounds the weights and biases of every conv/linear layer of `model` to `format`, in
/// place (int8: each tensor by its own abs-max). A tensor shared by several layers is
/// rounded once. Model::useNumberFormat does this and more; call it instead.
RoundedParameters roundParametersToFormat(Model& model, const NumberFormat& format);

}  // namespace faultlens
