// faultlens-cli report: the paper's figure and table set for two models on one data set.
// The work is app/report/PaperReport (shared with the GUI's Export all
// figures); this verb parses the options and prints progress and Table 1.
#include <QApplication>

#include <cstdio>
#include <iostream>
#include <optional>
#include <nlohmann/json.hpp>

#include "app/cli/Commands.h"
#include "app/cli/ProgressLine.h"
#include "app/report/PaperReport.h"
#include "core/Error.h"
#include "core/Model.h"
#include "core/data/Dataset.h"

namespace faultlens::cli {
namespace {

std::vector<int> parseIndexList(const ArgParser& p, const std::string& name) {
  std::vector<int> out;
  for (const auto& item : p.listValue(name)) {
    char* end = nullptr;
    const long v = std::strtol(item.c_str(), &end, 10);
    if (*end != '\0' || v < 0) throw UsageError("--" + name + ": '" + item + "' is not an image index");
    out.push_back(static_cast<int>(v));
  }
  return out;
}

}  // namespace

int runReport(const std::vector<std::string>& args) {
  ArgParser p("report",
              "The paper's figures and Table 1 for a baseline and a text-guided model: Top2Diff\n"
              "accuracy sweep (δ = 1..40) with McNemar's test, per-layer activation ranges,\n"
              "campaign mismatch rates and ΔLoss improvement factors, Ablation-CAM grids\n"
              "(clean/faulty × baseline/text-guided under N random weight bit flips), as PDF, SVG\n"
              "and PNG figures, CSV/Markdown/LaTeX tables and a JSON manifest.");
  p.option("baseline", "MODEL", "baseline TorchScript classifier");
  p.option("guided", "MODEL", "text-guided TorchScript classifier");
  p.option("data", "SPEC", "data set (default fashion-mnist test images)");
  p.option("out", "DIR", "output directory (created)");
  p.option("offset", "N", "first image (default 0)");
  p.option("limit", "N", "images for accuracy, sweep and ranges (default: all)");
  p.option("campaign", "DIR", "a finished two-model campaign to report (default: run one into OUT/campaign)");
  p.option("injections", "N", "injections per layer when running the campaign (default 4096, the paper's)");
  addProtocolOptions(p, Protocol::Paper);
  p.option("seed", "N", "seed of the campaign and the CAM weight faults (default 1)");
  p.option("cam-images", "LIST", "image indices for CAM grids (default 0,1,2,3)");
  p.option("cam-weight-faults", "N", "random weight bit flips for the faulty CAMs (default: the paper's density,\n"
                                     "2000 per ResNet-50's 25.5 M weights, i.e. 6 for the demo models)");
  p.option("cam-layer", "NAME", "CAM target layer (default: the last conv layer)");
  p.option("colour-map", "NAME", "jet (default), viridis or cividis");
  p.option("scale", "SCOPE", "CAM colour scale shared across panels (default), per model, or per map");
  p.option("dpi", "N", "PNG resolution (default 300)");
  addModelOptions(p);
  if (!p.parse(args)) return 0;

  const std::string out = p.value("out");
  const int offset = p.intValue("offset", 0), limit = p.intValue("limit", -1), dpi = p.intValue("dpi", 300);
  const int injections = p.intValue("injections", 4096);
  if (offset < 0 || (p.has("limit") && limit < 1) || dpi < 30 || dpi > 2400 || p.intValue("cam-weight-faults", 0) < 0 ||
      injections < 1)
    throw UsageError("--offset, --limit, --dpi (30..2400), --cam-weight-faults and --injections need sensible values");
  report::ReportSettings settings;
  settings.offset = static_cast<std::size_t>(offset);
  settings.limit = limit < 0 ? 0 : static_cast<std::size_t>(limit);
  settings.campaignDir = p.valueOr("campaign", "");
  settings.injections = injections;
  const ProtocolChoice protocol = protocolOptions(p, Protocol::Paper, p.valueOr("data", "fashion-mnist"));
  settings.protocol = protocol.protocol;
  settings.profileImages = protocol.profileImages;
  settings.seed = p.uint64Value("seed", 1);
  if (p.has("cam-images")) settings.camImages = parseIndexList(p, "cam-images");
  settings.camWeightFaults = p.intValue("cam-weight-faults", -1);
  settings.camLayer = p.valueOr("cam-layer", "");
  settings.dpi = dpi;
  try {
    settings.grid.colours = parseCamColourMap(p.valueOr("colour-map", "jet"));
    settings.grid.scope = parseCamScaleScope(p.valueOr("scale", "shared"));
  } catch (const Error& e) {
    throw UsageError(e.what());
  }

  // Plots need a QApplication; a report must also run on a cluster node without a display.
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  int qtArgc = 1;
  char qtName[] = "faultlens-cli";
  char* qtArgv[] = {qtName, nullptr};
  QApplication app(qtArgc, qtArgv);

  const ModelLoadOptions loadOptions = modelLoadOptions(p);
  const auto baseline = Model::load(p.value("baseline"), loadOptions);
  const auto guided = Model::load(p.value("guided"), loadOptions);
  const auto data = openDataSetForCommand(p.valueOr("data", "fashion-mnist"));
  // Training data for the clamp profiles, opened only when a campaign that needs them runs.
  std::unique_ptr<Dataset> profileData;
  if (settings.protocol == Protocol::Paper && settings.campaignDir.empty() && !protocol.profileData.empty())
    profileData = openDataSetForCommand(protocol.profileData);
  for (int index : settings.camImages)
    if (static_cast<std::size_t>(index) >= data->size())
      throw UsageError("--cam-images: image " + std::to_string(index) + " is outside the data set (" +
                       std::to_string(data->size()) + " images)");

  // One line per stage; it updates in place on a terminal and every 10 % in a log.
  std::optional<report::ReportStage> lastStage;
  int lastTenth = -1;
  ProgressLine progress(stderr);
  report::ReportObserver observer;
  observer.onProgress = [&](report::ReportStage stage, double fraction) {
    const int percent = static_cast<int>(100 * fraction);
    if (stage == report::ReportStage::Done || (stage == lastStage && percent / 10 == lastTenth)) return;
    if (lastStage && stage != lastStage) progress.finish();
    lastStage = stage;
    lastTenth = percent / 10;
    progress.update(std::string(report::reportStageName(stage)) + ": " + std::to_string(percent) + " %");
  };
  const auto result = report::computeReport({baseline.get(), guided.get(), data.get(), profileData.get()}, settings, out, observer);
  progress.finish();

  const auto files = report::writeReport(*result, out, {{"command", "faultlens-cli report"}, {"arguments", args}});
  std::printf("%s", files.tableMarkdown.c_str());
  std::cerr << "wrote " << files.files.size() << " files to " << out << "\n";
  return 0;
}

}  // namespace faultlens::cli
