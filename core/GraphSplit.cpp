#include "core/GraphSplit.h"

#include <torch/csrc/jit/ir/alias_analysis.h>
#include <torch/csrc/jit/ir/constants.h>
#include <torch/csrc/jit/ir/ir.h>
#include <torch/csrc/jit/passes/dead_code_elimination.h>

#include <functional>
#include <unordered_map>
#include <unordered_set>

namespace faultlens {
namespace {
using torch::jit::Block;
using torch::jit::Graph;
using torch::jit::Node;
using torch::jit::Value;

const c10::Symbol kTap = c10::Symbol::fromQualString("faultlens::tap");

bool isTapOf(const Node* n, int layer) {
  if (n->kind() != kTap) return false;
  auto id = torch::jit::constant_as<int64_t>(n->input(1));
  return id && *id == layer;
}

void findTaps(Block* block, int layer, bool nested, std::vector<std::pair<Node*, bool>>& out) {
  for (Node* n : block->nodes()) {
    if (isTapOf(n, layer)) out.emplace_back(n, nested);
    for (Block* sub : n->blocks()) findTaps(sub, layer, true, out);
  }
}

/// Values that cost nothing to recompute in the suffix: constants and attribute reads from
/// the module (weights, submodules). Cloning them keeps the live set to real activations.
bool isRematerialisable(const Value* v, const Value* self) {
  if (v == self) return true;
  const Node* n = v->node();
  if (n->kind() == c10::prim::Constant) return true;
  return n->kind() == c10::prim::GetAttr && isRematerialisable(n->input(0), self);
}

/// Calls `visit` for every value read by the nodes of `block` and their nested blocks.
void forEachInput(Block* block, const std::function<void(Value*)>& visit) {
  for (Node* n : block->nodes()) {
    for (Value* v : n->inputs()) visit(v);
    for (Block* sub : n->blocks()) forEachInput(sub, visit);
  }
}

}  // namespace

std::unique_ptr<GraphSplit> splitAtLayer(Graph& graph, int layer, std::string& whyNot) {
  std::vector<std::pair<Node*, bool>> taps;
  findTaps(graph.block(), layer, false, taps);
  if (taps.empty()) {
    whyNot = "the layer has no tap in the forward graph";
    return nullptr;
  }
  if (taps.size() > 1) {
    whyNot = "the layer runs more than once per forward pass";
    return nullptr;
  }
  if (taps.front().second) {
    whyNot = "the layer sits inside a prim::If / prim::Loop block";
    return nullptr;
  }
  Node* cut = taps.front().first;
  Value* self = graph.inputs()[0];
  Value* x = graph.inputs()[1];

  // Live values: read from the cut onwards (nested blocks included) or returned, but
  // defined before the cut. The cut layer's raw output comes first.
  std::unordered_set<const Node*> suffixNodes;
  for (Node* n = cut; n != graph.return_node(); n = n->next()) suffixNodes.insert(n);
  Value* cutInput = cut->input(0);
  std::vector<Value*> live{cutInput};
  std::unordered_set<Value*> seen{cutInput};
  const auto consider = [&](Value* v) {
    const Node* def = v->node();
    const bool topLevel = def->owningBlock() == graph.block();
    const bool graphInput = def == graph.block()->param_node();
    const bool outside = graphInput || (topLevel && !suffixNodes.count(def));
    if (!outside || isRematerialisable(v, self) || !seen.insert(v).second) return;
    live.push_back(v);
  };
  for (Node* n = cut; n != graph.return_node(); n = n->next()) {
    for (Value* v : n->inputs()) consider(v);
    for (Block* sub : n->blocks()) forEachInput(sub, consider);
  }
  for (Value* v : graph.outputs()) consider(v);

  auto split = std::make_unique<GraphSplit>();

  // Prefix: every node before the cut, returning the live values as one tuple.
  {
    auto prefix = std::make_shared<Graph>();
    std::unordered_map<Value*, Value*> env;
    env[self] = prefix->addInput("self")->setType(self->type());
    env[x] = prefix->addInput("x")->setType(x->type());
    for (Node* n = graph.block()->nodes().front(); n != cut; n = n->next()) {
      Node* copy = prefix->createClone(n, [&](Value* v) { return env.at(v); });
      prefix->appendNode(copy);
      for (std::size_t i = 0; i < n->outputs().size(); ++i) env[n->output(i)] = copy->output(i);
    }
    std::vector<Value*> outs;
    for (Value* v : live) outs.push_back(env.at(v));
    Node* tuple = prefix->appendNode(prefix->createTuple(outs));
    prefix->registerOutput(tuple->output());
    torch::jit::EliminateDeadCode(prefix);
    prefix->lint();
    split->prefix = std::make_unique<torch::jit::GraphFunction>("faultlens_prefix", prefix, nullptr);
  }

  // Suffix: (self, live...) → outputs, constants and attribute reads cloned on demand.
  {
    auto suffix = std::make_shared<Graph>();
    std::unordered_map<Value*, Value*> env;
    env[self] = suffix->addInput("self")->setType(self->type());
    for (Value* v : live) env[v] = suffix->addInput()->setType(v->type());
    std::function<Value*(Value*)> lookup = [&](Value* v) -> Value* {
      auto it = env.find(v);
      if (it != env.end()) return it->second;
      Node* copy = suffix->createClone(v->node(), lookup);
      suffix->appendNode(copy);
      for (std::size_t i = 0; i < v->node()->outputs().size(); ++i) env[v->node()->output(i)] = copy->output(i);
      return env.at(v);
    };
    for (Node* n = cut; n != graph.return_node(); n = n->next()) {
      Node* copy = suffix->createClone(n, lookup);
      suffix->appendNode(copy);
      for (std::size_t i = 0; i < n->outputs().size(); ++i) env[n->output(i)] = copy->output(i);
    }
    for (Value* v : graph.outputs()) suffix->registerOutput(lookup(v));
    suffix->lint();
    torch::jit::AliasDb aliases(suffix);
    for (std::size_t i = 0; i < live.size(); ++i) split->written.push_back(aliases.hasWriters(suffix->inputs()[i + 1]));
    split->suffix = std::make_unique<torch::jit::GraphFunction>("faultlens_suffix", suffix, nullptr);
  }
  split->cutValue = 0;  // live[0] is the cut input; batched / rowsPerImage are Model's to probe
  split->liveInGraph = live;
  split->cutNode = cut;
  return split;
}

CaptureGraph buildCaptureGraph(Graph& graph, const std::vector<const GraphSplit*>& splits) {
  auto capture = std::make_shared<Graph>();
  std::unordered_map<Value*, Value*> env;
  Value* self = graph.inputs()[0];
  Value* x = graph.inputs()[1];
  env[self] = capture->addInput("self")->setType(self->type());
  env[x] = capture->addInput("x")->setType(x->type());
  // Values that must be copied before a cut, keyed by the cut's node in `graph`.
  std::unordered_map<const Node*, std::vector<std::pair<std::size_t, std::size_t>>> copiesAt;  // (split, live)
  for (std::size_t s = 0; s < splits.size(); ++s)
    for (std::size_t i = 0; i < splits[s]->liveInGraph.size(); ++i)
      if (splits[s]->written[i]) copiesAt[splits[s]->cutNode].emplace_back(s, i);
  std::vector<std::vector<Value*>> captured(splits.size());
  for (std::size_t s = 0; s < splits.size(); ++s) captured[s].resize(splits[s]->liveInGraph.size(), nullptr);
  for (Node* n = graph.block()->nodes().front(); n != graph.return_node(); n = n->next()) {
    auto copies = copiesAt.find(n);
    if (copies != copiesAt.end()) {
      for (auto [s, i] : copies->second) {
        Value* v = env.at(splits[s]->liveInGraph[i]);
        Node* clone = capture->create(c10::aten::clone, {v, capture->insertConstant(c10::IValue())});
        clone->output()->setType(v->type());
        capture->appendNode(clone);
        captured[s][i] = clone->output();
      }
    }
    Node* copy = capture->createClone(n, [&](Value* v) { return env.at(v); });
    capture->appendNode(copy);
    for (std::size_t i = 0; i < n->outputs().size(); ++i) env[n->output(i)] = copy->output(i);
  }
  CaptureGraph out;
  std::vector<Value*> outputs{env.at(graph.outputs()[0])};
  std::unordered_map<Value*, std::size_t> position;
  out.positions.resize(splits.size());
  for (std::size_t s = 0; s < splits.size(); ++s) {
    for (std::size_t i = 0; i < splits[s]->liveInGraph.size(); ++i) {
      Value* v = captured[s][i] ? captured[s][i] : env.at(splits[s]->liveInGraph[i]);
      auto [it, added] = position.emplace(v, outputs.size());
      if (added) outputs.push_back(v);
      out.positions[s].push_back(it->second);
    }
  }
  Node* tuple = capture->appendNode(capture->createTuple(outputs));
  capture->registerOutput(tuple->output());
  capture->lint();
  out.function = std::make_unique<torch::jit::GraphFunction>("faultlens_capture", capture, nullptr);
  return out;
}

}  // namespace faultlens
