#include "core/model/GraphSplit.h"

#include <torch/csrc/jit/ir/alias_analysis.h>
#include <torch/csrc/jit/ir/constants.h>
#include <torch/csrc/jit/ir/ir.h>
#include <torch/csrc/jit/passes/dead_code_elimination.h>

#include <functional>
#include <optional>
#include <tuple>
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

/// Reads the value of a graph value that is fixed for the model: a constant, or an attribute
/// of the module (`self.stride`, read from `selfObject`) in a graph that never assigns
/// attributes. Nothing for anything computed.
struct FixedValues {
  Value* self = nullptr;
  c10::IValue selfObject;  ///< none: attributes are not read
  bool assignsAttributes = false;

  std::optional<c10::IValue> of(Value* v) const {
    if (auto constant = torch::jit::toIValue(v)) return constant;
    const Node* n = v->node();
    if (n->kind() == c10::prim::GetAttr && !assignsAttributes && !selfObject.isNone()) {
      c10::IValue owner;
      if (n->input(0) == self) owner = selfObject;
      else if (auto outer = of(n->input(0))) owner = *outer;
      if (!owner.isObject()) return std::nullopt;
      const auto& object = owner.toObjectRef();
      const std::string name = n->s(c10::attr::name);
      if (!object.type()->hasAttribute(name)) return std::nullopt;
      return object.getAttr(name);
    }
    return std::nullopt;
  }

  std::optional<std::int64_t> integer(Value* v) const {
    const auto value = of(v);
    if (!value || !value->isInt()) return std::nullopt;
    return value->toInt();
  }

  /// An int[2] argument ([2, 1] written in the source, a constant or a module attribute;
  /// one value stands for both).
  std::optional<std::pair<std::int64_t, std::int64_t>> pair(Value* v) const {
    std::vector<std::int64_t> list;
    if (v->node()->kind() == c10::prim::ListConstruct || v->node()->kind() == c10::prim::TupleConstruct) {
      for (Value* item : v->node()->inputs()) {
        const auto i = integer(item);
        if (!i) return std::nullopt;
        list.push_back(*i);
      }
    } else if (const auto value = of(v)) {
      if (value->isIntList()) {
        list = value->toIntVector();
      } else if (value->isTuple()) {
        for (const auto& item : value->toTupleRef().elements()) {
          if (!item.isInt()) return std::nullopt;
          list.push_back(item.toInt());
        }
      } else if (value->isInt()) {
        list.push_back(value->toInt());
      }
    }
    if (list.size() == 1) return std::make_pair(list[0], list[0]);
    if (list.size() == 2) return std::make_pair(list[0], list[1]);
    return std::nullopt;
  }
};

bool assignsAttributes(Block* block) {
  for (Node* n : block->nodes()) {
    if (n->kind() == c10::prim::SetAttr) return true;
    for (Block* sub : n->blocks())
      if (assignsAttributes(sub)) return true;
  }
  return false;
}

/// Geometry of a conv2d / _convolution / linear node, or nothing when an argument is not
/// fixed for the model or the convolution is not an ordinary 2-D one.
std::optional<LayerGeometry> readGeometry(const Node* n, const FixedValues& fixed) {
  LayerGeometry g;
  const bool conv2d = n->kind() == c10::Symbol::fromQualString("aten::conv2d");
  const bool convolution = n->kind() == c10::Symbol::fromQualString("aten::_convolution");
  if (n->kind() == c10::Symbol::fromQualString("aten::linear")) {
    g.kind = LayerKind::Linear;
    return g;
  }
  if (!conv2d && !convolution) return std::nullopt;
  // conv2d(input, weight, bias, stride, padding, dilation, groups);
  // _convolution(input, weight, bias, stride, padding, dilation, transposed, output_padding, groups, ...).
  if (convolution) {
    const auto transposed = fixed.of(n->input(6));
    if (!transposed || !transposed->isBool() || transposed->toBool()) return std::nullopt;
  }
  const auto stride = fixed.pair(n->input(3));
  const auto padding = fixed.pair(n->input(4));
  const auto dilation = fixed.pair(n->input(5));
  const auto groups = fixed.integer(n->input(conv2d ? 6 : 8));
  if (!stride || !padding || !dilation || !groups || *groups < 1) return std::nullopt;
  std::tie(g.strideH, g.strideW) = *stride;
  std::tie(g.paddingH, g.paddingW) = *padding;
  std::tie(g.dilationH, g.dilationW) = *dilation;
  g.groups = *groups;
  return g;
}

/// Calls `visit` for every value read by the nodes of `block` and their nested blocks.
void forEachInput(Block* block, const std::function<void(Value*)>& visit) {
  for (Node* n : block->nodes()) {
    for (Value* v : n->inputs()) visit(v);
    for (Block* sub : n->blocks()) forEachInput(sub, visit);
  }
}

}  // namespace

std::unique_ptr<GraphSplit> splitAtLayer(Graph& graph, int layer, std::string& whyNot, const c10::IValue& module) {
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
  Node* layerNode = cutInput->node();
  if (layerNode->owningBlock() == graph.block() && layerNode->inputs().size() >= 2) {
    const FixedValues fixed{self, module, assignsAttributes(graph.block())};
    if (auto geometry = readGeometry(layerNode, fixed)) {
      split->layerInputInGraph = layerNode->input(0);
      split->geometry = geometry;
    }
  }
  return split;
}

CaptureGraph buildCaptureGraph(const std::shared_ptr<Graph>& graphPointer, const std::vector<const GraphSplit*>& splits,
                               bool withLayerInputs) {
  Graph& graph = *graphPointer;
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
  // Layer inputs: copied at the cut when a node from the cut on may write into them (the
  // value must be what the layer read), otherwise returned as they are.
  std::vector<Value*> layerInputs(splits.size(), nullptr);
  std::unordered_map<const Node*, std::vector<std::size_t>> inputCopiesAt;  // cut node → splits
  if (withLayerInputs) {
    std::unique_ptr<torch::jit::AliasDb> aliases;
    for (std::size_t s = 0; s < splits.size(); ++s) {
      Value* in = splits[s]->layerInputInGraph;
      if (!in) continue;
      if (!aliases) aliases = std::make_unique<torch::jit::AliasDb>(graphPointer);
      bool written = false;
      std::function<void(Block*, Node*)> scan = [&](Block* block, Node* from) {
        for (Node* n = from; !written && n != block->return_node(); n = n->next()) {
          written = aliases->writesToAlias(n, {in});
          for (Block* sub : n->blocks()) scan(sub, sub->nodes().front());
        }
      };
      scan(graph.block(), splits[s]->cutNode);
      if (written) inputCopiesAt[splits[s]->cutNode].push_back(s);
      else layerInputs[s] = in;  // resolved through env once its node is copied
    }
  }
  for (Node* n = graph.block()->nodes().front(); n != graph.return_node(); n = n->next()) {
    auto inputCopies = inputCopiesAt.find(n);
    if (inputCopies != inputCopiesAt.end()) {
      for (std::size_t s : inputCopies->second) {
        Value* v = env.at(splits[s]->layerInputInGraph);
        Node* clone = capture->create(c10::aten::clone, {v, capture->insertConstant(c10::IValue())});
        clone->output()->setType(v->type());
        capture->appendNode(clone);
        captured[s].push_back(clone->output());  // one past the live values: the layer input
      }
    }
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
    std::optional<std::size_t> inputPosition;
    if (layerInputs[s] || captured[s].size() > splits[s]->liveInGraph.size()) {
      Value* v = layerInputs[s] ? env.at(layerInputs[s]) : captured[s].back();
      auto [it, added] = position.emplace(v, outputs.size());
      if (added) outputs.push_back(v);
      inputPosition = it->second;
    }
    out.layerInputPositions.push_back(inputPosition);
  }
  Node* tuple = capture->appendNode(capture->createTuple(outputs));
  capture->registerOutput(tuple->output());
  capture->lint();
  out.function = std::make_unique<torch::jit::GraphFunction>("faultlens_capture", capture, nullptr);
  return out;
}

}  // namespace faultlens
