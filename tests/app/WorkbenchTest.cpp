// The workbench as users get it: MainWindow + Workbench wired by connectWorkbench, real
// TorchScript models and a real image folder, offscreen.
#include <ATen/ATen.h>

#include <QElapsedTimer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>

#include "app/gui/ProjectSession.h"
#include "app/gui/Wiring.h"
#include "app/gui/Workbench.h"
#include "core/FileIO.h"
#include "core/Fault.h"
#include "core/FaultList.h"
#include "core/Metrics.h"
#include "core/Model.h"
#include "core/data/ImageFolderDataset.h"
#include "core/data/Preprocess.h"
#include "tests/core/TestModels.h"
#include "widgets/FaultEditor.h"
#include "widgets/ImageBrowser.h"
#include "widgets/LayerTableModel.h"
#include "widgets/MainWindow.h"
#include "widgets/ModelPanel.h"
#include "widgets/PredictionView.h"

using namespace faultlens;
using widgets::ModelSlot;
namespace fs = std::filesystem;

namespace {

/// Six 6×6 grey images in classes a, b, c with different brightness patterns.
std::string writeImageFolder() {
  const std::string root = test::tempDir("appdata");
  int n = 0;
  for (const char* cls : {"a", "b", "c"}) {
    fs::create_directories(root + "/" + cls);
    for (int k = 0; k < 2; ++k, ++n) {
      cv::Mat img(6, 6, CV_8UC1);
      for (int y = 0; y < 6; ++y)
        for (int x = 0; x < 6; ++x) img.at<std::uint8_t>(y, x) = static_cast<std::uint8_t>((x * 40 + y * 7 * n) % 256);
      cv::imwrite(root + "/" + cls + "/" + std::to_string(k) + ".png", img);
    }
  }
  return root;
}

}  // namespace

class WorkbenchTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void loadsModelsAndDataThenPredictsTheSelectedImage() {
    widgets::MainWindow window;
    app::Workbench workbench;
    app::connectWorkbench(window, workbench);
    const std::string baseline = test::writeTinyConvNet(test::tempDir("appb"), 1);
    const std::string guided = test::writeTinyConvNet(test::tempDir("appg"), 2);
    const std::string folder = writeImageFolder();

    window.openModelRequested(ModelSlot::Baseline, QString::fromStdString(baseline));
    window.openModelRequested(ModelSlot::Guided, QString::fromStdString(guided));
    window.openDataRequested(QString::fromStdString(folder));
    QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Baseline)->hasModel(), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Guided)->hasModel(), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(window.imageBrowser()->visibleCount(), 6, 20000);
    QCOMPARE(window.panel(ModelSlot::Baseline)->layerModel()->rowCount(), 2);

    window.imageBrowser()->selectImage(4);
    auto* baseView = window.panel(ModelSlot::Baseline)->predictionView();
    auto* guidedView = window.panel(ModelSlot::Guided)->predictionView();
    QTRY_VERIFY_WITH_TIMEOUT(baseView->hasPrediction() && guidedView->hasPrediction(), 20000);
    QCOMPARE(workbench.currentImage(), 4);

    // The panel shows what the engine computes for that image directly.
    ImageFolderDataset data(folder);
    for (const auto& [path, view] : {std::pair{baseline, baseView}, std::pair{guided, guidedView}}) {
      auto model = Model::load(path);
      const auto logits = logitRows(model->forward(makeBatch(data, {4}, model->input()).images)).front();
      const auto top = topK(logits, 3);
      QCOMPARE(view->prediction().top.size(), 3);  // the tiny nets have 3 classes
      QCOMPARE(view->prediction().top[0].classIndex, top[0].index);
      QVERIFY(std::abs(view->prediction().top[0].probability - top[0].probability) < 1e-9);
      QVERIFY(std::abs(view->prediction().top2Diff - top2Diff(logits)) < 1e-9);
      QCOMPARE(view->prediction().groundTruth, 2);  // images 4 and 5 are class "c"
    }
  }

  void camGridGainsAFaultyColumnWhenAFaultIsApplied() {
    widgets::MainWindow window;
    app::Workbench workbench;
    app::connectWorkbench(window, workbench);
    const std::string model = test::writeTinyConvNet(test::tempDir("cam"), 1);
    window.openModelRequested(ModelSlot::Baseline, QString::fromStdString(model));
    window.openModelRequested(ModelSlot::Guided, QString::fromStdString(model));
    window.openDataRequested(QString::fromStdString(writeImageFolder()));
    QTRY_COMPARE_WITH_TIMEOUT(window.imageBrowser()->visibleCount(), 6, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Guided)->hasModel(), 20000);
    QSignalSpy grids(&workbench, &app::Workbench::camGridReady);
    window.imageBrowser()->selectImage(0);
    QTRY_COMPARE_WITH_TIMEOUT(grids.count(), 1, 20000);
    const QImage clean = grids.at(0).at(0).value<QImage>();
    QVERIFY(!clean.isNull());
    QVERIFY(grids.at(0).at(1).toString().contains("conv"));  // caption names the CAM layer
    window.faultRequested(parseFaultSpec("conv@1,2,3:30"), ErrorModel::BitFlip);
    QTRY_COMPARE_WITH_TIMEOUT(grids.count(), 2, 20000);
    const QImage both = grids.at(1).at(0).value<QImage>();
    QVERIFY(both.width() > clean.width());  // clean | faulty columns
    QCOMPARE(both.height(), clean.height());  // one row per model, as before
  }

  void appliedFaultShowsFaultyPredictionsOfBothModels() {
    widgets::MainWindow window;
    app::Workbench workbench;
    app::connectWorkbench(window, workbench);
    const std::string baseline = test::writeTinyConvNet(test::tempDir("fb"), 1);
    const std::string branching = test::writeBranchingNet(test::tempDir("fg"));  // other layers, 4×4 input
    const std::string folder = writeImageFolder();
    window.openModelRequested(ModelSlot::Baseline, QString::fromStdString(baseline));
    window.openModelRequested(ModelSlot::Guided, QString::fromStdString(branching));
    window.openDataRequested(QString::fromStdString(folder));
    QTRY_COMPARE_WITH_TIMEOUT(window.imageBrowser()->visibleCount(), 6, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Guided)->hasModel(), 20000);
    window.imageBrowser()->selectImage(1);
    QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Baseline)->predictionView()->hasPrediction(), 20000);

    // fc@1:31 flips the sign of logit 1: exactly computable.
    window.faultRequested(parseFaultSpec("fc@1:31"), ErrorModel::BitFlip);
    auto* faulty = window.panel(ModelSlot::Baseline)->faultyView();
    QTRY_VERIFY_WITH_TIMEOUT(faulty->hasPrediction(), 20000);
    ImageFolderDataset data(folder);
    auto model = Model::load(baseline);
    const auto logits = logitRows(model->forward(makeBatch(data, {1}, model->input()).images)).front();
    auto flipped = logits;
    flipped[1] = -flipped[1];
    QCOMPARE(faulty->prediction().top[0].classIndex, topK(flipped, 1)[0].index);
    QVERIFY(std::abs(faulty->prediction().top2Diff - top2Diff(flipped)) < 1e-6);
    QVERIFY(window.panel(ModelSlot::Baseline)->faultText().contains(QString::number(logits[1], 'g', 7)));
    // The branching net's fc has 2 outputs: index 1 exists there too.
    QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Guided)->faultyView()->hasPrediction(), 20000);

    // A site the second model lacks is reported for that model only.
    window.faultRequested(parseFaultSpec("fc@2:31"), ErrorModel::BitFlip);
    QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Guided)->faultText().contains("out of range"), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Baseline)->faultyView()->hasPrediction(), 20000);

    // Clearing returns to clean predictions only.
    window.faultEditor()->findChildren<QPushButton*>().last()->click();
    QVERIFY(!window.panel(ModelSlot::Baseline)->faultyView()->hasPrediction());
    window.imageBrowser()->selectImage(2);
    QTRY_COMPARE_WITH_TIMEOUT(workbench.currentImage(), 2, 20000);
    workbench.waitForIdle();
    QCoreApplication::processEvents();
    QVERIFY(!window.panel(ModelSlot::Baseline)->faultyView()->hasPrediction());
  }

  void projectSavesAndRestoresModelsDataImageAndFault() {
    const std::string dir = test::tempDir("project");
    const std::string baseline = test::writeTinyConvNet(dir, 1);
    const std::string folder = writeImageFolder();
    const QString projectPath = QString::fromStdString(dir + "/study.faultlens.json");
    {
      widgets::MainWindow window;
      app::Workbench workbench;
      app::connectWorkbench(window, workbench);
      app::ProjectSession session(window, workbench);
      window.openModelRequested(ModelSlot::Baseline, QString::fromStdString(baseline));
      window.openDataRequested(QString::fromStdString(folder));
      QTRY_COMPARE_WITH_TIMEOUT(window.imageBrowser()->visibleCount(), 6, 20000);
      QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Baseline)->hasModel(), 20000);
      window.imageBrowser()->selectImage(4);
      window.faultRequested(parseFaultSpec("fc@1:31"), ErrorModel::StuckAt1);
      QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Baseline)->faultyView()->hasPrediction(), 20000);
      window.saveProjectRequested(projectPath);
      QVERIFY(window.statusText().contains("Saved project"));
      window.saveFaultListRequested(QString::fromStdString(dir + "/faults.json"));
      QCOMPARE(readFaultList(dir + "/faults.json").at(0).model, ErrorModel::StuckAt1);
      // A bad file is reported, naming it; nothing is half-applied.
      writeFileAtomically(dir + "/bad.json", R"({"format": "faultlens-fault-list", "version": 1, "faults": [{"sit": 1}]})");
      window.loadFaultListRequested(QString::fromStdString(dir + "/bad.json"));
      QTRY_VERIFY_WITH_TIMEOUT(window.statusText().contains("unknown key \"sit\""), 20000);
      QVERIFY(window.statusText().contains(QString::fromStdString(dir + "/bad.json")));
      workbench.waitForIdle();
    }
    // A fresh window brings the same state back: model, data set, image 4, the fault.
    widgets::MainWindow window;
    app::Workbench workbench;
    app::connectWorkbench(window, workbench);
    app::ProjectSession session(window, workbench);
    window.openProjectRequested(projectPath);
    QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Baseline)->hasModel(), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(workbench.currentImage(), 4, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Baseline)->faultyView()->hasPrediction(), 20000);
    QCOMPARE(workbench.modelPath(ModelSlot::Baseline), QString::fromStdString(baseline));
    QCOMPARE(QString::fromStdString(window.faultEditor()->spec().layerName), QString("fc"));
    QCOMPARE(window.faultEditor()->errorModel(), ErrorModel::StuckAt1);
    QVERIFY(!window.panel(ModelSlot::Guided)->hasModel());
    workbench.waitForIdle();
  }

  void badModelFileIsReportedNotFatal() {
    widgets::MainWindow window;
    app::Workbench workbench;
    app::connectWorkbench(window, workbench);
    const std::string dir = test::tempDir("appbad");
    writeFileAtomically(dir + "/junk.pt", "definitely not a model");
    window.openModelRequested(ModelSlot::Guided, QString::fromStdString(dir + "/junk.pt"));
    QTRY_VERIFY_WITH_TIMEOUT(window.statusText().contains("not a TorchScript file"), 20000);
    QVERIFY(window.statusText().contains(QString::fromStdString(dir + "/junk.pt")));
    QVERIFY(!window.panel(ModelSlot::Guided)->hasModel());
    window.openDataRequested(QString::fromStdString(dir + "/nothing-here"));
    QTRY_VERIFY_WITH_TIMEOUT(window.statusText().contains("does not exist"), 20000);
  }

  void eventLoopKeepsTurningWhileALargeModelLoads() {
    // resnet50 exported by Python (~100 MB): loading and probing it takes around a second.
    const std::string dir = test::tempDir("appbig");
    fs::create_symlink(FAULTLENS_TORCHVISION_DIR "/resnet50.pt", dir + "/resnet50.pt");
    writeFileAtomically(dir + "/resnet50.json", R"({"input": {"channels": 3, "height": 224, "width": 224}})");
    widgets::MainWindow window;
    app::Workbench workbench;
    app::connectWorkbench(window, workbench);
    int ticks = 0;
    QTimer timer;
    QObject::connect(&timer, &QTimer::timeout, [&] { ++ticks; });
    timer.start(10);
    QElapsedTimer clock;
    clock.start();
    window.openModelRequested(ModelSlot::Baseline, QString::fromStdString(dir + "/resnet50.pt"));
    QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Baseline)->hasModel(), 60000);
    const qint64 elapsed = clock.elapsed();
    QVERIFY2(elapsed > 200, "the load must be long enough for the check to mean something");
    // A frozen GUI thread would deliver about one tick; a free one about elapsed / 10.
    QVERIFY2(ticks > elapsed / 40, qPrintable(QString("%1 ticks in %2 ms").arg(ticks).arg(elapsed)));
    QCOMPARE(window.panel(ModelSlot::Baseline)->layerModel()->rowCount(), 54);
  }
};

QTEST_MAIN(WorkbenchTest)
#include "WorkbenchTest.moc"
