#include "core/io/JsonFormat.h"
#include "core/model/LayerAlignment.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/Error.h"

namespace faultlens {
namespace {

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// The wrapper prefix that explains the most names: "backbone." when the text-guided
/// model names `backbone.X` what the baseline calls `X` (or the other way round), "" when
/// the names are the same. One prefix for the whole model, so `conv1` never pairs with some
/// `layer1.0.conv1` by accident.
struct WrapperPrefix {
  std::string prefix;
  bool onGuided = true;  ///< the prefix is in front of the guided model's names
  bool apply(const std::string& baselineName, const std::string& guidedName) const {
    return onGuided ? guidedName == prefix + baselineName : baselineName == prefix + guidedName;
  }
};

WrapperPrefix findWrapperPrefix(const std::vector<LayerInfo>& a, const std::vector<LayerInfo>& b) {
  std::map<std::pair<std::string, bool>, int> votes;
  for (const auto& x : a)
    for (const auto& y : b) {
      if (x.name == y.name) ++votes[{"", true}];
      else if (endsWith(y.name, "." + x.name)) ++votes[{y.name.substr(0, y.name.size() - x.name.size()), true}];
      else if (endsWith(x.name, "." + y.name)) ++votes[{x.name.substr(0, x.name.size() - y.name.size()), false}];
    }
  WrapperPrefix best;
  int bestVotes = 0;
  for (const auto& [key, n] : votes)
    if (n > bestVotes) best = {key.first, key.second}, bestVotes = n;
  return best;
}

bool sameComputation(const LayerInfo& a, const LayerInfo& b) {
  return a.kind == b.kind && a.outputShape == b.outputShape && a.perImage == b.perImage;
}

/// Pairs layers in execution order: for each baseline layer, the first guided layer after
/// the previous pair that `matches` it.
template <class Matches>
std::vector<AlignedLayer> monotonePairs(const std::vector<LayerInfo>& a, const std::vector<LayerInfo>& b,
                                        AlignedLayer::Match kind, Matches matches) {
  std::vector<AlignedLayer> pairs;
  std::size_t cursor = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t j = cursor; j < b.size(); ++j)
      if (matches(a[i], b[j])) {
        pairs.push_back({static_cast<int>(i), static_cast<int>(j), kind});
        cursor = j + 1;
        break;
      }
  return pairs;
}

}  // namespace

const char* alignmentMatchName(AlignedLayer::Match m) {
  switch (m) {
    case AlignedLayer::Match::Name: return "name";
    case AlignedLayer::Match::Order: return "order";
    case AlignedLayer::Match::LastLayer: return "last layer";
    case AlignedLayer::Match::Mapping: return "mapping";
    case AlignedLayer::Match::None: return "none";
  }
  return "?";
}

int lastLayerIndex(const std::vector<LayerInfo>& layers) {
  for (auto it = layers.rbegin(); it != layers.rend(); ++it)
    if (it->executed && it->perImage) return it->index;
  return -1;
}

const LayerInfo& resolveLayer(const std::vector<LayerInfo>& layers, const std::string& nameOrRole) {
  if (nameOrRole == kLastLayerRole) {
    const int last = lastLayerIndex(layers);
    if (last < 0) throw Error("the model has no executed per-image conv2d/linear layer to be its last layer");
    return layers[static_cast<std::size_t>(last)];
  }
  for (const auto& l : layers)
    if (l.name == nameOrRole) return l;
  throw UnknownLayerError(nameOrRole);
}

LayerAlignment LayerAlignment::automatic(const std::vector<LayerInfo>& baseline, const std::vector<LayerInfo>& guided) {
  const WrapperPrefix wrapper = findWrapperPrefix(baseline, guided);
  auto pairs = monotonePairs(baseline, guided, AlignedLayer::Match::Name, [&](const LayerInfo& x, const LayerInfo& y) {
    return wrapper.apply(x.name, y.name) && sameComputation(x, y);
  });
  if (pairs.empty())  // renamed throughout: fall back to execution order and shapes
    pairs = monotonePairs(baseline, guided, AlignedLayer::Match::Order, [](const LayerInfo& x, const LayerInfo& y) {
      return sameComputation(x, y) && x.weightShape == y.weightShape;
    });
  // The last layers pair by role when neither has a partner yet: the baseline's classifier
  // and the text-guided head (whose input width differs) are what "last layer" compares.
  const int lastA = lastLayerIndex(baseline), lastB = lastLayerIndex(guided);
  bool aFree = lastA >= 0, bFree = lastB >= 0;
  for (const auto& p : pairs) {
    aFree = aFree && p.baseline != lastA;
    bFree = bFree && p.guided != lastB;
  }
  if (aFree && bFree) pairs.push_back({lastA, lastB, AlignedLayer::Match::LastLayer});
  return fromPairs(std::move(pairs), baseline.size(), guided.size());
}

LayerAlignment LayerAlignment::fromMapping(const std::vector<LayerInfo>& baseline, const std::vector<LayerInfo>& guided,
                                           const std::string& jsonText, const std::string& source) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(jsonText);
  } catch (const std::exception& e) {
    throw fileError(source, std::string("not valid JSON: ") + e.what());
  }
  if (!j.is_object() || !j.contains("pairs") || !j["pairs"].is_array())
    throw fileError(source, "expected an object with a \"pairs\" array of [baseline layer, text-guided layer]");
  for (const auto& item : j.items())
    if (item.key() != "pairs") throw fileError(source, "unknown key \"" + item.key() + "\" (only \"pairs\")");
  const auto indexOf = [&](const std::vector<LayerInfo>& layers, const nlohmann::json& name, const char* which) {
    if (!name.is_string()) throw fileError(source, std::string("a ") + which + " layer name must be a string");
    try {
      return resolveLayer(layers, name.get<std::string>()).index;
    } catch (const Error& e) {
      throw fileError(source, std::string(which) + " model: " + e.what());
    }
  };
  std::vector<AlignedLayer> pairs;
  std::set<int> usedA, usedB;
  for (const auto& p : j["pairs"]) {
    if (!p.is_array() || p.size() != 2) throw fileError(source, "every pair is [baseline layer, text-guided layer]");
    const int a = indexOf(baseline, p[0], "baseline"), b = indexOf(guided, p[1], "text-guided");
    if (!usedA.insert(a).second || !usedB.insert(b).second)
      throw fileError(source, "layer '" + (usedB.count(b) && !usedA.count(a) ? guided[b].name : baseline[a].name) +
                                  "' is named in more than one pair");
    // Paired layers take the same fault sites and are compared site by site: layers whose
    // outputs differ in shape have no common sites, and a factor over them would mean nothing.
    if (baseline[a].outputShape != guided[b].outputShape)
      throw fileError(source, "pairs '" + baseline[a].name + "' " + shapeToString(baseline[a].outputShape) + " with '" +
                                  guided[b].name + "' " + shapeToString(guided[b].outputShape) +
                                  ": layers of different output shapes share no fault sites");
    pairs.push_back({a, b, AlignedLayer::Match::Mapping});
  }
  return fromPairs(std::move(pairs), baseline.size(), guided.size());
}

LayerAlignment LayerAlignment::fromPairs(std::vector<AlignedLayer> pairs, std::size_t baselineLayers,
                                         std::size_t guidedLayers) {
  std::map<int, AlignedLayer> byBaseline;
  std::set<int> pairedGuided;
  for (const auto& p : pairs) {
    byBaseline[p.baseline] = p;
    pairedGuided.insert(p.guided);
  }
  LayerAlignment out;
  int nextGuided = 0;  // unpaired guided layers below this index are already emitted
  const auto emitGuidedBefore = [&](int end) {
    for (; nextGuided < end; ++nextGuided)
      if (!pairedGuided.count(nextGuided)) out.rows_.push_back({-1, nextGuided, AlignedLayer::Match::None});
  };
  for (int a = 0; a < static_cast<int>(baselineLayers); ++a) {
    auto it = byBaseline.find(a);
    if (it == byBaseline.end()) {
      out.rows_.push_back({a, -1, AlignedLayer::Match::None});
      continue;
    }
    emitGuidedBefore(it->second.guided);
    out.rows_.push_back(it->second);
  }
  emitGuidedBefore(static_cast<int>(guidedLayers));
  return out;
}

int LayerAlignment::guidedFor(int baselineLayer) const {
  for (const auto& r : rows_)
    if (r.baseline == baselineLayer && baselineLayer >= 0) return r.guided;
  return -1;
}

int LayerAlignment::baselineFor(int guidedLayer) const {
  for (const auto& r : rows_)
    if (r.guided == guidedLayer && guidedLayer >= 0) return r.baseline;
  return -1;
}

std::string LayerAlignment::mappingJson(const std::vector<LayerInfo>& baseline,
                                        const std::vector<LayerInfo>& guided) const {
  nlohmann::json pairs = nlohmann::json::array();
  for (const auto& r : rows_)
    if (r.baseline >= 0 && r.guided >= 0) pairs.push_back({baseline.at(r.baseline).name, guided.at(r.guided).name});
  return jsonText(nlohmann::json{{"pairs", pairs}}) + "\n";
}

FaultLayerPlacement placeFaultLayer(const LayerAlignment& alignment, const std::vector<LayerInfo>& baseline,
                                    const std::vector<LayerInfo>& guided, int aimedAt, const std::string& nameOrRole) {
  const std::vector<LayerInfo>* layers[2] = {&baseline, &guided};
  FaultLayerPlacement placement;
  const int other = 1 - aimedAt;
  if (nameOrRole == kLastLayerRole) {
    // The role names each model's own last layer, whatever the alignment says.
    placement.layer[0] = lastLayerIndex(baseline);
    placement.layer[1] = lastLayerIndex(guided);
    placement.match = AlignedLayer::Match::LastLayer;
    if (placement.layer[aimedAt] < 0) resolveLayer(*layers[aimedAt], nameOrRole);  // throws, naming the role
    return placement;
  }
  const int aimed = resolveLayer(*layers[aimedAt], nameOrRole).index;
  placement.layer[aimedAt] = aimed;
  placement.layer[other] = aimedAt == 0 ? alignment.guidedFor(aimed) : alignment.baselineFor(aimed);
  for (const AlignedLayer& row : alignment.rows())
    if ((aimedAt == 0 ? row.baseline : row.guided) == aimed) placement.match = row.match;
  for (const LayerInfo& l : *layers[other])
    if (l.name == nameOrRole && l.index != placement.layer[other]) placement.sameNameElsewhere = l.index;
  return placement;
}

}  // namespace faultlens
