#include "app/report/PaperReport.h"

#include <QJsonDocument>
#include <QString>
#include <QVector>
#include <QtGlobal>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/io/JsonFormat.h"
#include "core/analysis/Evaluation.h"
#include "core/faults/FaultSampler.h"
#include "core/io/FileIO.h"
#include "core/model/Devices.h"
#include "core/model/Model.h"
#include "core/Runtime.h"
#include "core/faults/WeightFaults.h"
#include "core/analysis/AblationCam.h"
#include "core/analysis/CamChange.h"
#include "core/analysis/CamJson.h"
#include "core/analysis/ActivationRanges.h"
#include "core/analysis/FormatScales.h"
#include "core/analysis/Top2DiffSweep.h"
#include "core/campaign/CampaignDirectory.h"
#include "core/campaign/FragileInputs.h"
#include "core/campaign/CampaignSession.h"
#include "core/campaign/PairedStats.h"
#include "core/campaign/BitErrorRate.h"
#include "core/campaign/PaperProtocol.h"
#include "core/model/LayerAlignment.h"
#include "core/data/Dataset.h"
#include "core/data/Preprocess.h"
#include "app/report/CamFigureFromEngine.h"
#include "widgets/plots/CamFigure.h"
#include "widgets/plots/PlotDataFromEngine.h"
#include "widgets/plots/PlotExport.h"
#include "widgets/plots/PlotViews.h"

namespace faultlens::report {
namespace {
namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr int kSweepFrom = 1, kSweepTo = 40;
const char* const kRoles[2] = {"baseline", "text-guided"};

/// The seed of image i's weight-fault draw in the CAM change measurement: fixed by the
/// report's seed, different for every image (SplitMix64's finaliser spreads the bits).
std::uint64_t camChangeSeed(std::uint64_t seed, std::size_t image) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ull * (static_cast<std::uint64_t>(image) + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

json distributionJson(const CamChangeDistribution& d) {
  const auto number = [](double v) { return std::isfinite(v) ? json(v) : json(nullptr); };
  return {{"defined", d.defined},       {"undefined", d.undefined},
          {"mean", number(d.mean)},     {"mean_ci99", {number(d.meanInterval.low), number(d.meanInterval.high)}},
          {"min", number(d.min)},       {"lower_quartile", number(d.lowerQuartile)},
          {"median", number(d.median)}, {"upper_quartile", number(d.upperQuartile)},
          {"max", number(d.max)}};
}

widgets::BoxStatistics boxOf(const CamChangeDistribution& d, double scale = 1.0) {
  return {d.min * scale,
          d.lowerQuartile * scale,
          d.median * scale,
          d.upperQuartile * scale,
          d.max * scale,
          d.mean * scale,
          static_cast<int>(d.defined),
          static_cast<int>(d.undefined)};
}

/// conv/linear multiply-accumulates per image: output elements × weight elements per output
/// channel (covers grouped convolutions and token-wise linears alike).
std::int64_t macsPerImage(const Model& model) {
  std::int64_t macs = 0;
  for (const auto& l : model.layers())
    if (!l.weightShape.empty() && l.executed && l.weightShape[0] > 0)
      macs += l.outputElements() * (l.weightElements() / l.weightShape[0]);
  return macs;
}

std::string number(double v, const char* format = "%.4g") {
  if (!std::isfinite(v)) return "n/a";
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

/// What the colour scale of a CAM grid means, for its caption.
std::string camScaleSentence(CamScaleScope scope) {
  switch (scope) {
    case CamScaleScope::PerMap: return "each map has its own colour scale.";
    case CamScaleScope::PerModel: return "each model's two maps share a colour scale.";
    case CamScaleScope::Shared: return "all four maps share one colour scale.";
    case CamScaleScope::Clean:
      return "all four maps share the colour scale of the two clean maps; faulty values above it are white.";
  }
  return "";
}

/// Writes every figure format, the data behind the plot and its caption (the plot's own
/// paragraph, then `context`: data, models, campaign, protocol, number format, seed);
/// returns the file names.
std::vector<std::string> savePlot(widgets::AnalysisPlot& plot, const std::string& dir, const std::string& stem,
                                  const widgets::FigureStyle& style, const std::string& context) {
  std::vector<std::string> files;
  for (const char* suffix : {"pdf", "svg", "png"}) {
    const std::string path = dir + "/" + stem + "." + suffix;
    const QString error = widgets::exportPlot(plot, QString::fromStdString(path), style);
    if (!error.isEmpty()) throw Error(error.toStdString());
    files.push_back(stem + "." + suffix);
  }
  writeFileAtomically(dir + "/" + stem + ".csv", plot.dataCsv().toStdString());
  files.push_back(stem + ".csv");
  writeFileAtomically(dir + "/" + stem + ".caption.txt", plot.figureCaption().toStdString() + " " + context + "\n");
  files.push_back(stem + ".caption.txt");
  return files;
}

std::string texEscape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '&' || c == '#') o += '\\';
    o += c;
  }
  for (auto [from, to] : {std::pair<std::string, std::string>{"ΔLoss", "$\\Delta$Loss"}, {"δ", "$\\delta$"}}) {
    for (std::size_t at = o.find(from); at != std::string::npos; at = o.find(from, at + to.size()))
      o.replace(at, from.size(), to);
  }
  return o;
}

/// A CSV field in quotes (cells hold commas, e.g. "0.33 [0.26, 0.40]"), quotes doubled.
std::string csvQuoted(const std::string& field) {
  std::string out = "\"";
  for (char c : field) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

/// A number for a CSV cell; "NaN" where undefined (numpy and pandas read it as NaN).
std::string csvNumber(double v) {
  if (std::isnan(v)) return "NaN";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

void checkStop(const ReportObserver& observer) {
  if (observer.stop && observer.stop->load()) throw ReportCancelled();
}

void tell(const ReportObserver& observer, ReportStage stage, double fraction) {
  if (observer.onProgress) observer.onProgress(stage, fraction);
}

}  // namespace

struct ReportData {
  struct PerModel {
    std::string path;
    EvaluationResult eval;
    std::vector<LayerRange> ranges;
    std::string rangesJson;  ///< activation_ranges_<role>.json
  };
  PerModel models[2];
  std::string dataSource;
  std::size_t imageBegin = 0, imageEnd = 0;
  ReportSettings settings;
  PairedSweep sweep;
  std::string campaignDir;
  std::vector<CampaignSummary> campaign;           ///< baseline, text-guided
  Protocol protocol = Protocol::Paper;             ///< the campaign's
  std::vector<std::pair<int, int>> campaignPairs;  ///< its corresponding layers
  PairedComparison paired;                         ///< of its two models
  std::vector<ImageFragility> fragility[2];        ///< per model, the images its faults hit
  struct CamGrid {
    int image = 0;
    widgets::CamFigureData figure;  ///< the vector figure (clean/faulty × baseline/text-guided)
    json sidecar;
  };
  std::vector<CamGrid> cams;
  int camWeightFaults = 0;
  /// One image of the CAM change measurement: each model's clean map against its map
  /// under that image's weight faults.
  struct CamChangeSample {
    int image = 0;
    CamChange change[2];
  };
  std::vector<CamChangeSample> camChanges;
  std::vector<BitErrorRatePoint> ber[2];      ///< per model; empty without berRates
  int camInputSize[2][2] = {{0, 0}, {0, 0}};  ///< width, height of each model's input
  struct Row {
    std::string what, baseline, guided, comparison;
  };
  std::vector<Row> table;
};

const char* reportStageName(ReportStage stage) {
  switch (stage) {
    case ReportStage::ProfileRanges: return "profiling the clamp ranges on the training data";
    case ReportStage::EvaluateBaseline: return "evaluating the baseline and profiling its activation ranges";
    case ReportStage::EvaluateGuided: return "evaluating the text-guided model and profiling its activation ranges";
    case ReportStage::Campaign: return "running the campaign";
    case ReportStage::CamGrids: return "Ablation-CAM grids";
    case ReportStage::CamChanges: return "how far Ablation-CAMs move under weight faults";
    case ReportStage::BitErrorRates: return "accuracy under weight bit-error rates";
    case ReportStage::Done: return "done";
  }
  return "";
}

void ReportDataDeleter::operator()(ReportData* data) const { delete data; }

namespace {

/// The paper protocol's clamp profiles for the campaign run in `dir` (taken on the models in
/// float32, before they compute in the report's format, as `campaign` takes them).
std::vector<RangeProfileUse> clampProfilesFor(const ReportInputs& in, const ReportSettings& settings,
                                              const std::string& dir, const ReportObserver& observer) {
  std::vector<RangeProfileUse> clampRanges;
  prepareCampaignDirectory(dir);  // what it removes is only a half-started run's own profiles
  if (settings.protocol != Protocol::Paper) return clampRanges;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw fileError(dir, "cannot create the campaign directory: " + ec.message());
  int m = 0;
  for (Model* model : {in.baseline, in.guided}) {
    tell(observer, ReportStage::ProfileRanges, m / 2.0);
    clampRanges.push_back(paperClampProfile(*model, paperClampProfilePath(dir, m), in.profileData,
                                            settings.profileImages, [&](std::size_t done, std::size_t total) {
                                              checkStop(observer);
                                              tell(observer, ReportStage::ProfileRanges,
                                                   (m + (total ? double(done) / double(total) : 1.0)) / 2.0);
                                            }));
    ++m;
  }
  return clampRanges;
}

/// The paper's campaign on the whole data set, in `dir`: the CLI's `campaign` defaults, so
/// `faultlens-cli campaign` can resume or extend it.
std::vector<CampaignSummary> runPaperCampaign(const ReportInputs& in, const ReportSettings& settings,
                                              const std::string& dir, const std::vector<RangeProfileUse>& clampRanges,
                                              const ReportObserver& observer) {
  CampaignConfig config;
  config.injectionsPerLayer = settings.injections;
  config.seed = settings.seed;
  config.imageBegin = 0;
  config.imageEnd = in.data->size();
  config.protocol = settings.protocol;
  config.format = settings.format;
  config.bits = {0, settings.format.bitWidth() - 1};  // every bit of the code, as `campaign` defaults
  // Captured states live on the models' device: a GPU's budget follows its memory.
  CampaignSession session(dir, {in.baseline, in.guided}, *in.data, config, {}, clampRanges, nullptr,
                          defaultMemoryBudget(in.baseline->device()));
  CampaignSession::Observer progress;
  progress.onProgress = [&](const CampaignProgress& p) {
    tell(observer, ReportStage::Campaign, p.total ? double(p.done) / double(p.total) : 1.0);
  };
  static const std::atomic<bool> never{false};
  if (!session.run(progress, observer.stop ? *observer.stop : never)) throw ReportCancelled();
  auto summaries = session.summaries();
  writeCampaignSummary(dir, session.manifest(), summaries);
  return summaries;
}

/// Throws unless `given` (range profiles) holds the same scales as the campaign recorded for
/// `model`, layer by layer (equal doubles: both come from the same profile values; NaN marks
/// a layer without one in both).
void requireSameScales(const std::string& campaignDir, const Model& model, const std::vector<double>& recorded,
                       const std::vector<double>& given) {
  const auto same = [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); };
  const auto text = [](double v) {
    if (std::isnan(v)) return std::string("none");
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.9g", v);
    return std::string(buffer);
  };
  for (const auto& l : model.layers()) {
    const auto at = [&](const std::vector<double>& v) {
      return l.index < static_cast<int>(v.size()) ? v[l.index] : std::numeric_limits<double>::quiet_NaN();
    };
    if (same(at(recorded), at(given))) continue;
    throw fileError(campaignDir, "recorded other int8 scales for " + model.path() +
                                     " than the given range profiles (layer '" + l.name + "': " + text(at(recorded)) +
                                     " in the campaign, " + text(at(given)) +
                                     " in the profile); leave out --ranges to use the "
                                     "campaign's, so that every part of the report uses the same scales");
  }
}

/// Puts both float32 models in the report's format, int8 scales by chooseScales's rule: a
/// given campaign's recorded ones first (its Table 1 rows were computed with them, and the
/// rest of the report must match; range profiles given as well must agree), then the given
/// profiles, the scales in use, the clamp profiles' bounds, and (where the settings allow) a
/// profile on the report's data.
void useReportFormat(Model* const (&models)[2], const ReportSettings& settings, const CampaignManifest* given,
                     const std::vector<RangeProfileUse>& clampRanges, const Dataset& data) {
  const auto at = [](const ScalesPerModel& perModel, int m) {
    return m < static_cast<int>(perModel.size()) ? perModel[static_cast<std::size_t>(m)] : LayerScales{};
  };
  for (int m = 0; m < 2; ++m) {
    ScaleSources sources;
    if (given) sources.recorded = at(given->formatScales, m);
    sources.given = at(settings.givenScales, m);
    if (!sources.recorded.empty() && !sources.given.empty())
      requireSameScales(settings.campaignDir, *models[m], sources.recorded, sources.given);
    sources.inUse = at(settings.scalesInUse, m);
    if (m < static_cast<int>(clampRanges.size())) sources.clamp = clampRanges[static_cast<std::size_t>(m)].bounds;
    if (settings.profileScalesOnData) sources.data = &data;
    useNumberFormatFrom(*models[m], settings.format, sources,
                        settings.format.name() +
                            " needs each layer's abs-max as its scale: give range profiles (`faultlens-cli ranges`) "
                            "or run the paper protocol, whose profiles serve");
  }
}

CampaignManifest readTwoModelManifest(const std::string& dir) {
  CampaignManifest manifest = readCampaignManifest(dir);
  if (manifest.models.size() != 2)
    throw fileError(dir, "needs a two-model campaign (baseline first, text-guided second); it has " +
                             std::to_string(manifest.models.size()) + " model(s)");
  return manifest;
}

}  // namespace

ReportDataPtr computeReport(const ReportInputs& in, const ReportSettings& settings, const std::string& outDir,
                            const ReportObserver& observer) {
  if (!in.baseline || !in.guided || !in.data)
    throw Error("a report needs a baseline, a text-guided model and a data set");
  if (settings.figure.dpi < 30 || settings.figure.dpi > 2400) throw Error("the figure resolution must be 30..2400 dpi");
  if (settings.injections < 1) throw Error("a campaign needs at least 1 injection per layer");
  if (settings.camWeightFaults > kMaxNetworkWeightFaults)
    throw Error("the CAM weight faults must be at most " + std::to_string(kMaxNetworkWeightFaults) + ", got " +
                std::to_string(settings.camWeightFaults));
  const Dataset& data = *in.data;
  if (settings.offset >= data.size())
    throw Error("the first image (" + std::to_string(settings.offset) + ") is outside the data set (" +
                std::to_string(data.size()) + " images)");
  for (int index : settings.camImages)
    if (index < 0 || static_cast<std::size_t>(index) >= data.size())
      throw Error("CAM image " + std::to_string(index) + " is outside the data set (" + std::to_string(data.size()) +
                  " images)");
  Model* models[2] = {in.baseline, in.guided};
  std::string camTargetNames[2];
  if (!settings.camImages.empty() || settings.camChangeImages > 0)
    for (int m = 0; m < 2; ++m) camTargetNames[m] = resolveCamTarget(*models[m], settings.camLayer).name;
  const LayerAlignment alignment = LayerAlignment::automatic(models[0]->layers(), models[1]->layers());
  std::error_code ec;
  fs::create_directories(outDir, ec);
  if (ec) throw fileError(outDir, "cannot create the output directory: " + ec.message());

  ReportDataPtr r(new ReportData);
  r->settings = settings;
  r->dataSource = data.source();
  r->imageBegin = settings.offset;
  r->imageEnd = settings.limit == 0 ? data.size() : std::min(data.size(), settings.offset + settings.limit);

  for (Model* model : models)
    if (model->numberFormat() != NumberFormat{})
      throw Error(model->path() + " already computes in " + model->numberFormat().name() +
                  ": the report puts float32 models in its format itself");
  std::vector<RangeProfileUse> clampRanges;
  if (!settings.campaignDir.empty()) {
    r->campaignDir = settings.campaignDir;
    const CampaignManifest manifest = readTwoModelManifest(settings.campaignDir);
    if (manifest.config.format != settings.format)
      throw fileError(settings.campaignDir, "was run in " + manifest.config.format.name() +
                                                ", the report computes in " + settings.format.name() +
                                                " (give --format " + manifest.config.format.name() + ")");
    requireCampaignInputs(settings.campaignDir, manifest, {models[0], models[1]}, data);
    r->campaign = summarizeCampaignDirectory(settings.campaignDir, manifest, /*requireComplete=*/true);
    r->protocol = manifest.config.protocol;
    r->campaignPairs = manifest.correspondingLayers();
    useReportFormat(models, settings, &manifest, clampRanges, data);
  } else {
    // Clamp profiles first: they are float32 profiles, taken before the models change format.
    r->campaignDir = outDir + "/campaign";
    clampRanges = clampProfilesFor(in, settings, r->campaignDir, observer);
    useReportFormat(models, settings, nullptr, clampRanges, data);
  }

  // 1. Accuracy and Top2Diff per image, with the activation ranges collected in the same
  // passes; then the sweep and McNemar's test.
  for (int m = 0; m < 2; ++m) {
    auto& out = r->models[m];
    out.path = models[m]->path();
    StatisticsCollector collector;
    const ReportStage stage = m == 0 ? ReportStage::EvaluateBaseline : ReportStage::EvaluateGuided;
    out.eval = evaluate(
        *models[m], data, r->imageBegin, r->imageEnd, 256,
        [&](std::size_t done, std::size_t total) {
          checkStop(observer);
          tell(observer, stage, total ? double(done) / double(total) : 1.0);
        },
        &collector);
    out.ranges = layerRanges(*models[m], collector);
    out.rangesJson = activationRangesJson(out.ranges, out.path, models[m]->contentDigest());
  }
  r->sweep = comparePairedSweeps(r->models[0].eval.correctPerImage, r->models[0].eval.top2Diffs,
                                 r->models[1].eval.correctPerImage, r->models[1].eval.top2Diffs, kSweepFrom, kSweepTo);

  // 2. Campaign: run the paper's setting here unless a finished one was given (read up
  // front, so a wrong directory fails before minutes of evaluation).
  checkStop(observer);
  if (settings.campaignDir.empty()) {
    r->campaign = runPaperCampaign(in, settings, r->campaignDir, clampRanges, observer);
    r->protocol = settings.protocol;
    r->campaignPairs = readCampaignManifest(r->campaignDir).correspondingLayers();
  }

  // 3. Ablation-CAM grids: clean and under the same random weight faults in both models.
  // The paper flips 2000 weights of a ResNet-50 (25.5 M weights); the same density keeps
  // small models from drowning in NaN (2000 flips in the demo's 78 k weights would).
  std::int64_t weights = 0;
  for (const auto& l : models[0]->layers()) weights += l.weightShape.empty() ? 0 : l.weightElements();
  const int paperDensity = static_cast<int>(std::max<std::int64_t>(1, std::llround(2000.0 * weights / 25.5e6)));
  r->camWeightFaults = settings.camWeightFaults >= 0 ? settings.camWeightFaults : paperDensity;
  // The same sites in both models where their layers correspond; the text-guided model's
  // own layers (projection, head) get faults at the same density.
  const BitRange codeBits{0, settings.format.bitWidth() - 1};  // 0..31 in float32, as before formats
  const auto baselineFaults =
      sampleNetworkWeightFaults(models[0]->layers(), r->camWeightFaults, settings.seed, codeBits);
  const std::vector<WeightFault> weightFaults[2] = {
      baselineFaults, correspondingWeightFaults(baselineFaults, models[0]->layers(), models[1]->layers(), alignment,
                                                settings.seed, codeBits)};
  for (std::size_t i = 0; i < settings.camImages.size(); ++i) {
    checkStop(observer);
    tell(observer, ReportStage::CamGrids, double(i) / double(settings.camImages.size()));
    const int index = settings.camImages[i];
    std::vector<AblationCam> cams;  // baseline clean, faulty, guided clean, faulty
    json panels = json::array();
    for (int m = 0; m < 2; ++m) {
      Model& model = *models[m];
      const at::Tensor image = makeBatch(data, {static_cast<std::size_t>(index)}, model.input()).images;
      AblationCamOptions options;
      options.target = camTargetNames[m];
      cams.push_back(computeAblationCam(model, image, options));
      options.targetClass = cams.back().targetClass;  // the faulty map explains the clean answer's class
      {
        ScopedWeightFaults faults(model, weightFaults[m]);
        cams.push_back(computeAblationCam(model, image, options));
      }
      for (std::size_t k = cams.size() - 2; k < cams.size(); ++k) {
        json panel = camJson(model, cams[k], false);
        panel["model"] = kRoles[m];
        panel["state"] = k % 2 ? "faulty" : "clean";
        if (k % 2)
          panel["change"] = camChangeJson(compareCams(cams[k - 1], cams[k], model.input().width, model.input().height));
        panels.push_back(panel);
      }
    }
    const cv::Mat rgb = displayImage(data.image(index), models[0]->input());
    ReportData::CamGrid grid;
    grid.image = index;
    const CamGridPlan plan =
        planCamGrid(rgb, {{"baseline", &cams[0], &cams[1]}, {"text-guided", &cams[2], &cams[3]}}, settings.grid);
    grid.figure = app::camFigureData(plan, settings.grid, {"baseline", "text-guided"}, {"clean", "faulty"});
    const std::string label = data.label(index) >= 0 ? " (" + data.classNames()[data.label(index)] + ")" : "";
    grid.figure.caption = QString::fromStdString(
        "Ablation-CAM maps of image " + std::to_string(index) + label + " of " + data.source() +
        " for the baseline (top row) and the text-guided model (bottom row), clean (left) and under " +
        std::to_string(r->camWeightFaults) + " random weight bit flips (seed " + std::to_string(settings.seed) +
        ", the same sites in both models where their layers correspond) (right). Target: " +
        (settings.camLayer.empty() ? std::string("each model's last block") : settings.camLayer) +
        "; each map explains the class of the model's clean answer. Maps are upsampled bilinearly to the input's " +
        std::to_string(rgb.cols) + "×" + std::to_string(rgb.rows) + " pixels and drawn over it at that resolution " +
        "(opacity " + number(settings.grid.opacity, "%.2g") + ", colour map " +
        camColourMapName(settings.grid.colours) + "); " + camScaleSentence(settings.grid.scope) +
        (plan.anyNan ? " Magenta pixels are NaN." : "") + " Computed in " + settings.format.name() +
        "; the numbers behind each panel are in the JSON file of the same name.");
    grid.sidecar = {{"image", index},
                    {"label", data.label(index) >= 0 ? json(data.classNames()[data.label(index)]) : json(nullptr)},
                    {"weight_faults", r->camWeightFaults},
                    {"text_guided_weight_faults", weightFaults[1].size()},
                    {"seed", settings.seed},
                    {"colour_map", camColourMapName(settings.grid.colours)},
                    {"scale", camScaleScopeName(settings.grid.scope)},
                    {"panels", panels}};
    r->cams.push_back(std::move(grid));
  }

  // 4. How far the maps move under the same weight-fault density over many images: a fresh
  // draw of faults per image (the grids above show one draw), the same sites in both models.
  const std::size_t changeImages = std::min<std::size_t>(
      static_cast<std::size_t>(std::max(0, settings.camChangeImages)), r->imageEnd - r->imageBegin);
  for (std::size_t i = 0; i < changeImages; ++i) {
    checkStop(observer);
    tell(observer, ReportStage::CamChanges, double(i) / double(changeImages));
    const std::uint64_t seed = camChangeSeed(settings.seed, i);
    const auto drawn = sampleNetworkWeightFaults(models[0]->layers(), r->camWeightFaults, seed, codeBits);
    const std::vector<WeightFault> faults[2] = {
        drawn, correspondingWeightFaults(drawn, models[0]->layers(), models[1]->layers(), alignment, seed, codeBits)};
    ReportData::CamChangeSample sample;
    sample.image = static_cast<int>(r->imageBegin + i);
    for (int m = 0; m < 2; ++m) {
      Model& model = *models[m];
      const at::Tensor image = makeBatch(data, {r->imageBegin + i}, model.input()).images;
      AblationCamOptions options;
      options.target = camTargetNames[m];
      const AblationCam clean = computeAblationCam(model, image, options);
      options.targetClass = clean.targetClass;
      ScopedWeightFaults scope(model, faults[m]);
      sample.change[m] =
          compareCams(clean, computeAblationCam(model, image, options), model.input().width, model.input().height);
    }
    r->camChanges.push_back(sample);
  }
  // 5. Accuracy under weight bit-error rates: both models on the same images, with draws of
  // the same seeds.
  if (!settings.berRates.empty()) {
    BitErrorRateSweepConfig ber;
    ber.rates = settings.berRates;
    ber.trials = settings.berTrials;
    ber.seed = settings.seed;
    ber.imageBegin = r->imageBegin;
    ber.imageEnd = std::min(r->imageEnd, r->imageBegin + settings.berImages);
    for (int m = 0; m < 2; ++m) {
      r->ber[m] = sweepBitErrorRates(
          *models[m], data, ber,
          [&](int done, int total) {
            tell(observer, ReportStage::BitErrorRates, (m + double(done) / std::max(1, total)) / 2.0);
          },
          observer.stop);
      checkStop(observer);
    }
  }
  for (int m = 0; m < 2; ++m) {
    r->camInputSize[m][0] = models[m]->input().width;
    r->camInputSize[m][1] = models[m]->input().height;
  }

  // 6. Table 1. "Last layer" is a role: the baseline's classifier against the text-guided
  // head; "network" is each model's mean over its own layers.
  {
    // The campaign's records once more, pair by pair and image by image.
    const CampaignManifest manifest = readCampaignManifest(r->campaignDir);
    const auto outcomes = readCampaignOutcomes(r->campaignDir, manifest);
    r->paired = compareCampaignOutcomes(outcomes, manifest);
    for (int m = 0; m < 2; ++m)
      r->fragility[m] = imageFragility(outcomes[static_cast<std::size_t>(m)], r->models[m].eval.top2Diffs,
                                       static_cast<std::int64_t>(r->imageBegin));
  }
  const auto& a = r->campaign[0];
  const auto& b = r->campaign[1];
  if (a.layers.empty() || b.layers.empty())
    throw fileError(r->campaignDir, "the campaign has no layer results for one of the models");
  const auto& sweep = r->sweep;
  const EvaluationResult& evalA = r->models[0].eval;
  const EvaluationResult& evalB = r->models[1].eval;
  const auto macsA = macsPerImage(*models[0]), macsB = macsPerImage(*models[1]);
  const auto paramsA = models[0]->parameterCount(), paramsB = models[1]->parameterCount();
  const auto& lastA = a.layers.back();
  const auto& lastB = b.layers.back();
  const auto lastAbsMax = [&](int m) {
    const int last = lastLayerIndex(models[m]->layers());
    return last >= 0 && static_cast<std::size_t>(last) < r->models[m].ranges.size()
               ? r->models[m].ranges[last].stats.absMax
               : std::nan("");
  };
  const std::string protocol = std::string(" [") + protocolName(r->protocol) + " protocol" +
                               (r->settings.format == NumberFormat{} ? "" : ", " + r->settings.format.name()) + "]";
  // Paired intervals: 99 % (factors and network: bootstrap over injection numbers).
  const std::optional<PairedLayerComparison>& last = r->paired.lastLayer;
  const PairedNetworkComparison& net = r->paired.network;
  const auto withInterval = [](const LayerSummary& l) {
    return number(l.meanDeltaLoss) + " [" + number(l.deltaLossInterval.low) + ", " + number(l.deltaLossInterval.high) +
           "]";
  };
  const FragilityCorrelation fragile[2] = {fragilityCorrelation(r->fragility[0]),
                                           fragilityCorrelation(r->fragility[1])};
  r->table = {
      {std::string("accuracy (%)") +
           (r->settings.format == NumberFormat{} ? "" : " [" + r->settings.format.name() + "]"),
       number(100 * evalA.accuracy(), "%.2f"), number(100 * evalB.accuracy(), "%.2f"),
       "difference " + number(100 * (evalB.accuracy() - evalA.accuracy()), "%+.2f") +
           " pp, McNemar p = " + number(sweep.mcnemar.pValue, "%.3g")},
      {"mean Top2Diff (pp)", number(evalA.meanTop2Diff, "%.2f"), number(evalB.meanTop2Diff, "%.2f"),
       "difference " + number(evalB.meanTop2Diff - evalA.meanTop2Diff, "%+.2f") + " pp, " +
           (sweep.inflection ? "inflection δ = " + std::to_string(*sweep.inflection)
                             : std::string("no inflection in 1..40"))},
      {"activation abs-max, last layer (" + models[0]->layers()[std::max(0, lastLayerIndex(models[0]->layers()))].name +
           " / " + models[1]->layers()[std::max(0, lastLayerIndex(models[1]->layers()))].name + ")",
       number(lastAbsMax(0)), number(lastAbsMax(1)), "ratio " + number(lastAbsMax(0) / lastAbsMax(1))},
      {"parameters", std::to_string(paramsA), std::to_string(paramsB),
       "difference " + std::to_string(paramsB - paramsA)},
      {"conv/linear FLOPs per image", std::to_string(2 * macsA), std::to_string(2 * macsB),
       "difference " + std::to_string(2 * (macsB - macsA))},
      {"ΔLoss, last layer (" + lastA.name + " / " + lastB.name + ") [99 % CI]" + protocol, withInterval(lastA),
       withInterval(lastB),
       "improvement factor " + number(improvementFactor(lastA.meanDeltaLoss, lastB.meanDeltaLoss)) + " " +
           formatInterval(last ? last->factorInterval : Interval{NAN, NAN}) +
           ", paired ΔLoss difference p = " + number(last ? last->deltaLossP : NAN, "%.3g")},
      {"ΔLoss, network (mean over layers)" + protocol, number(a.networkDeltaLoss), number(b.networkDeltaLoss),
       "improvement factor " + number(improvementFactor(a.networkDeltaLoss, b.networkDeltaLoss)) + " " +
           formatInterval(net.factorInterval) + ", bootstrap p = " + number(net.deltaLossP, "%.3g")},
      {"mismatch rate, last layer (%) [99 % Wilson]",
       number(100 * lastA.mismatchRate(), "%.3f") + " [" + number(100 * lastA.mismatchInterval.low, "%.3f") + ", " +
           number(100 * lastA.mismatchInterval.high, "%.3f") + "]",
       number(100 * lastB.mismatchRate(), "%.3f") + " [" + number(100 * lastB.mismatchInterval.low, "%.3f") + ", " +
           number(100 * lastB.mismatchInterval.high, "%.3f") + "]",
       last ? "difference " + number(100 * last->mismatchDifference, "%+.3f") + " pp " +
                  formatInterval(
                      {100 * last->mismatchDifferenceInterval.low, 100 * last->mismatchDifferenceInterval.high},
                      "%+.3f") +
                  ", exact McNemar p = " + number(last->mcnemarP, "%.3g")
            : ""},
      {"mismatch rate, network (%)", number(100 * a.networkMismatchRate, "%.3f"),
       number(100 * b.networkMismatchRate, "%.3f"),
       "difference " + number(100 * net.mismatchDifference, "%+.3f") + " pp " +
           formatInterval({100 * net.mismatchDifferenceInterval.low, 100 * net.mismatchDifferenceInterval.high},
                          "%+.3f") +
           ", bootstrap p = " + number(net.mismatchP, "%.3g")},
      {"per-image rank correlation: mismatch rate vs clean Top2Diff (Spearman) [99 % CI]",
       number(fragile[0].rho, "%.3f") + " " + formatInterval(fragile[0].interval, "%.3f"),
       number(fragile[1].rho, "%.3f") + " " + formatInterval(fragile[1].interval, "%.3f"),
       fragilityReading(fragile[0], fragile[1])},
  };
  tell(observer, ReportStage::Done, 1.0);
  return r;
}

namespace {

/// The figure style as the manifest records it, with the type sizes actually drawn.
json figureStyleJson(const widgets::FigureStyle& style) {
  json j = json::parse(QJsonDocument(style.toJson()).toJson().toStdString());
  j["drawn_font_pt"] = widgets::drawnFontPoints(style.fontPoints, false);
  j["drawn_tick_font_pt"] = widgets::drawnFontPoints(style.tickPoints(), true);
  return j;
}

/// The caption's context sentences: which models and images a figure shows, in words a
/// researcher can paste under it.
std::string captionModels(const ReportData& r) {
  return "Models: baseline " + fs::path(r.models[0].path).filename().string() + ", text-guided " +
         fs::path(r.models[1].path).filename().string() + ", computing in " + r.settings.format.name() + ".";
}

std::string captionImages(const ReportData& r) {
  return "Data: " + r.dataSource + ", images " + std::to_string(r.imageBegin) + " to " +
         std::to_string(r.imageEnd - 1) + " (" + std::to_string(r.imageEnd - r.imageBegin) + " images). " +
         captionModels(r);
}

std::string captionCampaign(const ReportData& r) {
  std::int64_t injections = 0;
  std::size_t layers = 0;
  for (const auto& summary : r.campaign) {
    layers = std::max(layers, summary.layers.size());
    for (const auto& layer : summary.layers) injections += layer.injections;
  }
  const std::string protocol =
      r.protocol == Protocol::Paper
          ? "the paper's protocol (one activation bit flip per inference into correctly classified images, faulty "
            "values clamped to the layer's profiled range, ΔLoss = |ΔCE|)"
          : "the raw protocol (one activation bit flip per inference, no clamp, ΔLoss = signed ΔCE)";
  return "Fault-injection campaign " + fs::path(r.campaignDir).filename().string() + ": " + std::to_string(injections) +
         " injections over both models' layers, " + protocol +
         (r.settings.campaignDir.empty() ? ", seed " + std::to_string(r.settings.seed)
                                         : std::string(" (its seed is in its campaign.json)")) +
         ". Data: " + r.dataSource + ". " + captionModels(r);
}

std::string captionCamChange(const ReportData& r) {
  return "Each image under its own draw of " + std::to_string(r.camWeightFaults) + " random weight bit flips (seed " +
         std::to_string(r.settings.seed) + ", the same sites in both models); CAM target: " +
         (r.settings.camLayer.empty() ? std::string("each model's last block") : r.settings.camLayer) +
         ". Data: " + r.dataSource + ". " + captionModels(r);
}

std::string captionBer(const ReportData& r) {
  return "Stored weights only; seed " + std::to_string(r.settings.seed) + ". Data: " + r.dataSource + ", " +
         std::to_string(std::min(r.imageEnd - r.imageBegin, r.settings.berImages)) + " images from image " +
         std::to_string(r.imageBegin) + ". " + captionModels(r);
}

}  // namespace

ReportFiles writeReport(const ReportData& r, const std::string& out, const json& invocation) {
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) throw fileError(out, "cannot create the output directory: " + ec.message());
  const widgets::FigureStyle& style = r.settings.figure;
  const std::string imagesContext = captionImages(r);
  const std::string campaignContext = captionCampaign(r);
  std::vector<std::string> written;
  const auto add = [&written](const std::vector<std::string>& files) {
    written.insert(written.end(), files.begin(), files.end());
  };

  {
    widgets::Top2DiffSweepPlot plot;
    plot.setData(widgets::top2DiffSweepData(r.sweep));
    add(savePlot(plot, out, "top2diff_sweep", style, imagesContext));
  }
  {
    QVector<widgets::ActivationRangeSeries> series;
    for (int m = 0; m < 2; ++m) {
      series << widgets::activationRangeSeries(QString::fromUtf8(kRoles[m]), r.models[m].ranges);
      const std::string name = std::string("activation_ranges_") + kRoles[m] + ".json";
      writeFileAtomically(out + "/" + name, r.models[m].rangesJson);
      written.push_back(name);
    }
    widgets::ActivationRangePlot plot;
    plot.setSeries(series);
    add(savePlot(plot, out, "activation_ranges", style, imagesContext));
  }
  {
    const QVector<widgets::CampaignResultSeries> series = widgets::alignedCampaignSeries(
        {QString::fromUtf8(kRoles[0]), QString::fromUtf8(kRoles[1])}, r.campaign, r.campaignPairs);
    widgets::CampaignResultPlot mismatch;
    mismatch.setSeries(series);
    add(savePlot(mismatch, out, "campaign_mismatch", style, campaignContext));
    widgets::CampaignDeltaLossPlot deltaLoss;
    deltaLoss.setSeries(series);
    add(savePlot(deltaLoss, out, "campaign_delta_loss", style, campaignContext));
  }
  {
    // Fragile inputs: every image the campaign's faults hit, most fragile first, with its
    // clean Top2Diff; the figure sets the two against each other.
    QVector<widgets::FragilitySeries> series;
    for (int m = 0; m < 2; ++m) {
      widgets::FragilitySeries s;
      s.model = QString::fromUtf8(kRoles[m]);
      s.spearman = fragilityTop2DiffCorrelation(r.fragility[m]);
      for (const auto& f : r.fragility[m]) {
        s.images << f.image;
        s.top2Diff << f.cleanTop2Diff;
        s.mismatchRate << f.mismatchRate();
        s.injections << f.injections;
      }
      series << s;
    }
    // Models as 0 (baseline) and 1 (text-guided), as in the campaign directory's file.
    writeFileAtomically(out + "/fragile_images_ranked.csv", fragileImagesCsv({r.fragility[0], r.fragility[1]}));
    written.push_back("fragile_images_ranked.csv");
    widgets::FragilityScatterPlot plot;
    plot.setSeries(series);
    add(savePlot(plot, out, "fragile_images", style, campaignContext));
  }
  json camChange = nullptr;
  if (!r.camChanges.empty()) {
    // Per image in a CSV, per model as a distribution in the manifest and the figure (the
    // shift over the input's diagonal there, so the three metrics share one axis).
    std::string csv = "image,model,pearson,top_region_iou,centre_shift_pixels,undefined\n";
    QVector<widgets::CamChangeSeries> series;
    camChange = {{"images", r.camChanges.size()},
                 {"first_image", r.camChanges.front().image},
                 {"weight_faults_per_image", r.camWeightFaults},
                 {"top_fraction", kCamTopFraction},
                 {"interval", "99 % percentile-bootstrap interval of the mean over the images where the metric "
                              "is defined (4000 resamples, fixed seed)"}};
    for (int m = 0; m < 2; ++m) {
      std::vector<double> pearson, iou, shift;
      for (const auto& sample : r.camChanges) {
        const CamChange& c = sample.change[m];
        pearson.push_back(c.pearson);
        iou.push_back(c.topRegionIoU);
        shift.push_back(c.centreShift);
        csv += std::to_string(sample.image) + "," + kRoles[m] + "," + csvNumber(c.pearson) + "," +
               csvNumber(c.topRegionIoU) + "," + csvNumber(c.centreShift) + "," + csvQuoted(c.undefined) + "\n";
      }
      const auto dp = distributionOf(pearson), di = distributionOf(iou), ds = distributionOf(shift);
      camChange[kRoles[m]] = {{"pearson", distributionJson(dp)},
                              {"top_region_iou", distributionJson(di)},
                              {"centre_shift_pixels", distributionJson(ds)}};
      widgets::CamChangeSeries s;
      s.model = QString::fromUtf8(kRoles[m]);
      s.images = static_cast<int>(r.camChanges.size());
      s.pearson = boxOf(dp);
      s.topRegionIoU = boxOf(di);
      s.centreShift = boxOf(ds, 1.0 / std::hypot(r.camInputSize[m][0], r.camInputSize[m][1]));
      series << s;
    }
    writeFileAtomically(out + "/cam_change_images.csv", csv);
    written.push_back("cam_change_images.csv");
    widgets::CamChangePlot plot;
    plot.setSeries(series);
    add(savePlot(plot, out, "cam_change", style, captionCamChange(r)));
  }

  json ber = nullptr;
  if (!r.ber[0].empty()) {
    QVector<widgets::BitErrorRateSeries> series;
    for (int m = 0; m < 2; ++m) series << widgets::bitErrorRateSeries(QString::fromUtf8(kRoles[m]), r.ber[m]);
    widgets::BitErrorRatePlot plot;
    plot.setSeries(series);
    add(savePlot(plot, out, "ber_sweep", style, captionBer(r)));
    ber = {{"rates", r.settings.berRates},
           {"trials", r.settings.berTrials},
           {"images", {r.imageBegin, std::min(r.imageEnd, r.imageBegin + r.settings.berImages)}},
           {"interval", "99 % Student-t interval of the mean accuracy over the trials, clipped to [0, 1]"}};
  }

  for (const auto& grid : r.cams) {
    const std::string name = "cam_image" + std::to_string(grid.image);
    for (const char* suffix : {".pdf", ".svg", ".png"}) {
      const QString error =
          widgets::exportCamFigure(grid.figure, QString::fromStdString(out + "/" + name + suffix), style);
      if (!error.isEmpty()) throw Error(error.toStdString());
      written.push_back(name + suffix);
    }
    written.push_back(name + ".caption.txt");
    writeFileAtomically(out + "/" + name + ".json", jsonText(grid.sidecar) + "\n");
    written.push_back(name + ".json");
  }

  std::string csv = "quantity,baseline,text_guided,comparison\n";
  std::string md = "| quantity | baseline | text-guided | comparison |\n|---|---|---|---|\n";
  std::string tex = "% faultlens report: Table 1\n\\begin{tabular}{lrrl}\n\\hline\nquantity & baseline & text-guided & "
                    "comparison \\\\\n\\hline\n";
  for (const auto& row : r.table) {
    csv += csvQuoted(row.what) + "," + csvQuoted(row.baseline) + "," + csvQuoted(row.guided) + "," +
           csvQuoted(row.comparison) + "\n";
    md += "| " + row.what + " | " + row.baseline + " | " + row.guided + " | " + row.comparison + " |\n";
    tex +=
        texEscape(row.what) + " & " + row.baseline + " & " + row.guided + " & " + texEscape(row.comparison) + " \\\\\n";
  }
  tex += "\\hline\n\\end{tabular}\n";
  writeFileAtomically(out + "/table1.csv", csv);
  writeFileAtomically(out + "/table1.md", md);
  writeFileAtomically(out + "/table1.tex", tex);
  written.insert(written.end(), {"table1.csv", "table1.md", "table1.tex"});

  const auto& mcnemar = r.sweep.mcnemar;
  json sweepJson{{"delta", json::array()},
                 {"baseline", r.sweep.baseline},
                 {"text_guided", r.sweep.guided},
                 {"inflection", r.sweep.inflection ? json(*r.sweep.inflection) : json(nullptr)},
                 {"mcnemar",
                  {{"baseline_only", mcnemar.baselineOnly},
                   {"guided_only", mcnemar.guidedOnly},
                   {"chi_square", mcnemar.chiSquare},
                   {"p_value_exact", mcnemar.pValue}}}};
  for (int d = kSweepFrom; d <= kSweepTo; ++d) sweepJson["delta"].push_back(d);
  writeFileAtomically(out + "/top2diff_sweep.json", jsonText(sweepJson) + "\n");
  written.push_back("top2diff_sweep.json");

  json manifest{{"invocation", invocation},
                {"baseline", r.models[0].path},
                {"guided", r.models[1].path},
                {"data", r.dataSource},
                {"images", {r.imageBegin, r.imageEnd}},
                {"campaign", r.campaignDir},
                {"protocol", protocolName(r.protocol)},
                {"number_format", r.settings.format.name()},
                {"seed", r.settings.seed},
                {"cam_images", r.settings.camImages},
                {"cam_weight_faults", r.camWeightFaults},
                {"cam_layer", r.settings.camLayer.empty() ? json(nullptr) : json(r.settings.camLayer)},
                {"colour_map", camColourMapName(r.settings.grid.colours)},
                {"scale", camScaleScopeName(r.settings.grid.scope)},
                {"cam_change", camChange},
                {"ber", ber},
                {"figure_style", figureStyleJson(style)},
                {"versions",
                 {{"faultlens", FAULTLENS_VERSION},
                  {"libtorch", libtorchVersion()},
                  {"blas", blasRuntime()},
                  {"qt", qVersion()}}},
                {"files", written}};
  writeFileAtomically(out + "/manifest.json", jsonText(manifest) + "\n");
  written.push_back("manifest.json");
  return {written, md};
}

}  // namespace faultlens::report
