// faultlens-cli report: the paper's figure and table set for two models on one data set
// (issue 5): Top2Diff sweep with McNemar's test, per-layer activation ranges, a campaign
// (run here or read from a finished one), Ablation-CAM grids clean/faulty × baseline/
// text-guided, Table 1 as CSV/Markdown/LaTeX, and a manifest to repeat the run.
// Plots are drawn by the workbench's own QCustomPlot views on an offscreen platform.
#include <QApplication>
#include <QDir>
#include <QString>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/cli/Commands.h"
#include "core/Error.h"
#include "core/Evaluation.h"
#include "core/FaultSampler.h"
#include "core/FileIO.h"
#include "core/Runtime.h"
#include "core/WeightFaults.h"
#include "core/analysis/AblationCam.h"
#include "core/analysis/ActivationRanges.h"
#include "core/analysis/CamImage.h"
#include "core/analysis/Top2DiffSweep.h"
#include "core/data/Dataset.h"
#include "core/data/Preprocess.h"
#include "widgets/plots/PlotDataFromEngine.h"
#include "widgets/plots/PlotExport.h"
#include "widgets/plots/PlotViews.h"

namespace faultlens::cli {
namespace {
namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr int kSweepFrom = 1, kSweepTo = 40;

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

/// Writes every figure format and the data behind the plot; returns the file names.
std::vector<std::string> savePlot(widgets::AnalysisPlot& plot, const std::string& dir, const std::string& stem, int dpi) {
  std::vector<std::string> files;
  widgets::PlotExportOptions options;
  options.dpi = dpi;
  for (const char* suffix : {"pdf", "svg", "png"}) {
    const std::string path = dir + "/" + stem + "." + suffix;
    const QString error = widgets::exportPlot(plot, QString::fromStdString(path), options);
    if (!error.isEmpty()) throw Error(error.toStdString());
    files.push_back(stem + "." + suffix);
  }
  writeFileAtomically(dir + "/" + stem + ".csv", plot.dataCsv().toStdString());
  files.push_back(stem + ".csv");
  return files;
}

struct ModelUnderStudy {
  std::string role;
  std::unique_ptr<Model> model;
  EvaluationResult eval;
  std::vector<LayerRange> ranges;
};

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
  const std::uint64_t seed = p.uint64Value("seed", 1);
  if (offset < 0 || (p.has("limit") && limit < 1) || dpi < 30 || dpi > 2400 || p.intValue("cam-weight-faults", 0) < 0 ||
      injections < 1)
    throw UsageError("--offset, --limit, --dpi (30..2400), --cam-weight-faults and --injections need sensible values");
  const std::vector<int> camImages = p.has("cam-images") ? parseIndexList(p, "cam-images") : std::vector<int>{0, 1, 2, 3};
  CamGridOptions gridOptions;
  try {
    gridOptions.colours = parseCamColourMap(p.valueOr("colour-map", "jet"));
    gridOptions.scope = parseCamScaleScope(p.valueOr("scale", "shared"));
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) throw fileError(out, "cannot create the output directory: " + ec.message());

  // Plots need a QApplication; a report must also run on a cluster node without a display.
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  int qtArgc = 1;
  char qtName[] = "faultlens-cli";
  char* qtArgv[] = {qtName, nullptr};
  QApplication app(qtArgc, qtArgv);

  const ModelLoadOptions loadOptions = modelLoadOptions(p);
  std::vector<ModelUnderStudy> models(2);
  models[0].role = "baseline";
  models[1].role = "text-guided";
  models[0].model = Model::load(p.value("baseline"), loadOptions);
  models[1].model = Model::load(p.value("guided"), loadOptions);
  const std::string dataSpec = p.valueOr("data", "fashion-mnist");
  auto data = openDataset(dataSpec);
  const std::size_t end = limit < 0 ? data->size() : std::min(data->size(), static_cast<std::size_t>(offset) + limit);
  std::vector<std::string> written;

  // 1. Accuracy and Top2Diff per image, with the activation ranges collected in the same
  // passes; then the sweep and McNemar's test.
  for (auto& m : models) {
    std::cerr << "evaluating " << m.role << " and profiling its activation ranges on " << end - offset << " images\n";
    StatisticsCollector collector;
    m.eval = evaluate(*m.model, *data, offset, end, 256, {}, &collector);
    m.ranges = layerRanges(*m.model, collector);
  }
  const PairedSweep sweep = comparePairedSweeps(models[0].eval.correctPerImage, models[0].eval.top2Diffs,
                                                models[1].eval.correctPerImage, models[1].eval.top2Diffs, kSweepFrom,
                                                kSweepTo);
  const auto& sweepA = sweep.baseline;
  const auto& sweepB = sweep.guided;
  const auto& inflection = sweep.inflection;
  const auto& mcnemar = sweep.mcnemar;
  {
    widgets::Top2DiffSweepPlot plot;
    plot.setData(widgets::top2DiffSweepData(sweep));
    auto files = savePlot(plot, out, "top2diff_sweep", dpi);
    written.insert(written.end(), files.begin(), files.end());
  }

  // 2. Activation ranges over the same images (collected in step 1).
  {
    QVector<widgets::ActivationRangeSeries> series;
    for (auto& m : models) {
      series << widgets::activationRangeSeries(QString::fromStdString(m.role), m.ranges);
      writeFileAtomically(out + "/activation_ranges_" + m.role + ".json", activationRangesJson(m.ranges, m.model->path()));
      written.push_back("activation_ranges_" + m.role + ".json");
    }
    widgets::ActivationRangePlot plot;
    plot.setSeries(series);
    auto files = savePlot(plot, out, "activation_ranges", dpi);
    written.insert(written.end(), files.begin(), files.end());
  }

  // 3. Campaign: read a finished one or run the paper's setting here.
  std::string campaignDir = p.valueOr("campaign", "");
  if (campaignDir.empty()) {
    campaignDir = out + "/campaign";
    std::cerr << "running the campaign (" << injections << " injections per layer and model) into " << campaignDir << "\n";
    std::vector<std::string> campaignArgs{"--model", p.value("baseline"), "--model", p.value("guided"), "--data", dataSpec,
                                          "--out", campaignDir, "--injections", std::to_string(injections),
                                          "--seed", std::to_string(seed)};
    if (const int rc = runCampaign(campaignArgs); rc != 0) throw Error("the campaign stopped (exit " + std::to_string(rc) + ")");
  }
  const std::string summaryPath = campaignDir + "/summary.json";
  json summary;
  try {
    summary = json::parse(readFileBytes(summaryPath));
  } catch (const json::exception& e) {
    throw fileError(summaryPath, std::string("not a campaign summary: ") + e.what());
  }
  if (!summary.contains("models") || summary["models"].size() != 2 || !summary.contains("improvement"))
    throw fileError(summaryPath, "needs a two-model campaign (baseline first, text-guided second)");
  {
    QVector<widgets::CampaignResultSeries> series;
    for (int m = 0; m < 2; ++m) {
      widgets::CampaignResultSeries s;
      s.model = QString::fromStdString(models[m].role);
      for (const auto& l : summary["models"][m]["layers"]) {
        s.layers << QString::fromStdString(l["layer"].get<std::string>());
        s.mismatchRate << l["mismatch_rate"].get<double>();
        s.low << l["mismatch_ci99"][0].get<double>();
        s.high << l["mismatch_ci99"][1].get<double>();
        // JSON writes NaN/Inf as null: read those back as NaN (plotted as absent).
        const auto value = [](const json& v) { return v.is_number() ? v.get<double>() : std::nan(""); };
        s.deltaLoss << value(l["mean_delta_loss"]);
        s.deltaLow << value(l["delta_loss_ci99"][0]);
        s.deltaHigh << value(l["delta_loss_ci99"][1]);
      }
      series << s;
    }
    widgets::CampaignResultPlot plot;
    plot.setSeries(series);
    auto files = savePlot(plot, out, "campaign_mismatch", dpi);
    written.insert(written.end(), files.begin(), files.end());
    widgets::CampaignDeltaLossPlot deltaLoss;
    deltaLoss.setSeries(series);
    files = savePlot(deltaLoss, out, "campaign_delta_loss", dpi);
    written.insert(written.end(), files.begin(), files.end());
  }

  // 4. Ablation-CAM grids: clean and under the same random weight faults in both models.
  const auto layerShapes = [](const Model& m) {
    std::vector<std::vector<std::int64_t>> shapes;
    for (const auto& l : m.layers()) shapes.push_back(l.weightShape);
    return shapes;
  };
  if (layerShapes(*models[0].model) != layerShapes(*models[1].model))
    throw Error("the two models' layers differ in weight shapes: the same fault sites cannot be used in both");
  // The paper flips 2000 weights of a ResNet-50 (25.5 M weights); the same density keeps
  // small models from drowning in NaN (2000 flips in the demo's 78 k weights would).
  std::int64_t weights = 0;
  for (const auto& l : models[0].model->layers()) weights += l.weightShape.empty() ? 0 : l.weightElements();
  const int paperDensity = static_cast<int>(std::max<std::int64_t>(1, std::llround(2000.0 * weights / 25.5e6)));
  const int camFaults = p.intValue("cam-weight-faults", paperDensity);
  const auto weightFaults = sampleNetworkWeightFaults(models[0].model->layers(), camFaults, seed);
  json camJson = json::array();
  for (int index : camImages) {
    if (index < 0 || static_cast<std::size_t>(index) >= data->size())
      throw UsageError("--cam-images: image " + std::to_string(index) + " is outside the data set (" +
                       std::to_string(data->size()) + " images)");
    std::vector<AblationCam> cams;  // baseline clean, faulty, guided clean, faulty
    json panels = json::array();
    for (auto& m : models) {
      Model& model = *m.model;
      const at::Tensor image = makeBatch(*data, {static_cast<std::size_t>(index)}, model.input()).images;
      AblationCamOptions options;
      if (p.has("cam-layer")) options.layer = model.layerIndex(p.value("cam-layer"));
      cams.push_back(computeAblationCam(model, image, options));
      options.targetClass = cams.back().targetClass;  // the faulty map explains the clean answer's class
      {
        ScopedWeightFaults faults(model, weightFaults);
        cams.push_back(computeAblationCam(model, image, options));
      }
      for (std::size_t k = cams.size() - 2; k < cams.size(); ++k)
        panels.push_back({{"model", m.role},
                          {"state", k % 2 ? "faulty" : "clean"},
                          {"layer", model.layers()[cams[k].layer].name},
                          {"class", model.className(cams[k].targetClass)},
                          {"score", std::isfinite(cams[k].score) ? json(cams[k].score) : json(nullptr)},
                          {"unreliable", cams[k].unreliable},
                          {"warning", cams[k].warning},
                          {"non_finite_pixels", cams[k].nonFinitePixels}});
    }
    const cv::Mat rgb = displayImage(data->image(index), models[0].model->input());
    const cv::Mat grid = composeCamGrid(rgb, {{"baseline", &cams[0], &cams[1]}, {"text-guided", &cams[2], &cams[3]}}, gridOptions);
    const std::string name = "cam_image" + std::to_string(index);
    writePngAtomically(out + "/" + name + ".png", grid);
    const json sidecar{{"image", index},
                       {"label", data->label(index) >= 0 ? json(data->classNames()[data->label(index)]) : json(nullptr)},
                       {"weight_faults", camFaults},
                       {"seed", seed},
                       {"colour_map", camColourMapName(gridOptions.colours)},
                       {"scale", camScaleScopeName(gridOptions.scope)},
                       {"panels", panels}};
    writeFileAtomically(out + "/" + name + ".json", sidecar.dump(2) + "\n");
    written.push_back(name + ".png");
    written.push_back(name + ".json");
    camJson.push_back(sidecar);
  }

  // 5. Table 1.
  const auto& improvement = summary["improvement"];
  const auto factor = [](const json& v) { return v.is_null() ? NAN : v.get<double>(); };
  const double lastFactor = factor(improvement["layers"].back()["improvement_factor"]);
  const double networkFactor = factor(improvement["network"]);
  const std::string lastLayer = improvement["layers"].back()["layer"].get<std::string>();
  struct Row {
    std::string what, baseline, guided, comparison;
  };
  const auto macsA = macsPerImage(*models[0].model), macsB = macsPerImage(*models[1].model);
  const auto lossOf = [&](int m, const std::string& key) { return summary["models"][m][key].get<double>(); };
  const auto lastLossOf = [&](int m) { return summary["models"][m]["layers"].back()["mean_delta_loss"].get<double>(); };
  const std::vector<Row> rows{
      {"accuracy (%)", number(100 * models[0].eval.accuracy(), "%.2f"), number(100 * models[1].eval.accuracy(), "%.2f"),
       "McNemar p = " + number(mcnemar.pValue, "%.3g")},
      {"mean Top2Diff (pp)", number(models[0].eval.meanTop2Diff, "%.2f"), number(models[1].eval.meanTop2Diff, "%.2f"),
       inflection ? "inflection δ = " + std::to_string(*inflection) : std::string("no inflection in 1..40")},
      {"parameters", std::to_string(models[0].model->parameterCount()), std::to_string(models[1].model->parameterCount()),
       "difference " + std::to_string(models[1].model->parameterCount() - models[0].model->parameterCount())},
      {"conv/linear FLOPs per image", std::to_string(2 * macsA), std::to_string(2 * macsB),
       "difference " + std::to_string(2 * (macsB - macsA))},
      {"ΔLoss, last layer (" + lastLayer + ")", number(lastLossOf(0)), number(lastLossOf(1)),
       "improvement factor " + number(lastFactor)},
      {"ΔLoss, network (mean over layers)", number(lossOf(0, "network_delta_loss")), number(lossOf(1, "network_delta_loss")),
       "improvement factor " + number(networkFactor)},
      {"mismatch rate, network (%)", number(100 * lossOf(0, "network_mismatch_rate"), "%.3f"),
       number(100 * lossOf(1, "network_mismatch_rate"), "%.3f"), ""},
  };
  std::string csv = "quantity,baseline,text_guided,comparison\n", md = "| quantity | baseline | text-guided | comparison |\n|---|---|---|---|\n";
  std::string tex = "% faultlens-cli report: Table 1\n\\begin{tabular}{lrrl}\n\\hline\nquantity & baseline & text-guided & comparison \\\\\n\\hline\n";
  const auto texEscape = [](std::string s) {
    std::string o;
    for (char c : s) {
      if (c == '%' || c == '_' || c == '&' || c == '#') o += '\\';
      o += c;
    }
    for (auto [from, to] : {std::pair<std::string, std::string>{"ΔLoss", "$\\Delta$Loss"}, {"δ", "$\\delta$"}}) {
      for (std::size_t at = o.find(from); at != std::string::npos; at = o.find(from, at + to.size())) o.replace(at, from.size(), to);
    }
    return o;
  };
  for (const auto& r : rows) {
    csv += "\"" + r.what + "\"," + r.baseline + "," + r.guided + ",\"" + r.comparison + "\"\n";
    md += "| " + r.what + " | " + r.baseline + " | " + r.guided + " | " + r.comparison + " |\n";
    tex += texEscape(r.what) + " & " + r.baseline + " & " + r.guided + " & " + texEscape(r.comparison) + " \\\\\n";
  }
  tex += "\\hline\n\\end{tabular}\n";
  writeFileAtomically(out + "/table1.csv", csv);
  writeFileAtomically(out + "/table1.md", md);
  writeFileAtomically(out + "/table1.tex", tex);
  written.insert(written.end(), {"table1.csv", "table1.md", "table1.tex"});

  json sweepJson{{"delta", json::array()}, {"baseline", sweepA}, {"text_guided", sweepB},
                 {"inflection", inflection ? json(*inflection) : json(nullptr)},
                 {"mcnemar", {{"baseline_only", mcnemar.baselineOnly}, {"guided_only", mcnemar.guidedOnly},
                              {"chi_square", mcnemar.chiSquare}, {"p_value_exact", mcnemar.pValue}}}};
  for (int d = kSweepFrom; d <= kSweepTo; ++d) sweepJson["delta"].push_back(d);
  writeFileAtomically(out + "/top2diff_sweep.json", sweepJson.dump(2) + "\n");
  written.push_back("top2diff_sweep.json");

  json manifest{{"command", "faultlens-cli report"},
                {"arguments", args},
                {"baseline", models[0].model->path()},
                {"guided", models[1].model->path()},
                {"data", data->source()},
                {"images", {offset, end}},
                {"campaign", campaignDir},
                {"seed", seed},
                {"cam_images", camImages},
                {"cam_weight_faults", camFaults},
                {"versions", {{"faultlens", FAULTLENS_VERSION}, {"libtorch", libtorchVersion()}, {"qt", qVersion()}}},
                {"files", written}};
  writeFileAtomically(out + "/manifest.json", manifest.dump(2) + "\n");
  std::printf("%s", md.c_str());
  std::cerr << "wrote " << written.size() + 1 << " files to " << out << "\n";
  return 0;
}

}  // namespace faultlens::cli
