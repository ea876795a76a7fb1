#include <cstdio>
#include <filesystem>

#include "app/cli/Commands.h"
#include "core/io/FileIO.h"
#include "core/analysis/ActivationRanges.h"
#include "core/data/Dataset.h"

namespace faultlens::cli {

namespace {

struct RangesOptions {
  std::string model, data = "fashion-mnist:train", out;
  ImageSliceOptions slice;
  ModelOptions modelOptions;
};

}  // namespace

int runRanges(const std::vector<std::string>& args) {
  RangesOptions o;
  ArgParser p("ranges", "Per-layer abs-max and abs-mean of every conv/linear output over a data set (paper\n"
                        "Fig. 3), streamed in batches. The JSON file is what `campaign --restrict-ranges`\n"
                        "reads; profile on clean training images, as Ranger does.");
  p.option("--model", o.model, "MODEL", "TorchScript classifier")->required();
  p.option("--data", o.data, "SPEC", "data set")->capture_default_str();
  addImageSliceOptions(p, o.slice);
  p.option("--out", o.out, "FILE", "write the ranges as JSON (and FILE with .csv beside it)");
  addModelOptions(p, o.modelOptions);
  if (!p.parse(args)) return 0;
  const int offset = o.slice.offset, limit = p.has("--limit") ? o.slice.limit : -1, batch = o.slice.batchSize;
  const std::string csvOut = std::filesystem::path(o.out).replace_extension(".csv").string();
  if (p.has("--out"))
    checkOutputPaths({{"--out", o.out}, {"--out (its .csv)", csvOut}},
                     {{"--model", o.model}, {"--data", p.has("--data") ? o.data : ""}});
  auto model = loadModelForCommand(o.model, modelLoadOptions(p, o.modelOptions));
  auto data = openDataSetForCommand(o.data);
  const std::size_t end = limit < 0 ? data->size() : static_cast<std::size_t>(offset) + limit;
  const auto ranges =
      profileActivationRanges(*model, *data, static_cast<std::size_t>(offset), end, static_cast<std::size_t>(batch));
  const std::string csv = activationRangesCsv(ranges);
  if (p.has("--out")) {
    writeFileAtomically(o.out, activationRangesJson(ranges, model->path(), model->contentDigest()));
    writeFileAtomically(csvOut, csv);
    std::fprintf(stderr, "wrote %s\n", o.out.c_str());
  }
  std::fputs(csv.c_str(), stdout);
  return 0;
}

}  // namespace faultlens::cli
