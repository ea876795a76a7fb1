#include "core/analysis/Evaluation.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/Error.h"
#include "core/analysis/Metrics.h"
#include "core/model/Model.h"
#include "core/data/Preprocess.h"

namespace faultlens {

void requireLabelsFitModel(const Model& model, const Dataset& data, std::size_t begin, std::size_t end) {
  const int classes = model.numClasses();
  const auto named = static_cast<int>(data.classNames().size());
  if (named > 0 && named != classes)
    throw Error(data.source() + " has " + std::to_string(named) + " classes but " + model.path() + " outputs " +
                std::to_string(classes) + ": its labels would name other classes than the model's");
  end = std::min(end, data.size());
  for (std::size_t i = begin; i < end; ++i)
    if (const int label = data.label(i); label >= classes || label < -1)
      throw Error(data.source() + ": image " + std::to_string(i) + " has label " + std::to_string(label) +
                  ", outside the " + std::to_string(classes) + " classes of " + model.path());
}

EvaluationResult evaluate(Model& model, const Dataset& data, std::size_t begin, std::size_t end, std::size_t batchSize,
                          const std::function<void(std::size_t, std::size_t)>& onBatch, TapHandler* handler) {
  end = std::min(end, data.size());
  if (begin >= end) throw Error(data.source() + ": no images in the range to evaluate");
  if (data.classNames().empty())
    throw Error(data.source() + " has no labels (a flat folder of images?): accuracy needs labelled images, "
                                "e.g. ROOT/CLASS/IMAGE");
  if (static_cast<int>(data.classNames().size()) != model.numClasses())
    throw Error(data.source() + " has " + std::to_string(data.classNames().size()) + " classes but " + model.path() +
                " outputs " + std::to_string(model.numClasses()));
  requireLabelsFitModel(model, data, begin, end);
  EvaluationResult r;
  const int classes = model.numClasses();
  r.confusion.assign(classes, std::vector<std::size_t>(classes, 0));
  double top2Sum = 0.0;
  BatchStream stream(data, model.input(), batchSize, begin, end);
  Batch batch;
  while (stream.next(batch)) {
    const auto rows = logitRows(model.forward(batch.images, handler));
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const int label = batch.labels[i];
      if (label < 0) throw Error(data.source() + ": image " + std::to_string(batch.indices[i]) + " has no label");
      const int predicted = argmax(rows[i]);
      const bool finite = allFinite(rows[i]);
      ++r.images;
      r.predictions.push_back(predicted);
      if (finite) {
        const double d = top2Diff(rows[i]);
        r.top2Diffs.push_back(d);
        top2Sum += d;
      } else {
        r.top2Diffs.push_back(std::numeric_limits<double>::quiet_NaN());
        ++r.nonFinite;
      }
      const bool correct = finite && predicted == label;  // a NaN output is never a correct answer
      r.correctPerImage.push_back(correct);
      if (correct) ++r.correct;
      ++r.confusion[label][predicted];
    }
    if (onBatch) onBatch(stream.position() - begin, end - begin);
  }
  const std::size_t finiteImages = r.images - r.nonFinite;
  r.meanTop2Diff = finiteImages ? top2Sum / static_cast<double>(finiteImages) : 0.0;
  return r;
}

}  // namespace faultlens
