// Projects that bring a study back, and the translated window.
// The workbench as users get it (WiredWorkbench), real TorchScript models and data, offscreen.
#include "tests/app/WorkbenchFixture.h"

#include <QProcess>

using namespace faultlens;
using namespace faultlens::test;
using widgets::ModelSlot;
namespace fs = std::filesystem;

class ProjectAndLocaleTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);                               // settings stay out of ~/.config
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));  // numbers as the tests write them
  }

  void projectSavesAndRestoresModelsDataImageAndFault() {
    const std::string dir = test::tempDir("project");
    const std::string baseline = test::writeTinyConvNet(dir, 1);
    const std::string folder = writeImageFolder();
    const QString projectPath = QString::fromStdString(dir + "/study.faultlens.json");
    {
      WiredWorkbench wired;
      auto& window = wired.window;
      auto& workbench = wired.workbench;
      app::ProjectSession session(window, workbench);
      window.openModelRequested(ModelSlot::Baseline, QString::fromStdString(baseline));
      window.openDataRequested(QString::fromStdString(folder));
      QTRY_COMPARE_WITH_TIMEOUT(window.imageBrowser()->visibleCount(), 6, 20000);
      QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Baseline)->hasModel(), 20000);
      window.imageBrowser()->selectImage(4);
      applyFault(window, parseFaultSpec("fc@1:31"), ErrorModel::StuckAt1);
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
    WiredWorkbench wired;
    auto& window = wired.window;
    auto& workbench = wired.workbench;
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

  // The demo text-guided model's projection is called "fc" like the baseline's last layer:
  // a project and a fault list keep whose layer their fault names, so opening them again
  // faults the same layer.
  void projectsAndFaultListsKeepWhoseLayerTheFaultNames() {
    const std::string dir = test::tempDir("project-guided-layer");
    const QString projectPath = QString::fromStdString(dir + "/guided.faultlens.json");
    const QString listPath = QString::fromStdString(dir + "/guided-faults.json");
    const FaultSpec spec = parseFaultSpec("fc@3:30");
    {
      WiredWorkbench wired;
      app::ProjectSession session(wired.window, wired.workbench);
      QVERIFY(test::openDemoPair(wired.window));
      wired.window.imageBrowser()->selectImage(1);
      wired.window.faultEditor()->showFault(spec, ErrorModel::BitFlip, ModelSlot::Guided);
      Q_EMIT wired.window.faultRequested(spec, ErrorModel::BitFlip, ModelSlot::Guided);
      QTRY_VERIFY_WITH_TIMEOUT(wired.window.panel(ModelSlot::Guided)->faultyView()->hasPrediction(), 20000);
      QCOMPARE(wired.workbench.faultTarget(), ModelSlot::Guided);
      wired.window.saveProjectRequested(projectPath);
      wired.window.saveFaultListRequested(listPath);
      wired.workbench.waitForIdle();
    }
    QCOMPARE(readProject(projectPath.toStdString()).faultLayersOf, ProjectModel::Guided);
    QCOMPARE(readFaultListFile(listPath.toStdString()).layersOf, ProjectModel::Guided);
    {
      WiredWorkbench wired;
      app::ProjectSession session(wired.window, wired.workbench);
      wired.window.openProjectRequested(projectPath);
      QTRY_VERIFY_WITH_TIMEOUT(wired.window.panel(ModelSlot::Guided)->faultyView()->hasPrediction(), 20000);
      QCOMPARE(wired.workbench.faultTarget(), ModelSlot::Guided);
      QTRY_COMPARE_WITH_TIMEOUT(wired.window.faultEditor()->targetModel(), ModelSlot::Guided, 20000);
      wired.workbench.waitForIdle();
    }
    WiredWorkbench wired;
    app::ProjectSession session(wired.window, wired.workbench);
    QVERIFY(test::openDemoPair(wired.window));
    wired.window.loadFaultListRequested(listPath);
    QCOMPARE(wired.workbench.faultTarget(), ModelSlot::Guided);
    QTRY_COMPARE_WITH_TIMEOUT(wired.window.faultEditor()->targetModel(), ModelSlot::Guided, 20000);
    wired.workbench.waitForIdle();
  }

  // With both demo models, an image and a fault (every panel at its fullest), the window
  // still fits a laptop screen less a panel, and a large one, in both languages.
  void windowWithModelsAndAFaultFitsLaptopAndLargeScreens() {
    for (const QString& language : {QStringLiteral("en"), QStringLiteral("de")}) {
      QTranslator* german =
          language == "de" ? app::installTranslations(*qApp, QLocale(QLocale::German, QLocale::Germany)) : nullptr;
      QVERIFY(language == "en" || german);
      for (const QSize screen : {QSize(1366, 728), QSize(1920, 1040)}) {
        QSettings().clear();
        WiredWorkbench wired;
        auto& window = wired.window;
        if (!openDemoPair(window)) return;
        window.imageBrowser()->selectImage(1);
        applyFault(window, parseFaultSpec("fc@3:30"), ErrorModel::BitFlip);
        QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Guided)->faultyView()->hasPrediction(), 20000);
        window.resize(screen);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTest::qWait(100);
        const QSize minimum = window.minimumSizeHint();
        const QString where = QStringLiteral("%1 at %2×%3: minimum %4×%5, window %6×%7")
                                  .arg(language)
                                  .arg(screen.width())
                                  .arg(screen.height())
                                  .arg(minimum.width())
                                  .arg(minimum.height())
                                  .arg(window.width())
                                  .arg(window.height());
        QVERIFY2(minimum.width() <= screen.width() && minimum.height() <= screen.height(), qPrintable(where));
        QVERIFY2(window.size() == screen, qPrintable(where));
        // One number convention per language: German decimals with a comma, as the counts.
        const QString summary = window.panel(ModelSlot::Guided)->predictionView()->summary();
        QVERIFY2(summary.contains(QRegularExpression(language == "de" ? "\\d,\\d\\d %" : "\\d\\.\\d\\d %")),
                 qPrintable(summary));
        // Showing the window moves nothing: the editor still holds the applied fault.
        QCOMPARE(QString::fromStdString(formatFaultSpec(window.faultEditor()->spec())), QString("fc@3:30"));
        if (const QString keep = qEnvironmentVariable("KEEP_FIGURES"); !keep.isEmpty())
          window.grab().save(QStringLiteral("%1/window-%2-%3.png").arg(keep, language).arg(screen.width()));
      }
      if (german) {
        QCoreApplication::removeTranslator(german);
        delete german;
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
      }
    }
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
    {
      // The CAM dock's figure in German: translated titles, drawn in the figure's face.
      WiredWorkbench wired;
      QSignalSpy figures(&wired.workbench, &app::Workbench::camFigureReady);
      TinyPair pair;
      if (!openTinyPair(wired.window, "camde", pair)) return;
      wired.window.imageBrowser()->selectImage(1);
      QTRY_VERIFY_WITH_TIMEOUT(!figures.isEmpty(), 20000);
      const auto figure = figures.last().at(0).value<widgets::CamFigureData>();
      QVERIFY2(figure.rowTitles.contains("Textgeführt"), qPrintable(figure.rowTitles.join(", ")));
      const QString pdf = QString::fromStdString(test::tempDir("camde") + "/cam.pdf");
      QCOMPARE(widgets::exportCamFigure(figure, pdf, widgets::FigureStyle{}), QString());
      QProcess text;
      text.start("pdftotext", {pdf, "-"});
      QVERIFY(text.waitForFinished(30000));
      const QString words = QString::fromUtf8(text.readAllStandardOutput());
      QVERIFY2(words.contains("Textgeführt") && words.contains("fehlerfrei"), qPrintable(words));
      wired.workbench.waitForIdle();
    }
    QCoreApplication::removeTranslator(german);
    delete german;
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    widgets::MainWindow english;
    QCOMPARE(english.menuBar()->actions().at(0)->text(), QString("&File"));
  }
};

QTEST_MAIN(ProjectAndLocaleTest)
#include "ProjectAndLocaleTest.moc"
