#pragma once
// What the engine knows about one conv2d / linear computation of a model. Torch-free.
#include <cstdint>
#include <string>
#include <vector>

#include "core/formats/NumberFormat.h"

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
  /// Rank among all taps in execution order (layers and module outputs together).
  int order = 0;
  /// How the layer's output values and weights are held: float32, unless the model computes
  /// in another number format (Model::useNumberFormat). Faults flip bits of these encodings.
  ValueEncoding outputEncoding;
  ValueEncoding weightEncoding;

  std::int64_t outputElements() const;  ///< per image when perImage
  std::int64_t weightElements() const;
};

/// The output of a submodule that is not itself a conv2d / linear layer, typically a
/// residual block ("layer4.1", after its add and ReLU): a CAM target, never a fault site.
/// Found by following where values computed inside the module leave it (core/TappedGraph).
struct ModuleOutputInfo {
  int index = 0;                          ///< position in Model::moduleOutputs()
  std::string name;                       ///< innermost module path with this output
  std::vector<std::string> aliases;       ///< enclosing modules returning the same tensor ("layer4")
  std::vector<std::int64_t> outputShape;  ///< per image when perImage
  bool perImage = true;
  bool executed = true;
  /// Rank among all taps in execution order (layers and module outputs together).
  int order = 0;
};

/// Where a tap sits: the output of conv2d / linear layer `index`, or of module output
/// `index`. Converts from a plain layer index, so layer-only callers read as before.
struct TapPoint {
  TapPoint(int layer = 0) : index(layer) {}  // NOLINT(google-explicit-constructor): a layer index is a tap point
  static TapPoint moduleOutput(int module) {
    TapPoint p(module);
    p.isModule = true;
    return p;
  }
  int index = 0;
  bool isModule = false;
  bool operator==(const TapPoint& o) const { return index == o.index && isModule == o.isModule; }
};

/// How a conv2d layer maps its input to its output (torch.conv2d's arguments), read from
/// the model's graph; what a weight fault's effect on the output is computed from. A linear
/// layer has none of these (stride, padding and dilation 1, padding 0, groups 1).
struct LayerGeometry {
  LayerKind kind = LayerKind::Conv2d;
  std::int64_t strideH = 1, strideW = 1;
  std::int64_t paddingH = 0, paddingW = 0;
  std::int64_t dilationH = 1, dilationW = 1;
  std::int64_t groups = 1;
};

std::string shapeToString(const std::vector<std::int64_t>& shape);

}  // namespace faultlens
