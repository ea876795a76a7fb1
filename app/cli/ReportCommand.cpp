// faultlens-cli report: the paper's figure and table set for two models on one data set.
// The work is app/report/PaperReport (shared with the GUI's Export all
// figures); this verb parses the options and prints progress and Table 1.
#include <QApplication>
#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>
#include <optional>
#include <nlohmann/json.hpp>

#include "app/cli/Commands.h"
#include "app/cli/ProgressLine.h"
#include "app/report/PaperReport.h"
#include "core/Error.h"
#include "core/model/Model.h"
#include "core/io/FileIO.h"
#include "core/analysis/ActivationRanges.h"
#include "core/analysis/CamImage.h"
#include "core/data/Dataset.h"

namespace faultlens::cli {
namespace {

std::vector<int> parseIndexList(const std::string& option, const std::string& list) {
  std::vector<int> out;
  for (const auto& item : listItems(option, list)) {
    char* end = nullptr;
    const long v = std::strtol(item.c_str(), &end, 10);
    if (*end != '\0' || v < 0 || v > std::numeric_limits<int>::max())
      throw UsageError(option + ": '" + item + "' is not an image index");
    if (std::find(out.begin(), out.end(), static_cast<int>(v)) != out.end())
      throw UsageError(option + ": image " + item + " is listed twice");
    out.push_back(static_cast<int>(v));
  }
  return out;
}

std::string indexList(const std::vector<int>& indices) {
  std::string out;
  for (int i : indices) out += (out.empty() ? "" : ",") + std::to_string(i);
  return out;
}

/// What `report` is told. Most of it is bound straight to ReportSettings, so that the
/// report's own defaults are the ones --help shows.
struct ReportOptions {
  std::string baseline, guided, data = "fashion-mnist", out;
  int offset = 0, limit = 0;
  report::ReportSettings settings;  ///< --campaign, --injections, --seed, --cam-weight-faults, --cam-layer, --dpi
  std::string camImages = indexList(settings.camImages);
  std::string colourMap = camColourMapName(settings.grid.colours), scale = camScaleScopeName(settings.grid.scope);
  ProtocolOptions protocol;
  ModelOptions modelOptions;
  NumberFormatOptions format;
  std::string berRates;
  std::uint64_t berImages = settings.berImages;
  std::string figureSize = "single", legend = "inside";
  double fontSize = 8.0;
  int dpi = settings.figure.dpi;
};

/// A fresh XDG_RUNTIME_DIR (mode 0700, as the XDG spec asks) while none is set; removed
/// with its contents when the command ends.
struct PrivateRuntimeDir {
  std::string path;
  PrivateRuntimeDir() {
    if (!qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) return;
    std::string pattern = (std::filesystem::temp_directory_path() / "faultlens-runtime-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) return;  // Qt then falls back and says so
    path = pattern;
    qputenv("XDG_RUNTIME_DIR", QByteArray::fromStdString(path));
  }
  ~PrivateRuntimeDir() {
    if (path.empty()) return;
    qunsetenv("XDG_RUNTIME_DIR");
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  PrivateRuntimeDir(const PrivateRuntimeDir&) = delete;
  PrivateRuntimeDir& operator=(const PrivateRuntimeDir&) = delete;
};

const char* const kSensible = "--offset, --limit, --dpi (30..2400), --font-size (6..36), --cam-weight-faults, "
                              "--cam-change-images, --injections, --ber-trials and "
                              "--ber-images need sensible values";

}  // namespace

int runReport(const std::vector<std::string>& args) {
  ReportOptions o;
  ArgParser p("report", "The paper's figures and Table 1 for a baseline and a text-guided model: Top2Diff\n"
                        "accuracy sweep (δ = 1..40) with McNemar's test, per-layer activation ranges,\n"
                        "campaign mismatch rates and ΔLoss improvement factors, Ablation-CAM grids\n"
                        "(clean/faulty × baseline/text-guided under N random weight bit flips) and how far\n"
                        "the maps move under such flips over many images, as PDF, SVG and PNG figures,\n"
                        "CSV/Markdown/LaTeX tables and a JSON manifest.");
  p.option("--baseline", o.baseline, "MODEL", "baseline TorchScript classifier")->required();
  p.option("--guided", o.guided, "MODEL", "text-guided TorchScript classifier")->required();
  p.option("--data", o.data, "SPEC", "data set; fashion-mnist means its test images")->capture_default_str();
  p.option("--out", o.out, "DIR", "output directory (created)")->required();
  p.option("--offset", o.offset, "N", "first image")->capture_default_str()->check(atLeast(0, kSensible));
  p.option("--limit", o.limit, "N", "images for accuracy, sweep and ranges; all when not given")
      ->check(atLeast(1, kSensible));
  p.option("--campaign", o.settings.campaignDir, "DIR",
           "a finished two-model campaign to report (default: run one into OUT/campaign)");
  p.option("--injections", o.settings.injections, "N",
           "injections per layer when running the campaign; the default is the paper's")
      ->capture_default_str()
      ->check(atLeast(1, kSensible));
  addProtocolOptions(p, o.protocol, Protocol::Paper);
  p.option("--seed", o.settings.seed, "N", "seed of the campaign and the CAM weight faults")->capture_default_str();
  p.option("--cam-images", o.camImages, "LIST", "image indices for CAM grids")->capture_default_str();
  p.option("--cam-weight-faults", o.settings.camWeightFaults, "N",
           "random weight bit flips for the faulty CAMs (default: the paper's density,\n"
           "      2000 per ResNet-50's 25.5 M weights, i.e. 6 for the demo models)")
      ->check(inRange(1, 1000000,
                      "--cam-weight-faults takes 1 to 1000000 weight bit flips (leave it out for the "
                      "paper's density)"));
  p.option("--cam-change-images", o.settings.camChangeImages, "N",
           "images (from --offset) over which the CAM change metrics are measured, each under\n"
           "      its own draw of the weight faults; 0 leaves them out")
      ->capture_default_str()
      ->check(atLeast(0, kSensible));
  p.option("--cam-layer", o.settings.camLayer, "NAME",
           "CAM target: a convolution or block output (default: the last block)");
  p.option("--colour-map", o.colourMap, "NAME", "jet, viridis or cividis")->capture_default_str();
  p.option("--scale", o.scale, "SCOPE",
           "CAM colour scale: shared across panels, per model, per map, or clean (the clean maps' range,\n"
           "      faulty values above it white)")
      ->capture_default_str();
  p.option("--figure-size", o.figureSize, "SIZE",
           "every figure's printed size: single (3.5 x 2.625 in), double (7.17 x 3.25 in),\n"
           "      slide (10 x 5.625 in) or WxH in inches (e.g. 3.3x2.5)")
      ->capture_default_str();
  p.option("--font-size", o.fontSize, "PT",
           "text size at the printed size (tick labels one point smaller, at least 7);\n"
           "      default 8, 14 for slide")
      ->check(inRange(widgets::FigureStyle::kMinFontPoints, widgets::FigureStyle::kMaxFontPoints, kSensible));
  p.option("--legend", o.legend, "WHERE",
           "inside (a corner of the axes that covers no data, else under them), outside or none")
      ->capture_default_str()
      ->check(oneOf({"inside", "outside", "none"}, "--legend is inside, outside or none"));
  p.option("--dpi", o.dpi, "N", "PNG resolution")->capture_default_str()->check(inRange(30, 2400, kSensible));
  addNumberFormatOptions(p, o.format, "--baseline then --guided");
  p.option("--ber-rates", o.berRates, "LO:HI:N|R1,R2",
           "add the accuracy-vs-weight-bit-error-rate figure at these rates (written as for the ber verb);\n"
           "      left out by default: it costs trials x rates evaluations per model");
  p.option("--ber-trials", o.settings.berTrials, "N", "independent draws per rate for that figure")
      ->capture_default_str()
      ->check(atLeast(1, kSensible));
  p.option("--ber-images", o.berImages, "N", "images (from --offset) that figure evaluates")
      ->capture_default_str()
      ->check(atLeast(1, kSensible));
  addModelOptions(p, o.modelOptions);
  if (!p.parse(args)) return 0;

  const std::string& out = o.out;
  // Qt writes the figures: a path it cannot name would fail only after all the work.
  if (QString::fromStdString(out).toStdString() != out)
    throw UsageError("--out: the path is not valid UTF-8; the figures' writer (Qt) cannot name files there");
  std::error_code existsError;
  const bool outExisted = std::filesystem::exists(out, existsError);
  report::ReportSettings& settings = o.settings;
  settings.offset = static_cast<std::size_t>(o.offset);
  settings.limit = p.has("--limit") ? static_cast<std::size_t>(o.limit) : 0;
  const ProtocolChoice protocol = protocolOptions(p, o.protocol, o.data);
  settings.protocol = protocol.protocol;
  settings.profileImages = protocol.profileImages;
  if (p.has("--cam-images")) settings.camImages = parseIndexList("--cam-images", o.camImages);
  settings.format = numberFormatOption(p, o.format);
  if (p.has("--ber-rates")) settings.berRates = parseBitErrorRates("--ber-rates", o.berRates);
  else if (p.has("--ber-trials") || p.has("--ber-images"))
    throw UsageError("--ber-trials and --ber-images go with --ber-rates");
  settings.berImages = static_cast<std::size_t>(o.berImages);
  QString why;
  const auto style = widgets::FigureStyle::fromSizeName(QString::fromStdString(o.figureSize), &why);
  if (!style) throw UsageError("--figure-size: " + why.toStdString());
  settings.figure = *style;
  if (p.has("--font-size")) settings.figure.fontPoints = o.fontSize;
  settings.figure.legend = *widgets::FigureStyle::legendFromName(QString::fromStdString(o.legend));
  settings.figure.dpi = o.dpi;
  const std::vector<std::string> scaleFiles = formatRangesPerModel(p, o.format, 2);
  try {
    settings.grid.colours = parseCamColourMap(o.colourMap);
    settings.grid.scope = parseCamScaleScope(o.scale);
  } catch (const Error& e) {
    throw UsageError(e.what());
  }

  // Plots need a QApplication; a report must also run on a cluster node without a display.
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  // Without a session (a batch job, ssh) Qt would warn and fall back to a shared
  // /tmp/runtime-USER; a private directory for this run, removed after it, does neither.
  const PrivateRuntimeDir runtimeDir;
  int qtArgc = 1;
  char qtName[] = "faultlens-cli";
  char* qtArgv[] = {qtName, nullptr};
  QApplication app(qtArgc, qtArgv);

  // A run that fails leaves no empty --out behind that it created (a directory with
  // something in it, e.g. a resumable campaign, is kept: finished work is never removed).
  struct RemoveIfCreatedAndEmpty {
    const std::string& path;
    bool existed, keep = false;
    ~RemoveIfCreatedAndEmpty() {
      std::error_code ec;
      if (!keep && !existed && std::filesystem::is_empty(path, ec) && !ec) std::filesystem::remove(path, ec);
    }
  } cleanup{out, outExisted};

  const ModelLoadOptions loadOptions = modelLoadOptions(p, o.modelOptions);
  const auto baseline = loadModelForCommand(o.baseline, loadOptions);
  const auto guided = loadModelForCommand(o.guided, loadOptions);
  const auto data = openDataSetForCommand(o.data);
  // int8 scales from --ranges; without it, the given campaign's or the paper protocol's profiles.
  if (p.has("--ranges"))
    for (const auto& [model, file] : {std::pair{baseline.get(), scaleFiles[0]}, std::pair{guided.get(), scaleFiles[1]}})
      settings.givenScales.push_back(profileBoundsFor(*model, file, o.format.rangesOfAnotherModel));
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
  const auto result =
      report::computeReport({baseline.get(), guided.get(), data.get(), profileData.get()}, settings, out, observer);
  progress.finish();

  const auto files = report::writeReport(*result, out, {{"command", "faultlens-cli report"}, {"arguments", args}});
  cleanup.keep = true;
  std::printf("%s", files.tableMarkdown.c_str());
  std::cerr << "wrote " << files.files.size() << " files to " << out << "\n";
  return 0;
}

}  // namespace faultlens::cli
