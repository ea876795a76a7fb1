#pragma once
// What the engine knows about one conv2d / linear computation of a model. Torch-free.
#include <cstdint>
#include <string>
#include <vector>

namespace faultlens {

enum class LayerKind { Conv2d, Linear };
const char* layerKindName(LayerKind kind);

struct LayerInfo {
  int index = 0;     ///< position in execution order
  std::string name;  ///< module path, e.g. "layer4.2.conv3" or "fc"
  LayerKind kind = LayerKind::Conv2d;
  std::string weightPath;  ///< attribute path of the weight; empty if computed
  std::vector<std::int64_t> weightShape;
  /// Output shape of one image (batch dimension removed) when `perImage`; otherwise the
  /// full output shape (e.g. Swin's position-bias MLP, which does not see the batch).
  std::vector<std::int64_t> outputShape;
  bool perImage = true;
  /// False when the probe inference never reached the layer (the other branch of an if).
  bool executed = true;

  std::int64_t outputElements() const;  ///< per image when perImage
  std::int64_t weightElements() const;
};

std::string shapeToString(const std::vector<std::int64_t>& shape);

}  // namespace faultlens
