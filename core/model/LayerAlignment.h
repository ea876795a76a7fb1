#pragma once
// Which layers of two models correspond. A baseline and its text-guided twin need not have
// the same layer list: the paper's text-guided model has one layer more (the projection to
// the embedding width, then the cosine head), and a model wrapped in another module names
// every layer `backbone.X` where its baseline has `X`. Campaigns give corresponding layers
// identical fault sequences, and tables and plots put them on one row. Torch-free.
#include <string>
#include <vector>

#include "core/model/LayerInfo.h"

namespace faultlens {

/// The name that stands for each model's final conv/linear layer ("the last layer" of the
/// paper's tables). A module path never contains '-', so no real layer can shadow it.
inline constexpr const char* kLastLayerRole = "last-layer";

/// Index of the final executed per-image conv/linear layer; -1 when there is none.
int lastLayerIndex(const std::vector<LayerInfo>& layers);

/// The layer with this module path, or the model's last layer for kLastLayerRole. Throws
/// faultlens::Error naming the layer when there is none.
const LayerInfo& resolveLayer(const std::vector<LayerInfo>& layers, const std::string& nameOrRole);

/// One row of an alignment: a layer of each model, or -1 where a model has none.
struct AlignedLayer {
  enum class Match {
    Name,       ///< same module path up to a wrapper prefix, same kind and output shape
    Order,      ///< no names in common: the next layer of the same kind and shapes
    LastLayer,  ///< each model's last layer (the role kLastLayerRole)
    Mapping,    ///< named in a mapping file
    None        ///< only one model has this layer
  };
  int baseline = -1, guided = -1;
  Match match = Match::None;
};
const char* alignmentMatchName(AlignedLayer::Match m);

class LayerAlignment {
 public:
  /// By name first (equal paths, or one is the other behind a prefix such as
  /// `backbone.`), in execution order, where kind and output shape agree; by execution
  /// order and shapes when the models share no names; the two last layers always pair.
  static LayerAlignment automatic(const std::vector<LayerInfo>& baseline, const std::vector<LayerInfo>& guided);

  /// From a mapping file: {"pairs": [["BASELINE_LAYER", "GUIDED_LAYER"], ...]}. Layers it
  /// does not name have no partner. Errors name `source`: unknown keys or layers, a layer
  /// named twice.
  static LayerAlignment fromMapping(const std::vector<LayerInfo>& baseline, const std::vector<LayerInfo>& guided,
                                    const std::string& jsonText, const std::string& source);

  /// Every layer of both models once, in execution order (a layer only one model has sits
  /// where it runs).
  const std::vector<AlignedLayer>& rows() const { return rows_; }
  int guidedFor(int baselineLayer) const;  ///< -1: no partner
  int baselineFor(int guidedLayer) const;  ///< -1: no partner

  /// The same alignment as a mapping file's text (what fromMapping reads back).
  std::string mappingJson(const std::vector<LayerInfo>& baseline, const std::vector<LayerInfo>& guided) const;

 private:
  static LayerAlignment fromPairs(std::vector<AlignedLayer> pairs, std::size_t baselineLayers,
                                  std::size_t guidedLayers);
  std::vector<AlignedLayer> rows_;
};

/// Where a fault aimed at one layer of one model lands in both: that layer in the model it
/// is aimed at, its partner in the alignment in the other. Names alone would mislead: the
/// paper's text-guided model calls its 64-wide projection `fc`, the baseline its 10-class
/// classifier, and the baseline's `fc` corresponds to the text-guided `head`.
struct FaultLayerPlacement {
  int layer[2] = {-1, -1};                                ///< baseline, text-guided: the layer faulted; -1: no partner
  AlignedLayer::Match match = AlignedLayer::Match::None;  ///< how the partner was found
  /// The other model's own layer of the same name when it is not the partner (another
  /// shape or place): it is not faulted, and the window says so. -1: none.
  int sameNameElsewhere = -1;
};

/// `aimedAt`: 0 for the baseline, 1 for the text-guided model; `nameOrRole` a module path of
/// that model or kLastLayerRole (each model's last layer). Throws faultlens::Error naming
/// the layer when the model aimed at has none of that name.
FaultLayerPlacement placeFaultLayer(const LayerAlignment& alignment, const std::vector<LayerInfo>& baseline,
                                    const std::vector<LayerInfo>& guided, int aimedAt, const std::string& nameOrRole);

}  // namespace faultlens
