#include "core/model/TappedGraph.h"

#include <torch/csrc/jit/ir/constants.h>
#include <torch/csrc/jit/ir/ir.h>
#include <torch/csrc/jit/passes/inliner.h>

#include <algorithm>
#include <functional>
#include <map>

#include "core/Error.h"
#include "core/model/Tap.h"

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
/// node was inlined from ("layer4", "2", "conv3"). Empty for the root module's own code.
std::vector<std::string> callstackModuleParts(const Node* n) {
  auto cs = n->callstack();
  if (!cs) return {};
  std::vector<std::string> parts;
  for (const auto& entry : (*cs)->vec()) {
    const auto& info = std::get<2>(entry);
    if (!info) continue;
    const std::string name = info->instance_name();
    if (name.empty() || name == "SELF") continue;  // "SELF": a method of the same module
    parts.push_back(name);
  }
  return parts;
}

std::string joinPath(const std::vector<std::string>& parts, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += (i ? "." : "") + parts[i];
  return out;
}

std::string callstackModulePath(const Node* n) {
  const auto parts = callstackModuleParts(n);
  return joinPath(parts, parts.size());
}

/// True when `inner` lies inside the module whose path is the first `depth` parts of `module`.
bool insideModule(const std::vector<std::string>& inner, const std::vector<std::string>& module, std::size_t depth) {
  return inner.size() >= depth && std::equal(module.begin(), module.begin() + depth, inner.begin());
}

/// Finds the module outputs worth a tap (see instrumentForward) in an inlined graph that
/// has no taps yet: per module, the values computed inside it at the top level and used
/// outside it (by a node of another module, the root's own code or the graph's return).
struct ModuleOutputScan {
  struct Module {
    std::vector<std::string> parts;
    std::vector<Value*> exits;
    bool containsLayer = false;
  };
  std::map<std::string, Module> modules;

  /// False for readers that only look at a tensor's shape (aten::size, aten::dim, input
  /// checks that raise): they are not where the module's result goes.
  static bool computesTensors(const Node* user) {
    const std::function<bool(const c10::TypePtr&)> carries = [&](const c10::TypePtr& t) {
      if (t->cast<c10::TensorType>()) return true;
      const auto contained = t->containedTypes();
      return std::any_of(contained.begin(), contained.end(), carries);
    };
    if (user->kind() == c10::prim::Return) return true;
    return std::any_of(user->outputs().begin(), user->outputs().end(),
                       [&](const Value* o) { return carries(o->type()); });
  }

  /// The node that stands for `user` when deciding which module reads a value: a nested
  /// block's return belongs to the node that owns the block.
  static const Node* reader(const Node* user) {
    while (user->kind() == c10::prim::Return && user->owningBlock()->owningNode())
      user = user->owningBlock()->owningNode();
    return user;
  }

  void markLayers(torch::jit::Block* block) {
    for (Node* n : block->nodes()) {
      if (isConvolution(n) || isLinear(n)) {
        const auto parts = callstackModuleParts(n);
        for (std::size_t d = 1; d <= parts.size(); ++d) modules[joinPath(parts, d)].containsLayer = true;
      }
      for (auto* sub : n->blocks()) markLayers(sub);
    }
  }

  void scan(torch::jit::Graph& graph) {
    markLayers(graph.block());
    for (Node* n : graph.block()->nodes()) {
      // Weights, submodules and constants are read across module boundaries but are not
      // what a module computes: only tensors computed from the input count.
      if (n->kind() == c10::prim::Constant || n->kind() == c10::prim::GetAttr) continue;
      const auto parts = callstackModuleParts(n);
      for (Value* v : n->outputs()) {
        if (!v->type()->cast<c10::TensorType>()) continue;
        for (std::size_t d = 1; d <= parts.size(); ++d) {
          const bool leaves = std::any_of(v->uses().begin(), v->uses().end(), [&](const torch::jit::Use& u) {
            const Node* r = reader(u.user);
            if (r->kind() == c10::prim::Return) return true;
            return computesTensors(u.user) && !insideModule(callstackModuleParts(r), parts, d);
          });
          if (!leaves) continue;
          Module& m = modules[joinPath(parts, d)];
          m.parts.assign(parts.begin(), parts.begin() + d);
          m.exits.push_back(v);
        }
      }
    }
  }

  /// One entry per tapped value: modules with exactly one tensor leaving them that contain
  /// a layer but are not one; modules sharing that value become aliases of the innermost.
  std::vector<std::pair<Value*, DiscoveredModuleOutput>> outputs() const {
    std::map<Value*, std::vector<const Module*>> byValue;
    std::vector<Value*> valueOrder;
    for (const auto& [name, m] : modules) {
      if (!m.containsLayer || m.exits.size() != 1) continue;
      Value* v = m.exits.front();
      if (isConvolution(v->node()) || isLinear(v->node())) continue;
      if (!byValue.count(v)) valueOrder.push_back(v);
      byValue[v].push_back(&m);
    }
    std::vector<std::pair<Value*, DiscoveredModuleOutput>> out;
    for (Value* v : valueOrder) {
      auto owners = byValue[v];
      std::sort(owners.begin(), owners.end(),
                [](const Module* a, const Module* b) { return a->parts.size() > b->parts.size(); });
      DiscoveredModuleOutput d;
      d.name = joinPath(owners.front()->parts, owners.front()->parts.size());
      for (std::size_t i = 1; i < owners.size(); ++i)
        d.aliases.push_back(joinPath(owners[i]->parts, owners[i]->parts.size()));
      out.emplace_back(v, std::move(d));
    }
    return out;
  }
};

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
    if (n->inputs().size() > 2) layer.biasPath = attributePath(n->input(2), self);
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

  void insertTap(Node* n, int id) { insertTap(n->output(0), id); }

  void insertTap(Value* out, int tapId) {
    torch::jit::WithInsertPoint guard(out->node()->next());
    Value* id = graph.insertConstant(static_cast<int64_t>(tapId));
    Node* tap = graph.create(c10::Symbol::fromQualString("faultlens::tap"), {out, id}, 1);
    tap->output(0)->setType(out->type());
    graph.insertNode(tap);
    out->replaceAllUsesAfterNodeWith(tap, tap->output(0));
  }
};

/// Execution rank of every layer's and module output's first tap (graph order, nested
/// blocks included), so the two lists can be merged in the order the network runs them.
void rankTaps(TappedGraph& tapped) {
  tapped.layerOrder.assign(tapped.layers.size(), -1);
  tapped.moduleOrder.assign(tapped.moduleOutputs.size(), -1);
  int rank = 0;
  const c10::Symbol tap = c10::Symbol::fromQualString("faultlens::tap");
  std::function<void(torch::jit::Block*)> walk = [&](torch::jit::Block* block) {
    for (Node* n : block->nodes()) {
      if (n->kind() == tap) {
        const auto id = *torch::jit::constant_as<int64_t>(n->input(1));
        int& slot = id >= kModuleTapBase ? tapped.moduleOrder[id - kModuleTapBase] : tapped.layerOrder[id];
        if (slot < 0) slot = rank++;
      }
      for (auto* sub : n->blocks()) walk(sub);
    }
  };
  walk(tapped.graph->block());
}

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
  ModuleOutputScan scan;
  scan.scan(*graph);
  auto moduleOutputs = scan.outputs();
  ins.collect(graph->block());
  for (Node* n : ins.targets) ins.insertTap(n, ins.layerFor(n));
  TappedGraph tapped{graph, std::move(ins.layers), {}, {}, {}};
  for (std::size_t i = 0; i < moduleOutputs.size(); ++i) {
    ins.insertTap(moduleOutputs[i].first, kModuleTapBase + static_cast<int>(i));
    tapped.moduleOutputs.push_back(std::move(moduleOutputs[i].second));
  }
  graph->lint();
  rankTaps(tapped);
  return tapped;
}

}  // namespace faultlens
