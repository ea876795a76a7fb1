#pragma once
// Internal to core/: turns a TorchScript module's forward method into an inlined graph in
// which every conv2d / linear output goes through faultlens::tap (see Tap.h). Heavy torch
// headers live here, so only Model.cpp includes this file.
#include <torch/script.h>

#include <memory>
#include <string>
#include <vector>

#include "core/model/LayerInfo.h"

namespace faultlens {

struct DiscoveredLayer {
  std::string name;
  LayerKind kind = LayerKind::Conv2d;
  /// Attribute path of the weight from the root module ("layer1", "0", "conv1", "weight");
  /// empty when the weight is computed rather than read from a module attribute.
  std::vector<std::string> weightPath;
  /// The same for the bias; empty when there is none or it is computed.
  std::vector<std::string> biasPath;
};

struct DiscoveredModuleOutput {
  std::string name;                  ///< innermost module path
  std::vector<std::string> aliases;  ///< enclosing modules that return the same value
};

struct TappedGraph {
  std::shared_ptr<torch::jit::Graph> graph;           ///< inputs: (self, x)
  std::vector<DiscoveredLayer> layers;                ///< index = the tap's layer id, graph order
  std::vector<DiscoveredModuleOutput> moduleOutputs;  ///< index = tap id − kModuleTapBase
  /// Rank of each layer's and each module output's first tap among all taps of the graph.
  std::vector<int> layerOrder, moduleOrder;
};

/// Inlines `forward`, finds conv2d / linear nodes (including those inside prim::If and
/// prim::Loop blocks) and inserts a tap after each. Also taps the output of every
/// submodule that contains a conv2d / linear layer but is not one (a residual block, a
/// stage): the single tensor computed inside the module that is used outside it, found
/// from the inlined call stacks; a module with several such values (or none) gets no tap. Throws faultlens::Error
/// (naming `source`) when the module has no usable forward(self, x).
TappedGraph instrumentForward(const torch::jit::Module& module, const std::string& source);

}  // namespace faultlens
