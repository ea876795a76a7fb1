#include "core/WeightFaults.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>

#include "core/Error.h"
#include "core/Model.h"

namespace faultlens {
namespace {

float readElement(const at::Tensor& flat, std::int64_t i) { return flat[i].item<float>(); }
void writeElement(at::Tensor& flat, std::int64_t i, float v) { flat[i].fill_(v); }

at::Tensor flatWeight(Model& model, int layer) {
  at::Tensor w = model.weight(layer);
  if (w.scalar_type() != at::kFloat || !w.is_contiguous())
    throw Error(model.path() + ": weight of layer " + model.layers()[layer].name +
                " is not a contiguous float32 tensor; weight faults need one");
  return w.view({-1});
}

}  // namespace

ScopedWeightFaults::ScopedWeightFaults(Model& model, const std::vector<WeightFault>& faults) : model_(model) {
  const auto& layers = model.layers();
  for (const auto& f : faults) {
    if (f.layer < 0 || f.layer >= static_cast<int>(layers.size()))
      throw Error(model.path() + ": weight fault names layer #" + std::to_string(f.layer) + ", model has " +
                  std::to_string(layers.size()));
    const auto& l = layers[f.layer];
    if (l.weightShape.empty()) throw Error(model.path() + ": layer " + l.name + " has no weight parameter to fault");
    if (f.element < 0 || f.element >= l.weightElements())
      throw Error(model.path() + ": weight fault on " + l.name + ": element " + std::to_string(f.element) +
                  " is outside 0.." + std::to_string(l.weightElements() - 1));
    requireValidBit(f.bit);
  }
  c10::NoGradGuard noGrad;
  for (const auto& f : faults) {
    at::Tensor flat = flatWeight(model, f.layer);
    const float before = readElement(flat, f.element);
    const float after = applyErrorModel(before, f.model, f.bit, f.randomValue);
    writeElement(flat, f.element, after);
    applied_.push_back({f, before, after});
  }
}

ScopedWeightFaults::~ScopedWeightFaults() {
  c10::NoGradGuard noGrad;
  // Reverse order restores the original value also when two faults hit one element.
  for (auto it = applied_.rbegin(); it != applied_.rend(); ++it) {
    at::Tensor flat = flatWeight(model_, it->fault.layer);
    writeElement(flat, it->fault.element, it->before);
  }
}

}  // namespace faultlens
