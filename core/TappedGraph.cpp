#include "core/TappedGraph.h"

#include <torch/csrc/jit/ir/ir.h>
#include <torch/csrc/jit/passes/inliner.h>

#include <map>

#include "core/Error.h"

namespace faultlens {
namespace {
using torch::jit::Node;
using torch::jit::Value;

bool isConvolution(const Node* n) {
  return n->kind() == c10::Symbol::fromQualString("aten::conv2d") ||
         n->kind() == c10::Symbol::fromQualString("aten::_convolution");
}

bool isLinear(const Node* n) { return n->kind() == c10::Symbol::fromQualString("aten::linear"); }

/// Follows prim::GetAttr nodes from `v` back to the graph's `self` input.
std::vector<std::string> attributePath(Value* v, Value* self) {
  std::vector<std::string> path;
  while (v != self) {
    Node* n = v->node();
    if (n->kind() != c10::prim::GetAttr) return {};
    path.insert(path.begin(), n->s(c10::attr::name));
    v = n->input(0);
  }
  return path;
}

/// Module path from the inlined call stack: the instance names of the module methods the
/// node was inlined from ("layer4", "2", "conv3" → "layer4.2.conv3").
std::string callstackModulePath(const Node* n) {
  auto cs = n->callstack();
  if (!cs) return {};
  std::string path;
  for (const auto& entry : (*cs)->vec()) {
    const auto& info = std::get<2>(entry);
    if (!info) continue;
    const std::string name = info->instance_name();
    if (name.empty()) continue;
    path += (path.empty() ? "" : ".") + name;
  }
  return path;
}

std::string joinPath(const std::vector<std::string>& parts, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += (i ? "." : "") + parts[i];
  return out;
}

struct Instrumenter {
  torch::jit::Graph& graph;
  Value* self;
  std::vector<DiscoveredLayer> layers;
  std::map<std::string, int> indexByName;
  std::vector<Node*> targets;

  void collect(torch::jit::Block* block) {
    for (Node* n : block->nodes()) {
      if (isConvolution(n) || isLinear(n)) targets.push_back(n);
      for (auto* sub : n->blocks()) collect(sub);
    }
  }

  int layerFor(Node* n) {
    DiscoveredLayer layer;
    layer.kind = isLinear(n) ? LayerKind::Linear : LayerKind::Conv2d;
    layer.weightPath = attributePath(n->input(1), self);
    // Prefer the weight's owner ("fc" for fc.weight): it is the module the user knows, also
    // when a functional call such as F.linear(x, self.qkv.weight) sits in another module.
    if (layer.weightPath.size() >= 2) layer.name = joinPath(layer.weightPath, layer.weightPath.size() - 1);
    if (layer.name.empty()) layer.name = callstackModulePath(n);
    if (layer.name.empty()) layer.name = std::string(layerKindName(layer.kind));
    // The same module may appear in both branches of an if: one layer, several taps.
    // A genuinely different computation under an already used name gets a suffix.
    auto it = indexByName.find(layer.name);
    if (it != indexByName.end() && layers[it->second].weightPath == layer.weightPath && !layer.weightPath.empty())
      return it->second;
    if (it != indexByName.end()) {
      int k = 2;
      while (indexByName.count(layer.name + "#" + std::to_string(k))) ++k;
      layer.name += "#" + std::to_string(k);
    }
    const int index = static_cast<int>(layers.size());
    indexByName[layer.name] = index;
    layers.push_back(std::move(layer));
    return index;
  }

  void insertTap(Node* n, int layer) {
    Value* out = n->output(0);
    torch::jit::WithInsertPoint guard(n->next());
    Value* id = graph.insertConstant(static_cast<int64_t>(layer));
    Node* tap = graph.create(c10::Symbol::fromQualString("faultlens::tap"), {out, id}, 1);
    tap->output(0)->setType(out->type());
    graph.insertNode(tap);
    out->replaceAllUsesAfterNodeWith(tap, tap->output(0));
  }
};

}  // namespace

TappedGraph instrumentForward(const torch::jit::Module& module, const std::string& source) {
  auto method = module.find_method("forward");
  if (!method) throw fileError(source, "the TorchScript module has no forward method");
  auto graph = method->graph()->copy();
  if (graph->inputs().size() != 2)
    throw fileError(source, "forward takes " + std::to_string(graph->inputs().size() - 1) +
                                " inputs; FaultLens needs a classifier with forward(self, x)");
  torch::jit::Inline(*graph);
  Instrumenter ins{*graph, graph->inputs()[0], {}, {}, {}};
  ins.collect(graph->block());
  for (Node* n : ins.targets) ins.insertTap(n, ins.layerFor(n));
  graph->lint();
  return TappedGraph{graph, std::move(ins.layers)};
}

}  // namespace faultlens
