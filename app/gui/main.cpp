// faultlens: the workbench GUI. Opens the built-in demo models (when shipped) and the
// Fashion-MNIST test set unless told otherwise on the command line.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QSaveFile>
#include <QTimer>
#include <QFileInfo>

#include <cstdio>
#include <limits>

#include "app/gui/AnalysisController.h"
#include "app/gui/CampaignController.h"
#include "app/gui/ReportController.h"
#include "app/gui/ProjectSession.h"
#include "app/gui/Translations.h"
#include "app/gui/Wiring.h"
#include "app/gui/Workbench.h"
#include "core/Error.h"
#include "core/FaultSampler.h"
#include "core/Runtime.h"
#include "widgets/AnalysisPanel.h"
#include "widgets/FaultEditor.h"
#include "widgets/ImageBrowser.h"
#include "widgets/MainWindow.h"

namespace {

/// Demo models ship in resources/models; an installed copy looks beside the executable.
QString demoModelPath(const QString& file) {
  for (const QString& dir : {QCoreApplication::applicationDirPath() + "/../share/faultlens/models",
                             QStringLiteral(FAULTLENS_RESOURCE_DIR "/models")}) {
    const QString path = QDir(dir).filePath(file);
    if (QFileInfo::exists(path)) return QFileInfo(path).canonicalFilePath();
  }
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("FaultLens");
  QApplication::setOrganizationName("FaultLens");
  QApplication::setApplicationVersion(FAULTLENS_VERSION);
  faultlens::app::installTranslations(app);

  QCommandLineParser cli;
  cli.setApplicationDescription("Hardware-fault analysis workbench for image classifiers.");
  cli.addHelpOption();
  cli.addVersionOption();
  QCommandLineOption baseline("baseline", "Baseline TorchScript model.", "MODEL");
  QCommandLineOption guided("guided", "Text-guided TorchScript model.", "MODEL");
  QCommandLineOption data("data", "Data set: fashion-mnist[:train|:test], IDX/CIFAR file or image folder.", "SPEC",
                          "fashion-mnist");
  QCommandLineOption threads("threads", "LibTorch threads (default: all hardware threads).", "N", "0");
  QCommandLineOption image("image", "Select this image index at start.", "INDEX", "0");
  QCommandLineOption screenshot("screenshot", "Once everything requested has loaded and been predicted, save a "
                                              "picture of the window to FILE and quit (exit 1 if that takes over "
                                              "120 s).", "FILE");
  QCommandLineOption fault("fault", "Inject this activation fault at start, e.g. fc@3:30 (LAYER@C,H,W:BIT).", "SPEC");
  QCommandLineOption project("project", "Open this project file (models, data, image, faults) instead of the demo.",
                             "FILE");
  QCommandLineOption view("view", "Show this dock at start: images, fault, cam, map (layer output), analyses or campaign.", "NAME");
  QCommandLineOption analyse("analyse", "Run the Analyses dock on the first N images of the data set at start.", "N");
  QCommandLineOption campaignDir("campaign", "Show this stored campaign (its directory) in the Campaign dock.", "DIR");
  QCommandLineOption weightFaults("weight-faults", "Apply N random weight faults (seed 1) at start.", "N");
  cli.addOptions({baseline, guided, data, threads, image, screenshot, fault, project, view, analyse, campaignDir,
                  weightFaults});
  cli.process(app);
  // Numbers are checked here, before a window opens: a typo must not become 0 (toInt()'s
  // answer to "abc") and then a confusing message much later.
  const auto wholeNumber = [&cli](const QCommandLineOption& option, long long min, long long max, int& out) {
    if (!cli.isSet(option)) return true;
    bool ok = false;
    const long long n = cli.value(option).toLongLong(&ok);
    if (ok && n >= min && n <= max) {
      out = static_cast<int>(n);
      return true;
    }
    std::fprintf(stderr, "faultlens: --%s expects a whole number from %lld to %lld, got '%s'\n",
                 qPrintable(option.names().first()), min, max, qPrintable(cli.value(option)));
    return false;
  };
  int startImage = 0, analyseCount = 0, weightFaultCount = 0;
  if (!wholeNumber(image, 0, std::numeric_limits<int>::max(), startImage) ||
      !wholeNumber(analyse, 1, std::numeric_limits<int>::max(), analyseCount) ||
      !wholeNumber(weightFaults, 1, faultlens::kMaxNetworkWeightFaults, weightFaultCount))
    return 2;

  try {
    faultlens::configureRuntime(cli.isSet(threads) ? faultlens::parseThreadCount(cli.value(threads).toStdString(),
                                                                                  "--threads")
                                                   : 0);
  } catch (const faultlens::Error& e) {
    std::fprintf(stderr, "faultlens: %s\n", e.what());
    return 2;
  }
  faultlens::widgets::MainWindow window;
  window.setVersionInfo(QStringLiteral("Qt %1 · LibTorch %2")
                            .arg(qVersion(), QString::fromStdString(faultlens::libtorchVersion())));
  faultlens::app::Workbench workbench;
  faultlens::app::connectWorkbench(window, workbench);
  faultlens::app::CampaignController campaigns;
  faultlens::app::connectCampaigns(window, workbench, campaigns);
  faultlens::app::AnalysisController analyses;
  faultlens::app::connectAnalyses(window, workbench, analyses);
  faultlens::app::ReportController reports;
  faultlens::app::connectReports(window, workbench, reports);

  using faultlens::widgets::ModelSlot;
  const struct {
    ModelSlot slot;
    QString given, demo;
  } models[] = {{ModelSlot::Baseline, cli.value(baseline), "fashion_baseline.pt"},
                {ModelSlot::Guided, cli.value(guided), "fashion_textguided.pt"}};
  for (const auto& m : models) {
    if (cli.isSet(project)) break;  // the project names its own models
    const QString path = m.given.isEmpty() ? demoModelPath(m.demo) : m.given;
    if (path.isEmpty())
      window.showModelMissing(m.slot, QObject::tr("No demo model %1 is shipped in resources/models yet. "
                                                  "Open a TorchScript model with File ▸ Open or drop one here.")
                                          .arg(m.demo));
    else
      workbench.loadModel(m.slot, path);
  }
  if (cli.isSet(fault)) {
    faultlens::FaultSpec spec;
    try {
      spec = faultlens::parseFaultSpec(cli.value(fault).toStdString());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "faultlens: %s\n", e.what());
      return 2;
    }
    workbench.setFault(spec, faultlens::ErrorModel::BitFlip);
    // Show it in the editor once the layer list is there.
    QObject::connect(&workbench, &faultlens::app::Workbench::modelLoaded, &window, [&window, spec] {
      auto* editor = window.faultEditor();
      if (editor->selectLayer(QString::fromStdString(spec.layerName))) {
        editor->setCoordinates(spec.coords);
        editor->setBit(spec.bit);
      }
    });
  }
  if (cli.isSet(view) && !window.showView(cli.value(view))) {
    std::fprintf(stderr, "faultlens: --view expects images, fault, cam, map, analyses or campaign\n");
    return 2;
  }
  if (cli.isSet(campaignDir)) campaigns.open(cli.value(campaignDir));
  // Both need the models and the data: the engine thread delivers those in order, so
  // they are there once the data set is.
  if (cli.isSet(analyse))
    QObject::connect(&workbench, &faultlens::app::Workbench::dataOpened, &window,
                     [&window, n = analyseCount] { window.analysisPanel()->compute(n); },
                     Qt::SingleShotConnection);
  if (cli.isSet(weightFaults))
    QObject::connect(&workbench, &faultlens::app::Workbench::dataOpened, &window,
                     [&window, n = weightFaultCount] {
                       Q_EMIT window.randomWeightFaultsRequested(n, 1, faultlens::ErrorModel::BitFlip);
                     }, Qt::SingleShotConnection);
  QObject::connect(&workbench, &faultlens::app::Workbench::dataOpened, &window,
                   [&window, startImage] {
                     if (!window.imageBrowser()->selectImage(startImage))
                       window.showError(QObject::tr("Image not in the data set"),
                                        QObject::tr("--image %1 is outside the data set (%2 images).")
                                            .arg(startImage)
                                            .arg(window.imageBrowser()->imageCount()));
                   },
                   Qt::SingleShotConnection);
  faultlens::app::ProjectSession session(window, workbench);
  if (cli.isSet(project))
    session.openProject(cli.value(project));
  else
    workbench.openData(cli.value(data));
  window.show();
  if (cli.isSet(screenshot)) {
    // Poll until the engine has been idle for two ticks (results delivered and painted).
    auto* timer = new QTimer(&window);
    auto idleTicks = std::make_shared<int>(0);
    auto waited = std::make_shared<QElapsedTimer>();
    waited->start();
    QObject::connect(timer, &QTimer::timeout, &window, [&, timer, idleTicks, waited, file = cli.value(screenshot)] {
      const bool busy = workbench.busy() || analyses.isRunning() || campaigns.isBusy();
      *idleTicks = busy ? 0 : *idleTicks + 1;
      const bool timedOut = waited->elapsed() > 120000;
      if (*idleTicks < 2 && !timedOut) return;
      timer->stop();
      QSaveFile out(file);  // atomic, like every file FaultLens writes
      const bool saved = out.open(QIODevice::WriteOnly) && window.grab().save(&out, "PNG") && out.commit();
      if (!saved) qWarning("cannot write screenshot %s", qPrintable(file));
      QApplication::exit(saved && !timedOut ? 0 : 1);
    });
    timer->start(250);
  }
  const int rc = app.exec();
  workbench.waitForIdle();
  return rc;
}
