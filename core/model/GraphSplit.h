#pragma once
// Internal to core/: cuts a tapped forward graph at one layer's tap into a prefix (input →
// every value the rest of the network needs) and a suffix (those values → logits). This is
// what makes a fault cheap (docs/architecture.md, "The cost floor"): the prefix runs once for a fault-free
// state, the suffix runs once per batch of faults. Only Model.cpp includes this file.
#include <torch/csrc/jit/api/function_impl.h>
#include <torch/script.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/model/LayerInfo.h"

namespace faultlens {

struct GraphSplit {
  /// (self, x) → Tuple(live values). Runs every node before the cut layer's tap.
  std::unique_ptr<torch::jit::GraphFunction> prefix;
  /// (self, live values...) → logits. Starts with the cut layer's tap, so tap handlers see
  /// the cut layer and every later one.
  std::unique_ptr<torch::jit::GraphFunction> suffix;
  /// Position of the cut layer's raw output among the live values.
  std::size_t cutValue = 0;
  /// Per live value: true when it carries the batch in dimension 0 (image b owns the b-th
  /// contiguous block of rows), false when it is shared by all images (sizes, weights).
  std::vector<bool> batched;
  /// Per live value: true when a suffix node may write into it (alias analysis), so each
  /// resumed pass needs its own copy; read-only values may be shared views.
  std::vector<bool> written;
  /// Rows per image of each batched live value (1, or e.g. Swin's windows per image).
  std::vector<std::int64_t> rowsPerImage;
  /// The live values and the cut's tap node in the graph that was split (valid while that
  /// graph lives): what a capture graph (buildCaptureGraph) returns for this cut.
  std::vector<torch::jit::Value*> liveInGraph;
  torch::jit::Node* cutNode = nullptr;
  /// The cut layer's own input (the first argument of the conv2d / linear node whose
  /// output the cut's tap sees), or null for a module output. A weight fault's change to
  /// the layer output is computed from it (core/faults/WeightFaults.h).
  torch::jit::Value* layerInputInGraph = nullptr;
  /// How that node computes the output; empty when its arguments are not constants
  /// FaultLens reads (a transposed or non-2-D convolution, padding given as a string).
  std::optional<LayerGeometry> geometry;
};

/// One forward pass that returns the logits and the live values of several cuts, so the
/// states of every layer of a batch come from one run of the network.
struct CaptureGraph {
  /// (self, x) → Tuple(logits, captured values...).
  std::unique_ptr<torch::jit::GraphFunction> function;
  /// Per split (in the order given): the tuple position of each of its live values.
  std::vector<std::vector<std::size_t>> positions;
  /// Per split: the tuple position of its layer input, when asked for and known.
  std::vector<std::optional<std::size_t>> layerInputPositions;
};

/// Builds the capture graph of `splits` (made by splitAtLayer from `graph`). A live value
/// that a later node writes into is copied at its cut, so each state is the value as the
/// cut saw it; every other value is returned as it is, shared between the states. With
/// `withLayerInputs`, each split's layerInputInGraph is returned too (copied at the cut
/// when a node after it may write into it).
CaptureGraph buildCaptureGraph(const std::shared_ptr<torch::jit::Graph>& graph,
                               const std::vector<const GraphSplit*>& splits, bool withLayerInputs = false);

/// Splits `graph` (inputs self, x; taps inserted by instrumentForward) at the tap of
/// `layer`. Returns nullptr and sets `whyNot` when the layer cannot be a cut: its tap sits
/// inside a prim::If / prim::Loop block or fires more than once per forward. `module` (the
/// object `self` stands for) lets the layer's geometry come from module attributes
/// (`self.stride`) as well as from constants.
std::unique_ptr<GraphSplit> splitAtLayer(torch::jit::Graph& graph, int layer, std::string& whyNot,
                                         const c10::IValue& module = c10::IValue());

}  // namespace faultlens
