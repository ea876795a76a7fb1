#pragma once
// Per-layer activation ranges over a data set (paper Fig. 3; docs/architecture.md, "Per-layer
// activation range"), streamed in batches with constant memory, and the Ranger-style
// range restriction that clips every layer output to its profiled range.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/formats/NumberFormat.h"
#include "core/model/Tap.h"
#include "core/model/TapHandlers.h"
#include "core/analysis/LayerRanges.h"

namespace faultlens {

class Model;
class Dataset;

/// abs-max and abs-mean of every layer output over images [begin, end), in layer order.
std::vector<LayerRange> profileActivationRanges(Model& model, const Dataset& data, std::size_t begin, std::size_t end,
                                                std::size_t batchSize = 256,
                                                const std::function<void(std::size_t, std::size_t)>& onBatch = {});

/// The ranges a collector gathered, one entry per layer of `model` in layer order (zero
/// counts for layers it never saw).
std::vector<LayerRange> layerRanges(const Model& model, const StatisticsCollector& collector);

/// The bound RangeRestriction uses for each layer of `model` (its abs-max in `ranges`, a
/// profile of the same architecture), NaN for layers the profile lacks. Throws naming
/// `source` when the profile names a layer the model does not have (a profile of another
/// model) or covers none of its layers.
std::vector<double> rangeBoundsFor(const Model& model, const std::vector<LayerRange>& ranges,
                                   const std::string& source);

/// rangeBoundsFor from a profile file made on `model`: a profile that records another
/// model's content digest is refused, naming the file and the model it was made on, unless
/// `anyModel` (a deliberate reuse, e.g. a fine-tuned copy). Profiles written before digests
/// are checked by layer names only.
std::vector<double> profileBoundsFor(const Model& model, const std::string& file, bool anyModel = false);

/// Images an int8 scale profile covers when the user gives no range profile (the workbench
/// and the GUI's campaigns): enough for a stable abs-max, seconds on the demo pair.
constexpr std::size_t kInt8ScaleImages = 512;
/// Every layer's abs-max over the first min(images, data.size()) images of `data`, in layer
/// order (NaN for layers never executed): the int8 scales of a model in float32.
std::vector<double> profiledAbsMax(Model& model, const Dataset& data, std::size_t images = kInt8ScaleImages);
/// The int8 output scales `model` computes with, one per layer (NaN for layers never
/// executed), as useNumberFormat takes them; empty unless it computes in int8.
std::vector<double> numberFormatScales(const Model& model);

/// Ranger-style restriction: clips layer i's output to [−bound_i, bound_i] and replaces
/// NaN by 0, so an exponent flip cannot push a value past what the layer ever produced
/// on clean data. Layers without a bound pass unchanged.
class RangeRestriction : public TapHandler {
 public:
  explicit RangeRestriction(std::vector<double> boundPerLayer) : bounds_(std::move(boundPerLayer)) {}
  at::Tensor onLayerOutput(int layer, const at::Tensor& output) override;

 private:
  std::vector<double> bounds_;
};

}  // namespace faultlens
