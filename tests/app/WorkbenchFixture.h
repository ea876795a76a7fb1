#pragma once
// What every workbench test starts from: the window and the engine wired exactly as main()
// wires them, a six-image folder, a tiny model pair, and a check that the event loop turns.
#include <ATen/ATen.h>

#include <QElapsedTimer>
#include <QProgressDialog>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QSlider>
#include <QMenuBar>
#include <QStandardPaths>
#include <QTranslator>
#include <QTest>
#include <QTimer>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "app/gui/AnalysisController.h"
#include "app/gui/CampaignController.h"
#include "app/gui/ReportController.h"
#include "app/gui/ProjectSession.h"
#include "app/gui/Translations.h"
#include "app/gui/Wiring.h"
#include "app/gui/Workbench.h"
#include "core/Error.h"
#include "core/io/FileIO.h"
#include "core/faults/Fault.h"
#include "core/faults/FaultList.h"
#include "core/io/ProjectFile.h"
#include "core/analysis/Evaluation.h"
#include "app/report/PaperReport.h"
#include "core/analysis/Metrics.h"
#include "core/model/Model.h"
#include "core/model/TapHandlers.h"
#include "core/analysis/ActivationRanges.h"
#include "widgets/ActivationMapView.h"
#include "core/faults/FaultSites.h"
#include "core/faults/WeightFaults.h"
#include "core/campaign/BitErrorRate.h"
#include "core/campaign/CampaignSession.h"
#include "core/campaign/RecordFile.h"
#include "core/data/ImageFolderDataset.h"
#include "core/data/Preprocess.h"
#include "tests/core/TestModels.h"
#include "widgets/AnalysisPanel.h"
#include "widgets/CamGridView.h"
#include "widgets/CampaignPanel.h"
#include "widgets/BitView.h"
#include "widgets/FaultEditor.h"
#include "widgets/plots/PlotDataFromEngine.h"
#include "widgets/plots/PlotPane.h"
#include "widgets/plots/PlotViews.h"
#include "widgets/ImageBrowser.h"
#include "widgets/InputSpecDialog.h"
#include "widgets/LayerTableModel.h"
#include "widgets/MainWindow.h"
#include "widgets/ModelPanel.h"
#include "widgets/PredictionView.h"

namespace faultlens::test {

/// MainWindow + Workbench connected by connectWorkbench, as users get them. Tests that
/// need a controller (campaigns, analyses, reports) add it after this.
struct WiredWorkbench {
  widgets::MainWindow window;
  app::Workbench workbench;
  WiredWorkbench() { app::connectWorkbench(window, workbench); }
};

/// Six 6×6 grey images in classes a, b, c with different brightness patterns.
std::string writeImageFolder();

/// Two tiny conv nets (seeds 1 and 2, same layers) and the six-image folder.
struct TinyPair {
  std::string baseline, guided, folder;
};

/// Writes a tiny pair, opens it in a wired window and waits until both models and all
/// images are there. False (with the test failed) on a timeout.
bool openTinyPair(widgets::MainWindow& window, const std::string& tag, TinyPair& pair);

/// Injects a fault as a project or `--fault` does: shown in the fault editor as the applied
/// fault (when the editor can hold it) and requested from the window.
inline void applyFault(widgets::MainWindow& window, const FaultSpec& spec, ErrorModel model) {
  window.faultEditor()->showFault(spec, model);
  Q_EMIT window.faultRequested(spec, model);
}

/// Opens the shipped demo pair (baseline `fc` [10]; text-guided projection `fc` [64], then
/// `head` [10]) and the six-image folder, and waits until both models and all images are
/// there. False (with the test failed) on a timeout.
bool openDemoPair(widgets::MainWindow& window);

/// Counts 10 ms timer ticks on the GUI thread from construction: a frozen event loop
/// delivers about one tick however long it was blocked, a free one about elapsed / 10.
class EventLoopTicks {
 public:
  EventLoopTicks() {
    QObject::connect(&timer_, &QTimer::timeout, [this] { ++ticks_; });
    timer_.start(10);
    clock_.start();
  }
  qint64 elapsedMs() const { return clock_.elapsed(); }
  /// Empty when the loop turned freely (more than a quarter of the ideal ticks), else why not.
  QString frozen() const {
    const qint64 elapsed = clock_.elapsed();
    return ticks_ > elapsed / 40 ? QString() : QString("%1 ticks in %2 ms").arg(ticks_).arg(elapsed);
  }

 private:
  QTimer timer_;
  QElapsedTimer clock_;
  int ticks_ = 0;
};

}  // namespace faultlens::test
