#pragma once
// Weight faults: written into the model's parameters for the lifetime of a scope and
// undone (exactly, bit for bit) when it ends, also when the inference throws.
#include <vector>

#include "core/Fault.h"

namespace faultlens {

class Model;

struct AppliedWeightFault {
  WeightFault fault;
  float before = 0.0f;
  float after = 0.0f;
};

class ScopedWeightFaults {
 public:
  /// Validates all faults first (throws faultlens::Error, nothing applied), then applies.
  ScopedWeightFaults(Model& model, const std::vector<WeightFault>& faults);
  ~ScopedWeightFaults();
  ScopedWeightFaults(const ScopedWeightFaults&) = delete;
  ScopedWeightFaults& operator=(const ScopedWeightFaults&) = delete;

  const std::vector<AppliedWeightFault>& applied() const { return applied_; }

 private:
  Model& model_;
  std::vector<AppliedWeightFault> applied_;
};

}  // namespace faultlens
