#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/cli/Commands.h"
#include "core/Error.h"
#include "core/Evaluation.h"
#include "core/FileIO.h"
#include "core/JsonFormat.h"
#include "core/Model.h"
#include "core/analysis/ActivationRanges.h"
#include "core/analysis/LayerRanges.h"
#include "core/data/Dataset.h"

namespace faultlens::cli {

namespace {

struct EvalOptions {
  std::string model, data = "fashion-mnist";
  NumberFormatOptions format;
  ImageSliceOptions slice;
  ModelOptions modelOptions;
  bool json = false;
};

}  // namespace

int runEval(const std::vector<std::string>& args) {
  EvalOptions o;
  ArgParser p("eval", "Clean accuracy, mean Top2Diff (p(top1) - p(top2), percentage points) and the\n"
                      "confusion matrix of a classifier on a labelled data set.");
  p.option("--model", o.model, "MODEL", "TorchScript classifier")->required();
  p.option("--data", o.data, "SPEC", "data set; fashion-mnist means its 10k test images")->capture_default_str();
  addNumberFormatOptions(p, o.format);
  addImageSliceOptions(p, o.slice);
  addModelOptions(p, o.modelOptions);
  p.flag("--json", o.json, "print machine-readable JSON");
  if (!p.parse(args)) return 0;
  const int offset = o.slice.offset, limit = p.has("--limit") ? o.slice.limit : -1, batch = o.slice.batchSize;

  const NumberFormat format = numberFormatOption(p, o.format);
  auto model = loadModelForCommand(o.model, modelLoadOptions(p, o.modelOptions));
  useNumberFormatForCommand(*model, format, o.format.ranges, o.format.rangesOfAnotherModel);
  auto data = openDataSetForCommand(o.data);
  const std::size_t end = limit < 0 ? data->size() : static_cast<std::size_t>(offset) + limit;
  const auto r = evaluate(*model, *data, offset, end, batch);

  if (o.json) {
    nlohmann::json j{{"model", model->path()},    {"data", data->source()},
                     {"format", format.name()},   {"offset", offset},
                     {"images", r.images},        {"correct", r.correct},
                     {"accuracy", r.accuracy()},  {"mean_top2diff", r.meanTop2Diff},
                     {"non_finite", r.nonFinite}, {"classes", data->classNames()},
                     {"confusion", r.confusion}};
    std::cout << jsonText(j) << "\n";
    return 0;
  }
  std::printf(
      "model: %s\ndata: %s (images %d..%zu)\nformat: %s\naccuracy: %.2f%% (%zu of %zu)\nmean Top2Diff: %.2f pp\n",
      model->path().c_str(), data->source().c_str(), offset, offset + r.images - 1, format.name().c_str(),
      100.0 * r.accuracy(), r.correct, r.images, r.meanTop2Diff);
  if (r.nonFinite) std::printf("non-finite outputs: %zu\n", r.nonFinite);
  std::printf("confusion matrix (rows: truth, columns: predicted):\n%-14s", "");
  for (std::size_t c = 0; c < r.confusion.size(); ++c) std::printf("%6zu", c);
  std::printf("\n");
  for (std::size_t t = 0; t < r.confusion.size(); ++t) {
    std::printf("%2zu %-11.11s", t, data->classNames()[t].c_str());
    for (std::size_t c = 0; c < r.confusion.size(); ++c) std::printf("%6zu", r.confusion[t][c]);
    std::printf("\n");
  }
  return 0;
}

}  // namespace faultlens::cli
