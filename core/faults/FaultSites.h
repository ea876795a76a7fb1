#pragma once
// Resolves user-written fault specs (Fault.h) against a model's layer list. Torch-free.
#include <vector>

#include "core/faults/Fault.h"
#include "core/model/LayerInfo.h"

namespace faultlens {

/// Finds the layer by name; throws faultlens::Error listing nothing more than the name.
const LayerInfo& findLayer(const std::vector<LayerInfo>& layers, const std::string& name);

/// `LAYER@C,H,W:BIT` → activation fault on image `batchIndex`. Coordinates are checked
/// against the layer's per-image output shape.
ActivationFault resolveActivationFault(const std::vector<LayerInfo>& layers, const FaultSpec& spec,
                                       std::int64_t batchIndex, ErrorModel model = ErrorModel::BitFlip);
/// `LAYER@K,C,KH,KW:BIT` / `LAYER@O,I:BIT` → weight fault; checked against the weight shape.
WeightFault resolveWeightFault(const std::vector<LayerInfo>& layers, const FaultSpec& spec,
                               ErrorModel model = ErrorModel::BitFlip);

/// Back to text (coordinates from the flat index).
FaultSpec describeActivationFault(const std::vector<LayerInfo>& layers, const ActivationFault& fault);
FaultSpec describeWeightFault(const std::vector<LayerInfo>& layers, const WeightFault& fault);

}  // namespace faultlens
