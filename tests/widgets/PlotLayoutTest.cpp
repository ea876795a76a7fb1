// Exported figures keep every text inside the page and leave the data most of the room
// for the layer lists of real models (ResNet-50's 54 layers) and at the sizes papers use.
// The PDF is read back with poppler's pdftotext, an implementation independent of Qt's.
// KEEP_FIGURES=DIR keeps the PDFs there for a look.
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "widgets/plots/PlotExport.h"
#include "widgets/plots/PlotViews.h"

using namespace faultlens::widgets;

namespace {

/// The conv/linear layers of torchvision's ResNet-50, in execution order.
QStringList resnet50Layers() {
  QStringList names{"conv1"};
  const int blocks[] = {3, 4, 6, 3};
  for (int stage = 1; stage <= 4; ++stage)
    for (int block = 0; block < blocks[stage - 1]; ++block) {
      for (int conv = 1; conv <= 3; ++conv)
        names << QStringLiteral("layer%1.%2.conv%3").arg(stage).arg(block).arg(conv);
      if (block == 0) names << QStringLiteral("layer%1.0.downsample.0").arg(stage);
    }
  return names << "fc";
}

/// The demo models' layers: long names under a shared container.
QStringList demoLayers() {
  QStringList names;
  for (const char* n : {"conv1", "layer1.conv1", "layer1.conv2", "layer2.conv1", "layer2.conv2",
                        "layer2.downsample_conv", "layer3.conv1", "layer3.conv2", "layer3.downsample_conv", "fc"})
    names << QStringLiteral("features.") + n;
  return names << "head";
}

QVector<double> ramp(int n, double from, double step) {
  QVector<double> v;
  for (int i = 0; i < n; ++i) v << from + step * i;
  return v;
}

QVector<CampaignResultSeries> campaignSeries(const QStringList& layers) {
  QVector<CampaignResultSeries> series;
  for (const QString& model :
       {QStringLiteral("Fashion-MNIST ResNet baseline"), QStringLiteral("Fashion-MNIST ResNet text-guided")}) {
    CampaignResultSeries s;
    s.model = model;
    s.layers = layers;
    const int n = layers.size();
    s.mismatchRate = ramp(n, 0.01, 0.002);
    s.low = ramp(n, 0.005, 0.002);
    s.high = ramp(n, 0.02, 0.002);
    s.deltaLoss = ramp(n, 0.1, 0.01);
    s.deltaLow = ramp(n, 0.05, 0.01);
    s.deltaHigh = ramp(n, 0.2, 0.01);
    series << s;
  }
  return series;
}

QVector<ActivationRangeSeries> rangeSeries(const QStringList& layers) {
  QVector<ActivationRangeSeries> series;
  for (const QString& model : {QStringLiteral("ResNet-50 baseline"), QStringLiteral("ResNet-50 text-guided")})
    series << ActivationRangeSeries{model, layers, ramp(layers.size(), 2, 1.5), ramp(layers.size(), 0.1, 0.05)};
  return series;
}

struct Word {
  QString text;
  QRectF box;
};

/// Page size and word boxes of page 1, from `pdftotext -bbox` (points, origin top left).
bool readPdfWords(const QString& pdf, QSizeF& page, QVector<Word>& words, QString& why) {
  const QString tool = QStandardPaths::findExecutable("pdftotext");
  if (tool.isEmpty()) {
    why = "pdftotext is missing: install poppler-utils (scripts/setup-debian.sh does)";
    return false;
  }
  QProcess p;
  p.start(tool, {"-bbox", "-f", "1", "-l", "1", pdf, "-"});
  if (!p.waitForFinished(30000) || p.exitCode() != 0) {
    why = "pdftotext failed on " + pdf + ": " + QString::fromUtf8(p.readAllStandardError());
    return false;
  }
  const QString html = QString::fromUtf8(p.readAllStandardOutput());
  const QRegularExpression pageRe(R"re(<page width="([\d.]+)" height="([\d.]+)")re");
  const auto pm = pageRe.match(html);
  if (!pm.hasMatch()) {
    why = "no page in pdftotext's output for " + pdf;
    return false;
  }
  page = QSizeF(pm.captured(1).toDouble(), pm.captured(2).toDouble());
  const QRegularExpression wordRe(
      R"re(<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)</word>)re");
  for (auto it = wordRe.globalMatch(html); it.hasNext();) {
    const auto m = it.next();
    QString text = m.captured(5).normalized(QString::NormalizationForm_KC);  // "ﬂ" → "fl"
    text.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    words << Word{text, QRectF(QPointF(m.captured(1).toDouble(), m.captured(2).toDouble()),
                               QPointF(m.captured(3).toDouble(), m.captured(4).toDouble()))};
  }
  return true;
}

/// Empty when every word of `plot` exported at `size` lies inside the page, no layer
/// name takes more than 30 % of the height and every expected word is there; else what
/// is wrong.
QString textOutsidePage(AnalysisPlot& plot, const QSize& size, const QStringList& expected) {
  QTemporaryDir dir;
  const QString pdf = dir.filePath("figure.pdf");
  PlotExportOptions options;
  options.widthPx = size.width();
  options.heightPx = size.height();
  if (const QString error = exportPlot(plot, pdf, options); !error.isEmpty()) return error;
  if (const QString keep = qEnvironmentVariable("KEEP_FIGURES"); !keep.isEmpty())
    QFile::copy(pdf, QStringLiteral("%1/%2-%3x%4-%5.pdf")
                         .arg(keep, plot.metaObject()->className())
                         .arg(size.width())
                         .arg(size.height())
                         .arg(QDateTime::currentMSecsSinceEpoch()));
  QSizeF page;
  QVector<Word> words;
  QString why;
  if (!readPdfWords(pdf, page, words, why)) return why;
  // Half a point: the rounding of glyph boxes in the PDF, far below a visible cut.
  const QRectF inside = QRectF(QPointF(0, 0), page).adjusted(-0.5, -0.5, 0.5, 0.5);
  QStringList problems;
  QString all;
  for (const Word& w : words) {
    all += w.text + ' ';
    if (!inside.contains(w.box))
      problems << QStringLiteral("'%1' at (%2, %3)–(%4, %5)")
                      .arg(w.text)
                      .arg(w.box.left())
                      .arg(w.box.top())
                      .arg(w.box.right())
                      .arg(w.box.bottom());
  }
  // Rotated layer names (upright boxes right of the y-axis title) may take at most 30 % of
  // the height: the data keeps most of the figure.
  for (const Word& w : words)
    if (w.box.height() > 1.5 * w.box.width() && w.box.center().x() > 0.12 * page.width() &&
        w.box.height() > 0.30 * page.height())
      problems << QStringLiteral("layer name '%1' is %2 pt high").arg(w.text).arg(w.box.height());
  for (const QString& e : expected)
    if (!all.contains(e)) problems << QStringLiteral("'%1' missing").arg(e);
  if (problems.isEmpty()) return {};
  return QStringLiteral("%1 at %2×%3 (page %4×%5 pt): %6")
      .arg(plot.metaObject()->className())
      .arg(size.width())
      .arg(size.height())
      .arg(page.width())
      .arg(page.height())
      .arg(problems.join("; "));
}

}  // namespace

class PlotLayoutTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void exportedFiguresKeepEveryTextInsideThePage_data() {
    QTest::addColumn<QStringList>("layers");
    QTest::addColumn<QSize>("size");
    for (const QSize size : {QSize(640, 400), QSize(480, 300)}) {
      const QString at = QStringLiteral(" %1x%2").arg(size.width()).arg(size.height());
      QTest::newRow(qPrintable("demo" + at)) << demoLayers() << size;
      QTest::newRow(qPrintable("resnet50" + at)) << resnet50Layers() << size;
    }
  }

  void exportedFiguresKeepEveryTextInsideThePage() {
    QFETCH(QStringList, layers);
    QFETCH(QSize, size);
    CampaignResultPlot mismatch;
    mismatch.setSeries(campaignSeries(layers));
    QCOMPARE(textOutsidePage(mismatch, size, {"CI", "text-guided", "layer"}), QString());
    CampaignDeltaLossPlot deltaLoss;
    deltaLoss.setSeries(campaignSeries(layers));
    QCOMPARE(textOutsidePage(deltaLoss, size, {"CI", "baseline"}), QString());
    ActivationRangePlot ranges;
    ranges.setSeries(rangeSeries(layers));
    QCOMPARE(textOutsidePage(ranges, size, {"scale)", "dashed", "text-guided"}), QString());
    Top2DiffSweepPlot sweep;
    Top2DiffSweepData data{{"baseline", 1, ramp(60, 0.8, 0.003)},
                           {"text-guided", 1, ramp(60, 0.79, 0.0035)},
                           12,
                           "McNemar: baseline-only correct 17, text-guided-only 24, exact p = 0.349"};
    sweep.setData(data);
    QCOMPARE(textOutsidePage(sweep, size, {"(%)", "inflection", "McNemar", "0.349"}), QString());
  }
};

QTEST_MAIN(PlotLayoutTest)
#include "PlotLayoutTest.moc"
