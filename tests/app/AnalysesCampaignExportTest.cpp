// The long-running views: analyses, campaigns (cancel and resume) and Export all figures.
// The workbench as users get it (WiredWorkbench), real TorchScript models and data, offscreen.
#include "tests/app/WorkbenchFixture.h"

#include "core/campaign/AdaptiveStopping.h"

#include <QDoubleSpinBox>
#include <QTableWidget>

using namespace faultlens;
using namespace faultlens::test;
using widgets::ModelSlot;
namespace fs = std::filesystem;

class AnalysesCampaignExportTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);                               // settings stay out of ~/.config
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));  // numbers as the tests write them
  }

  void analysesViewShowsAccuracyRangesAndSweepOfBothModelsAndExportsThem() {
    WiredWorkbench wired;
    auto& window = wired.window;
    auto& workbench = wired.workbench;
    app::AnalysisController analyses;
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
    // abs-max and abs-mean of both models, then the two grey keys for solid and dashed
    QCOMPARE(panel->rangePlot()->graphCount(), 6);
    QVERIFY(panel->rangePlot()->graph(4)->property("styleKey").toBool());
    QCOMPARE(panel->rangePlot()->graph(0)->dataCount(), 2);  // conv and fc
    QCOMPARE(panel->sweepPlot()->graphCount() >= 2, true);
    const QString csv = panel->sweepPlot()->dataCsv();
    QCOMPARE(csv.count('\n'), 41);  // header + δ = 1..40

    // Each plot exports as SVG, PDF and its data as CSV.
    QVERIFY(panel->rangesPane()->showsPlot() && panel->sweepPane()->showsPlot());
    const std::string dir = test::tempDir("anaexport");
    for (const char* name : {"/ranges.svg", "/ranges.pdf", "/ranges.csv"})
      QCOMPARE(panel->rangesPane()->exportTo(QString::fromStdString(dir + name)), QString());
    QVERIFY(readFileBytes(dir + "/ranges.svg").find("<svg") != std::string::npos);
    QCOMPARE(readFileBytes(dir + "/ranges.pdf").substr(0, 5), std::string("%PDF-"));
    QVERIFY(readFileBytes(dir + "/ranges.csv").find("conv") != std::string::npos);
    QVERIFY(!panel->sweepPane()->exportTo(QString::fromStdString(dir + "/no/such/dir/x.pdf")).isEmpty());
  }

  void analysesFollowTheWorkbenchFormatAndSweepWeightBitErrorRates() {
    WiredWorkbench wired;
    auto& window = wired.window;
    auto& workbench = wired.workbench;
    app::AnalysisController analyses;
    app::connectAnalyses(window, workbench, analyses);
    TinyPair pair;
    if (!openTinyPair(window, "ber", pair)) return;
    QSignalSpy changed(&workbench, &app::Workbench::numberFormatChanged);
    workbench.setNumberFormat("bf16");
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 20000);
    const NumberFormat bf16 = NumberFormat::parse("bf16");
    ImageFolderDataset data(pair.folder);
    auto* panel = window.analysisPanel();
    QSignalSpy finished(&analyses, &app::AnalysisController::finished);

    // The accuracy line is the bf16 models' (exact: the same computation on the same images).
    panel->compute(6);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    {
      auto model = Model::load(pair.guided);
      model->useNumberFormat(bf16);
      const auto r = evaluate(*model, data, 0, 6);
      QVERIFY2(window.panel(ModelSlot::Guided)
                   ->accuracyText()
                   .contains(QString("Top2Diff %1").arg(r.meanTop2Diff, 0, 'f', 2)),
               qPrintable(window.panel(ModelSlot::Guided)->accuracyText()));
    }

    // The sweep: both models, each rate's mean over the trials, as sweepBitErrorRates gives it.
    panel->findChild<QLineEdit*>("berRates")->setText("1e-3,1e-2");
    panel->findChild<QSpinBox*>("berTrials")->setValue(3);
    panel->findChild<QSpinBox*>("berSeed")->setValue(7);
    panel->findChild<QPushButton*>("berCompute")->click();
    QVERIFY(panel->isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 60000);
    QVERIFY2(finished.at(1).at(0).toBool(), qPrintable(finished.at(1).at(1).toString()));
    QVERIFY(panel->bitErrorRatePane()->showsPlot());
    QVector<widgets::BitErrorRateSeries> expected;
    BitErrorRateSweepConfig config;
    config.rates = {1e-3, 1e-2};
    config.trials = 3;
    config.seed = 7;  // the pane's seed reaches the engine
    config.imageEnd = 6;
    for (const auto& [path, role] : {std::pair{pair.baseline, "baseline"}, std::pair{pair.guided, "text-guided"}}) {
      auto model = Model::load(path);
      model->useNumberFormat(bf16);
      expected << widgets::bitErrorRateSeries(role, sweepBitErrorRates(*model, data, config));
    }
    widgets::BitErrorRatePlot reference;
    reference.setSeries(expected);
    QCOMPARE(panel->bitErrorRatePlot()->dataCsv(), reference.dataCsv());
    QCOMPARE(panel->bitErrorRatePlot()->dataCsv().count('\n'), 5);  // header + 2 rates × 2 models

    // Rates that are not rates are refused before anything runs, saying why.
    panel->computeBitErrorRates(6, "1e-2:1e-4:3", 3, 1);
    QVERIFY(!panel->isRunning());
    QVERIFY2(panel->progressText().contains("expected LO:HI:N"), qPrintable(panel->progressText()));
    QCOMPARE(finished.count(), 2);
  }

  void campaignViewRunsCancelsAndResumesToTheUninterruptedResult() {
    WiredWorkbench wired;
    auto& window = wired.window;
    auto& workbench = wired.workbench;
    app::CampaignController campaigns;
    app::connectCampaigns(window, workbench, campaigns);
    TinyPair pair;
    if (!openTinyPair(window, "camp", pair)) return;
    const auto& [baseline, guided, folder] = pair;

    // One fault per pass makes thousands of small batches: long enough to cancel midway.
    auto* panel = window.campaignPanel();
    widgets::CampaignRequest request = panel->request();
    QVERIFY(request.config.layers.empty());              // every layer ticked: "all", like the CLI default
    QCOMPARE(request.config.protocol, Protocol::Paper);  // so the dock's numbers mean the paper's
    // What follows compares with the engine's raw campaign, chosen explicitly.
    request.config.protocol = Protocol::Raw;
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
    // The models take turns (rounds up to the same injection number), so the baseline is at
    // most one round of its layers ahead of the text-guided model.
    const auto guidedPartial = readRecords(dir + "/records-1.csv").size();
    const std::size_t round = static_cast<std::size_t>(interleavedCheckpoints(request.config).front()) * 2;
    QVERIFY2(partial <= guidedPartial + round,
             qPrintable(QStringLiteral("baseline %1, text-guided %2").arg(partial).arg(guidedPartial)));
    // Cancelled before the text-guided model's first records: it says it has no numbers yet
    // instead of reading "mismatch 0 %".
    if (guidedPartial == 0) {
      QTRY_VERIFY_WITH_TIMEOUT(panel->summaryText().contains("text-guided: no injections yet"), 20000);
      QVERIFY2(!panel->summaryText().contains("improvement factor"), qPrintable(panel->summaryText()));
    }

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
    // Raw ΔLoss of sign/exponent flips is carried by overflowed injections: the dock
    // says so, with the share, beside the means and the factor.
    QVERIFY2(panel->deltaLossWarningText().contains("ΔLoss is carried by overflows"),
             qPrintable(panel->deltaLossWarningText()));
    QVERIFY2(panel->deltaLossWarningText().contains("The improvement factor divides such means"),
             qPrintable(panel->deltaLossWarningText()));
    // The paired comparison and the fragile inputs of the finished campaign.
    QTRY_VERIFY_WITH_TIMEOUT(panel->pairedText().contains("network improvement factor"), 20000);
    QVERIFY2(panel->pairedText().contains("McNemar p"), qPrintable(panel->pairedText()));
    QVERIFY(fs::exists(dir + "/paired.csv") && fs::exists(dir + "/fragile_images_ranked.csv"));
    QTRY_VERIFY_WITH_TIMEOUT(!panel->fragileRows().isEmpty(), 20000);
    const QStringList fragile = panel->fragileRows();
    QVERIFY(fragile.first().startsWith("baseline,") && fragile.last().startsWith("text-guided,"));
    // A click on a row makes its image the workbench's.
    auto* table = panel->findChild<QTableWidget*>();
    QVERIFY(table);
    QSignalSpy selected(&window, &widgets::MainWindow::imageSelected);
    Q_EMIT table->cellClicked(1, 0);
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.at(0).at(0).toInt(), fragile.at(1).section(',', 1, 1).toInt());

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
    QTRY_COMPARE_WITH_TIMEOUT(other.campaignPanel()->pairedText(), panel->pairedText(), 20000);
    QCOMPARE(other.campaignPanel()->fragileRows(), fragile);
  }

  void campaignViewRunsInANumberFormatWithMultiBitFaults() {
    WiredWorkbench wired;
    auto& window = wired.window;
    auto& workbench = wired.workbench;
    app::CampaignController campaigns;
    app::connectCampaigns(window, workbench, campaigns);
    TinyPair pair;
    if (!openTinyPair(window, "campfmt", pair)) return;
    auto* panel = window.campaignPanel();
    // Choosing a format fits the bit range to its code; two adjacent bits per fault.
    panel->findChild<QComboBox*>("campaignFormat")->setEditText("int8");
    panel->findChild<QSpinBox*>("campaignFlips")->setValue(2);
    widgets::CampaignRequest request = panel->request();
    QCOMPARE(request.config.format, NumberFormat::parse("int8"));
    QCOMPARE(request.config.bits.high, 7);
    QCOMPARE(request.config.flips.count, 2);
    const std::string dir = test::tempDir("campformat") + "/campaign";
    request.directory = QString::fromStdString(dir);
    request.config.injectionsPerLayer = 64;
    request.config.batchSize = 8;
    request.config.protocol = Protocol::Raw;  // compared with the engine's raw campaign below
    panel->setRequest(request);               // the form keeps format and flips
    QCOMPARE(panel->request().config.format, request.config.format);
    QCOMPARE(panel->request().config.flips.count, 2);
    QSignalSpy finished(&campaigns, &app::CampaignController::finished);
    panel->findChild<QPushButton*>("campaignStart")->click();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
    const CampaignManifest manifest = readCampaignManifest(dir);
    QCOMPARE(manifest.config.format, request.config.format);
    QCOMPARE(manifest.config.flips.count, 2);
    QCOMPARE(manifest.formatScales.size(), std::size_t(2));

    // The same campaign run by the engine directly, with int8 scales profiled the same way,
    // records the same outcomes (bit for bit: the same computation with the same threads).
    auto a = Model::load(pair.baseline), b = Model::load(pair.guided);
    ImageFolderDataset data(pair.folder);
    for (Model* m : {a.get(), b.get()}) m->useNumberFormat(request.config.format, profiledAbsMax(*m, data));
    CampaignConfig config = request.config;
    config.imageEnd = 6;
    const std::string reference = test::tempDir("campformatref");
    CampaignSession whole(reference, {a.get(), b.get()}, data, config);
    std::atomic<bool> never{false};
    QVERIFY(whole.run({}, never));
    for (const char* file : {"/records-0.csv", "/records-1.csv"})
      QVERIFY2(readFileBytes(dir + file) == readFileBytes(reference + file), file);

    // A bad format name is refused at Start, naming it.
    panel->findChild<QComboBox*>("campaignFormat")->setEditText("fp12");
    QSignalSpy problems(panel, &widgets::CampaignPanel::problem);
    panel->findChild<QPushButton*>("campaignStart")->click();
    QCOMPARE(problems.count(), 1);
    QVERIFY(problems.at(0).at(1).toString().contains("\"fp12\" is not a number format"));
  }

  void campaignViewRunsThePapersProtocolByDefault() {
    WiredWorkbench wired;
    auto& window = wired.window;
    auto& workbench = wired.workbench;
    app::CampaignController campaigns;
    app::connectCampaigns(window, workbench, campaigns);
    TinyPair pair;
    if (!openTinyPair(window, "camppaper", pair)) return;
    auto* panel = window.campaignPanel();
    const std::string dir = test::tempDir("camppaper") + "/campaign";
    panel->findChild<QLineEdit*>("campaignDirectory")->setText(QString::fromStdString(dir));
    panel->findChild<QSpinBox*>("campaignInjections")->setValue(32);
    QSignalSpy finished(&campaigns, &app::CampaignController::finished);
    // An image folder has no known training split: Start says what to give, nothing runs.
    panel->findChild<QPushButton*>("campaignStart")->click();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QVERIFY2(finished.at(0).at(1).toString().contains("Range profile from"),
             qPrintable(finished.at(0).at(1).toString()));
    // With the training data given, the defaults run the paper's protocol: ranges profiled
    // into the directory, and the summary says which protocol its numbers follow.
    panel->findChild<QLineEdit*>("campaignProfileData")->setText(QString::fromStdString(pair.folder));
    panel->findChild<QPushButton*>("campaignStart")->click();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 120000);
    QVERIFY2(finished.at(1).at(0).toBool(), qPrintable(finished.at(1).at(1).toString()));
    QVERIFY(fs::exists(dir + "/ranges-0.json") && fs::exists(dir + "/ranges-1.json"));
    const auto summary = nlohmann::json::parse(readFileBytes(dir + "/summary.json"));
    QCOMPARE(summary["protocol"].get<std::string>(), std::string("paper"));
    QCOMPARE(readCampaignManifest(dir).config.protocol, Protocol::Paper);
    workbench.waitForIdle();
  }

  void campaignViewStopsLayersAdaptivelyAndPlotsHowTheirIntervalsNarrowed() {
    WiredWorkbench wired;
    auto& window = wired.window;
    auto& workbench = wired.workbench;
    app::CampaignController campaigns;
    app::connectCampaigns(window, workbench, campaigns);
    TinyPair pair;
    if (!openTinyPair(window, "adaptive", pair)) return;
    auto* panel = window.campaignPanel();
    widgets::CampaignRequest request = panel->request();
    QVERIFY(!request.config.stopping.enabled());  // off unless asked for
    const std::string dir = test::tempDir("campadaptive") + "/campaign";
    request.directory = QString::fromStdString(dir);
    request.config.injectionsPerLayer = 256;
    request.config.batchSize = 8;
    request.config.stopping.halfWidth = 0.3;
    request.config.stopping.step = 16;
    request.config.protocol = Protocol::Raw;
    panel->setRequest(request);
    QCOMPARE(panel->request().config.stopping.halfWidth, 0.3);
    // The form shows it as every plot shows rates: 30 percentage points.
    const auto* halfWidth = panel->findChild<QDoubleSpinBox*>("campaignHalfWidth");
    QCOMPARE(halfWidth->value(), 30.0);
    QCOMPARE(halfWidth->suffix(), QString(" pp"));
    QCOMPARE(panel->request().config.stopping.step, std::int64_t(16));
    QSignalSpy finished(&campaigns, &app::CampaignController::finished);
    panel->findChild<QPushButton*>("campaignStart")->click();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    // What the view says stopped is what the records say (the same pure rule).
    const CampaignManifest manifest = readCampaignManifest(dir);
    QCOMPARE(manifest.config.stopping.halfWidth, 0.3);
    const auto summaries = summarizeCampaignDirectory(dir, manifest, /*requireComplete=*/true);
    std::int64_t used = 0;
    for (const auto& s : summaries)
      for (const auto& l : s.layers) used += l.injections;
    QVERIFY2(used < 2 * 2 * 256, "a half-width of 0.3 stops some layer before 256 injections");
    // Stopped early and complete: the bar is full, not at the share of the planned maximum.
    auto* bar = panel->findChild<QProgressBar*>();
    QVERIFY(bar && bar->maximum() > 0);
    QCOMPARE(bar->value(), bar->maximum());
    QTRY_VERIFY_WITH_TIMEOUT(panel->stoppingText().contains("layers stopped"), 20000);
    const QStringList models{"baseline", "text-guided"};
    for (std::size_t m = 0; m < 2; ++m) {
      std::int64_t n = 0;
      for (const auto& l : summaries[m].layers) n += l.injections;
      QVERIFY2(panel->stoppingText().contains(QString("%1: 2 of 2 layers stopped").arg(models[int(m)])) &&
                   panel->stoppingText().contains(QString("%1 injections instead of 512").arg(n)),
               qPrintable(panel->stoppingText()));
    }
    // Two legend entries, then one line per layer and model.
    QCOMPARE(panel->narrowingPlot()->graphCount(), 2 + 4);
    QVERIFY(panel->narrowingPlot()->dataCsv().startsWith("model,layer,injections,half_width,stopped_at\n"));
    // Reopened, the stored campaign brings its rule back into the form.
    widgets::MainWindow other;
    app::CampaignController otherCampaigns;
    app::connectCampaigns(other, workbench, otherCampaigns);
    QSignalSpy opened(&otherCampaigns, &app::CampaignController::opened);
    otherCampaigns.open(QString::fromStdString(dir));
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
    QCOMPARE(other.campaignPanel()->request().config.stopping.halfWidth, 0.3);
    QTRY_COMPARE_WITH_TIMEOUT(other.campaignPanel()->stoppingText(), panel->stoppingText(), 20000);
    // A stored complete campaign shows a full bar, not 0 %.
    auto* otherBar = other.campaignPanel()->findChild<QProgressBar*>();
    QTRY_VERIFY_WITH_TIMEOUT(otherBar->maximum() > 0 && otherBar->value() == otherBar->maximum(), 20000);
  }

  void exportAllFiguresWritesTheReportSetTheEngineWritesAndCancels() {
    WiredWorkbench wired;
    auto& window = wired.window;
    auto& workbench = wired.workbench;
    app::ReportController reports;
    app::connectReports(window, workbench, reports);
    TinyPair pair;
    if (!openTinyPair(window, "rep", pair)) return;

    widgets::ReportRequest request;
    request.directory = QString::fromStdString(test::tempDir("repgui") + "/figures");
    request.injections = 4;
    request.profileData = QString::fromStdString(pair.folder);  // the paper protocol's range profiles
    request.camImages = {0, 5};
    request.figure.dpi = 60;
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
    // Every step is named from the first: no minutes of "Starting… 0 %".
    QCOMPARE(progress.first().at(0).toString(), QString("Loading the models and the data set…"));
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
      settings.figure.dpi = 60;
      const std::string direct = test::tempDir("repdirect");
      const auto result = report::computeReport({a.get(), b.get(), &data, &data}, settings, direct);
      const auto files = report::writeReport(*result, direct, {});
      QCOMPARE(readFileBytes(out + "/table1.md"), files.tableMarkdown);
      // The same inputs and style give the same figure and caption, whichever front end
      // drew it (SVG: text without a creation date, unlike PDF).
      for (const char* name : {"/campaign_delta_loss.svg", "/top2diff_sweep.svg", "/top2diff_sweep.caption.txt"})
        QVERIFY2(readFileBytes(out + name) == readFileBytes(direct + name), name);
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
};

QTEST_MAIN(AnalysesCampaignExportTest)
#include "AnalysesCampaignExportTest.moc"
