#include "core/model/LayerInfo.h"

#include "core/faults/Fault.h"

namespace faultlens {

const char* layerKindName(LayerKind kind) { return kind == LayerKind::Conv2d ? "conv2d" : "linear"; }

std::int64_t LayerInfo::outputElements() const { return outputShape.empty() ? 0 : elementCount(outputShape); }
std::int64_t LayerInfo::weightElements() const { return weightShape.empty() ? 0 : elementCount(weightShape); }

std::string shapeToString(const std::vector<std::int64_t>& shape) {
  std::string out = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + "]";
}

}  // namespace faultlens
