// faultlens: the workbench GUI. Opens the built-in demo models (when shipped) and the
// Fashion-MNIST test set unless told otherwise on the command line.
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QSaveFile>
#include <QTimer>
#include <QFileInfo>

#include <cstdio>
#include <variant>

#include "app/gui/AnalysisController.h"
#include "app/gui/CampaignController.h"
#include "app/gui/ReportController.h"
#include "app/gui/StartupOptions.h"
#include "app/gui/ProjectSession.h"
#include "app/gui/Translations.h"
#include "app/gui/Wiring.h"
#include "app/gui/Workbench.h"
#include "core/Error.h"
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

namespace app = faultlens::app;

void setIdentity() {
  QCoreApplication::setApplicationName("FaultLens");
  QCoreApplication::setOrganizationName("FaultLens");
  QCoreApplication::setApplicationVersion(FAULTLENS_VERSION);
}

}  // namespace

int main(int argc, char** argv) {
  if (app::asksForHelpOrVersion(argc, argv)) {
    // Answered on the console: no display needed (a QApplication would abort without one).
    QCoreApplication console(argc, argv);
    setIdentity();
    const auto answer = app::parseStartupOptions(QCoreApplication::arguments());
    return std::holds_alternative<int>(answer) ? std::get<int>(answer) : 0;
  }
  QApplication application(argc, argv);
  setIdentity();
  app::installTranslations(application);
  const auto parsed = app::parseStartupOptions(QCoreApplication::arguments());
  if (std::holds_alternative<int>(parsed)) return std::get<int>(parsed);
  const app::StartupOptions& options = std::get<app::StartupOptions>(parsed);
  faultlens::configureRuntime(options.threads);

  faultlens::widgets::MainWindow window;
  window.setVersionInfo(
      QStringLiteral("Qt %1 · LibTorch %2").arg(qVersion(), QString::fromStdString(faultlens::libtorchVersion())));
  app::Workbench workbench;
  app::connectWorkbench(window, workbench);
  app::CampaignController campaigns;
  app::connectCampaigns(window, workbench, campaigns);
  app::AnalysisController analyses;
  app::connectAnalyses(window, workbench, analyses);
  app::ReportController reports;
  app::connectReports(window, workbench, reports);

  using faultlens::widgets::ModelSlot;
  const struct {
    ModelSlot slot;
    QString given, demo;
  } models[] = {{ModelSlot::Baseline, options.baseline, "fashion_baseline.pt"},
                {ModelSlot::Guided, options.guided, "fashion_textguided.pt"}};
  for (const auto& m : models) {
    if (!options.project.isEmpty()) break;  // the project names its own models
    const QString path = m.given.isEmpty() ? demoModelPath(m.demo) : m.given;
    if (path.isEmpty())
      window.showModelMissing(m.slot, QObject::tr("No demo model %1 is shipped in resources/models yet. "
                                                  "Open a TorchScript model with File ▸ Open or drop one here.")
                                          .arg(m.demo));
    else workbench.loadModel(m.slot, path);
  }
  if (options.fault) {
    const faultlens::FaultSpec spec = *options.fault;
    workbench.setFault(spec, faultlens::ErrorModel::BitFlip);
    // Show it in the editor once the layer list is there.
    QObject::connect(&workbench, &app::Workbench::modelLoaded, &window, [&window, spec] {
      auto* editor = window.faultEditor();
      if (editor->selectLayer(QString::fromStdString(spec.layerName))) {
        editor->setCoordinates(spec.coords);
        editor->setBit(spec.bit);
      }
    });
  }
  if (!options.view.isEmpty() && !window.showView(options.view)) {
    std::fprintf(stderr, "faultlens: --view expects images, fault, cam, map, analyses or campaign\n");
    return 2;
  }
  if (!options.campaignDir.isEmpty()) campaigns.open(options.campaignDir);
  // Both need the models and the data: the engine thread delivers those in order, so
  // they are there once the data set is.
  if (options.analyseImages > 0)
    QObject::connect(
        &workbench, &app::Workbench::dataOpened, &window,
        [&window, n = options.analyseImages] { window.analysisPanel()->compute(n); }, Qt::SingleShotConnection);
  if (options.weightFaults > 0)
    QObject::connect(
        &workbench, &app::Workbench::dataOpened, &window,
        [&window, n = options.weightFaults] {
          Q_EMIT window.randomWeightFaultsRequested(n, 1, faultlens::ErrorModel::BitFlip);
        },
        Qt::SingleShotConnection);
  QObject::connect(
      &workbench, &app::Workbench::dataOpened, &window,
      [&window, startImage = options.image] {
        if (!window.imageBrowser()->selectImage(startImage))
          window.showError(QObject::tr("Image not in the data set"),
                           QObject::tr("--image %1 is outside the data set (%2 images).")
                               .arg(startImage)
                               .arg(window.imageBrowser()->imageCount()));
      },
      Qt::SingleShotConnection);
  app::ProjectSession session(window, workbench);
  if (!options.project.isEmpty()) session.openProject(options.project);
  else workbench.openData(options.data);
  window.show();
  if (!options.screenshot.isEmpty()) {
    // Poll until the engine has been idle for two ticks (results delivered and painted).
    auto* timer = new QTimer(&window);
    auto idleTicks = std::make_shared<int>(0);
    auto waited = std::make_shared<QElapsedTimer>();
    waited->start();
    QObject::connect(timer, &QTimer::timeout, &window, [&, timer, idleTicks, waited, file = options.screenshot] {
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
  const int rc = application.exec();
  workbench.waitForIdle();
  return rc;
}
