#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/cli/Commands.h"
#include "core/Error.h"
#include "core/analysis/Evaluation.h"
#include "core/io/FileIO.h"
#include "core/io/JsonFormat.h"
#include "core/model/Model.h"
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
  // The matrix is the model's answers: its class names (--classes overrides them) name the
  // rows and columns. Labels are matched to the model's classes by position, so where the
  // data set names its classes otherwise, both lists are shown.
  std::vector<std::string> classNames, dataNames = data->classNames();
  for (std::size_t c = 0; c < r.confusion.size(); ++c) classNames.push_back(model->className(static_cast<int>(c)));
  bool numberedData = true;  // a data set without names numbers its classes: nothing to show
  for (std::size_t c = 0; c < dataNames.size(); ++c) numberedData = numberedData && dataNames[c] == std::to_string(c);
  const bool namesDiffer = !numberedData && dataNames != classNames;

  if (o.json) {
    nlohmann::json j{{"model", model->path()},    {"data", data->source()},
                     {"format", format.name()},   {"offset", offset},
                     {"images", r.images},        {"correct", r.correct},
                     {"accuracy", r.accuracy()},  {"mean_top2diff", r.meanTop2Diff},
                     {"non_finite", r.nonFinite}, {"classes", classNames},
                     {"confusion", r.confusion}};
    if (namesDiffer) j["data_classes"] = dataNames;
    std::cout << jsonText(j) << "\n";
    return 0;
  }
  std::printf(
      "model: %s\ndata: %s (images %d..%zu)\nformat: %s\naccuracy: %.2f%% (%zu of %zu)\nmean Top2Diff: %.2f pp\n",
      model->path().c_str(), data->source().c_str(), offset, offset + r.images - 1, format.name().c_str(),
      100.0 * r.accuracy(), r.correct, r.images, r.meanTop2Diff);
  if (r.nonFinite) std::printf("non-finite outputs: %zu\n", r.nonFinite);
  if (namesDiffer) {
    std::printf("note: labels are matched to the model's classes by position; the data set names them");
    for (std::size_t c = 0; c < dataNames.size(); ++c) std::printf("%s %zu %s", c ? "," : "", c, dataNames[c].c_str());
    std::printf("\n");
  }
  std::printf("confusion matrix (rows: truth, columns: predicted):\n%-14s", "");
  for (std::size_t c = 0; c < r.confusion.size(); ++c) std::printf("%6zu", c);
  std::printf("\n");
  for (std::size_t t = 0; t < r.confusion.size(); ++t) {
    std::printf("%2zu %-11.11s", t, classNames[t].c_str());
    for (std::size_t c = 0; c < r.confusion.size(); ++c) std::printf("%6zu", r.confusion[t][c]);
    std::printf("\n");
  }
  return 0;
}

}  // namespace faultlens::cli
