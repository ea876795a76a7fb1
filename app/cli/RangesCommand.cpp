#include <cstdio>
#include <filesystem>

#include "app/cli/Commands.h"
#include "core/FileIO.h"
#include "core/analysis/ActivationRanges.h"
#include "core/data/Dataset.h"

namespace faultlens::cli {

int runRanges(const std::vector<std::string>& args) {
  ArgParser p("ranges", "Per-layer abs-max and abs-mean of every conv/linear output over a data set (paper\n"
                        "Fig. 3), streamed in batches. The JSON file is what `campaign --restrict-ranges`\n"
                        "reads; profile on clean training images, as Ranger does.");
  p.option("model", "MODEL", "TorchScript classifier");
  p.option("data", "SPEC", "data set (default fashion-mnist:train)");
  p.option("offset", "N", "first image (default 0)");
  p.option("limit", "N", "number of images (default: all)");
  p.option("batch-size", "N", "images per forward pass (default 256)");
  p.option("out", "FILE", "write the ranges as JSON (and FILE with .csv beside it)");
  addModelOptions(p);
  if (!p.parse(args)) return 0;
  const int offset = p.intValue("offset", 0), limit = p.intValue("limit", -1), batch = p.intValue("batch-size", 256);
  if (offset < 0 || batch < 1 || (p.has("limit") && limit < 1))
    throw UsageError("--offset, --limit and --batch-size must be positive");
  if (p.has("out"))
    refuseCoincidingPaths({{"--out", p.value("out")},
                           {"--out (its .csv)", std::filesystem::path(p.value("out")).replace_extension(".csv").string()}},
                          {{"--model", p.value("model")}, {"--data", p.valueOr("data", "")}});
  auto model = Model::load(p.value("model"), modelLoadOptions(p));
  auto data = openDataSetForCommand(p.valueOr("data", "fashion-mnist:train"));
  const std::size_t end = limit < 0 ? data->size() : static_cast<std::size_t>(offset) + limit;
  const auto ranges = profileActivationRanges(*model, *data, static_cast<std::size_t>(offset), end,
                                              static_cast<std::size_t>(batch));
  const std::string csv = activationRangesCsv(ranges);
  if (p.has("out")) {
    const std::string out = p.value("out");
    writeFileAtomically(out, activationRangesJson(ranges, model->path()));
    writeFileAtomically(std::filesystem::path(out).replace_extension(".csv").string(), csv);
    std::fprintf(stderr, "wrote %s\n", out.c_str());
  }
  std::fputs(csv.c_str(), stdout);
  return 0;
}

}  // namespace faultlens::cli
