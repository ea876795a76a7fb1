// Faults and the views that follow them: faulty predictions, the CAM grid, the layer
// output map and random weight faults with their fault lists.
// The workbench as users get it (WiredWorkbench), real TorchScript models and data, offscreen.
#include "tests/app/WorkbenchFixture.h"

#include <QAction>
#include <QMenu>
#include <QTableView>

#include "core/model/Devices.h"

using namespace faultlens;
using namespace faultlens::test;
using widgets::ModelSlot;
namespace fs = std::filesystem;

class FaultViewsTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);                               // settings stay out of ~/.config
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));  // numbers as the tests write them
  }

  void camGridGainsAFaultyColumnWhenAFaultIsApplied() {
    WiredWorkbench wired;
    auto& window = wired.window;
    auto& workbench = wired.workbench;
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
    applyFault(window, parseFaultSpec("conv@1,2,3:30"), ErrorModel::BitFlip);
    QTRY_COMPARE_WITH_TIMEOUT(grids.count(), 2, 20000);
    const QImage both = grids.at(1).at(0).value<QImage>();
    QVERIFY(both.width() > clean.width());    // clean | faulty columns
    QCOMPARE(both.height(), clean.height());  // one row per model, as before
    // How far each faulty map moved, in the caption and in the export's sidecar; this
    // exponent flip leaves no finite map to compare, and the caption says why.
    QVERIFY2(grids.at(1).at(1).toString().contains("how far the faulty map moved is undefined: the faulty map has"),
             qPrintable(grids.at(1).at(1).toString()));
    const QString sidecar = grids.at(1).at(2).toString();
    QVERIFY2(sidecar.contains("\"centre_shift_pixels\"") && sidecar.contains("\"state\": \"faulty\""),
             qPrintable(sidecar));

    // Another fault on the same image: only the faulty maps are computed again; the clean
    // maps' class and score (the caption's first line) are the ones from before.
    QCOMPARE(workbench.cleanCamsComputed(), 2);
    applyFault(window, parseFaultSpec("conv@0,1,1:31"), ErrorModel::BitFlip);
    QTRY_COMPARE_WITH_TIMEOUT(grids.count(), 3, 20000);
    QCOMPARE(workbench.cleanCamsComputed(), 2);
    QCOMPARE(grids.at(2).at(0).value<QImage>().size(), both.size());
    QCOMPARE(grids.at(2).at(1).toString().section('\n', 0, 0), grids.at(1).at(1).toString().section('\n', 0, 0));
    // A sign flip leaves a finite map: the three numbers.
    QVERIFY2(grids.at(2).at(1).toString().contains("faulty map moved: r = "), qPrintable(grids.at(2).at(1).toString()));
    // A new image, a reloaded model or another CAM layer needs new clean maps.
    window.imageBrowser()->selectImage(1);
    QTRY_COMPARE_WITH_TIMEOUT(grids.count(), 4, 20000);
    QCOMPARE(workbench.cleanCamsComputed(), 4);
    QSignalSpy loaded(&workbench, &app::Workbench::modelLoaded);
    window.openModelRequested(ModelSlot::Guided, QString::fromStdString(model));
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 20000);
    applyFault(window, parseFaultSpec("conv@1,2,3:30"), ErrorModel::BitFlip);  // redraws the grid
    QTRY_VERIFY_WITH_TIMEOUT(grids.count() >= 5 && !workbench.busy(), 20000);
    QCOMPARE(workbench.cleanCamsComputed(), 5);  // the reloaded text-guided model's map only
  }

  void everyViewFollowsEachKindOfChange() {
    // Each kind of change (image, fault, fault cleared, model, data set) against each view
    // that depends on it: recomputed for the new state, or cleared until it can be.
    WiredWorkbench wired;
    auto& window = wired.window;
    auto& workbench = wired.workbench;
    app::AnalysisController analyses;
    app::connectAnalyses(window, workbench, analyses);
    TinyPair pair;
    if (!openTinyPair(window, "fresh", pair)) return;
    widgets::ModelPanel* panels[] = {window.panel(ModelSlot::Baseline), window.panel(ModelSlot::Guided)};
    auto* analysisPanel = window.analysisPanel();
    QSignalSpy grids(&workbench, &app::Workbench::camGridReady);
    QSignalSpy maps(&workbench, &app::Workbench::activationsReady);
    const auto bothPredict = [&](int truth) {
      for (auto* p : panels)
        if (!p->predictionView()->hasPrediction() || p->predictionView()->prediction().groundTruth != truth)
          return false;
      return true;
    };
    const auto bothFaulty = [&] {
      return panels[0]->faultyView()->hasPrediction() && panels[1]->faultyView()->hasPrediction();
    };
    QSignalSpy analysed(&analyses, &app::AnalysisController::finished);
    analysisPanel->compute(6);
    QTRY_COMPARE_WITH_TIMEOUT(analysed.count(), 1, 60000);
    QVERIFY(analysisPanel->rangesPane()->showsPlot() && analysisPanel->sweepPane()->showsPlot());
    QVERIFY(!panels[1]->accuracyText().isEmpty());

    // Image: predictions, faulty predictions, CAM grid and layer-output map follow it.
    QVERIFY(window.faultEditor()->selectLayer("conv"));
    window.imageBrowser()->selectImage(4);
    QTRY_VERIFY_WITH_TIMEOUT(bothPredict(2) && grids.count() >= 1 && maps.count() >= 1, 20000);
    applyFault(window, parseFaultSpec("conv@1,2,3:30"), ErrorModel::BitFlip);
    QTRY_VERIFY_WITH_TIMEOUT(bothFaulty() && grids.count() >= 2, 20000);
    workbench.waitForIdle();
    int gridsBefore = grids.count(), mapsBefore = maps.count();
    window.imageBrowser()->selectImage(1);
    QTRY_VERIFY_WITH_TIMEOUT(bothPredict(0) && bothFaulty() && grids.count() > gridsBefore && maps.count() > mapsBefore,
                             20000);
    const int faultyWidth = grids.last().at(0).value<QImage>().width();

    // Fault cleared: the faulty predictions go, the grid loses its faulty column.
    workbench.waitForIdle();
    gridsBefore = grids.count();
    window.faultEditor()->findChild<QPushButton*>("clearFault")->click();
    QTRY_VERIFY_WITH_TIMEOUT(grids.count() > gridsBefore, 20000);
    QVERIFY(!panels[0]->faultyView()->hasPrediction() && !panels[1]->faultyView()->hasPrediction());
    QVERIFY(grids.last().at(0).value<QImage>().width() < faultyWidth);

    // Model: analyses and that model's browser filter computed with the old one are gone,
    // its accuracy too; its prediction and the CAM grid are computed again.
    workbench.waitForIdle();
    gridsBefore = grids.count();
    QSignalSpy loaded(&workbench, &app::Workbench::modelLoaded);
    window.openModelRequested(ModelSlot::Guided,
                              QString::fromStdString(test::writeTinyConvNet(test::tempDir("fresh3"), 3)));
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 20000);
    QVERIFY(!analysisPanel->rangesPane()->showsPlot() && !analysisPanel->sweepPane()->showsPlot());
    QVERIFY(panels[1]->accuracyText().isEmpty());
    QVERIFY(!panels[0]->accuracyText().isEmpty());  // the baseline's still holds
    window.imageBrowser()->selectImage(2);
    QTRY_VERIFY_WITH_TIMEOUT(bothPredict(1) && grids.count() > gridsBefore, 20000);

    // Data set: everything computed on the old images is cleared until an image is chosen.
    workbench.waitForIdle();
    analysisPanel->compute(6);
    QTRY_COMPARE_WITH_TIMEOUT(analysed.count(), 2, 60000);
    window.openDataRequested(QString::fromStdString(writeImageFolder()));
    QTRY_VERIFY_WITH_TIMEOUT(!panels[0]->predictionView()->hasPrediction(), 20000);
    QVERIFY(!panels[1]->predictionView()->hasPrediction());
    QVERIFY(panels[0]->accuracyText().isEmpty() && panels[1]->accuracyText().isEmpty());
    QVERIFY(!analysisPanel->rangesPane()->showsPlot());
    window.imageBrowser()->selectImage(5);
    QTRY_VERIFY_WITH_TIMEOUT(bothPredict(2), 20000);
  }

  void activationsPaneFollowsTheSelectedImageLayerByLayer() {
    WiredWorkbench wired;
    auto& window = wired.window;
    auto& workbench = wired.workbench;
    TinyPair pair;
    if (!openTinyPair(window, "layers", pair)) return;
    auto* panel = window.analysisPanel();
    QSignalSpy profiles(&workbench, &app::Workbench::layerProfileReady);
    window.imageBrowser()->selectImage(3);
    QTRY_COMPARE_WITH_TIMEOUT(profiles.count(), 2, 20000);  // both models, clean only
    QVERIFY(!profiles.at(0).at(1).value<widgets::ImageLayerProfile>().hasFault());
    panel->showActivationMode(static_cast<int>(widgets::ImageLayerPlot::Quantity::AbsMax));
    QVERIFY(panel->rangesPane()->showsPlot());
    QCOMPARE(panel->rangesPane()->plot(), static_cast<widgets::AnalysisPlot*>(panel->imagePlot()));

    // Under a fault: where it starts (the faulted conv) and what reaches the last layer.
    applyFault(window, parseFaultSpec("conv@1,2,3:30"), ErrorModel::BitFlip);
    QTRY_COMPARE_WITH_TIMEOUT(profiles.count(), 4, 20000);
    for (int k : {2, 3}) {
      const auto p = profiles.at(k).at(1).value<widgets::ImageLayerProfile>();
      QVERIFY(p.hasFault());
      QCOMPARE(p.layers, (QStringList{"conv", "fc"}));
      QVERIFY(p.relativeL2[0] > 0);             // the faulted layer
      QVERIFY(p.faultyMax[0] > p.cleanMax[0]);  // bit 30 made one value huge
    }
    panel->showActivationMode(static_cast<int>(widgets::ImageLayerPlot::Quantity::Deviation));
    // One deviation curve per model (on the value axis; style keys and the NaN/Inf row's
    // crosses are graphs of their own).
    int curves = 0;
    for (int g = 0; g < panel->imagePlot()->graphCount(); ++g) {
      const QCPGraph* graph = panel->imagePlot()->graph(g);
      curves += graph->valueAxis() == panel->imagePlot()->yAxis && !graph->property("styleKey").toBool();
    }
    QCOMPARE(curves, 2);
    QVERIFY(panel->imagePlot()->dataCsv().startsWith("model,layer_index,layer,clean_abs_max"));
    // Back to the data set's ranges: not computed, so the pane says how to fill it.
    panel->showActivationMode(-1);
    QVERIFY(!panel->rangesPane()->showsPlot());
  }

  void camSettingsRedrawTheGridAndTravelWithTheProject() {
    const std::string dir = test::tempDir("camsettings");
    const QString projectPath = QString::fromStdString(dir + "/cam.faultlens.json");
    {
      WiredWorkbench wired;
      auto& window = wired.window;
      auto& workbench = wired.workbench;
      app::ProjectSession session(window, workbench);
      window.openModelRequested(ModelSlot::Baseline, QString::fromStdString(test::writeTinyConvNet(dir, 1)));
      window.openDataRequested(QString::fromStdString(writeImageFolder()));
      QTRY_COMPARE_WITH_TIMEOUT(window.imageBrowser()->visibleCount(), 6, 20000);
      QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Baseline)->hasModel(), 20000);
      QSignalSpy grids(&workbench, &app::Workbench::camGridReady);
      window.imageBrowser()->selectImage(0);
      QTRY_COMPARE_WITH_TIMEOUT(grids.count(), 1, 20000);
      QVERIFY(grids.at(0).at(1).toString().contains("Colour scale of the clean maps"));  // the default
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
    WiredWorkbench wired;
    auto& window = wired.window;
    auto& workbench = wired.workbench;
    app::ProjectSession session(window, workbench);
    QVERIFY(session.openProject(projectPath));
    QCOMPARE(workbench.camSettings(), wanted);
    QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Baseline)->hasModel(), 20000);
    QCOMPARE(window.camView()->settings(), wanted);
    QCOMPARE(window.camView()->findChild<QComboBox*>("camLayer")->currentData().toString(), QString("conv"));
    workbench.waitForIdle();
  }

  void faultEditorMapShowsTheSelectedImagesLayerOutput() {
    WiredWorkbench wired;
    auto& window = wired.window;
    auto& workbench = wired.workbench;
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
    WiredWorkbench wired;
    auto& window = wired.window;
    auto& workbench = wired.workbench;
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
    applyFault(window, parseFaultSpec("fc@1:31"), ErrorModel::BitFlip);
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
    applyFault(window, parseFaultSpec("fc@2:31"), ErrorModel::BitFlip);
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

  void lastLayerFaultHitsEachModelsCorrespondingLayer() {
    // The demo pair: the baseline's classifier is `fc` [10]; the text-guided model calls its
    // 64-wide projection `fc` and its classifier `head` [10].
    WiredWorkbench wired;
    auto& window = wired.window;
    if (!openDemoPair(window)) return;
    window.imageBrowser()->selectImage(1);
    QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Guided)->predictionView()->hasPrediction(), 20000);

    applyFault(window, parseFaultSpec("fc@3:30"), ErrorModel::BitFlip);
    const auto faultText = [&](ModelSlot slot) { return window.panel(slot)->faultText(); };
    QTRY_VERIFY_WITH_TIMEOUT(faultText(ModelSlot::Guided).contains("at head@3:30"), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(faultText(ModelSlot::Baseline).contains("at fc@3:30"), 20000);
    QVERIFY2(faultText(ModelSlot::Guided).contains("head corresponds to the baseline model&#x27;s fc (last layer)") ||
                 faultText(ModelSlot::Guided).contains("head corresponds to the baseline model's fc (last layer)"),
             qPrintable(faultText(ModelSlot::Guided)));
    QVERIFY2(faultText(ModelSlot::Guided).contains("own fc [64] is another layer"),
             qPrintable(faultText(ModelSlot::Guided)));

    // A row of the text-guided table aims the fault at that model's own layer.
    auto* editor = window.faultEditor();
    auto* table = window.panel(ModelSlot::Guided)->findChild<QTableView*>();
    QVERIFY(table);
    int fcRow = -1;
    for (int r = 0; r < table->model()->rowCount(); ++r)
      if (table->model()->index(r, widgets::LayerTableModel::Name).data().toString() == "fc") fcRow = r;
    QVERIFY(fcRow >= 0);
    const QModelIndex fcIndex = table->model()->index(fcRow, 0);
    table->scrollTo(fcIndex);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(fcIndex).center());
    QCOMPARE(editor->targetModel(), ModelSlot::Guided);
    QCOMPARE(QString::fromStdString(editor->spec().layerName), QString("fc"));
    editor->setCoordinates({40});  // beyond the baseline's 10 classes: only the [64] layer has it
    editor->setBit(30);
    editor->findChild<QPushButton*>("applyFault")->click();
    QTRY_VERIFY_WITH_TIMEOUT(faultText(ModelSlot::Guided).contains("at fc@40:30"), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(faultText(ModelSlot::Baseline)
                                 .contains("no layer of this model corresponds to the "
                                           "text-guided model's 'fc'"),
                             20000);

    // The bit view shows the applied fault's codes while the editor holds that fault, and the
    // new site's clean value as soon as the editor leaves it (before Apply).
    widgets::BitView* bits = editor->bitView();
    QTRY_VERIFY_WITH_TIMEOUT(bits->afterCode().has_value(), 20000);
    QVERIFY(editor->resultText().contains("Text-guided model at fc@40:30"));
    editor->setBit(29);
    QVERIFY(!bits->afterCode().has_value());
    QVERIFY2(editor->resultText().contains("Not applied yet"), qPrintable(editor->resultText()));
    QVERIFY2(editor->resultText().contains("fc@40:30"), qPrintable(editor->resultText()));  // still in the models
    QTRY_VERIFY_WITH_TIMEOUT(bits->before().has_value(), 20000);  // the clean value, from the layer's map
    editor->setBit(30);
    QVERIFY(bits->afterCode().has_value());  // back at the applied fault: its outcome again
  }

  void theWorkbenchRunsOnTheDeviceChosenAndRefusesOneItDoesNotSee() {
    WiredWorkbench wired;
    auto& window = wired.window;
    auto& workbench = wired.workbench;
    // Debian's LibTorch sees the CPU alone: the workbench starts there and says so.
    QCOMPARE(workbench.device(), QString::fromStdString(preferredDevice()));
    auto* menu = window.findChild<QMenu*>("computeDeviceMenu");
    QVERIFY(menu);
    QCOMPARE(menu->actions().size(), static_cast<int>(availableDevices().size()));
    QVERIFY(menu->actions().at(0)->text() == QString("CPU"));
    TinyPair pair;
    if (!openTinyPair(window, "device", pair)) return;
    QSignalSpy failed(&workbench, &app::Workbench::deviceFailed);
    QSignalSpy loading(&workbench, &app::Workbench::modelLoading);
    workbench.setDevice("cuda:99");
    QCOMPARE(failed.count(), 1);
    QVERIFY2(failed.first().at(0).toString().contains("cuda:99 is not a device"),
             qPrintable(failed.first().at(0).toString()));
    QCOMPARE(workbench.device(), QString::fromStdString(preferredDevice()));
    QCOMPARE(loading.count(), 0);  // nothing reloaded
    // The device in use chosen again: the models stay as they are.
    QSignalSpy changed(&workbench, &app::Workbench::deviceChanged);
    QAction* inUse = nullptr;
    for (QAction* action : menu->actions())
      if (action->data().toString() == workbench.device()) inUse = action;
    QVERIFY(inUse);
    inUse->trigger();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(loading.count(), 0);
    QVERIFY(inUse->isChecked());
  }

  void numberFormatReloadsBothModelsAndFaultsFlipBitsOfItsCode() {
    WiredWorkbench wired;
    auto& window = wired.window;
    auto& workbench = wired.workbench;
    TinyPair pair;
    if (!openTinyPair(window, "format", pair)) return;
    window.imageBrowser()->selectImage(1);
    QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Guided)->predictionView()->hasPrediction(), 20000);
    QSignalSpy changed(&workbench, &app::Workbench::numberFormatChanged);
    QSignalSpy failed(&workbench, &app::Workbench::numberFormatFailed);
    auto* formatBox = window.faultEditor()->findChild<QComboBox*>("numberFormat");
    Q_EMIT formatBox->textActivated("fp16");
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!workbench.busy(), 20000);
    const NumberFormat fp16 = NumberFormat::parse("fp16");
    QCOMPARE(workbench.numberFormat(), fp16);
    for (ModelSlot slot : {ModelSlot::Baseline, ModelSlot::Guided})
      QVERIFY2(window.panel(slot)->infoText().contains("computes in fp16"), qPrintable(window.panel(slot)->infoText()));
    QCOMPARE(window.faultEditor()->findChild<QSpinBox*>("faultBit")->maximum(), 15);

    // A fault flips bit 14 of the site's fp16 code; the bit view shows both codes.
    applyFault(window, parseFaultSpec("conv@1,2,3:14"), ErrorModel::BitFlip);
    QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Baseline)->faultyView()->hasPrediction(), 20000);
    widgets::BitView* bits = window.faultEditor()->bitView();
    QTRY_VERIFY_WITH_TIMEOUT(bits->afterCode().has_value(), 20000);
    QCOMPARE(*bits->afterCode(), *bits->beforeCode() ^ (1u << 14));
    // Exact: the shown values are the format's decodes of the shown codes.
    QCOMPARE(floatToBits(*bits->before()), floatToBits(decode(fp16, *bits->beforeCode())));
    QCOMPARE(floatToBits(*bits->after()), floatToBits(decode(fp16, *bits->afterCode())));
    // A bit outside the code is the fault's problem, reported for each model.
    applyFault(window, parseFaultSpec("conv@1,2,3:20"), ErrorModel::BitFlip);
    for (ModelSlot slot : {ModelSlot::Baseline, ModelSlot::Guided})
      QTRY_VERIFY_WITH_TIMEOUT(window.panel(slot)->faultText().contains("bit 20 is outside fp16 (bits 0..15)"), 20000);
    // Random weight faults draw bits of the code.
    for (const FaultListEntry& f : workbench.randomWeightFaults(200, 3, ErrorModel::BitFlip))
      QVERIFY(f.site.bit >= 0 && f.site.bit <= 15);

    // A name no format has changes nothing.
    workbench.setNumberFormat("fp12");
    QCOMPARE(failed.count(), 1);
    QCOMPARE(workbench.numberFormat(), fp16);
    QCOMPARE(formatBox->currentText(), QString("fp16"));

    // int8 takes each layer's scale from the open data set.
    Q_EMIT formatBox->textActivated("int8");
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, 20000);
    QVERIFY2(changed.at(1).at(1).toString().contains("over 6 images of"), qPrintable(changed.at(1).at(1).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(!workbench.busy(), 20000);
    QVERIFY(window.panel(ModelSlot::Guided)->infoText().contains("computes in int8"));
    QCOMPARE(window.faultEditor()->findChild<QSpinBox*>("faultBit")->maximum(), 7);
    // Jobs that load the models again (analyses, campaigns, reports) take the workbench's
    // scales: each layer's abs-max over the data, as a fresh profile gives it (exact: the
    // same maxima of the same float32 outputs).
    const ImageFolderDataset images(pair.folder);
    {
      auto fresh = Model::load(pair.baseline);
      const std::vector<double> profiled = profiledAbsMax(*fresh, images);
      const std::vector<double> scales = workbench.formatScales(ModelSlot::Baseline);
      QCOMPARE(scales.size(), profiled.size());
      for (std::size_t l = 0; l < scales.size(); ++l)
        QVERIFY(scales[l] == profiled[l] || (std::isnan(scales[l]) && std::isnan(profiled[l])));
      // An analysis handed scales computes with them rather than profiling its own: with
      // every scale halved, its numbers are those of a model quantised with the halves.
      app::ModelFiles files(QStringList{QString::fromStdString(pair.baseline)});
      files.scales.push_back(scales);
      for (double& a : files.scales[0]) a /= 2;
      app::AnalysisController analyses;
      QSignalSpy accuracy(&analyses, &app::AnalysisController::accuracyReady);
      QSignalSpy done(&analyses, &app::AnalysisController::finished);
      analyses.start(files, workbench.dataSpec(), 6, NumberFormat::parse("int8"));
      QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 60000);
      QVERIFY2(done.at(0).at(0).toBool(), qPrintable(done.at(0).at(1).toString()));
      auto halved = Model::load(pair.baseline);
      halved->useNumberFormat(NumberFormat::parse("int8"), files.scales[0]);
      const auto line = [](const EvaluationResult& r) {
        return QString("Accuracy %1 % on 6 images · mean Top2Diff %2")
            .arg(100.0 * r.accuracy(), 0, 'f', 2)
            .arg(r.meanTop2Diff, 0, 'f', 2);
      };
      const QString expected = line(evaluate(*halved, images, 0, 6));
      auto asProfiled = Model::load(pair.baseline);
      asProfiled->useNumberFormat(NumberFormat::parse("int8"), scales);
      QVERIFY(line(evaluate(*asProfiled, images, 0, 6)) != expected);  // so the check below can fail
      QCOMPARE(accuracy.count(), 1);
      QVERIFY2(accuracy.at(0).at(1).toString().startsWith(expected), qPrintable(accuracy.at(0).at(1).toString()));
    }
    // A model opened now computes in int8 too.
    window.openModelRequested(ModelSlot::Guided, QString::fromStdString(pair.baseline));
    QTRY_VERIFY_WITH_TIMEOUT(!workbench.busy(), 20000);
    QVERIFY(window.panel(ModelSlot::Guided)->infoText().contains("computes in int8"));
    QCOMPARE(failed.count(), 1);

    // A load overtaken by a later load of the same slot never replaces it, also when the
    // format changed in between (the first finishes in int8 and is not loaded again in bf16).
    window.openModelRequested(ModelSlot::Baseline, QString::fromStdString(pair.guided));
    workbench.setNumberFormat("bf16");
    window.openModelRequested(ModelSlot::Baseline, QString::fromStdString(pair.baseline));
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 3, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!workbench.busy(), 20000);
    QCOMPARE(workbench.modelPath(ModelSlot::Baseline), QString::fromStdString(pair.baseline));
    QVERIFY(window.panel(ModelSlot::Baseline)->infoText().contains("computes in bf16"));
  }

  void randomWeightFaultsHitBothModelsAndRoundTripThroughAFaultList() {
    WiredWorkbench wired;
    auto& window = wired.window;
    auto& workbench = wired.workbench;
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
};

QTEST_MAIN(FaultViewsTest)
#include "FaultViewsTest.moc"
