#include "core/faults/FaultSites.h"

#include "core/Error.h"
#include "core/model/LayerAlignment.h"

namespace faultlens {

const LayerInfo& findLayer(const std::vector<LayerInfo>& layers, const std::string& name) {
  return resolveLayer(layers, name);
}

ActivationFault resolveActivationFault(const std::vector<LayerInfo>& layers, const FaultSpec& spec,
                                       std::int64_t batchIndex, ErrorModel model) {
  const LayerInfo& l = findLayer(layers, spec.layerName);
  if (!l.executed) throw Error("fault " + formatFaultSpec(spec) + ": layer is not executed by the model's forward");
  ActivationFault f;
  f.layer = l.index;
  f.element = flatIndex(spec.coords, l.outputShape, "fault " + formatFaultSpec(spec) + ": " + l.name + " output");
  f.batchIndex = l.perImage ? batchIndex : 0;
  f.bit = spec.bit;
  f.mask = spec.mask;
  f.model = model;
  return f;
}

WeightFault resolveWeightFault(const std::vector<LayerInfo>& layers, const FaultSpec& spec, ErrorModel model) {
  const LayerInfo& l = findLayer(layers, spec.layerName);
  if (l.weightShape.empty()) throw Error("weight fault " + formatFaultSpec(spec) + ": layer has no weight parameter");
  WeightFault f;
  f.layer = l.index;
  f.element =
      flatIndex(spec.coords, l.weightShape, "weight fault " + formatFaultSpec(spec) + ": " + l.name + " weight");
  f.bit = spec.bit;
  f.mask = spec.mask;
  f.model = model;
  return f;
}

FaultSpec describeActivationFault(const std::vector<LayerInfo>& layers, const ActivationFault& fault) {
  const LayerInfo& l = layers.at(fault.layer);
  return FaultSpec{l.name, unflattenIndex(fault.element, l.outputShape), fault.bit, fault.mask};
}

FaultSpec describeWeightFault(const std::vector<LayerInfo>& layers, const WeightFault& fault) {
  const LayerInfo& l = layers.at(fault.layer);
  return FaultSpec{l.name, unflattenIndex(fault.element, l.weightShape), fault.bit, fault.mask};
}

}  // namespace faultlens
