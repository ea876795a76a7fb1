// QtTest (offscreen) for the widgets on their own, fed with plain view data.
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QLineEdit>
#include <QDialogButtonBox>
#include <QListView>
#include <QMimeData>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QWheelEvent>
#include <QSignalSpy>
#include <QTest>

#include "widgets/ActivationMapView.h"
#include "widgets/AnalysisPanel.h"
#include "widgets/CamGridView.h"
#include "widgets/plots/PlotPane.h"
#include "widgets/BitView.h"
#include "widgets/FaultEditor.h"
#include "widgets/ImageBrowser.h"
#include "widgets/InputSpecDialog.h"
#include "widgets/LayerTableModel.h"
#include "widgets/MainWindow.h"
#include "widgets/ModelPanel.h"
#include "widgets/PredictionView.h"
#include "widgets/WheelGuard.h"
#include "widgets/CountBox.h"
#include "widgets/RecentFiles.h"
#include "widgets/ReportExportDialog.h"
#include "widgets/plots/PlotExport.h"
#include "widgets/plots/PlotViews.h"

#include <QTemporaryDir>
#include <limits>
#include <QMenu>
#include <QSettings>
#include <QStandardPaths>

using namespace faultlens;
using namespace faultlens::widgets;

namespace {

/// Twelve solid-grey 8×8 images, labels 0,1,2,0,1,2,...
class GreyImages : public ImageSource {
 public:
  int count() const override { return 12; }
  QImage image(int index) const override {
    QImage img(8, 8, QImage::Format_Grayscale8);
    img.fill(qRgb(index * 20, index * 20, index * 20));
    return img;
  }
  int label(int index) const override { return index % 3; }
  QStringList classNames() const override { return {"zero", "one", "two"}; }
  QString description() const override { return "grey test images"; }
};

std::vector<LayerInfo> twoLayers() {
  LayerInfo conv;
  conv.index = 0;
  conv.name = "features.0";
  conv.weightShape = {8, 1, 3, 3};
  conv.outputShape = {8, 28, 28};
  LayerInfo fc;
  fc.index = 1;
  fc.name = "fc";
  fc.kind = LayerKind::Linear;
  fc.weightShape = {10, 8};
  fc.outputShape = {10};
  fc.executed = false;
  return {conv, fc};
}

}  // namespace

class WidgetsTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void plotsExportVectorAndRasterFilesAtomically() {
    QTemporaryDir dir;
    faultlens::widgets::Top2DiffSweepPlot sweep;
    faultlens::widgets::Top2DiffSweepData d;
    d.baseline = {"baseline", 1, {0.9, 0.85, 0.8}};
    d.guided = {"text-guided", 1, {0.88, 0.86, 0.82}};
    d.inflection = 2;
    sweep.setData(d);
    QCOMPARE(sweep.dataCsv().count('\n'), 4);
    for (const QString suffix : {"svg", "pdf", "png"}) {
      const QString path = dir.filePath("sweep." + suffix);
      QCOMPARE(faultlens::widgets::exportPlot(sweep, path), QString());
      QFile f(path);
      QVERIFY(f.open(QIODevice::ReadOnly));
      const QByteArray head = f.read(8);
      if (suffix == "svg") QVERIFY(head.startsWith("<?xml"));
      if (suffix == "pdf") QVERIFY(head.startsWith("%PDF"));
      if (suffix == "png") QVERIFY(head.startsWith("\x89PNG"));
    }
    // The SVG holds vector text (the axis label), not a bitmap.
    QFile svg(dir.filePath("sweep.svg"));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    QVERIFY(svg.readAll().contains("accuracy"));
    // Failures name the file and leave nothing behind.
    QVERIFY(faultlens::widgets::exportPlot(sweep, dir.filePath("missing/x.pdf")).contains("missing/x.pdf"));
    QVERIFY(faultlens::widgets::exportPlot(sweep, dir.filePath("x.bmp")).contains("unknown figure format"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 3);
  }

  void rangePlotSkipsValuesALogAxisCannotShow() {
    faultlens::widgets::ActivationRangePlot plot;
    plot.setSeries({{"baseline", {"conv1", "fc"}, {3.5, 0.0}, {0.5, NAN}}});
    QCOMPARE(plot.graph(0)->dataCount(), 1);  // abs-max 0 left out
    QCOMPARE(plot.graph(1)->dataCount(), 1);  // abs-mean NaN left out
    faultlens::widgets::CampaignResultPlot campaign;
    campaign.setSeries({{"baseline", {"conv1", "fc"}, {0.01, 0.05}, {0.005, 0.04}, {0.02, 0.06}}});
    QVERIFY(campaign.dataCsv().contains("fc,0.05"));
  }

  void deltaLossPlotShowsIntervalsKeepsZeroInViewAndWritesFactors() {
    faultlens::widgets::CampaignResultSeries a{
        "baseline", {"features.conv1", "features.fc"}, {0, 0}, {0, 0}, {0, 0}, {0.4, 2.0}, {0.2, 1.0}, {0.6, 3.0}};
    faultlens::widgets::CampaignResultSeries b{
        "text-guided", {"features.conv1", "features.fc"}, {0, 0}, {0, 0}, {0, 0}, {-0.1, NAN}, {-0.3, NAN}, {0.1, NAN}};
    faultlens::widgets::CampaignDeltaLossPlot plot;
    plot.setSeries({a, b});
    QCOMPARE(plot.graph(0)->dataCount(), 2);
    QCOMPARE(plot.graph(1)->dataCount(), 1);  // the NaN mean has no position: left out
    QVERIFY(plot.yAxis->range().lower < -0.3 && plot.yAxis->range().upper > 3.0);
    const QString csv = plot.dataCsv();
    QVERIFY(csv.startsWith("model,layer_index,layer,mean_delta_loss,low,high,improvement_factor\n"));
    // 0.4 / -0.1 is no improvement factor (text-guided ΔLoss ≤ 0): left empty, like 2.0 / NaN.
    QVERIFY2(csv.contains("baseline,0,features.conv1,0.4,0.2,0.6,\n"), qPrintable(csv));
    QVERIFY2(csv.contains("baseline,1,features.fc,2,1,3,\n"), qPrintable(csv));
    plot.setSeries({a, {"text-guided", a.layers, {0, 0}, {0, 0}, {0, 0}, {0.1, 0.5}, {0, 0}, {0.2, 1}}});
    QVERIFY2(plot.dataCsv().contains("features.conv1,0.4,0.2,0.6,4\n"), qPrintable(plot.dataCsv()));
    QCOMPARE(plot.xAxis->label(), QString("faulted layer; \"features.\" left out"));
  }

  void reportExportDialogRoundTripsItsRequestAndParsesImageLists() {
    QString error;
    QCOMPARE(widgets::parseImageList(" 0, 7,12", &error), QVector<int>({0, 7, 12}));
    QVERIFY(widgets::parseImageList("3,x", &error).isEmpty());
    QVERIFY2(error.contains("'x'"), qPrintable(error));
    QVERIFY(widgets::parseImageList("-1", &error).isEmpty());
    QVERIFY(widgets::parseImageList("", &error).isEmpty());

    widgets::ReportExportDialog dialog;
    widgets::ReportRequest request;
    request.directory = "/tmp/figures";
    request.images = 500;
    request.campaignDirectory = "/tmp/campaign";
    request.injections = 64;
    request.camImages = {4, 2};
    request.camWeightFaults = 12;
    request.figure = *widgets::FigureStyle::fromSizeName("3.3x2.5", nullptr);
    request.figure.fontPoints = 9.5;
    request.figure.legend = widgets::FigureStyle::Legend::Outside;
    request.figure.dpi = 150;
    request.paperProtocol = false;
    dialog.setRequest(request);
    auto back = dialog.request();
    QCOMPARE(back.directory, request.directory);
    // The protocol as the campaign dock names it: a short name, the meaning under it.
    QVERIFY(!back.paperProtocol);
    QCOMPARE(dialog.findChild<QComboBox*>("reportProtocol")->currentText(), QString("raw"));
    QVERIFY(dialog.findChild<QLabel*>("reportProtocolNote")->text().contains("signed ΔCE"));
    QCOMPARE(back.images, 500);
    QCOMPARE(back.campaignDirectory, request.campaignDirectory);
    QCOMPARE(back.camImages, request.camImages);
    QCOMPARE(back.camWeightFaults, 12);
    // The figure style comes back whole, a custom size included.
    QVERIFY(back.figure == request.figure);
    QCOMPARE(back.figure.sizeName(), QStringLiteral("3.3x2.5"));
    // With its figure-style rows it still fits a laptop screen's 1366×768 (less a panel).
    dialog.adjustSize();
    QVERIFY2(dialog.sizeHint().height() <= 700 && dialog.sizeHint().width() <= 1300,
             qPrintable(QStringLiteral("%1×%2").arg(dialog.sizeHint().width()).arg(dialog.sizeHint().height())));
    if (const QString keep = qEnvironmentVariable("KEEP_FIGURES"); !keep.isEmpty())
      dialog.grab().save(keep + "/report-dialog.png");
    // A custom size that is none is refused with the reason, nothing is accepted.
    dialog.findChild<QComboBox*>("figureSize")->setCurrentIndex(3);
    dialog.findChild<QLineEdit*>("figureCustomSize")->setText("wide");
    QVERIFY(dialog.findChild<QLineEdit*>("figureCustomSize")->isEnabled());
    QVERIFY(!dialog.request().figure.sizeName().contains("wide"));
    // Without a campaign folder the report runs its own: the folder field is ignored.
    request.campaignDirectory.clear();
    dialog.setRequest(request);
    back = dialog.request();
    QVERIFY(back.campaignDirectory.isEmpty());
    QCOMPARE(back.injections, 64);
  }

  void layerTableShowsNamesKindsAndShapes() {
    LayerTableModel model;
    model.setLayers(twoLayers());
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(LayerTableModel::ColumnCount));
    QCOMPARE(model.index(0, LayerTableModel::Name).data().toString(), QString("features.0"));
    QCOMPARE(model.index(1, LayerTableModel::Kind).data().toString(), QString("linear"));
    QCOMPARE(model.index(0, LayerTableModel::Weight).data().toString(), QString("[8, 1, 3, 3]"));
    QCOMPARE(model.index(0, LayerTableModel::Output).data().toString(), QString("[8, 28, 28]"));
    QCOMPARE(model.index(1, LayerTableModel::Output).data().toString(), QString("not executed"));
    QCOMPARE(model.headerData(LayerTableModel::Name, Qt::Horizontal).toString(), QString("Layer"));
  }

  void mainWindowListsItsShortcutsAndRestoresTheDefaultLayout() {
    MainWindow window;
    const QString shortcuts = window.shortcutList();
    QVERIFY2(shortcuts.contains("Go to analyses") && shortcuts.contains("Ctrl+J"), qPrintable(shortcuts));
    QVERIFY(shortcuts.contains("Export all figures…"));
    auto* analyses = window.findChild<QDockWidget*>("analysisDock");
    QVERIFY(analyses && !analyses->isHidden());
    analyses->close();
    QVERIFY(analyses->isHidden());
    window.findChild<QAction*>("restoreLayout")->trigger();
    QVERIFY(!analyses->isHidden());
  }

  // The default layout is a comparison view: the CAM grid, the activation plot and the
  // Top2Diff sweep all in view at once, side by side, on a large and on a laptop screen
  // (less 40 px of task bar). Sizes: readable on the large one, usable on the small one.
  void comparisonViewsAreInViewTogetherOnLargeAndLaptopScreens() {
    const struct {
      QSize window;
      int minWidth, minHeight;
    } screens[] = {{{1920, 1040}, 420, 260}, {{1366, 728}, 260, 150}};
    for (const auto& screen : screens) {
      QSettings().clear();  // the default layout, not one saved by another test
      MainWindow window;
      window.resize(screen.window);
      window.show();
      QVERIFY(QTest::qWaitForWindowExposed(&window));
      QTest::qWait(100);  // the docks get their sizes after the first layout pass
      // The window fits the screen: no dock's minimum pushes it past the size asked for.
      QVERIFY2(window.minimumSizeHint().height() <= screen.window.height() &&
                   window.minimumSizeHint().width() <= screen.window.width() && window.size() == screen.window,
               qPrintable(QStringLiteral("minimum %1×%2, window %3×%4")
                              .arg(window.minimumSizeHint().width())
                              .arg(window.minimumSizeHint().height())
                              .arg(window.width())
                              .arg(window.height())));
      const QList<QWidget*> views{window.camView(), window.analysisPanel()->rangesPane(),
                                  window.analysisPanel()->sweepPane()};
      QList<QRect> placed;
      for (QWidget* view : views) {
        const QRect rect(view->mapTo(&window, QPoint(0, 0)), view->size());
        const QString where = QStringLiteral("%1 at %2x%3: %4,%5 %6x%7")
                                  .arg(view->metaObject()->className())
                                  .arg(screen.window.width())
                                  .arg(screen.window.height())
                                  .arg(rect.x())
                                  .arg(rect.y())
                                  .arg(rect.width())
                                  .arg(rect.height());
        QVERIFY2(view->isVisible(), qPrintable(where));
        QVERIFY2(window.rect().contains(rect), qPrintable(where));
        QVERIFY2(rect.width() >= screen.minWidth && rect.height() >= screen.minHeight, qPrintable(where));
        for (const QRect& other : placed) QVERIFY2(!other.intersects(rect), qPrintable(where));
        placed << rect;
      }
    }
    QSettings().clear();
  }

  void theWheelScrollsAFormAndChangesAFieldOnlyOnceFocused() {
    WheelGuard::install();
    QScrollArea area;
    auto* form = new QWidget;
    auto* layout = new QVBoxLayout(form);
    auto* spin = new QSpinBox;
    spin->setRange(0, 100);
    spin->setValue(50);
    layout->addWidget(spin);
    layout->addSpacing(2000);  // taller than the area: it scrolls
    area.setWidget(form);
    area.resize(200, 200);
    area.show();
    QVERIFY(QTest::qWaitForWindowExposed(&area));
    const auto wheel = [&](QWidget* target) {
      const QPointF at(target->width() / 2.0, target->height() / 2.0);
      QWheelEvent event(at, target->mapToGlobal(at), {}, QPoint(0, -120), Qt::NoButton, Qt::NoModifier,
                        Qt::NoScrollPhase, false);
      QApplication::sendEvent(target, &event);
    };
    area.setFocus();
    wheel(spin);
    QCOMPARE(spin->value(), 50);                     // passing over it changes nothing
    QVERIFY(area.verticalScrollBar()->value() > 0);  // the form scrolled instead
    spin->setFocus();
    QTRY_VERIFY(spin->hasFocus());
    wheel(spin);
    QCOMPARE(spin->value(), 49);  // focused: the wheel is the user's input to it
  }

  void countBoxesTakeTheWordAllAsTyped() {
    CountBox images(QStringLiteral("all"), 1000);
    images.setValue(500);
    images.selectAll();
    QTest::keyClicks(&images, "All");  // key by key, as a user types it
    QTest::keyClick(&images, Qt::Key_Enter);
    QCOMPARE(images.value(), 0);
    images.selectAll();
    QTest::keyClicks(&images, "250");
    QTest::keyClick(&images, Qt::Key_Enter);
    QCOMPARE(images.value(), 250);
  }

  void inputSpecDialogExplainsAGreyModelsProposalAndWritesNothingUnasked() {
    InputSpecDialog dialog("/models/mnist.pt", proposeInputSpec(1));
    QString intro;
    for (const QLabel* label : dialog.findChildren<QLabel*>())
      if (label->text().contains("does not say what input")) intro = label->text();
    QVERIFY2(intro.contains("1 channel (grey images)") && !intro.contains("colour"), qPrintable(intro));
    QVERIFY(!dialog.saveSidecar());  // a sidecar next to someone's model only when asked
  }

  void inputSpecDialogProposesAndRefusesInconsistentEntries() {
    InputSpecDialog dialog("/models/resnet.pt", proposeInputSpec(3));
    QVERIFY(dialog.problem().isEmpty());
    QCOMPARE(dialog.spec().std, (std::vector<float>{0.229f, 0.224f, 0.225f}));
    auto* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    // Two means for three channels: said, and the model cannot be opened with it.
    dialog.findChild<QLineEdit*>("inputMean")->setText("0.5, 0.5");
    QVERIFY2(dialog.problem().contains("mean has 2 values for 3 channels"), qPrintable(dialog.problem()));
    QVERIFY(!ok->isEnabled());
  }

  void predictionViewSummarisesTopClassAndMargin() {
    PredictionView view;
    QVERIFY(!view.hasPrediction());
    PredictionData p;
    p.top = {{1, "Trouser", 0.9}, {3, "Dress", 0.06}};
    p.top2Diff = 84.0;
    p.groundTruth = 1;
    p.groundTruthName = "Trouser";
    view.setPrediction(p);
    QVERIFY(view.hasPrediction());
    QCOMPARE(view.summary(), QString("Trouser 90.00 % (Top2Diff 84.00 pp)"));
    QVERIFY(view.headerText().contains("truth: Trouser"));
    // A model with other classes than the data set: no truth is claimed, and it is said.
    PredictionData other = p;
    other.groundTruth = -1;
    other.modelClasses = 1000;
    other.dataClasses = 10;
    view.setPrediction(other);
    QVERIFY2(view.headerText().contains("no truth: the model has 1000 classes, the data set 10"),
             qPrintable(view.headerText()));
    view.setPrediction(p);
    // All-equal probabilities name no class: a tie, not the first class in index order.
    PredictionData tie = p;
    tie.tiedClasses = 10;
    tie.topClass = -1;
    tie.top[0].probability = 0.1;
    view.setPrediction(tie);
    QCOMPARE(view.summary(), QString("Tie: 10 classes share the top score (10.00 % each)"));
    p.finite = false;
    p.nonFiniteLogits = 1;
    p.logitCount = 10;
    p.topClass = 1;
    p.topClassName = "Trouser";
    view.setPrediction(p);
    // Non-finite logits and the top class are two facts: no probability is shown, the
    // largest logit still names a class.
    QCOMPARE(view.summary(), QString("NaN/Inf in 1 of 10 logits; largest logit: Trouser"));
    p.topClass = -1;
    p.nonFiniteLogits = 10;
    view.setPrediction(p);
    QCOMPARE(view.summary(), QString("NaN/Inf in 10 of 10 logits; no class has a comparable logit"));
    view.resize(400, 200);
    QVERIFY(!view.grab().isNull());  // paints without crashing, NaN included
  }

  void imageBrowserFiltersByClassAndReportsSelection() {
    ImageBrowser browser;
    browser.setSource(std::make_shared<GreyImages>());
    QCOMPARE(browser.visibleCount(), 12);
    auto* combo = browser.findChild<QComboBox*>();
    QVERIFY(combo);
    QCOMPARE(combo->count(), 4);  // "All classes" + 3
    combo->setCurrentIndex(3);    // class "two"
    QCOMPARE(browser.visibleCount(), 4);
    QSignalSpy selected(&browser, &ImageBrowser::imageSelected);
    browser.selectImage(5);  // label 2: visible
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.takeFirst().at(0).toInt(), 5);
    browser.selectImage(4);  // label 1: filtered out, nothing happens
    QCOMPARE(selected.count(), 0);
    browser.setClassFilter(-1);
    QCOMPARE(browser.visibleCount(), 12);
    auto* list = browser.findChild<QListView*>();
    const QVariant icon = list->model()->index(7, 0).data(Qt::DecorationRole);
    QVERIFY(!icon.value<QPixmap>().isNull());
  }

  void imageBrowserFiltersByCorrectnessAndTop2DiffOfTheEvaluatedImages() {
    ImageBrowser browser;
    browser.setSource(std::make_shared<GreyImages>());
    auto* correctness = browser.findChild<QComboBox*>("correctnessFilter");
    auto* top2Diff = browser.findChild<QSpinBox*>("top2DiffFilter");
    QVERIFY(correctness && top2Diff && !correctness->isEnabled());
    // The first 6 of 12 images evaluated; NaN: a non-finite output (counts as Top2Diff 0).
    const double nan = std::numeric_limits<double>::quiet_NaN();
    browser.setEvaluation(0, {{true, false, true, true, false, true}, {50, 10, 5, 80, nan, 30}});
    browser.setEvaluation(1, {{true, true, false, true, false, true}, {60, 20, 40, 3, nan, 30}});
    QVERIFY(correctness->isEnabled() && top2Diff->isEnabled());
    QCOMPARE(browser.visibleCount(), 12);  // no evaluation filter yet: everything
    const auto visible = [&](CorrectnessFilter f) {
      browser.setCorrectnessFilter(f);
      return browser.visibleCount();
    };
    QCOMPARE(visible(CorrectnessFilter::BaselineWrong), 2);  // 1, 4
    QCOMPARE(visible(CorrectnessFilter::GuidedWrong), 2);    // 2, 4
    QCOMPARE(visible(CorrectnessFilter::EitherWrong), 3);    // 1, 2, 4
    QCOMPARE(visible(CorrectnessFilter::BothCorrect), 3);    // 0, 3, 5
    QCOMPARE(visible(CorrectnessFilter::Any), 12);
    browser.setMaxTop2Diff(10);  // smaller Top2Diff of the two ≤ 10: 1, 2, 3, 4
    QCOMPARE(browser.visibleCount(), 4);
    browser.setClassFilter(1);  // and class "one" (1, 4, 7, 10): 1, 4
    QCOMPARE(browser.visibleCount(), 2);
    top2Diff->setValue(-1);                             // "any Top2Diff" from the spin box itself
    QCOMPARE(browser.visibleCount(), 4);                // class "one" alone
    browser.setSource(std::make_shared<GreyImages>());  // a new data set forgets the evaluation
    QVERIFY(!correctness->isEnabled());
    QCOMPARE(browser.visibleCount(), 12);
  }

  void theComputeDeviceIsChosenInTheFileMenuAndShownInThePanels() {
    MainWindow window;
    QSignalSpy requested(&window, &MainWindow::computeDeviceRequested);
    window.setComputeDevices({"cpu", "cuda:0", "cuda:1"}, "cuda:0");
    auto* menu = window.findChild<QMenu*>("computeDeviceMenu");
    QVERIFY(menu);
    const QList<QAction*> entries = menu->actions();
    QCOMPARE(entries.size(), 3);
    QCOMPARE(entries[0]->text(), QString("CPU"));
    QCOMPARE(entries[2]->text(), QString("GPU 1"));
    QVERIFY(entries[1]->isChecked());
    QVERIFY(!entries[0]->isChecked());
    entries[0]->trigger();
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.first().at(0).toString(), QString("cpu"));
    window.showComputeDevice("cpu");
    QVERIFY(entries[0]->isChecked());
    QVERIFY(!entries[1]->isChecked());

    // A panel says where its model runs unless that is the CPU (as the format unless fp32).
    ModelSummary summary;
    summary.name = "net";
    summary.path = "/tmp/net.pt";
    summary.device = "cuda:1";
    ModelPanel* panel = window.panel(ModelSlot::Baseline);
    panel->setModel(summary);
    QVERIFY2(panel->infoText().contains(" · on GPU 1"), qPrintable(panel->infoText()));
    if (const QString keep = qEnvironmentVariable("KEEP_FIGURES"); !keep.isEmpty()) {
      window.resize(1366, 728);
      window.show();
      panel->grab().save(keep + "/panel-on-gpu.png");
      menu->popup(QPoint(0, 0));
      menu->grab().save(keep + "/compute-device-menu.png");
      menu->hide();
    }
    summary.device = "cpu";
    panel->setModel(summary);
    QVERIFY2(!panel->infoText().contains(" · on "), qPrintable(panel->infoText()));
  }

  void droppingAFileOnAPanelRequestsItForThatSlot() {
    MainWindow window;
    QSignalSpy requested(&window, &MainWindow::openModelRequested);
    ModelPanel* guided = window.panel(ModelSlot::Guided);
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile("/tmp/model.pt")});
    // As a real drag: enter (which makes the panel the drop target), then drop.
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(guided, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(guided, &drop);
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.first().at(0).value<ModelSlot>(), ModelSlot::Guided);
    QCOMPARE(requested.first().at(1).toString(), QString("/tmp/model.pt"));
  }

  void faultEditorFollowsTheLayerShapeAndEmitsTheSpec() {
    FaultEditor editor;
    editor.setLayers(twoLayers());  // fc is "not executed": only features.0 is offered
    // ... and the role "last-layer" (each model's own last layer), the default site.
    QCOMPARE(QString::fromStdString(editor.spec().layerName), QString("last-layer"));
    QVERIFY(!editor.selectLayer("fc"));
    QVERIFY(editor.selectLayer("features.0"));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);  // the role's coordinate boxes
    const auto boxes = editor.findChildren<QSpinBox*>();
    // Three coordinate boxes for [8, 28, 28], the bit and burst boxes, and weight-fault count
    // and seed.
    QCOMPARE(boxes.size(), 7);
    editor.setCoordinates({7, 27, 3});
    editor.setBit(23);
    editor.setErrorModel(ErrorModel::StuckAt1);
    QCOMPARE(QString::fromStdString(formatFaultSpec(editor.spec())), QString("features.0@7,27,3:23"));
    editor.setCoordinates({99, 99, 99});  // clamped to the shape
    QCOMPARE(QString::fromStdString(formatFaultSpec(editor.spec())), QString("features.0@7,27,27:23"));
    // Tab walks the form in order: layer, the site boxes, bit, error model, Apply.
    {
      QList<QSpinBox*> site;
      for (QSpinBox* box : boxes)
        if (box->prefix().startsWith('C') || box->prefix().startsWith('H') || box->prefix().startsWith('W'))
          site << box;
      QCOMPARE(site.size(), 3);
      // The focus chain also holds each spin box's inner line edit: count owners once.
      const auto owner = [](QWidget* x) {
        return qobject_cast<QAbstractSpinBox*>(x->parentWidget()) ? x->parentWidget() : x;
      };
      QWidget* w = editor.findChild<QComboBox*>("faultLayer");
      QList<QWidget*> order;
      while (order.size() < 6) {
        w = w->nextInFocusChain();
        if (w->focusPolicy() != Qt::NoFocus && (order.isEmpty() || order.last() != owner(w))) order << owner(w);
      }
      QCOMPARE(order[0], static_cast<QWidget*>(site[0]));
      QCOMPARE(order[1], static_cast<QWidget*>(site[1]));
      QCOMPARE(order[2], static_cast<QWidget*>(site[2]));
      QVERIFY(qobject_cast<QAbstractSpinBox*>(order[3]));  // the bit
      QCOMPARE(order[4], static_cast<QWidget*>(editor.findChild<QSpinBox*>("faultBurst")));
      QCOMPARE(order[5], static_cast<QWidget*>(editor.findChild<QComboBox*>("faultErrorModel")));
      QVERIFY(!editor.findChild<QComboBox*>("faultLayer")->toolTip().isEmpty());
    }
    QSignalSpy applied(&editor, &FaultEditor::applyRequested);
    auto* apply = editor.findChild<QPushButton*>();
    QVERIFY(apply);
    apply->click();
    QCOMPARE(applied.count(), 1);
    QCOMPARE(applied.first().at(1).value<ErrorModel>(), ErrorModel::StuckAt1);
    QSignalSpy weights(&editor, &FaultEditor::randomWeightFaultsRequested);
    auto* applyWeights = editor.findChild<QPushButton*>("applyWeightFaults");
    QVERIFY(applyWeights && applyWeights->isEnabled());
    applyWeights->click();
    QCOMPARE(weights.count(), 1);
    QCOMPARE(weights.first().at(0).toInt(), 10);
    QCOMPARE(weights.first().at(1).value<quint64>(), quint64(1));
    QCOMPARE(weights.first().at(2).value<ErrorModel>(), ErrorModel::StuckAt1);
    // Clicking a cell of the bit view selects that bit.
    BitView* bits = editor.bitView();
    bits->resize(bits->sizeHint());
    QTest::mouseClick(bits, Qt::LeftButton, {}, QPoint(46 + 1 * 12 + 5, 20));  // second cell: bit 30
    QCOMPARE(editor.spec().bit, 30);
    bits->setValues(1.0f, flipBit(1.0f, 30));
    QVERIFY(!bits->grab().isNull());
    QCOMPARE(*bits->afterCode(), floatToBits(1.0f) ^ (1u << 30));

    // Another number format: the bit box and the view offer its code's bits only.
    auto* bitBox = editor.findChild<QSpinBox*>("faultBit");
    QVERIFY(bitBox);
    editor.setNumberFormat(NumberFormat::parse("fp8-e4m3"));
    QCOMPARE(bitBox->maximum(), 7);
    QCOMPARE(editor.spec().bit, 6);  // bit 30 is not in the code: the top exponent bit instead
    QCOMPARE(bits->bit(), 6);
    QVERIFY2(bitBox->toolTip().contains("0..2 mantissa, 3..6 exponent, 7 sign"), qPrintable(bitBox->toolTip()));
    QVERIFY(!bits->before());  // values shown for the old format are gone
    QTest::mouseClick(bits, Qt::LeftButton, {}, QPoint(46 + 7 * 12 + 5, 20));  // eighth and last cell: bit 0
    QCOMPARE(editor.spec().bit, 0);
    QTest::mouseClick(bits, Qt::LeftButton, {}, QPoint(46 + 8 * 12 + 5, 20));  // past the code: nothing
    QCOMPARE(editor.spec().bit, 0);
    bits->setCodes(0x38, 0x39, 1.0f, 1.125f);  // e4m3: 1.0 and its mantissa LSB flipped
    QVERIFY(!bits->grab().isNull());
    editor.setNumberFormat(NumberFormat::parse("fp16"));
    QCOMPARE(bitBox->maximum(), 15);
    QCOMPARE(editor.spec().bit, 0);  // kept: bit 0 is in the new code too
    // Adjacent bits: a burst from the bit upwards, never past the code's top bit.
    auto* burst = editor.findChild<QSpinBox*>("faultBurst");
    QVERIFY(burst);
    bitBox->setValue(13);
    QCOMPARE(burst->maximum(), 3);  // bits 13, 14, 15
    burst->setValue(3);
    QCOMPARE(editor.spec().mask, 0xE000u);
    QCOMPARE(QString::fromStdString(formatFaultSpec(editor.spec())).section(':', -1), QString("13+15+14"));
    bitBox->setValue(15);
    QCOMPARE(burst->value(), 1);  // clamped: bit 15 is the top
    QCOMPARE(editor.spec().mask, 0u);
    // A fault's bits from a list: a burst fills the box, other sets are kept as they are
    // until the bit or the box changes.
    editor.setFaultBits(4, 0x70u);
    QCOMPARE(burst->value(), 3);
    QCOMPARE(editor.spec().mask, 0x70u);
    editor.setFaultBits(10, 0x401u);  // bits 10 and 0
    QCOMPARE(editor.spec().bit, 10);
    QCOMPARE(editor.spec().mask, 0x401u);
    QCOMPARE(burst->value(), 1);
    QCOMPARE(burst->text(), QString("bits 10+0"));  // shown, not hidden behind "1"
    burst->setValue(2);
    QCOMPARE(editor.spec().mask, 0xC00u);
    QCOMPARE(burst->specialValueText(), QString());
    editor.setBit(0);
    QCOMPARE(editor.spec().mask, 0u);
    // The format box asks for a valid new format by name, and refuses a bad one in place.
    auto* formatBox = editor.findChild<QComboBox*>("numberFormat");
    QVERIFY(formatBox && formatBox->isEditable());
    QSignalSpy formats(&editor, &FaultEditor::numberFormatRequested);
    Q_EMIT formatBox->textActivated("bf16");
    QCOMPARE(formats.count(), 1);
    QCOMPARE(formats.at(0).at(0).toString(), QString("bf16"));
    Q_EMIT formatBox->textActivated("bf16");  // asked already, not applied yet: not asked again
    QCOMPARE(formats.count(), 1);
    // The format in use, chosen while bf16 is on its way, asks for it back.
    Q_EMIT formatBox->textActivated("fp16");
    QCOMPARE(formats.count(), 2);
    QCOMPARE(formats.at(1).at(0).toString(), QString("fp16"));
    formatBox->lineEdit()->setText("fixed:3.x");
    Q_EMIT formatBox->lineEdit()->editingFinished();
    QCOMPARE(formats.count(), 2);
    QVERIFY2(editor.resultText().contains("fixed:3.x"), qPrintable(editor.resultText()));
    QCOMPARE(formatBox->currentText(), QString("fp16"));  // the format in use, again
    formatBox->lineEdit()->setText("fixed:3.4");
    Q_EMIT formatBox->lineEdit()->editingFinished();
    QCOMPARE(formats.count(), 3);
    QCOMPARE(formats.at(2).at(0).toString(), QString("fixed:3.4"));
    // Applied, the format in use chosen again asks nothing; int8 does (its scales afresh).
    editor.setNumberFormat(NumberFormat::parse("fixed:3.4"));
    Q_EMIT formatBox->textActivated("fixed:3.4");
    QCOMPARE(formats.count(), 3);
    editor.setNumberFormat(NumberFormat::parse("int8"));
    Q_EMIT formatBox->textActivated("int8");
    QCOMPARE(formats.count(), 4);
  }

  void initTestCase() {
    // Settings go to a throw-away test location, never the user's own configuration.
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));  // numbers as the tests write them
  }

  void recentFilesAndWindowLayoutSurviveARestart() {
    QSettings().clear();
    {
      MainWindow window;
      window.show();
      ModelSummary s;
      s.path = "/models/base.pt";
      s.layers = twoLayers();
      window.showModel(ModelSlot::Baseline, s);
      s.path = "/models/guided.pt";
      window.showModel(ModelSlot::Guided, s);
      window.openDataRequested("/data/folder");
      window.showDataSet(nullptr);  // opened: now it is recent
      window.showModel(ModelSlot::Baseline, [&] {
        s.path = "/models/base.pt";
        return s;
      }());  // again: to the front
      window.resize(1200, 720);
      window.close();
    }
    const RecentFiles recent;
    QCOMPARE(recent.entries().size(), 3);
    QCOMPARE(recent.entries()[0], (RecentFile{RecentFile::Kind::Baseline, "/models/base.pt"}));
    QCOMPARE(recent.entries()[1], (RecentFile{RecentFile::Kind::Data, "/data/folder"}));
    QCOMPARE(recent.entries()[2], (RecentFile{RecentFile::Kind::Guided, "/models/guided.pt"}));

    MainWindow again;
    again.show();
    QCOMPARE(again.size(), QSize(1200, 720));
    auto* menu = again.findChild<QMenu*>("recentMenu");
    QVERIFY(menu);
    Q_EMIT menu->aboutToShow();
    QSignalSpy data(&again, &MainWindow::openDataRequested);
    QSignalSpy models(&again, &MainWindow::openModelRequested);
    menu->actions().at(1)->trigger();
    QCOMPARE(data.count(), 1);
    QCOMPARE(data.first().at(0).toString(), QString("/data/folder"));
    menu->actions().at(2)->trigger();
    QCOMPARE(models.first().at(0).value<ModelSlot>(), ModelSlot::Guided);
    QSettings().clear();
  }

  void activationMapShowsTheSitesChannelAndAClickPicksTheSite() {
    FaultEditor editor;
    QSignalSpy requested(&editor, &FaultEditor::activationMapRequested);
    editor.setLayers(twoLayers());  // features.0: [8, 28, 28]; the default site is the role "last-layer"
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.first().at(0).toString(), QString("last-layer"));
    QVERIFY(editor.selectLayer("features.0"));
    QCOMPARE(requested.count(), 2);
    QCOMPARE(requested.last().at(0).toString(), QString("features.0"));
    QVector<float> values(8 * 28 * 28);
    for (int i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i);
    editor.showActivations("other.layer", {8, 28, 28}, values);  // a stale answer: ignored
    QCOMPARE(editor.activationMap()->columns(), 0);
    editor.showActivations("features.0", {8, 28, 28}, values);
    QCOMPARE(editor.activationMap()->rows(), 28);
    QCOMPARE(editor.activationMap()->columns(), 28);
    editor.setCoordinates({5, 0, 0});
    Q_EMIT editor.activationMap()->cellClicked(7, 19);  // what a click on cell (7, 19) emits
    QCOMPARE(QString::fromStdString(formatFaultSpec(editor.spec())).section(':', 0, 0), QString("features.0@5,7,19"));
    // A real click lands on the cell under the mouse.
    auto* map = editor.activationMap();
    map->resize(300, 300);
    QSignalSpy clicked(map, &ActivationMapView::cellClicked);
    QTest::mouseClick(map, Qt::LeftButton, {}, QPoint(3, map->fontMetrics().height() + 7));
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.first().at(0).toInt(), 0);
    QCOMPARE(clicked.first().at(1).toInt(), 0);
    QVERIFY(!map->grab().isNull());
  }

  void mainWindowShowsModelsAndErrorsWithoutBlocking() {
    MainWindow window;
    ModelSummary s;
    s.role = "Baseline";
    s.name = "net";
    s.path = "/models/net.pt";
    s.numClasses = 10;
    s.parameters = 1234;
    s.inputShape = "1×28×28";
    s.layers = twoLayers();
    window.showModel(ModelSlot::Baseline, s);
    QVERIFY(window.panel(ModelSlot::Baseline)->hasModel());
    QVERIFY(window.panel(ModelSlot::Baseline)->infoText().contains("/models/net.pt"));
    QCOMPARE(window.panel(ModelSlot::Baseline)->layerModel()->rowCount(), 2);
    QVERIFY(!window.panel(ModelSlot::Guided)->hasModel());
    window.showError("Cannot load model", "/x.pt: not a TorchScript file");  // non-modal: returns at once
    QVERIFY(window.statusText().contains("/x.pt: not a TorchScript file"));
    QVERIFY(window.findChild<QWidget*>("errorBox"));
  }
};

QTEST_MAIN(WidgetsTest)
#include "WidgetsTest.moc"
