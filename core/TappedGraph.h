#pragma once
// Internal to core/: turns a TorchScript module's forward method into an inlined graph in
// which every conv2d / linear output goes through faultlens::tap (see Tap.h). Heavy torch
// headers live here, so only Model.cpp includes this file.
#include <torch/script.h>

#include <memory>
#include <string>
#include <vector>

#include "core/LayerInfo.h"

namespace faultlens {

struct DiscoveredLayer {
  std::string name;
  LayerKind kind = LayerKind::Conv2d;
  /// Attribute path of the weight from the root module ("layer1", "0", "conv1", "weight");
  /// empty when the weight is computed rather than read from a module attribute.
  std::vector<std::string> weightPath;
};

struct TappedGraph {
  std::shared_ptr<torch::jit::Graph> graph;  ///< inputs: (self, x)
  std::vector<DiscoveredLayer> layers;       ///< index = the tap's layer id, graph order
};

/// Inlines `forward`, finds conv2d / linear nodes (including those inside prim::If and
/// prim::Loop blocks) and inserts a tap after each. Throws faultlens::Error (naming
/// `source`) when the module has no usable forward(self, x).
TappedGraph instrumentForward(const torch::jit::Module& module, const std::string& source);

}  // namespace faultlens
