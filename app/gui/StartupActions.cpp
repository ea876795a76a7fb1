#include "app/gui/StartupActions.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSaveFile>
#include <QTimer>

#include <cstdio>
#include <memory>

#include "app/gui/AnalysisController.h"
#include "app/gui/CampaignController.h"
#include "app/gui/StartupOptions.h"
#include "app/gui/Workbench.h"
#include "core/formats/NumberFormat.h"
#include "widgets/AnalysisPanel.h"
#include "widgets/FaultEditor.h"
#include "widgets/ImageBrowser.h"
#include "widgets/MainWindow.h"

namespace faultlens::app {
namespace {

using widgets::MainWindow;
using widgets::ModelSlot;

/// Demo models ship in resources/models; an installed copy looks beside the executable.
QString demoModelPath(const QString& file) {
  for (const QString& dir : {QCoreApplication::applicationDirPath() + "/../share/faultlens/models",
                             QStringLiteral(FAULTLENS_RESOURCE_DIR "/models")}) {
    const QString path = QDir(dir).filePath(file);
    if (QFileInfo::exists(path)) return QFileInfo(path).canonicalFilePath();
  }
  return {};
}

void openStartupModels(const StartupOptions& options, const WorkbenchParts& parts) {
  if (!options.project.isEmpty()) return;  // the project names its own models
  const struct {
    ModelSlot slot;
    QString given, demo;
  } models[] = {{ModelSlot::Baseline, options.baseline, "fashion_baseline.pt"},
                {ModelSlot::Guided, options.guided, "fashion_textguided.pt"}};
  for (const auto& m : models) {
    const QString path = m.given.isEmpty() ? demoModelPath(m.demo) : m.given;
    if (path.isEmpty())
      parts.window.showModelMissing(m.slot, QObject::tr("No demo model %1 is shipped in resources/models yet. "
                                                        "Open a TorchScript model with File ▸ Open or drop one here.")
                                                .arg(m.demo));
    else if (m.given.isEmpty()) parts.workbench.loadDemoModel(m.slot, path);
    else parts.workbench.loadModel(m.slot, path);
  }
}

void applyStartupFault(const FaultSpec& spec, const WorkbenchParts& parts) {
  parts.workbench.setFault(spec, ErrorModel::BitFlip);
  // Show it in the editor once the layer list is there.
  MainWindow* window = &parts.window;
  QObject::connect(&parts.workbench, &Workbench::modelLoaded, window,
                   [window, spec] { window->faultEditor()->showFault(spec, ErrorModel::BitFlip); });
}

/// Runs `step` once, when the data set has opened. The engine thread delivers models and
/// data in order, so the models are there by then too.
template <typename Step>
void onceDataOpened(const WorkbenchParts& parts, Step step) {
  QObject::connect(&parts.workbench, &Workbench::dataOpened, &parts.window, step, Qt::SingleShotConnection);
}

}  // namespace

bool applyStartupOptions(const StartupOptions& options, const WorkbenchParts& parts) {
  MainWindow* window = &parts.window;
  // --format before the models load, so they load once, in the format. It waits for the data
  // set where int8 profiles its scales on it, and where a project is opened (so that it wins
  // over the project's own format, whichever that is).
  const bool formatAfterData =
      !options.numberFormat.isEmpty() &&
      (NumberFormat::parse(options.numberFormat.toStdString()).needsScale() || !options.project.isEmpty());
  if (formatAfterData)
    onceDataOpened(parts,
                   [&workbench = parts.workbench, name = options.numberFormat] { workbench.setNumberFormat(name); });
  else if (!options.numberFormat.isEmpty()) parts.workbench.setNumberFormat(options.numberFormat);
  openStartupModels(options, parts);
  if (options.fault) applyStartupFault(*options.fault, parts);
  if (!options.view.isEmpty() && !window->showView(options.view)) {
    std::fprintf(stderr, "faultlens: --view expects images, fault, cam, map, analyses or campaign\n");
    return false;
  }
  if (!options.campaignDir.isEmpty()) parts.campaigns.open(options.campaignDir);
  window->analysisPanel()->showActivationMode(options.activationMode);
  if (options.analyseImages > 0) {
    const auto analyse = [window, n = options.analyseImages] { window->analysisPanel()->compute(n); };
    // Models installed after it started would cancel it: with a format that waits for the
    // data, analyse once the models compute in it (queued: after they are installed).
    constexpr auto queuedOnce = static_cast<Qt::ConnectionType>(Qt::QueuedConnection | Qt::SingleShotConnection);
    if (formatAfterData) {
      QObject::connect(&parts.workbench, &Workbench::numberFormatChanged, window, analyse, queuedOnce);
    } else if (!options.project.isEmpty()) {
      // A project's int8 format is asked for when its data set opens (by the project session,
      // connected later): queued behind that, analyse at once or once the models are in it.
      Workbench* workbench = &parts.workbench;
      QObject::connect(
          workbench, &Workbench::dataOpened, window,
          [workbench, window, analyse, queuedOnce] {
            if (!workbench->numberFormatPending()) return analyse();
            QObject::connect(workbench, &Workbench::numberFormatChanged, window, analyse, queuedOnce);
          },
          queuedOnce);
    } else {
      onceDataOpened(parts, analyse);
    }
  }
  if (options.weightFaults > 0)
    onceDataOpened(parts, [window, n = options.weightFaults] {
      Q_EMIT window->randomWeightFaultsRequested(n, 1, ErrorModel::BitFlip);
    });
  onceDataOpened(parts, [window, startImage = options.image] {
    if (!window->imageBrowser()->selectImage(startImage))
      window->showError(QObject::tr("Image not in the data set"),
                        QObject::tr("--image %1 is outside the data set (%2 images).")
                            .arg(startImage)
                            .arg(window->imageBrowser()->imageCount()));
  });
  return true;
}

void saveScreenshotWhenIdle(const QString& file, const WorkbenchParts& parts) {
  MainWindow* window = &parts.window;
  auto* timer = new QTimer(window);
  auto idleTicks = std::make_shared<int>(0);
  auto waited = std::make_shared<QElapsedTimer>();
  waited->start();
  // Nobody reads the error boxes of a scripted run: they go to stderr and fail it.
  auto errors = std::make_shared<QStringList>();
  QObject::connect(window, &MainWindow::errorShown, window,
                   [errors](const QString& title, const QString& message) { *errors << title + ": " + message; });
  QObject::connect(timer, &QTimer::timeout, window, [parts, window, timer, idleTicks, waited, file, errors] {
    const bool busy = parts.workbench.busy() || parts.analyses.isRunning() || parts.campaigns.isBusy();
    *idleTicks = busy ? 0 : *idleTicks + 1;
    const bool timedOut = waited->elapsed() > 120000;
    if (*idleTicks < 2 && !timedOut) return;
    timer->stop();
    QSaveFile out(file);  // atomic, like every file FaultLens writes
    const bool saved = out.open(QIODevice::WriteOnly) && window->grab().save(&out, "PNG") && out.commit();
    if (!saved) qWarning("cannot write screenshot %s", qPrintable(file));
    for (const QString& error : *errors) std::fprintf(stderr, "faultlens: %s\n", qPrintable(error));
    QApplication::exit(saved && !timedOut && errors->isEmpty() ? 0 : 1);
  });
  timer->start(250);
}

}  // namespace faultlens::app
