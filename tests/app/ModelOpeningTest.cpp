// Opening models and data: predictions, the input dialog, failures that keep the
// previous model, and an event loop that keeps turning while a large model loads.
// The workbench as users get it (WiredWorkbench), real TorchScript models and data, offscreen.
#include "tests/app/WorkbenchFixture.h"

using namespace faultlens;
using namespace faultlens::test;
using widgets::ModelSlot;
namespace fs = std::filesystem;

class ModelOpeningTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);                               // settings stay out of ~/.config
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));  // numbers as the tests write them
  }

  void loadsModelsAndDataThenPredictsTheSelectedImage() {
    WiredWorkbench wired;
    auto& window = wired.window;
    auto& workbench = wired.workbench;
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

  void modelWithoutInputMetadataOpensThroughTheInputDialog() {
    WiredWorkbench wired;
    auto& window = wired.window;
    auto& workbench = wired.workbench;
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
    // Writing next to the user's model file is opt-in.
    QVERIFY(!dialog->saveSidecar());
    QVERIFY2(dialog->findChild<QLabel*>() != nullptr, "the dialog explains its proposal");
    dialog->setSaveSidecar(true);
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
    WiredWorkbench wired;
    auto& window = wired.window;
    auto& workbench = wired.workbench;
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

  void aModelThatCannotBeComparedClosesTheOtherSlotsModel() {
    // The demo text-guided model (1×28×28, 10 classes) beside a baseline opened by the user
    // that takes 1×6×6 and has 3 classes: the demo model is closed, and its panel says why.
    WiredWorkbench wired;
    auto& window = wired.window;
    auto& workbench = wired.workbench;
    workbench.loadDemoModel(ModelSlot::Guided, QStringLiteral(FAULTLENS_DEMO_MODELS_DIR "/fashion_textguided.pt"));
    QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Guided)->hasModel(), 20000);
    const std::string tiny = test::writeTinyConvNet(test::tempDir("closes"), 1);
    window.openModelRequested(ModelSlot::Baseline, QString::fromStdString(tiny));
    QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Baseline)->hasModel(), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!window.panel(ModelSlot::Guided)->hasModel(), 20000);
    QVERIFY(!workbench.hasModel(ModelSlot::Guided));
    const QString why = window.panel(ModelSlot::Guided)->infoText();
    QVERIFY2(why.contains("Closed: fashion_textguided.pt takes 1×28×28 inputs and has 10 classes") &&
                 why.contains("takes 1×6×6 and has 3"),
             qPrintable(why));
    // Two models the user chose stay open together, whatever their inputs.
    window.openModelRequested(ModelSlot::Guided, QStringLiteral(FAULTLENS_DEMO_MODELS_DIR "/fashion_textguided.pt"));
    QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Guided)->hasModel(), 20000);
    QVERIFY(window.panel(ModelSlot::Baseline)->hasModel());
    QVERIFY(workbench.hasModel(ModelSlot::Baseline));
  }

  void badModelFileIsReportedNotFatal() {
    WiredWorkbench wired;
    auto& window = wired.window;
    auto& workbench = wired.workbench;
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
    WiredWorkbench wired;
    auto& window = wired.window;
    auto& workbench = wired.workbench;
    EventLoopTicks ticks;
    window.openModelRequested(ModelSlot::Baseline, QString::fromStdString(dir + "/resnet50.pt"));
    QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Baseline)->hasModel(), 60000);
    const QString frozen = ticks.frozen();
    QVERIFY2(ticks.elapsedMs() > 200, "the load must be long enough for the check to mean something");
    QVERIFY2(frozen.isEmpty(), qPrintable(frozen));
    QCOMPARE(window.panel(ModelSlot::Baseline)->layerModel()->rowCount(), 54);
  }
};

QTEST_MAIN(ModelOpeningTest)
#include "ModelOpeningTest.moc"
