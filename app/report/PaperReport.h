#pragma once
// The paper's figure and table set for a baseline and a text-guided model on one data set
// Top2Diff sweep with McNemar's test, per-layer activation ranges, campaign
// mismatch rates and ΔLoss improvement factors, Ablation-CAM grids clean/faulty ×
// baseline/text-guided, how far CAMs move under weight faults over many images, Table 1 as CSV/Markdown/LaTeX and a
// manifest to repeat the run.
//
// Two steps, because they have different threads: computeReport() does the engine work
// (minutes; any thread, cancellable) and writeReport() draws the plots with the
// workbench's QCustomPlot views (a second; the thread that owns the QApplication).
// `faultlens-cli report` and the GUI's File ▸ Export all figures both run exactly these.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "core/Error.h"
#include "core/analysis/CamImage.h"
#include "core/formats/NumberFormat.h"
#include "core/campaign/CampaignPlan.h"
#include "widgets/plots/FigureStyle.h"

namespace faultlens {
class Model;
class Dataset;
}  // namespace faultlens

namespace faultlens::report {

struct ReportSettings {
  std::size_t offset = 0;  ///< first image for accuracy, sweep and ranges
  std::size_t limit = 0;   ///< images from `offset`; 0: to the end of the data set
  /// A finished two-model campaign (baseline first) to report; empty: run the paper's
  /// campaign into OUT/campaign (resumed there when it was interrupted).
  std::string campaignDir;
  int injections = 4096;  ///< per layer and model, when the campaign runs here
  /// The campaign's protocol when it runs here: the paper's by default, so Table 1 means
  /// what the paper's Table 1 means.
  Protocol protocol = Protocol::Paper;
  std::size_t profileImages = 0;  ///< paper protocol: training images to profile (0: all)
  std::uint64_t seed = 1;         ///< of that campaign and of the CAM weight faults
  std::vector<int> camImages{0, 1, 2, 3};
  int camWeightFaults = -1;  ///< random weight bit flips for the faulty CAMs; -1: the paper's density
  std::string camLayer;      ///< CAM target (convolution or block output); empty: the default
  /// Images (the first of the evaluated range) over which the CAM change metrics are
  /// measured, each under its own draw of camWeightFaults weight faults; 0: none.
  int camChangeImages = 100;
  CamGridOptions grid;
  /// Size, type, legend and PNG resolution of every figure (written into the manifest).
  widgets::FigureStyle figure;
  /// The number format both models compute in for every part of the report (accuracy,
  /// sweep, ranges, campaign, CAMs). computeReport puts the float32 models it is given in it,
  /// after taking the paper protocol's clamp profiles in float32 as `campaign` does.
  NumberFormat format;
  /// int8: the range profiles the user gave, one per model (`--ranges`); a given campaign's
  /// recorded scales must agree with them.
  ScalesPerModel givenScales;
  /// int8: the scales the same model files already compute with elsewhere (the
  /// workbench's), one per model; an empty entry: not known.
  ScalesPerModel scalesInUse;
  /// int8 without any of the above or clamp profiles: profile each layer's abs-max on the
  /// report's first images (the workbench's rule) instead of refusing (the command line's).
  bool profileScalesOnData = false;
  /// Weight bit-error rates of the accuracy-vs-BER figure; empty: no figure (the sweep costs
  /// trials × rates evaluations of berImages images per model).
  std::vector<double> berRates;
  int berTrials = 10;            ///< independent draws per rate
  std::size_t berImages = 1000;  ///< from the first evaluated image
};

struct ReportInputs {
  Model* baseline = nullptr;
  Model* guided = nullptr;
  const Dataset* data = nullptr;
  /// Training data the paper's protocol profiles the clamp ranges on, when the campaign
  /// runs here and OUT/campaign holds no profiles yet; null: they must be there.
  const Dataset* profileData = nullptr;
};

/// computeReport's steps, in order.
enum class ReportStage {
  ProfileRanges,  ///< the paper protocol's clamp profiles, on the training data (minutes on a large set)
  EvaluateBaseline,
  EvaluateGuided,
  Campaign,
  CamGrids,
  CamChanges,
  BitErrorRates,
  Done
};
const char* reportStageName(ReportStage stage);  ///< English, for the terminal

/// Progress of computeReport: the step and its fraction done (0..1).
struct ReportObserver {
  std::function<void(ReportStage stage, double fraction)> onProgress;
  const std::atomic<bool>* stop = nullptr;  ///< set: computeReport throws ReportCancelled soon
};

struct ReportCancelled : Error {
  ReportCancelled() : Error("report cancelled") {}
};

struct ReportData;  // everything computeReport found; opaque to callers
struct ReportDataDeleter {
  void operator()(ReportData* data) const;
};
using ReportDataPtr = std::unique_ptr<ReportData, ReportDataDeleter>;

/// The engine work. Throws Error for bad settings or files (naming them), ReportCancelled
/// when `observer.stop` is set. A campaign it runs itself goes to OUT/campaign.
ReportDataPtr computeReport(const ReportInputs& inputs, const ReportSettings& settings, const std::string& outDir,
                            const ReportObserver& observer = {});

struct ReportFiles {
  std::vector<std::string> files;  ///< names inside the output directory, manifest last
  std::string tableMarkdown;       ///< Table 1, as written to table1.md
};

/// Writes every figure, table and the manifest into `outDir` (each file atomically).
/// Needs a QApplication on the calling thread. `invocation` goes into the manifest as is
/// (the CLI's arguments, or the GUI's settings) so the run can be repeated.
ReportFiles writeReport(const ReportData& data, const std::string& outDir, const nlohmann::json& invocation);

}  // namespace faultlens::report
