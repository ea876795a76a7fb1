#include "core/analysis/ActivationRanges.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/Error.h"
#include "core/io/FileIO.h"
#include "core/model/Model.h"
#include "core/data/Preprocess.h"

namespace faultlens {

std::vector<LayerRange> profileActivationRanges(Model& model, const Dataset& data, std::size_t begin, std::size_t end,
                                                std::size_t batchSize,
                                                const std::function<void(std::size_t, std::size_t)>& onBatch) {
  end = std::min(end, data.size());
  if (begin >= end) throw Error(data.source() + ": no images in the range to profile");
  StatisticsCollector collector;
  BatchStream stream(data, model.input(), batchSize, begin, end);
  Batch batch;
  while (stream.next(batch)) {
    model.forward(batch.images, &collector);
    if (onBatch) onBatch(stream.position() - begin, end - begin);
  }
  return layerRanges(model, collector);
}

std::vector<LayerRange> layerRanges(const Model& model, const StatisticsCollector& collector) {
  std::vector<LayerRange> out;
  for (const auto& layer : model.layers()) {
    LayerRange r;
    r.layer = layer.name;
    auto it = collector.stats().find(layer.index);
    if (it != collector.stats().end()) r.stats = it->second;
    out.push_back(r);
  }
  return out;
}

std::vector<double> rangeBoundsFor(const Model& model, const std::vector<LayerRange>& ranges,
                                   const std::string& source) {
  std::vector<double> bounds(model.layers().size(), std::numeric_limits<double>::quiet_NaN());
  for (const auto& r : ranges) {
    const auto it = std::find_if(model.layers().begin(), model.layers().end(),
                                 [&](const LayerInfo& l) { return l.name == r.layer; });
    if (it == model.layers().end())
      throw fileError(source, "has a range for layer '" + r.layer + "', which " + model.path() +
                                  " does not have (ranges must be profiled on the same model)");
    bounds[static_cast<std::size_t>(it - model.layers().begin())] = r.stats.absMax;
  }
  if (ranges.empty()) throw fileError(source, "holds no layer ranges");
  return bounds;
}

std::vector<double> profileBoundsFor(const Model& model, const std::string& file, bool anyModel) {
  const std::string text = readFileBytes(file);
  const RangeProfileOrigin origin = rangeProfileOrigin(text, file);
  if (!anyModel && !origin.modelDigest.empty() && origin.modelDigest != model.contentDigest())
    throw fileError(file, "was profiled on another model (" + (origin.model.empty() ? "unnamed" : origin.model) + ", " +
                              origin.modelDigest + "), not " + model.path() +
                              ": its ranges describe that model's activations. Profile this one with "
                              "`faultlens-cli ranges`, or pass --ranges-of-another-model to use it deliberately");
  return rangeBoundsFor(model, parseActivationRangesJson(text, file), file);
}

std::vector<double> profiledAbsMax(Model& model, const Dataset& data, std::size_t images) {
  return rangeBoundsFor(model, profileActivationRanges(model, data, 0, std::min(images, data.size())), data.source());
}

std::vector<double> numberFormatScales(const Model& model) {
  if (!model.numberFormat().needsScale()) return {};
  std::vector<double> scales(model.layers().size(), std::numeric_limits<double>::quiet_NaN());
  for (const auto& l : model.layers())
    if (l.executed) scales[static_cast<std::size_t>(l.index)] = l.outputEncoding.scale;
  return scales;
}

at::Tensor RangeRestriction::onLayerOutput(int layer, const at::Tensor& output) {
  if (layer < 0 || layer >= static_cast<int>(bounds_.size()) || !std::isfinite(bounds_[layer])) return output;
  const double b = bounds_[layer];
  return at::nan_to_num(output, 0.0, b, -b).clamp(-b, b);
}

}  // namespace faultlens
