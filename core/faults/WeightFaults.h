#pragma once
// Weight faults, two ways. ScopedWeightFaults writes faults into the model's parameters for
// the lifetime of a scope and undoes them (exactly, bit for bit) when it ends, also when the
// inference throws: every pass in the scope sees them. WeightFaultContributions leaves the
// parameters alone and adds each fault's change of its layer's output to one image of a
// batch, so a batch can carry a different weight fault for every image (campaigns).
#include <ATen/core/Tensor.h>

#include <vector>

#include "core/faults/Fault.h"
#include "core/model/Tap.h"

namespace faultlens {

class Model;
class LayerState;

struct AppliedWeightFault {
  WeightFault fault;
  float before = 0.0f;
  float after = 0.0f;
};

/// Checks a fault against the model (layer, weight element, bit) and returns the weight's
/// value and the value the fault makes of it, without writing anything. Throws
/// faultlens::Error naming the model and the fault.
AppliedWeightFault faultedWeightValue(Model& model, const WeightFault& fault);

class ScopedWeightFaults {
 public:
  /// Validates all faults first (throws faultlens::Error, nothing applied), then applies.
  ScopedWeightFaults(Model& model, const std::vector<WeightFault>& faults);
  ~ScopedWeightFaults();
  ScopedWeightFaults(const ScopedWeightFaults&) = delete;
  ScopedWeightFaults& operator=(const ScopedWeightFaults&) = delete;

  const std::vector<AppliedWeightFault>& applied() const { return applied_; }

 private:
  /// One weight tensor the faults touch (layers may share one), with the elements they hit
  /// and those elements' clean values, written back when the scope ends.
  struct Touched {
    at::Tensor flat;
    std::vector<std::int64_t> elements;
    std::vector<float> clean;
  };
  std::vector<AppliedWeightFault> applied_;
  std::vector<Touched> touched_;
};

/// A TapHandler for Model::resume from a state captured with layer inputs: image `row` of
/// the batch gets the output its layer computes with weight element `fault.element` changed
/// from `before` to `after`. The change is linear in the weight, so it is added to the clean
/// output: (after − before) times the input values that weight multiplies (one input channel
/// shifted by the kernel offset, with zero padding, for a conv2d; one input feature for a
/// linear layer), summed in float64 and rounded once to float32. This equals recomputing
/// the layer with the faulty weight up to float32 summation order (a few ulp of the output,
/// as between two convolution algorithms); a fault that leaves the weight's bits unchanged
/// leaves the output bit for bit unchanged. Non-finite values follow IEEE arithmetic
/// (an infinite weight times a zero input, padding included, is NaN).
class WeightFaultContributions : public TapHandler {
 public:
  struct RowFault {
    WeightFault fault;
    std::int64_t row = 0;  ///< image of the state's batch that carries the fault
  };
  /// Throws faultlens::Error when a fault is invalid, is not on the state's layer, when two
  /// faults share a row, or when the state has no layer input (captured without it).
  WeightFaultContributions(Model& model, const LayerState& state, const std::vector<RowFault>& faults);
  at::Tensor onLayerOutput(int layer, const at::Tensor& output) override;
  /// The faults' values, in the order given.
  const std::vector<AppliedWeightFault>& applied() const { return applied_; }

 private:
  const LayerState& state_;
  std::vector<std::int64_t> weightShape_;
  std::vector<RowFault> faults_;
  std::vector<AppliedWeightFault> applied_;
};

}  // namespace faultlens
