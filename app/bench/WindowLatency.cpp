#include "app/bench/WindowLatency.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPixmap>
#include <QTimer>

#include <functional>

#include "app/gui/Wiring.h"
#include "app/gui/Workbench.h"
#include "core/Error.h"
#include "widgets/MainWindow.h"

namespace faultlens::bench {
namespace {

using widgets::ModelSlot;

/// Runs the event loop until `done` holds: sleeps until the next event (the worker's
/// queued results wake it), so no polling interval is added to the measurement.
void runUntil(const std::function<bool()>& done, int timeoutMs, const char* what) {
  bool timedOut = false;
  QTimer::singleShot(timeoutMs, [&timedOut] { timedOut = true; });
  while (!done()) {
    if (timedOut) throw Error(std::string("window latency bench: timed out waiting for ") + what);
    QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
  }
}

}  // namespace

WindowLatency windowApplyFaultSeconds(const std::string& resourceDir, int faults) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  int argc = 1;
  char name[] = "faultlens-bench";
  char* argv[] = {name, nullptr};
  QApplication app(argc, argv);
  widgets::MainWindow window;
  app::Workbench workbench;
  app::connectWorkbench(window, workbench);
  window.resize(1400, 900);
  window.show();

  int loaded = 0, opened = 0, predictions = 0, faulty = 0, grids = 0;
  QObject::connect(&workbench, &app::Workbench::modelLoaded, [&] { ++loaded; });
  QObject::connect(&workbench, &app::Workbench::dataOpened, [&] { ++opened; });
  QObject::connect(&workbench, &app::Workbench::predictionReady, [&] { ++predictions; });
  QObject::connect(&workbench, &app::Workbench::faultyPredictionReady, [&] { ++faulty; });
  QObject::connect(&workbench, &app::Workbench::camGridReady, [&] { ++grids; });
  // The workbench's signals reach the window first (connected earlier), so when a
  // counter moves the window's slot has already taken the result.
  Q_EMIT window.openModelRequested(ModelSlot::Baseline,
                                   QString::fromStdString(resourceDir + "/models/fashion_baseline.pt"));
  Q_EMIT window.openModelRequested(ModelSlot::Guided,
                                   QString::fromStdString(resourceDir + "/models/fashion_textguided.pt"));
  Q_EMIT window.openDataRequested(QStringLiteral("fashion-mnist"));
  runUntil([&] { return loaded == 2 && opened == 1; }, 120000, "the demo pair and Fashion-MNIST");
  predictions = grids = 0;
  Q_EMIT window.imageSelected(6);
  runUntil([&] { return predictions >= 2 && grids >= 1; }, 60000, "image 6's predictions and CAM grid");
  workbench.waitForIdle();
  QCoreApplication::processEvents();

  // One run of `faults` faults (after a warm-up that builds the layer's cut). Between
  // faults the worker goes idle; `freshThread` also ends its thread (Qt 6's waitForDone()
  // does), so each fault starts on a new engine thread, as after 30 s of idling with
  // QThreadPool's default expiry.
  const auto measure = [&](bool freshThread) {
    std::vector<double> seconds;
    for (int rep = -1; rep < faults; ++rep) {
      FaultSpec spec;
      spec.layerName = "features.layer3.conv2";
      spec.coords = {5, 3, 3};
      spec.bit = 30 - (rep + 3) % 3;  // a new request each time, as a user stepping through bits
      faulty = grids = 0;
      QElapsedTimer clock;
      clock.start();
      Q_EMIT window.faultRequested(spec, ErrorModel::BitFlip, widgets::ModelSlot::Baseline);
      runUntil([&] { return faulty >= 2 && grids >= 1; }, 60000, "the faulty predictions and CAM grid");
      const QPixmap painted = window.grab();  // paints every widget of the window once
      const double elapsed = clock.nsecsElapsed() * 1e-9;
      if (painted.isNull()) throw Error("window latency bench: the window did not paint");
      if (rep >= 0) seconds.push_back(elapsed);
      if (freshThread) workbench.waitForIdle();
      else runUntil([&] { return !workbench.busy(); }, 60000, "an idle worker");
      QCoreApplication::processEvents();
    }
    return seconds;
  };
  WindowLatency result;
  result.keptThread = measure(false);
  result.freshThread = measure(true);
  return result;
}

}  // namespace faultlens::bench
