#include "app/gui/ReportController.h"

#include <QCoreApplication>

#include <memory>
#include <nlohmann/json.hpp>

#include "app/report/PaperReport.h"
#include "core/Error.h"
#include "core/model/Model.h"
#include "core/campaign/PaperProtocol.h"
#include "core/data/Dataset.h"

namespace faultlens::app {
namespace {

QString stageText(report::ReportStage stage) {
  switch (stage) {
    case report::ReportStage::ProfileRanges:
      return ReportController::tr("Profiling the clamp ranges of both models on the training data…");
    case report::ReportStage::EvaluateBaseline:
      return ReportController::tr("Evaluating the baseline and profiling its activation ranges…");
    case report::ReportStage::EvaluateGuided:
      return ReportController::tr("Evaluating the text-guided model and profiling its activation ranges…");
    case report::ReportStage::Campaign: return ReportController::tr("Running the campaign…");
    case report::ReportStage::CamGrids: return ReportController::tr("Computing the Ablation-CAM grids…");
    case report::ReportStage::CamChanges:
      return ReportController::tr("Measuring how far the Ablation-CAMs move under weight faults…");
    case report::ReportStage::BitErrorRates:
      return ReportController::tr("Measuring the accuracy under weight bit-error rates…");
    case report::ReportStage::Done: break;
  }
  return ReportController::tr("Drawing the figures…");
}

/// What the manifest records of a GUI export, so the CLI can repeat it.
nlohmann::json invocationJson(const ReportJob& job) {
  const auto& r = job.request;
  return {{"command", "faultlens: File > Export all figures"},
          {"baseline", job.baseline.toStdString()},
          {"guided", job.guided.toStdString()},
          {"data", job.data.toStdString()},
          {"images", r.images},
          {"campaign", r.campaignDirectory.toStdString()},
          {"injections", r.injections},
          {"protocol", r.paperProtocol ? "paper" : "raw"},
          {"profile_data", r.profileData.toStdString()},
          {"cam_weight_faults", r.camWeightFaults},
          {"cam_opacity", job.cam.opacity},
          {"cam_colour_bar", job.cam.colourBar},
          {"figure_size", r.figure.sizeName().toStdString()},
          {"font_size", r.figure.fontPoints},
          {"legend", widgets::FigureStyle::legendName(r.figure.legend).toStdString()},
          {"dpi", r.figure.dpi}};
}

}  // namespace

ReportController::ReportController(QObject* parent) : EngineJob(parent) {}

ReportController::~ReportController() { stopAndWait(); }

void ReportController::start(const ReportJob& job) {
  if (!launch([this, job] { run(job); })) Q_EMIT failed(tr("An export is already running."));
}

void ReportController::run(ReportJob job) {
  const std::string out = job.request.directory.toStdString();
  try {
    if (job.baseline.isEmpty() || job.guided.isEmpty())
      throw Error("load a baseline and a text-guided model first: the report compares the two");
    if (job.data.isEmpty()) throw Error("open a data set first");
    // The first steps take seconds to minutes (int8 scales profile 512 images): named too.
    post([this] { Q_EMIT progress(tr("Loading the models and the data set…"), 0.0); });
    ModelLoadOptions onDevice;
    onDevice.device = job.device;
    const auto baseline = Model::load(job.baseline.toStdString(), onDevice);
    const auto guided = Model::load(job.guided.toStdString(), onDevice);
    const auto data = openDataset(job.data.toStdString());
    // The paper's protocol profiles clamp ranges on training data: the known training split
    // of the data set, or profiles already in the campaign directory (else a clear error).
    std::unique_ptr<Dataset> profileData;
    if (job.request.campaignDirectory.isEmpty() && job.request.paperProtocol) {
      const std::string spec = job.request.profileData.isEmpty() ? defaultProfileDataFor(job.data.toStdString())
                                                                 : job.request.profileData.toStdString();
      if (!spec.empty()) profileData = openDataset(spec);
    }
    report::ReportSettings settings;
    settings.limit = static_cast<std::size_t>(std::max(0, job.request.images));
    settings.campaignDir = job.request.campaignDirectory.toStdString();
    settings.injections = job.request.injections;
    settings.protocol = job.request.paperProtocol ? Protocol::Paper : Protocol::Raw;
    settings.camImages.assign(job.request.camImages.begin(), job.request.camImages.end());
    settings.camWeightFaults = job.request.camWeightFaults;
    settings.camLayer = job.cam.layer;
    settings.grid = camGridOptions(job.cam);
    settings.figure = job.request.figure;
    settings.format = job.format;
    // int8: the workbench's scales (or, not known, profiled as the workbench does), so the
    // report's numbers are the ones the workbench shows; a stored campaign brings its own.
    settings.scalesInUse = job.formatScales;
    settings.profileScalesOnData = true;
    report::ReportObserver observer;
    observer.stop = &stopFlag();
    observer.onProgress = [this, last = -1](report::ReportStage stage, double fraction) mutable {
      const int permille = static_cast<int>(1000 * fraction) + 1000 * static_cast<int>(stage);
      if (permille / 5 == last) return;  // at most 200 updates per stage reach the GUI
      last = permille / 5;
      post([this, text = stageText(stage), fraction] { Q_EMIT progress(text, fraction); });
    };
    std::shared_ptr<report::ReportData> result(
        report::computeReport({baseline.get(), guided.get(), data.get(), profileData.get()}, settings, out, observer)
            .release(),
        report::ReportDataDeleter{});
    post([this] { Q_EMIT progress(stageText(report::ReportStage::Done), 1.0); });
    postFinal([this, result, job] {
      try {
        const auto files = report::writeReport(*result, job.request.directory.toStdString(), invocationJson(job));
        Q_EMIT finished(true, tr("Wrote %1 files to %2").arg(files.files.size()).arg(job.request.directory));
      } catch (const std::exception& e) {
        const QString error = QString::fromStdString(e.what());
        Q_EMIT failed(error);
        Q_EMIT finished(false, tr("Export failed: %1").arg(error));
      }
    });
  } catch (const report::ReportCancelled&) {
    postFinal([this, out = job.request.directory] {
      Q_EMIT finished(
          false,
          tr("Export cancelled before any figure was written to %1; a campaign it started resumes at the next export")
              .arg(out));
    });
  } catch (const std::exception& e) {
    const QString error = QString::fromStdString(e.what());
    postFinal([this, error] {
      Q_EMIT failed(error);
      Q_EMIT finished(false, tr("Export failed: %1").arg(error));
    });
  }
}

}  // namespace faultlens::app
