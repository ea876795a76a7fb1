#pragma once
// Clean accuracy, Top2Diff and confusion matrix of a model over (part of) a data set.
#include <cstddef>
#include <functional>
#include <vector>

namespace faultlens {

class Model;
class Dataset;
class TapHandler;

struct EvaluationResult {
  std::size_t images = 0;
  std::size_t correct = 0;
  std::size_t nonFinite = 0;                        ///< images whose logits held NaN / Inf
  double meanTop2Diff = 0.0;                        ///< percentage points, over finite images
  std::vector<double> top2Diffs;                    ///< per image (NaN where not finite), data-set order
  std::vector<int> predictions;                     ///< top-1 per image
  std::vector<bool> correctPerImage;                ///< finite and top-1 == label, data-set order
  std::vector<std::vector<std::size_t>> confusion;  ///< [truth][predicted]
  double accuracy() const { return images ? static_cast<double>(correct) / static_cast<double>(images) : 0.0; }
};

/// The one check every verb that reads labels makes before any output: a labelled data set
/// has the model's number of classes, and every label of images [begin, end) is one of
/// them. Throws faultlens::Error naming the data set, the model and the first bad image.
/// Unlabelled data sets (no class names, labels -1) pass: callers that need labels say so.
void requireLabelsFitModel(const Model& model, const Dataset& data, std::size_t begin, std::size_t end);

/// Evaluates images [begin, end) in batches. Labels are required; the data set's classes
/// must number the model's. `onBatch(done, total)` reports progress. `handler`, when given,
/// sees every layer output of the same passes (e.g. a StatisticsCollector, so activation
/// ranges need no second pass over the data).
EvaluationResult evaluate(Model& model, const Dataset& data, std::size_t begin, std::size_t end,
                          std::size_t batchSize = 256,
                          const std::function<void(std::size_t, std::size_t)>& onBatch = {},
                          TapHandler* handler = nullptr);

}  // namespace faultlens
