// The workbench as users get it: MainWindow + Workbench wired by connectWorkbench, real
// TorchScript models and a real image folder, offscreen.
#include <ATen/ATen.h>

#include <QElapsedTimer>
#include <QProgressDialog>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QCheckBox>
#include <QComboBox>
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
#include "core/FileIO.h"
#include "core/Fault.h"
#include "core/FaultList.h"
#include "core/ProjectFile.h"
#include "core/Evaluation.h"
#include "app/report/PaperReport.h"
#include "core/Metrics.h"
#include "core/Model.h"
#include "core/TapHandlers.h"
#include "widgets/ActivationMapView.h"
#include "core/FaultSites.h"
#include "core/WeightFaults.h"
#include "core/campaign/CampaignSession.h"
#include "core/campaign/RecordFile.h"
#include "core/data/ImageFolderDataset.h"
#include "core/data/Preprocess.h"
#include "tests/core/TestModels.h"
#include "widgets/AnalysisPanel.h"
#include "widgets/CamGridView.h"
#include "widgets/CampaignPanel.h"
#include "widgets/FaultEditor.h"
#include "widgets/plots/PlotViews.h"
#include "widgets/ImageBrowser.h"
#include "widgets/InputSpecDialog.h"
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

/// Two tiny conv nets (seeds 1 and 2, same layers) and the six-image folder.
struct TinyPair {
  std::string baseline, guided, folder;
};

/// Writes a tiny pair, opens it in a wired window and waits until both models and all
/// images are there. False (with the test failed) on a timeout.
bool openTinyPair(widgets::MainWindow& window, const std::string& tag, TinyPair& pair) {
  pair.baseline = test::writeTinyConvNet(test::tempDir(tag + "b"), 1);
  pair.guided = test::writeTinyConvNet(test::tempDir(tag + "g"), 2);
  pair.folder = writeImageFolder();
  window.openModelRequested(ModelSlot::Baseline, QString::fromStdString(pair.baseline));
  window.openModelRequested(ModelSlot::Guided, QString::fromStdString(pair.guided));
  window.openDataRequested(QString::fromStdString(pair.folder));
  const bool ready = QTest::qWaitFor(
      [&] {
        return window.panel(ModelSlot::Baseline)->hasModel() && window.panel(ModelSlot::Guided)->hasModel() &&
               window.imageBrowser()->visibleCount() == 6;
      },
      20000);
  if (!ready) QTest::qFail("the tiny pair did not open within 20 s", __FILE__, __LINE__);
  return ready;
}

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

}  // namespace

class WorkbenchTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }  // settings stay out of ~/.config

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
    QVERIFY(both.width() > clean.width());    // clean | faulty columns
    QCOMPARE(both.height(), clean.height());  // one row per model, as before

    // Another fault on the same image: only the faulty maps are computed again; the clean
    // maps' class and score (the caption's first line) are the ones from before.
    QCOMPARE(workbench.cleanCamsComputed(), 2);
    window.faultRequested(parseFaultSpec("conv@0,1,1:31"), ErrorModel::BitFlip);
    QTRY_COMPARE_WITH_TIMEOUT(grids.count(), 3, 20000);
    QCOMPARE(workbench.cleanCamsComputed(), 2);
    QCOMPARE(grids.at(2).at(0).value<QImage>().size(), both.size());
    QCOMPARE(grids.at(2).at(1).toString().section('\n', 0, 0), grids.at(1).at(1).toString().section('\n', 0, 0));
    // A new image, a reloaded model or another CAM layer needs new clean maps.
    window.imageBrowser()->selectImage(1);
    QTRY_COMPARE_WITH_TIMEOUT(grids.count(), 4, 20000);
    QCOMPARE(workbench.cleanCamsComputed(), 4);
    QSignalSpy loaded(&workbench, &app::Workbench::modelLoaded);
    window.openModelRequested(ModelSlot::Guided, QString::fromStdString(model));
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 20000);
    window.faultRequested(parseFaultSpec("conv@1,2,3:30"), ErrorModel::BitFlip);  // redraws the grid
    QTRY_VERIFY_WITH_TIMEOUT(grids.count() >= 5 && !workbench.busy(), 20000);
    QCOMPARE(workbench.cleanCamsComputed(), 5);  // the reloaded text-guided model's map only
  }

  void camSettingsRedrawTheGridAndTravelWithTheProject() {
    const std::string dir = test::tempDir("camsettings");
    const QString projectPath = QString::fromStdString(dir + "/cam.faultlens.json");
    {
      widgets::MainWindow window;
      app::Workbench workbench;
      app::connectWorkbench(window, workbench);
      app::ProjectSession session(window, workbench);
      window.openModelRequested(ModelSlot::Baseline, QString::fromStdString(test::writeTinyConvNet(dir, 1)));
      window.openDataRequested(QString::fromStdString(writeImageFolder()));
      QTRY_COMPARE_WITH_TIMEOUT(window.imageBrowser()->visibleCount(), 6, 20000);
      QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Baseline)->hasModel(), 20000);
      QSignalSpy grids(&workbench, &app::Workbench::camGridReady);
      window.imageBrowser()->selectImage(0);
      QTRY_COMPARE_WITH_TIMEOUT(grids.count(), 1, 20000);
      QVERIFY(grids.at(0).at(1).toString().contains("Shared colour scale"));
      auto* view = window.camView();
      const auto choose = [view](const char* name, const QString& value) {
        auto* box = view->findChild<QComboBox*>(name);
        const int i = box->findData(value);
        QVERIFY(i >= 0);
        box->setCurrentIndex(i);
        Q_EMIT box->activated(i);
      };
      QCOMPARE(view->findChild<QComboBox*>("camLayer")->count(), 2);  // default + the tiny net's conv
      choose("camColours", "viridis");
      QTRY_COMPARE_WITH_TIMEOUT(grids.count(), 2, 20000);
      QVERIFY(grids.at(1).at(0).value<QImage>() != grids.at(0).at(0).value<QImage>());  // other colours
      choose("camScale", "map");
      choose("camLayer", "conv");
      // Two changes in a row: the first one's grid may be dropped as stale; the last one counts.
      QTRY_VERIFY_WITH_TIMEOUT(grids.count() >= 3 && grids.last().at(1).toString().contains("per map"), 20000);
      QCOMPARE(workbench.camSettings(), (ProjectCamSettings{"conv", "viridis", "map"}));
      // Opacity and colour bar: without colour bars the grid is narrower.
      const int withBars = grids.last().at(0).value<QImage>().width();
      auto* opacity = view->findChild<QSlider*>("camOpacity");
      opacity->setValue(30);
      Q_EMIT opacity->sliderReleased();
      view->findChild<QCheckBox*>("camColourBar")->click();
      const ProjectCamSettings wanted{"conv", "viridis", "map", 0.3, false};
      QTRY_COMPARE_WITH_TIMEOUT(workbench.camSettings(), wanted, 20000);
      QTRY_VERIFY_WITH_TIMEOUT(grids.last().at(0).value<QImage>().width() < withBars, 20000);
      window.saveProjectRequested(projectPath);
      workbench.waitForIdle();
    }
    const ProjectCamSettings wanted{"conv", "viridis", "map", 0.3, false};
    QCOMPARE(readProject(projectPath.toStdString()).cam, wanted);
    widgets::MainWindow window;
    app::Workbench workbench;
    app::connectWorkbench(window, workbench);
    app::ProjectSession session(window, workbench);
    QVERIFY(session.openProject(projectPath));
    QCOMPARE(workbench.camSettings(), wanted);
    QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Baseline)->hasModel(), 20000);
    QCOMPARE(window.camView()->settings(), wanted);
    QCOMPARE(window.camView()->findChild<QComboBox*>("camLayer")->currentData().toString(), QString("conv"));
    workbench.waitForIdle();
  }

  void faultEditorMapShowsTheSelectedImagesLayerOutput() {
    widgets::MainWindow window;
    app::Workbench workbench;
    app::connectWorkbench(window, workbench);
    const std::string model = test::writeTinyConvNet(test::tempDir("map"), 1);
    const std::string folder = writeImageFolder();
    window.openModelRequested(ModelSlot::Baseline, QString::fromStdString(model));
    window.openDataRequested(QString::fromStdString(folder));
    QTRY_COMPARE_WITH_TIMEOUT(window.imageBrowser()->visibleCount(), 6, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Baseline)->hasModel(), 20000);
    QSignalSpy maps(&workbench, &app::Workbench::activationsReady);
    QVERIFY(window.faultEditor()->selectLayer("conv"));
    window.imageBrowser()->selectImage(2);
    QTRY_VERIFY_WITH_TIMEOUT(!maps.isEmpty() && maps.last().at(0).toString() == "conv", 20000);
    const auto shape = maps.last().at(1).value<QVector<qint64>>();
    const auto values = maps.last().at(2).value<QVector<float>>();
    // Exactly the layer's clean output for that image.
    auto direct = Model::load(model);
    const int conv = direct->layerIndex("conv");
    OutputCapture capture({conv});
    ImageFolderDataset data(folder);
    direct->forward(makeBatch(data, {2}, direct->input()).images, &capture);
    const at::Tensor expected = capture.output(conv)[0].contiguous();
    QCOMPARE(shape.size(), 3);
    QCOMPARE(shape[0], expected.size(0));
    QCOMPARE(values.size(), static_cast<int>(expected.numel()));
    for (int i = 0; i < values.size(); ++i) QCOMPARE(values[i], expected.data_ptr<float>()[i]);
    QCOMPARE(window.faultEditor()->activationMap()->rows(), static_cast<int>(shape[1]));
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

  void randomWeightFaultsHitBothModelsAndRoundTripThroughAFaultList() {
    widgets::MainWindow window;
    app::Workbench workbench;
    app::connectWorkbench(window, workbench);
    app::ProjectSession session(window, workbench);
    const std::string dir = test::tempDir("weights");
    TinyPair pair;
    if (!openTinyPair(window, "w", pair)) return;
    const auto& [baseline, guided, folder] = pair;
    window.imageBrowser()->selectImage(3);
    QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Guided)->predictionView()->hasPrediction(), 20000);

    // Counts outside 1..1,000,000 are refused with the reason, not "load a model first",
    // and nothing is applied (a hundred million faults would exhaust the memory).
    for (int count : {0, 100'000'000}) {
      window.randomWeightFaultsRequested(count, 9, ErrorModel::BitFlip);
      QVERIFY(workbench.weightFaults().empty());
      QVERIFY2(!window.statusText().contains("Load a model"), qPrintable(window.statusText()));
    }
    QVERIFY_THROWS_EXCEPTION(faultlens::Error, workbench.randomWeightFaults(0, 9, ErrorModel::BitFlip));
    QVERIFY_THROWS_EXCEPTION(faultlens::Error, workbench.randomWeightFaults(100'000'000, 9, ErrorModel::BitFlip));

    QSignalSpy grids(&workbench, &app::Workbench::camGridReady);
    window.randomWeightFaultsRequested(25, 9, ErrorModel::BitFlip);
    QCOMPARE(workbench.weightFaults().size(), std::size_t(25));
    for (const auto& f : workbench.weightFaults()) QCOMPARE(f.target, FaultTarget::Weight);
    ImageFolderDataset data(folder);
    for (const auto& [path, slot] : {std::pair{baseline, ModelSlot::Baseline}, std::pair{guided, ModelSlot::Guided}}) {
      auto* faulty = window.panel(slot)->faultyView();
      QTRY_VERIFY_WITH_TIMEOUT(faulty->hasPrediction(), 20000);
      QVERIFY2(window.panel(slot)->faultText().contains("25 weight faults"),
               qPrintable(window.panel(slot)->faultText()));
      // The same sites, bits and model as the engine draws for this seed, applied directly.
      auto model = Model::load(path);
      std::vector<WeightFault> faults;
      for (const auto& e : workbench.weightFaults())
        faults.push_back(resolveWeightFault(model->layers(), e.site, e.model));
      const auto batch = makeBatch(data, {3}, model->input()).images;
      std::vector<float> expected;
      {
        ScopedWeightFaults scope(*model, faults);
        expected = logitRows(model->forward(batch)).front();
      }
      QCOMPARE(faulty->prediction().finite, allFinite(expected));
      if (allFinite(expected)) {
        QCOMPARE(faulty->prediction().top[0].classIndex, topK(expected, 1)[0].index);
        QVERIFY(std::abs(faulty->prediction().top2Diff - top2Diff(expected)) < 1e-6);
      }
    }
    QTRY_VERIFY_WITH_TIMEOUT(grids.count() >= 1, 20000);
    QVERIFY(grids.last().at(0).value<QImage>().width() > 0);

    // Saved as explicit sites, loaded back as the same faults.
    const QString listPath = QString::fromStdString(dir + "/weights.json");
    window.saveFaultListRequested(listPath);
    const auto saved = readFaultList(listPath.toStdString());
    QCOMPARE(saved.size(), std::size_t(25));
    QVERIFY(saved == workbench.weightFaults());
    window.faultEditor()->findChildren<QPushButton*>().last()->click();  // clear
    QVERIFY(workbench.weightFaults().empty());
    window.loadFaultListRequested(listPath);
    QVERIFY(workbench.weightFaults() == saved);
    QVERIFY2(window.statusText().contains("25 weight faults"), qPrintable(window.statusText()));

    // Clearing restores every weight: the clean prediction is the untouched model's.
    window.faultEditor()->findChildren<QPushButton*>().last()->click();
    window.imageBrowser()->selectImage(5);
    QTRY_COMPARE_WITH_TIMEOUT(workbench.currentImage(), 5, 20000);
    workbench.waitForIdle();
    QCoreApplication::processEvents();
    auto model = Model::load(baseline);
    const auto clean = logitRows(model->forward(makeBatch(data, {5}, model->input()).images)).front();
    QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Baseline)->predictionView()->hasPrediction(), 20000);
    QVERIFY(std::abs(window.panel(ModelSlot::Baseline)->predictionView()->prediction().top2Diff - top2Diff(clean)) <
            1e-9);
  }

  void modelWithoutInputMetadataOpensThroughTheInputDialog() {
    widgets::MainWindow window;
    app::Workbench workbench;
    app::connectWorkbench(window, workbench);
    // A plain torch.jit.save of torchvision's ResNet-18: no embedded metadata, no sidecar.
    const std::string dir = test::tempDir("noinput");
    fs::copy_file(FAULTLENS_TORCHVISION_DIR "/resnet18.pt", dir + "/resnet18.pt");
    window.openModelRequested(ModelSlot::Baseline, QString::fromStdString(dir + "/resnet18.pt"));
    widgets::InputSpecDialog* dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = window.findChild<widgets::InputSpecDialog*>()) != nullptr, 60000);
    QVERIFY(!window.panel(ModelSlot::Baseline)->hasModel());  // asked, not applied unasked
    const InputSpec proposed = dialog->spec();
    QCOMPARE(proposed.channels, 3);  // from conv1's weight [64, 3, 7, 7]
    QCOMPARE(proposed.height, 224);
    QCOMPARE(proposed.resize, 256);
    QCOMPARE(proposed.mean.size(), std::size_t(3));
    QVERIFY(dialog->saveSidecar());
    dialog->accept();
    QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Baseline)->hasModel(), 60000);
    QVERIFY2(window.panel(ModelSlot::Baseline)->infoText().contains("3×224×224"),
             qPrintable(window.panel(ModelSlot::Baseline)->infoText()));
    // The answer is kept next to the model, so the next open (GUI or CLI) asks nothing.
    const ModelMetadata sidecar = parseModelMetadata(readFileBytes(dir + "/resnet18.json"), "sidecar");
    QCOMPARE(sidecar.input.height, 224);
    QCOMPARE(Model::load(dir + "/resnet18.pt")->input().resize, 256);
    workbench.waitForIdle();
  }

  void failedLoadKeepsThePreviousModelAndANewModelRefreshesTheViews() {
    widgets::MainWindow window;
    app::Workbench workbench;
    app::connectWorkbench(window, workbench);
    const std::string dir = test::tempDir("reload");
    const std::string first = test::writeTinyConvNet(test::tempDir("reload-first"), 1);
    const std::string second = test::writeTinyConvNet(test::tempDir("reload-second"), 2);
    window.openModelRequested(ModelSlot::Baseline, QString::fromStdString(first));
    window.openDataRequested(QString::fromStdString(writeImageFolder()));
    QTRY_COMPARE_WITH_TIMEOUT(window.imageBrowser()->visibleCount(), 6, 20000);
    auto* panel = window.panel(ModelSlot::Baseline);
    QTRY_VERIFY_WITH_TIMEOUT(panel->hasModel(), 20000);
    QSignalSpy grids(&workbench, &app::Workbench::camGridReady);
    window.imageBrowser()->selectImage(1);
    QTRY_VERIFY_WITH_TIMEOUT(!grids.isEmpty(), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(panel->predictionView()->hasPrediction(), 20000);

    // A file that is not a model: the error is shown, the model and its prediction stay.
    window.openModelRequested(ModelSlot::Baseline, QString::fromStdString(dir + "/missing.pt"));
    QTRY_VERIFY_WITH_TIMEOUT(window.statusText().contains("missing.pt"), 20000);
    QVERIFY(panel->hasModel());
    QVERIFY(panel->infoText().contains(QString::fromStdString(first)));
    QTRY_VERIFY_WITH_TIMEOUT(panel->predictionView()->hasPrediction(), 20000);
    QCOMPARE(workbench.modelPath(ModelSlot::Baseline), QString::fromStdString(first));

    // Another model: the CAM grid is recomputed for it, not left showing the old maps.
    workbench.waitForIdle();
    grids.clear();
    window.openModelRequested(ModelSlot::Baseline, QString::fromStdString(second));
    QTRY_VERIFY_WITH_TIMEOUT(panel->infoText().contains(QString::fromStdString(second)), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!grids.isEmpty(), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(panel->predictionView()->hasPrediction(), 20000);
    workbench.waitForIdle();
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
      writeFileAtomically(dir + "/bad.json",
                          R"({"format": "faultlens-fault-list", "version": 1, "faults": [{"sit": 1}]})");
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

    // A project naming an image its data set does not have says so; it never shows
    // another image in its place.
    Project outside = readProject(projectPath.toStdString());
    outside.image = 99;
    writeProject(dir + "/outside.faultlens.json", outside);
    widgets::MainWindow second;
    app::Workbench secondBench;
    app::connectWorkbench(second, secondBench);
    app::ProjectSession secondSession(second, secondBench);
    second.openProjectRequested(QString::fromStdString(dir + "/outside.faultlens.json"));
    QTRY_VERIFY_WITH_TIMEOUT(second.statusText().contains("image 99, but the data set has 6 images"), 20000);
    secondBench.waitForIdle();
  }

  void analysesViewShowsAccuracyRangesAndSweepOfBothModelsAndExportsThem() {
    widgets::MainWindow window;
    app::Workbench workbench;
    app::AnalysisController analyses;
    app::connectWorkbench(window, workbench);
    app::connectAnalyses(window, workbench, analyses);
    TinyPair pair;
    if (!openTinyPair(window, "ana", pair)) return;
    const auto& [baseline, guided, folder] = pair;

    auto* panel = window.analysisPanel();
    QSignalSpy finished(&analyses, &app::AnalysisController::finished);
    panel->findChild<QPushButton*>("analysisCompute")->click();
    QVERIFY(panel->isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QVERIFY(!panel->isRunning());

    // The accuracy line of each panel is what the engine computes on the same images.
    ImageFolderDataset data(folder);
    for (const auto& [path, slot] : {std::pair{baseline, ModelSlot::Baseline}, std::pair{guided, ModelSlot::Guided}}) {
      auto model = Model::load(path);
      const auto r = evaluate(*model, data, 0, 6);
      const QString expected = QString("Accuracy %1 % on 6 images").arg(100.0 * r.accuracy(), 0, 'f', 2);
      QVERIFY2(window.panel(slot)->accuracyText().startsWith(expected), qPrintable(window.panel(slot)->accuracyText()));
    }
    // The image browser can now filter by the models' answers on those images.
    int eitherWrong = 0;
    {
      auto a = Model::load(baseline), b = Model::load(guided);
      const auto ra = evaluate(*a, data, 0, 6), rb = evaluate(*b, data, 0, 6);
      for (int i = 0; i < 6; ++i) eitherWrong += !ra.correctPerImage[i] || !rb.correctPerImage[i];
    }
    window.imageBrowser()->setCorrectnessFilter(widgets::CorrectnessFilter::EitherWrong);
    QCOMPARE(window.imageBrowser()->visibleCount(), eitherWrong);
    window.imageBrowser()->setCorrectnessFilter(widgets::CorrectnessFilter::Any);
    QCOMPARE(panel->rangePlot()->graphCount(), 4);           // abs-max and abs-mean of both models
    QCOMPARE(panel->rangePlot()->graph(0)->dataCount(), 2);  // conv and fc
    QCOMPARE(panel->sweepPlot()->graphCount() >= 2, true);
    const QString csv = panel->sweepPlot()->dataCsv();
    QCOMPARE(csv.count('\n'), 41);  // header + δ = 1..40

    // The visible plot exports as SVG, PDF and its data as CSV.
    const std::string dir = test::tempDir("anaexport");
    for (const char* name : {"/ranges.svg", "/ranges.pdf", "/ranges.csv"})
      QCOMPARE(panel->exportCurrent(QString::fromStdString(dir + name)), QString());
    QVERIFY(readFileBytes(dir + "/ranges.svg").find("<svg") != std::string::npos);
    QCOMPARE(readFileBytes(dir + "/ranges.pdf").substr(0, 5), std::string("%PDF-"));
    QVERIFY(readFileBytes(dir + "/ranges.csv").find("conv") != std::string::npos);
    QVERIFY(!panel->exportCurrent(QString::fromStdString(dir + "/no/such/dir/x.pdf")).isEmpty());
  }

  void campaignViewRunsCancelsAndResumesToTheUninterruptedResult() {
    widgets::MainWindow window;
    app::Workbench workbench;
    app::CampaignController campaigns;
    app::connectWorkbench(window, workbench);
    app::connectCampaigns(window, workbench, campaigns);
    TinyPair pair;
    if (!openTinyPair(window, "camp", pair)) return;
    const auto& [baseline, guided, folder] = pair;

    // One fault per pass makes thousands of small batches: long enough to cancel midway.
    auto* panel = window.campaignPanel();
    widgets::CampaignRequest request = panel->request();
    QVERIFY(request.config.layers.empty());  // every layer ticked: "all", like the CLI default
    const std::string dir = test::tempDir("campview") + "/campaign";
    request.directory = QString::fromStdString(dir);
    request.config.injectionsPerLayer = 3000;
    request.config.batchSize = 1;
    request.config.seed = 7;
    panel->setRequest(request);
    auto* start = panel->findChild<QPushButton*>("campaignStart");
    auto* cancel = panel->findChild<QPushButton*>("campaignCancel");
    QVERIFY(start && cancel && !cancel->isEnabled());

    QSignalSpy progress(&campaigns, &app::CampaignController::progress);
    QSignalSpy finished(&campaigns, &app::CampaignController::finished);
    EventLoopTicks ticks;
    start->click();
    QVERIFY(panel->isRunning() && !start->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(progress.count() >= 2, 60000);
    cancel->click();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    const QString frozen = ticks.frozen();
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QVERIFY2(panel->progressText().contains("Cancelled"), qPrintable(panel->progressText()));
    QVERIFY(start->isEnabled() && !panel->isRunning());
    const auto partial = readRecords(dir + "/records-0.csv").size();
    QVERIFY2(partial > 0 && partial < 6000, qPrintable(QString::number(partial)));
    QVERIFY(!fs::exists(dir + "/summary.json"));
    QVERIFY2(frozen.isEmpty(), qPrintable(frozen));
    // Cancelled while still on the baseline: the text-guided model has no numbers yet, and
    // says so instead of reading "mismatch 0 %".
    QTRY_VERIFY_WITH_TIMEOUT(panel->summaryText().contains("text-guided: no injections yet"), 20000);
    QVERIFY2(!panel->summaryText().contains("improvement factor"), qPrintable(panel->summaryText()));

    // Start again: it resumes and ends with the numbers of a campaign that never stopped.
    start->click();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 120000);
    QCOMPARE(finished.at(1).at(0).toBool(), true);
    QVERIFY(fs::exists(dir + "/summary.json"));
    QCOMPARE(readRecords(dir + "/records-0.csv").size(), std::size_t(6000));
    // The bar counts the whole campaign, the part recorded before the resume included.
    auto* bar = panel->findChild<QProgressBar*>();
    QVERIFY(bar);
    QCOMPARE(bar->maximum(), 12000);
    QCOMPARE(bar->value(), 12000);
    QCOMPARE(panel->plot()->graphCount(), 2);
    QCOMPARE(panel->deltaLossPlot()->graphCount(), 2);
    QVERIFY2(panel->summaryText().contains("improvement factor"), qPrintable(panel->summaryText()));

    auto a = Model::load(baseline), b = Model::load(guided);
    ImageFolderDataset data(folder);
    CampaignConfig config = request.config;
    config.imageEnd = 6;
    CampaignSession whole(test::tempDir("campwhole"), {a.get(), b.get()}, data, config);
    std::atomic<bool> never{false};
    QVERIFY(whole.run({}, never));
    const auto reference = whole.summaries();
    const auto resumed = summarizeCampaignDirectory(dir, readCampaignManifest(dir), true);
    for (std::size_t m = 0; m < 2; ++m) {
      QCOMPARE(resumed[m].networkDeltaLoss, reference[m].networkDeltaLoss);
      QCOMPARE(resumed[m].networkMismatchRate, reference[m].networkMismatchRate);
    }

    // A stored campaign opens with its pinned models and settings.
    widgets::MainWindow other;
    app::CampaignController otherCampaigns;
    app::connectCampaigns(other, workbench, otherCampaigns);
    QSignalSpy opened(&otherCampaigns, &app::CampaignController::opened);
    otherCampaigns.open(QString::fromStdString(dir));
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
    const auto stored = other.campaignPanel()->request();
    QCOMPARE(stored.models.size(), 2);
    QCOMPARE(stored.config.injectionsPerLayer, std::int64_t(3000));
    QCOMPARE(stored.config.seed, std::uint64_t(7));
    QTRY_COMPARE_WITH_TIMEOUT(other.campaignPanel()->plot()->graphCount(), 2, 20000);
  }

  void exportAllFiguresWritesTheReportSetTheEngineWritesAndCancels() {
    widgets::MainWindow window;
    app::Workbench workbench;
    app::ReportController reports;
    app::connectWorkbench(window, workbench);
    app::connectReports(window, workbench, reports);
    TinyPair pair;
    if (!openTinyPair(window, "rep", pair)) return;

    widgets::ReportRequest request;
    request.directory = QString::fromStdString(test::tempDir("repgui") + "/figures");
    request.injections = 4;
    request.profileData = QString::fromStdString(pair.folder);  // the paper protocol's range profiles
    request.camImages = {0, 5};
    request.dpi = 60;
    QSignalSpy finished(&reports, &app::ReportController::finished);
    QSignalSpy progress(&reports, &app::ReportController::progress);
    QElapsedTimer clock0;
    clock0.start();
    Q_EMIT window.exportAllFiguresRequested(request);
    QVERIFY(window.findChild<QProgressDialog*>("reportProgress"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
    qInfo("export took %lld ms", static_cast<long long>(clock0.elapsed()));
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
    QVERIFY(progress.count() >= 3);
    QVERIFY2(window.statusText().startsWith("Wrote "), qPrintable(window.statusText()));
    QTRY_VERIFY(!window.findChild<QProgressDialog*>("reportProgress"));

    // Every file of the manifest is there, with the GUI's settings recorded.
    const std::string out = request.directory.toStdString();
    const auto manifest = nlohmann::json::parse(readFileBytes(out + "/manifest.json"));
    for (const auto& f : manifest["files"])
      QVERIFY2(fs::file_size(out + "/" + f.get<std::string>()) > 0, f.get<std::string>().c_str());
    QCOMPARE(manifest["cam_images"], nlohmann::json({0, 5}));
    QCOMPARE(manifest["colour_map"].get<std::string>(), std::string("jet"));
    QCOMPARE(readFileBytes(out + "/campaign_delta_loss.pdf").substr(0, 5), std::string("%PDF-"));
    QCOMPARE(readFileBytes(out + "/cam_image5.png").substr(1, 3), std::string("PNG"));

    // ... and its Table 1 is exactly what the engine's report computes from the same inputs.
    {
      auto a = Model::load(pair.baseline), b = Model::load(pair.guided);
      ImageFolderDataset data(pair.folder);
      report::ReportSettings settings;
      settings.injections = 4;
      settings.camImages = {0, 5};
      settings.dpi = 60;
      const std::string direct = test::tempDir("repdirect");
      const auto result = report::computeReport({a.get(), b.get(), &data, &data}, settings, direct);
      const auto files = report::writeReport(*result, direct, {});
      QCOMPARE(readFileBytes(out + "/table1.md"), files.tableMarkdown);
    }

    // Cancel during the campaign: nothing of the figure set is written, finished
    // injections stay on disk for the next export.
    request.directory = QString::fromStdString(test::tempDir("repcancel") + "/figures");
    request.injections = 200000;
    EventLoopTicks ticks;
    Q_EMIT window.exportAllFiguresRequested(request);
    QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() && progress.last().at(0).toString().contains("campaign"), 60000);
    QTest::qWait(300);
    auto* progressWindow = window.findChild<QProgressDialog*>("reportProgress");
    QVERIFY(progressWindow && progressWindow->isVisible());
    progressWindow->findChild<QPushButton*>()->click();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 60000);
    QCOMPARE(finished.at(1).at(0).toBool(), false);
    QVERIFY2(window.statusText().contains("cancelled"), qPrintable(window.statusText()));
    QVERIFY2(ticks.frozen().isEmpty(), qPrintable(ticks.frozen()));
    const std::string cancelled = request.directory.toStdString();
    QVERIFY(!fs::exists(cancelled + "/table1.md") && !fs::exists(cancelled + "/manifest.json"));
    QVERIFY(fs::exists(cancelled + "/campaign/records-0.csv"));

    // A campaign folder that is not one: the error names its file; nothing hangs.
    request.campaignDirectory = QString::fromStdString(test::tempDir("repnone"));
    QSignalSpy failed(&reports, &app::ReportController::failed);
    Q_EMIT window.exportAllFiguresRequested(request);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 60000);
    QVERIFY2(failed.at(0).at(0).toString().contains("campaign.json"), qPrintable(failed.at(0).at(0).toString()));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, 60000);
  }

  void germanLocaleTranslatesTheWindowAndOthersStayEnglish() {
    QVERIFY(!app::installTranslations(*qApp, QLocale(QLocale::French, QLocale::France)));
    QTranslator* german = app::installTranslations(*qApp, QLocale(QLocale::German, QLocale::Germany));
    QVERIFY(german);
    {
      widgets::MainWindow window;
      QCOMPARE(window.menuBar()->actions().at(0)->text(), QString("&Datei"));
      QCOMPARE(window.windowTitle(), QString("FaultLens"));
      // Strings of the widgets library and of the app library alike.
      QVERIFY(window.findChild<QPushButton*>("applyWeightFaults")->text().contains("Gewichtsfehler"));
      QCOMPARE(window.campaignPanel()->findChild<QPushButton*>("campaignCancel")->text(), QString("Abbrechen"));
      QCOMPARE(window.statusText(), QString("Bereit"));
    }
    QCoreApplication::removeTranslator(german);
    delete german;
    widgets::MainWindow english;
    QCOMPARE(english.menuBar()->actions().at(0)->text(), QString("&File"));
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
    EventLoopTicks ticks;
    window.openModelRequested(ModelSlot::Baseline, QString::fromStdString(dir + "/resnet50.pt"));
    QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Baseline)->hasModel(), 60000);
    const QString frozen = ticks.frozen();
    QVERIFY2(ticks.elapsedMs() > 200, "the load must be long enough for the check to mean something");
    QVERIFY2(frozen.isEmpty(), qPrintable(frozen));
    QCOMPARE(window.panel(ModelSlot::Baseline)->layerModel()->rowCount(), 54);
  }
};

QTEST_MAIN(WorkbenchTest)
#include "WorkbenchTest.moc"
