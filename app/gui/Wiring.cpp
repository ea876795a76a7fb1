#include "app/gui/Wiring.h"

#include "app/gui/AnalysisController.h"
#include "app/gui/ReportController.h"
#include "app/gui/CampaignController.h"
#include "app/gui/Workbench.h"
#include "core/campaign/BitErrorRate.h"
#include "core/model/Devices.h"
#include "widgets/AnalysisPanel.h"
#include "widgets/CampaignPanel.h"
#include "widgets/ImageBrowser.h"
#include "widgets/ModelPanel.h"
#include "widgets/MainWindow.h"

namespace faultlens::app {
using widgets::MainWindow;
using widgets::ModelSlot;

void connectWorkbench(MainWindow& window, Workbench& workbench) {
  QObject::connect(&window, &MainWindow::openModelRequested, &workbench, &Workbench::loadModel);
  QObject::connect(&window, &MainWindow::openDataRequested, &workbench, &Workbench::openData);
  QObject::connect(&window, &MainWindow::imageSelected, &workbench, &Workbench::selectImage);
  QObject::connect(&window, &MainWindow::faultRequested, &workbench, &Workbench::setFault);
  QObject::connect(&window, &MainWindow::faultCleared, &workbench, &Workbench::clearFault);
  QObject::connect(&window, &MainWindow::numberFormatRequested, &workbench, &Workbench::setNumberFormat);
  QObject::connect(&workbench, &Workbench::numberFormatChanged, &window, &MainWindow::showNumberFormat);
  QObject::connect(&workbench, &Workbench::numberFormatFailed, &window, &MainWindow::showNumberFormatFailed);
  QStringList devices;
  for (const auto& device : availableDevices()) devices << QString::fromStdString(device);
  window.setComputeDevices(devices, workbench.device());
  QObject::connect(&window, &MainWindow::computeDeviceRequested, &workbench, &Workbench::setDevice);
  QObject::connect(&workbench, &Workbench::deviceChanged, &window, &MainWindow::showComputeDevice);
  QObject::connect(&workbench, &Workbench::deviceFailed, &window, [&window, &workbench](const QString& message) {
    window.showComputeDevice(workbench.device());  // the menu checks the device still in use
    window.showError(QObject::tr("Compute device"), message);
  });
  QObject::connect(&window, &MainWindow::camSettingsChanged, &workbench, &Workbench::setCamSettings);
  QObject::connect(&window, &MainWindow::activationMapRequested, &workbench, &Workbench::requestActivations);
  QObject::connect(&workbench, &Workbench::activationsReady, &window, &MainWindow::showActivations);
  QObject::connect(&window, &MainWindow::randomWeightFaultsRequested, &workbench,
                   [&window, &workbench](int count, quint64 seed, ErrorModel model) {
                     try {
                       auto faults = workbench.randomWeightFaults(count, seed, model);
                       if (faults.empty()) {
                         window.showError(QObject::tr("No weight faults"), QObject::tr("Load a model first."));
                         return;
                       }
                       workbench.setWeightFaults(std::move(faults));
                       window.showStatus(QObject::tr("Applied %1 random weight faults (seed %2, %3) to both models")
                                             .arg(count)
                                             .arg(seed)
                                             .arg(QString::fromLatin1(errorModelName(model))));
                     } catch (const std::exception& e) {
                       window.showError(QObject::tr("No weight faults"), QString::fromStdString(e.what()));
                     }
                   });
  QObject::connect(&workbench, &Workbench::faultyPredictionReady, &window, &MainWindow::showFaultyPrediction);
  QObject::connect(&workbench, &Workbench::layerProfileReady, window.analysisPanel(),
                   &widgets::AnalysisPanel::showImageProfile);
  QObject::connect(&workbench, &Workbench::faultProblem, &window, &MainWindow::showFaultProblem);
  // A new image shows its clean prediction first; the faulty one follows when a fault is set.
  QObject::connect(&window, &MainWindow::imageSelected, &window, &MainWindow::clearFaultyPredictions);

  QObject::connect(&workbench, &Workbench::modelLoading, &window, &MainWindow::showModelLoading);
  QObject::connect(&workbench, &Workbench::modelLoaded, &window, &MainWindow::showModel);
  QObject::connect(&workbench, &Workbench::modelFailed, &window, &MainWindow::showModelFailed);
  QObject::connect(&workbench, &Workbench::modelClosed, &window, &MainWindow::showModelClosed);
  QObject::connect(&workbench, &Workbench::inputSpecNeeded, &window, &MainWindow::askInputSpec);
  QObject::connect(&window, &MainWindow::inputSpecChosen, &workbench, &Workbench::loadModelWithInput);
  QObject::connect(&workbench, &Workbench::dataOpened, &window, &MainWindow::showDataSet);
  QObject::connect(&workbench, &Workbench::dataFailed, &window, [&window](const QString& message) {
    window.showError(QObject::tr("Cannot open data set"), message);
  });
  QObject::connect(&workbench, &Workbench::imageReady, &window, &MainWindow::showImage);
  QObject::connect(&workbench, &Workbench::camFigureReady, &window, &MainWindow::setCamFigure);
  QObject::connect(&workbench, &Workbench::camGridReady, &window, &MainWindow::showCamGrid);
  QObject::connect(&workbench, &Workbench::camFailed, &window, [&window](const QString& message) {
    window.showCamMessage(QObject::tr("Ablation-CAM unavailable: %1").arg(message));
  });
  QObject::connect(&workbench, &Workbench::predictionReady, &window, &MainWindow::showPrediction);
  QObject::connect(&workbench, &Workbench::predictionFailed, &window, [&window](ModelSlot, const QString& message) {
    window.showError(QObject::tr("Inference failed"), message);
  });
}

void connectCampaigns(MainWindow& window, const Workbench& workbench, CampaignController& campaigns) {
  using widgets::CampaignPanel;
  CampaignPanel* panel = window.campaignPanel();
  QObject::connect(panel, &CampaignPanel::startRequested, &campaigns,
                   [&workbench, &campaigns](widgets::CampaignRequest request) {
                     if (request.models.isEmpty()) {
                       for (ModelSlot slot : {ModelSlot::Baseline, ModelSlot::Guided})
                         if (workbench.hasModel(slot)) {
                           request.models << workbench.modelPath(slot);
                           request.formatScales.push_back(workbench.formatScales(slot));
                         }
                       request.data = workbench.dataSpec();
                     }
                     request.device = workbench.device();
                     campaigns.start(request);
                   });
  QObject::connect(panel, &CampaignPanel::cancelRequested, &campaigns, &CampaignController::cancel);
  QObject::connect(&workbench, &Workbench::numberFormatChanged, panel, [panel](const NumberFormat& format) {
    panel->offerNumberFormat(QString::fromStdString(format.name()));
  });
  QObject::connect(panel, &CampaignPanel::openRequested, &campaigns, &CampaignController::open);
  QObject::connect(&campaigns, &CampaignController::preparing, panel, &CampaignPanel::showPreparing);
  QObject::connect(&campaigns, &CampaignController::started, panel, &CampaignPanel::showStarted);
  QObject::connect(&campaigns, &CampaignController::progress, panel, &CampaignPanel::showProgress);
  QObject::connect(&campaigns, &CampaignController::summariesReady, panel, &CampaignPanel::showSummaries);
  QObject::connect(&campaigns, &CampaignController::pairedReady, panel, &CampaignPanel::showPairedComparison);
  QObject::connect(&campaigns, &CampaignController::fragilityReady, panel, &CampaignPanel::showFragileInputs);
  QObject::connect(&campaigns, &CampaignController::narrowingReady, panel, &CampaignPanel::showNarrowing);
  // A fragile image clicked in the campaign view becomes the workbench's image.
  QObject::connect(panel, &CampaignPanel::imageRequested, &window, [&window](int image) {
    if (!window.imageBrowser()->selectImage(image)) Q_EMIT window.imageSelected(image);
  });
  QObject::connect(&campaigns, &CampaignController::opened, panel, &CampaignPanel::setRequest);
  QObject::connect(&campaigns, &CampaignController::finished, panel, &CampaignPanel::showFinished);
  QObject::connect(&campaigns, &CampaignController::storedCampaignOpened, panel, &CampaignPanel::showStoredState);
  QObject::connect(&campaigns, &CampaignController::failed, &window,
                   [&window](const QString& message) { window.showError(QObject::tr("Campaign"), message); });
}

namespace {

/// The models loaded now, baseline first: what an analysis loads for itself.
ModelFiles loadedModels(const Workbench& workbench) {
  ModelFiles models;
  models.device = workbench.device().toStdString();
  for (ModelSlot slot : {ModelSlot::Baseline, ModelSlot::Guided})
    if (workbench.hasModel(slot)) {
      models.paths << workbench.modelPath(slot);
      models.scales.push_back(workbench.formatScales(slot));
    }
  return models;
}

}  // namespace

void connectAnalyses(MainWindow& window, const Workbench& workbench, AnalysisController& analyses) {
  using widgets::AnalysisPanel;
  AnalysisPanel* panel = window.analysisPanel();
  QObject::connect(panel, &AnalysisPanel::computeRequested, &analyses, [&workbench, &analyses](int images) {
    analyses.start(loadedModels(workbench), workbench.dataSpec(), images, workbench.numberFormat());
  });
  QObject::connect(panel, &AnalysisPanel::bitErrorRatesRequested, &analyses,
                   [&window, &workbench, &analyses, panel](int images, const QString& text, int trials, int seed) {
                     std::vector<double> rates;
                     try {
                       rates = parseBitErrorRates(text.trimmed().toStdString());
                     } catch (const std::exception& e) {
                       const QString message = QObject::tr("Bit-error rates: %1").arg(QString::fromStdString(e.what()));
                       panel->showFinished(message);
                       window.showError(QObject::tr("Analysis"), message);
                       return;
                     }
                     analyses.startBitErrorRates(loadedModels(workbench), workbench.dataSpec(), images,
                                                 workbench.numberFormat(), rates, trials, seed);
                   });
  QObject::connect(&analyses, &AnalysisController::bitErrorRatesReady, panel, &AnalysisPanel::showBitErrorRates);
  QObject::connect(panel, &AnalysisPanel::cancelRequested, &analyses, &AnalysisController::cancel);
  // A run for models or data that have since changed would deliver stale results.
  QObject::connect(&workbench, &Workbench::modelLoaded, &analyses, &AnalysisController::cancel);
  QObject::connect(&workbench, &Workbench::dataOpened, &analyses, &AnalysisController::cancel);
  QObject::connect(&analyses, &AnalysisController::progress, panel, &AnalysisPanel::showProgress);
  QObject::connect(&analyses, &AnalysisController::rangesReady, panel, &AnalysisPanel::showRanges);
  QObject::connect(&analyses, &AnalysisController::sweepReady, panel, &AnalysisPanel::showSweep);
  QObject::connect(&analyses, &AnalysisController::accuracyReady, &window,
                   [&window](ModelSlot slot, const QString& text) { window.panel(slot)->setAccuracy(text); });
  QObject::connect(&analyses, &AnalysisController::imagesEvaluated, &window,
                   [&window](ModelSlot slot, const widgets::ImageEvaluation& evaluation) {
                     window.imageBrowser()->setEvaluation(static_cast<int>(slot), evaluation);
                   });
  QObject::connect(&analyses, &AnalysisController::finished, panel,
                   [panel](bool, const QString& message) { panel->showFinished(message); });
  QObject::connect(&analyses, &AnalysisController::failed, &window,
                   [&window](const QString& message) { window.showError(QObject::tr("Analysis"), message); });
}

void connectReports(MainWindow& window, const Workbench& workbench, ReportController& reports) {
  QObject::connect(
      &window, &MainWindow::exportAllFiguresRequested, &reports,
      [&workbench, &reports, &window](const widgets::ReportRequest& request) {
        ReportJob job;
        if (workbench.hasModel(ModelSlot::Baseline)) job.baseline = workbench.modelPath(ModelSlot::Baseline);
        if (workbench.hasModel(ModelSlot::Guided)) job.guided = workbench.modelPath(ModelSlot::Guided);
        job.data = workbench.dataSpec();
        job.request = request;
        job.cam = workbench.camSettings();
        job.format = workbench.numberFormat();
        job.device = workbench.device().toStdString();
        job.formatScales = {workbench.formatScales(ModelSlot::Baseline), workbench.formatScales(ModelSlot::Guided)};
        window.showReportProgress(QObject::tr("Starting…"), 0.0);
        reports.start(job);
      });
  QObject::connect(&window, &MainWindow::reportCancelRequested, &reports, &ReportController::cancel);
  QObject::connect(&reports, &ReportController::progress, &window, &MainWindow::showReportProgress);
  QObject::connect(&reports, &ReportController::finished, &window, &MainWindow::showReportFinished);
  QObject::connect(&reports, &ReportController::failed, &window,
                   [&window](const QString& message) { window.showError(QObject::tr("Export all figures"), message); });
}

}  // namespace faultlens::app
