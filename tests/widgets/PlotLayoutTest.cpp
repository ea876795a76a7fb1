// Every figure kind, exported at the journal sizes (single and double column) with the
// demo models' and ResNet-50's 54 layer names, is one a journal accepts: the page is the
// preset's size, every font is embedded, no text is below 7 pt, the base size is the chosen
// one, every word lies inside the page and no two overlap, and the axis titles say what
// each mode plots. The PDFs are read back with poppler (pdftotext, pdffonts), which is
// independent of Qt. KEEP_FIGURES=DIR keeps the PDFs there for a look.
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include "widgets/plots/CamFigure.h"
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

QString runTool(const QString& name, const QStringList& args, QString& why) {
  const QString tool = QStandardPaths::findExecutable(name);
  if (tool.isEmpty()) {
    why = name + " is missing: install poppler-utils (scripts/setup-debian.sh does)";
    return {};
  }
  QProcess p;
  p.start(tool, args);
  if (!p.waitForFinished(30000) || p.exitCode() != 0) {
    why = name + " failed on " + args.last() + ": " + QString::fromUtf8(p.readAllStandardError());
    return {};
  }
  return QString::fromUtf8(p.readAllStandardOutput());
}

/// Page size and word boxes of page 1, from `pdftotext -bbox` (points, origin top left).
bool readPdfWords(const QString& pdf, QSizeF& page, QVector<Word>& words, QString& why) {
  const QString html = runTool("pdftotext", {"-bbox", "-f", "1", "-l", "1", pdf, "-"}, why);
  if (html.isEmpty()) return false;
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

/// Fonts of the PDF whose `pdffonts` "emb" column is not "yes" (empty: all embedded), or
/// "no fonts" when it lists none.
QString fontsNotEmbedded(const QString& pdf, QString& why) {
  const QString table = runTool("pdffonts", {pdf}, why);
  if (!why.isEmpty()) return why;
  QStringList missing;
  int fonts = 0;
  for (const QString& line : table.split('\n').mid(2)) {
    const QStringList cells = line.simplified().split(' ', Qt::SkipEmptyParts);
    if (cells.size() < 6) continue;
    ++fonts;
    // From the right: object number, generation, uni, sub, emb.
    if (cells[cells.size() - 5] != "yes") missing << cells[0];
  }
  if (fonts == 0) return QStringLiteral("no fonts");
  return missing.join(", ");
}

/// A word's type size in points, from its box across the line: pdftotext's box spans the
/// font's ascent to descent, 1.164 em for DejaVu Sans (the figures' face); rotated words
/// run along y, so across their line is their width.
double fontPointsOf(const Word& w) { return std::min(w.box.width(), w.box.height()) / 1.164; }

/// Empty when `plot` exported as a PDF in `style` is a figure a journal accepts (see the
/// file comment) and shows each of `expected` (words, in any line order); else what is wrong.
QString pdfProblems(const QString& pdf, const FigureStyle& style, const QStringList& expected, const QString& what);

QString figureProblems(AnalysisPlot& plot, const FigureStyle& style, const QStringList& expected, const QString& what) {
  QTemporaryDir dir;
  const QString pdf = dir.filePath("figure.pdf");
  if (const QString error = exportPlot(plot, pdf, style); !error.isEmpty()) return error;
  return pdfProblems(pdf, style, expected, what);
}

QString pdfProblems(const QString& pdf, const FigureStyle& style, const QStringList& expected, const QString& what) {
  if (const QString keep = qEnvironmentVariable("KEEP_FIGURES"); !keep.isEmpty())
    QFile::copy(pdf, QStringLiteral("%1/%2-%3.pdf").arg(keep, what, style.sizeName()));
  QSizeF page;
  QVector<Word> words;
  QString why;
  if (!readPdfWords(pdf, page, words, why)) return why;
  QStringList problems;
  // The page is the preset's size, to a hundredth of a point (pdftotext's rounding).
  if (std::abs(page.width() - style.pagePoints().width()) > 0.01 ||
      std::abs(page.height() - style.pagePoints().height()) > 0.01)
    problems << QStringLiteral("page %1×%2 pt, not %3×%4")
                    .arg(page.width())
                    .arg(page.height())
                    .arg(style.pagePoints().width())
                    .arg(style.pagePoints().height());
  if (const QString fonts = fontsNotEmbedded(pdf, why); !fonts.isEmpty()) problems << "not embedded: " + fonts;
  // Half a point: the rounding of glyph boxes in the PDF, far below a visible cut.
  const QRectF inside = QRectF(QPointF(0, 0), page).adjusted(-0.5, -0.5, 0.5, 0.5);
  QStringList all;
  for (const Word& w : words) {
    all << w.text;
    if (!inside.contains(w.box))
      problems << QStringLiteral("'%1' outside the page at (%2, %3)–(%4, %5)")
                      .arg(w.text)
                      .arg(w.box.left())
                      .arg(w.box.top())
                      .arg(w.box.right())
                      .arg(w.box.bottom());
    // No text below 7 pt (a quarter point for the box's rounding); words of four or more
    // characters, whose extent along the line is surely more than across it.
    if (w.text.size() >= 4 && fontPointsOf(w) < FigureStyle::kSmallestPoints - 0.25)
      problems << QStringLiteral("'%1' is %2 pt").arg(w.text).arg(fontPointsOf(w), 0, 'f', 2);
  }
  // No two words overlap (a third of a point: glyph boxes of neighbours touch).
  for (int i = 0; i < words.size(); ++i)
    for (int k = i + 1; k < words.size(); ++k) {
      const QRectF common = words[i].box.intersected(words[k].box);
      if (common.width() > 0.33 && common.height() > 0.33)
        problems << QStringLiteral("'%1' overlaps '%2'").arg(words[i].text, words[k].text);
    }
  // The x-axis title (horizontal, the lowest words) is at the base size within half a point.
  double lowest = 0;
  for (const Word& w : words)
    if (w.box.width() > w.box.height() && w.box.bottom() > lowest) lowest = w.box.bottom();
  for (const Word& w : words)
    if (w.box.width() > w.box.height() && w.box.bottom() == lowest && w.text.size() >= 4 &&
        std::abs(fontPointsOf(w) - style.fontPoints) > 0.5)
      problems << QStringLiteral("x title word '%1' is %2 pt, not %3")
                      .arg(w.text)
                      .arg(fontPointsOf(w), 0, 'f', 2)
                      .arg(style.fontPoints);
  // Layer names take at most 40 % of the height: the data keep the rest.
  for (const Word& w : words)
    if (w.box.height() > 1.5 * w.box.width() && w.box.center().x() > 0.12 * page.width() &&
        w.box.height() > 0.40 * page.height())
      problems << QStringLiteral("layer name '%1' is %2 pt high").arg(w.text).arg(w.box.height());
  for (const QString& phrase : expected)
    for (const QString& word : phrase.split(' '))
      if (!all.contains(word)) problems << QStringLiteral("'%1' missing").arg(word);
  if (problems.isEmpty()) return {};
  return QStringLiteral("%1 at %2 (page %3×%4 pt): %5")
      .arg(what, style.sizeName())
      .arg(page.width())
      .arg(page.height())
      .arg(problems.join("; "));
}

/// A 2 × 2 CAM figure as the report makes it: 28 × 28 maps, a shared scale read against
/// the clean maps (white above it), NaN pixels, the jet-like ramp.
CamFigureData camFigure(const QStringList& rows) {
  CamFigureData d;
  d.rowTitles = rows;
  d.columnTitles = {"clean", "faulty"};
  for (int r = 0; r < 2; ++r)
    for (int c = 0; c < 2; ++c) {
      QImage image(28, 28, QImage::Format_RGB888);
      for (int y = 0; y < 28; ++y)
        for (int x = 0; x < 28; ++x) image.setPixelColor(x, y, QColor(9 * x, 9 * y, 60 * (r + c)));
      d.panels.push_back({r, c, image, 0});
    }
  d.scales = {{0.0, 7.74, true}};
  d.ramp = QImage(256, 1, QImage::Format_RGB888);
  for (int i = 0; i < 256; ++i) d.ramp.setPixelColor(i, 0, QColor(i, 255 - i, 128));
  d.anyNan = true;
  d.caption = "Ablation-CAM maps of image 0.";
  return d;
}

/// The images `pdfimages -list` finds: "WxH enc" each.
QStringList pdfImages(const QString& pdf, QString& why) {
  QStringList images;
  const QString table = runTool("pdfimages", {"-list", pdf}, why);
  for (const QString& line : table.split('\n').mid(2)) {
    const QStringList cells = line.simplified().split(' ', Qt::SkipEmptyParts);
    if (cells.size() >= 9) images << cells[3] + 'x' + cells[4] + ' ' + cells[8];
  }
  return images;
}

/// Empty when the SVG export parses and every font-family it names ends in a CSS generic
/// family; else what is wrong.
QString svgFileProblems(const QString& svg);

QString svgProblems(AnalysisPlot& plot, const FigureStyle& style) {
  QTemporaryDir dir;
  const QString svg = dir.filePath("figure.svg");
  if (const QString error = exportPlot(plot, svg, style); !error.isEmpty()) return error;
  return svgFileProblems(svg);
}

QString svgFileProblems(const QString& svg) {
  QFile file(svg);
  if (!file.open(QIODevice::ReadOnly)) return "cannot read " + svg;
  QXmlStreamReader xml(&file);
  int families = 0;
  QStringList problems;
  while (!xml.atEnd()) {
    if (xml.readNext() != QXmlStreamReader::StartElement) continue;
    const QString family = xml.attributes().value("font-family").toString();
    if (family.isEmpty()) continue;
    ++families;
    if (!family.trimmed().endsWith("sans-serif")) problems << family;
  }
  if (xml.hasError()) return QStringLiteral("%1: %2").arg(svg, xml.errorString());
  if (families == 0) return QStringLiteral("no font-family in ") + svg;
  problems.removeDuplicates();
  return problems.isEmpty() ? QString() : "font-family without a generic family: " + problems.join(" | ");
}

QString readCaption(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()).trimmed() : QString();
}

ImageLayerProfile imageProfile(const QString& model, const QStringList& layers, double scale) {
  ImageLayerProfile p;
  p.model = model;
  p.layers = layers;
  const int n = layers.size();
  p.cleanMax = ramp(n, 1.0 * scale, 0.5);
  p.cleanMean = ramp(n, 0.1 * scale, 0.05);
  p.faultyMax = p.cleanMax;
  p.faultyMean = p.cleanMean;
  p.relativeL2 = QVector<double>(n, 0.0);
  // A fault at the third layer: a huge value there, NaN/Inf after it in the baseline.
  for (int i = 2; i < n; ++i) {
    p.faultyMax[i] = i == 2 ? 3e37 : (scale > 1 ? 40.0 : INFINITY);
    p.faultyMean[i] = i == 2 ? 1e33 : (scale > 1 ? 4.0 : NAN);
    p.relativeL2[i] = i == 2 ? 1e35 : (scale > 1 ? 0.2 : INFINITY);
  }
  return p;
}

NarrowingData narrowing(const QStringList& layers) {
  NarrowingData d;
  d.models = {"baseline", "text-guided"};
  d.bound = 0.01;
  d.maximum = 4096;
  d.metric = "mismatch rate";
  for (int m = 0; m < 2; ++m)
    for (int l = 0; l < layers.size(); ++l) {
      NarrowingSeries s;
      s.modelIndex = m;
      s.model = d.models[m];
      s.layer = layers[l];
      for (int k = 1; k <= 8; ++k) {
        s.injections << 256.0 * k;
        s.halfWidth << (0.02 + 0.001 * l) / std::sqrt(k);  // less than two decades
      }
      s.stoppedAt = 2048;
      d.layers << s;
    }
  return d;
}

QVector<BitErrorRateSeries> berSeries() {
  QVector<BitErrorRateSeries> series;
  for (int m = 0; m < 2; ++m) {
    BitErrorRateSeries s;
    s.model = m ? "text-guided" : "baseline";
    s.rates = {1e-8, 1e-7, 1e-6, 1e-5, 1e-4};
    s.accuracy = {0.92, 0.91, 0.85 + 0.03 * m, 0.4 + 0.1 * m, 0.1};
    for (double a : s.accuracy) s.low << a - 0.02, s.high << a + 0.02, s.meanFlips << 1;
    s.trials = 10;
    series << s;
  }
  return series;
}

QVector<FragilitySeries> fragilitySeries() {
  QVector<FragilitySeries> series;
  for (int m = 0; m < 2; ++m) {
    FragilitySeries f;
    f.model = m ? "text-guided" : "baseline";
    for (int i = 0; i < 60; ++i) {
      f.images << i;
      f.top2Diff << (i == 0 ? 100.0 : 1.6 * i);  // one image at the axis end
      f.mismatchRate << 0.002 * (60 - i);
      f.injections << 40;
    }
    f.spearman = -0.04 - 0.04 * m;
    series << f;
  }
  return series;
}

QVector<CamChangeSeries> camChangeSeries() {
  QVector<CamChangeSeries> series;
  for (int m = 0; m < 2; ++m) {
    CamChangeSeries s;
    s.model = m ? "text-guided" : "baseline";
    s.images = 100;
    s.pearson = {0.2, 0.85, 0.93, 0.97, 1.0, 0.9, 98, 2};
    s.topRegionIoU = {0.3, 0.7, 0.8, 0.9, 1.0, 0.8, 98, 2};
    s.centreShift = {0.0, 0.002, 0.01, 0.02, 0.12 - 0.05 * m, 0.015, 98, 2};
    series << s;
  }
  return series;
}

}  // namespace

class PlotLayoutTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void everyFigureKindIsOneAJournalAccepts_data() {
    QTest::addColumn<QStringList>("layers");
    QTest::addColumn<QString>("size");
    for (const char* size : {"single", "double"}) {
      QTest::newRow(qPrintable(QStringLiteral("demo %1").arg(size))) << demoLayers() << QString(size);
      QTest::newRow(qPrintable(QStringLiteral("resnet50 %1").arg(size))) << resnet50Layers() << QString(size);
    }
  }

  void everyFigureKindIsOneAJournalAccepts() {
    QFETCH(QStringList, layers);
    QFETCH(QString, size);
    const FigureStyle style = *FigureStyle::fromSizeName(size, nullptr);
    const QString tag = QString::fromUtf8(QTest::currentDataTag()).replace(' ', '-');
    CampaignResultPlot mismatch;
    mismatch.setSeries(campaignSeries(layers));
    QCOMPARE(figureProblems(mismatch, style, {"mismatch rate (%)", "faulted layer", "text-guided"}, "mismatch-" + tag),
             QString());
    CampaignDeltaLossPlot deltaLoss;
    deltaLoss.setSeries(campaignSeries(layers));
    QCOMPARE(figureProblems(deltaLoss, style, {"mean ΔLoss (nats)", "baseline"}, "deltaloss-" + tag), QString());
    ActivationRangePlot ranges;
    ranges.setSeries(rangeSeries(layers));
    QCOMPARE(figureProblems(ranges, style, {"activation |a|", "abs-max (solid)", "abs-mean (dashed)", "text-guided"},
                            "ranges-" + tag),
             QString());
    // The activation view in each mode: its own axis title, the style key, and NaN/Inf
    // marked with a legend entry instead of vanishing.
    ImageLayerPlot image;
    image.setProfiles({imageProfile("baseline", layers, 1), imageProfile("text-guided", layers, 1.5)});
    const std::pair<ImageLayerPlot::Quantity, QStringList> modes[] = {
        {ImageLayerPlot::Quantity::AbsMax,
         {"|a| max of the layer output (log scale)", "clean (dashed)", "faulty (solid)", "NaN/Inf"}},
        {ImageLayerPlot::Quantity::AbsMean, {"|a| mean of the layer output (log scale)", "clean (dashed)", "NaN/Inf"}},
        {ImageLayerPlot::Quantity::Deviation, {"relative L2 deviation (log scale)", "NaN/Inf"}}};
    for (const auto& [quantity, titles] : modes) {
      image.setQuantity(quantity);
      QCOMPARE(figureProblems(image, style, titles, QStringLiteral("image%1-").arg(int(quantity)) + tag), QString());
      QVERIFY(!titles.contains("max") || !image.figureCaption().contains("mean |a|"));
    }
    Top2DiffSweepPlot sweep;
    sweep.setData({{"baseline", 1, ramp(40, 0.92, -0.003)},
                   {"text-guided", 1, ramp(40, 0.91, -0.0025)},
                   12,
                   "McNemar: baseline-only correct 17, text-guided-only 24, exact p = 0.349"});
    QCOMPARE(figureProblems(sweep, style, {"accuracy with Top2Diff ≥ δ (%)", "inflection"}, "sweep-" + tag), QString());
    // The test result is the caption's, not the figure's.
    QVERIFY2(sweep.figureCaption().contains("exact p = 0.349"), qPrintable(sweep.figureCaption()));
    CampaignNarrowingPlot narrowed;
    narrowed.setData(narrowing(layers));
    QCOMPARE(
        figureProblems(narrowed, style, {"99 % interval half-width", "injections into the layer"}, "narrowing-" + tag),
        QString());
    BitErrorRatePlot ber;
    ber.setSeries(berSeries());
    QCOMPARE(figureProblems(ber, style,
                            {"weight bit-error rate (log scale)", "accuracy (%), mean over trials with 99 % interval"},
                            "ber-" + tag),
             QString());
    FragilityScatterPlot fragile;
    fragile.setSeries(fragilitySeries());
    QCOMPARE(figureProblems(fragile, style, {"clean Top2Diff (percentage points)", "(Spearman ρ = -0.040)"},
                            "fragile-" + tag),
             QString());
    CamChangePlot camChange;
    camChange.setSeries(camChangeSeries());
    QCOMPARE(figureProblems(camChange, style, {"Pearson r", "top-20 % region IoU", "centre shift / diagonal"},
                            "camchange-" + tag),
             QString());
    QVERIFY2(camChange.figureCaption().contains("undefined"), qPrintable(camChange.figureCaption()));
    for (AnalysisPlot* plot : std::initializer_list<AnalysisPlot*>{&deltaLoss, &image, &sweep, &camChange})
      QCOMPARE(svgProblems(*plot, style), QString());
  }

  void camFigureIsVectorWithMapsAtFullResolution_data() {
    QTest::addColumn<QString>("size");
    QTest::newRow("single") << "single";
    QTest::newRow("double") << "double";
  }

  void camFigureIsVectorWithMapsAtFullResolution() {
    QFETCH(QString, size);
    const FigureStyle style = *FigureStyle::fromSizeName(size, nullptr);
    QTemporaryDir dir;
    const QString pdf = dir.filePath("cam.pdf");
    const CamFigureData figure = camFigure({"baseline", "text-guided"});
    QCOMPARE(exportCamFigure(figure, pdf, style), QString());
    // Labels, ticks and keys are vector text: pdftotext reads them back.
    QCOMPARE(pdfProblems(pdf, style,
                         {"clean", "faulty", "baseline", "text-guided", "Ablation-CAM value", "7.74", "above", "NaN"},
                         "cam-" + size),
             QString());
    // Every map embedded at its own 28 × 28 pixels, losslessly (no JPEG), and the ramp.
    QString why;
    const QStringList images = pdfImages(pdf, why);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QCOMPARE(images.count("28x28 image"), 4);
    QVERIFY2(images.filter("jpeg").isEmpty(), qPrintable(images.join(", ")));
    QCOMPARE(readCaption(dir.filePath("cam.caption.txt")), QString("Ablation-CAM maps of image 0."));
    QCOMPARE(exportCamFigure(figure, dir.filePath("cam.svg"), style), QString());
    QCOMPARE(svgFileProblems(dir.filePath("cam.svg")), QString());
    QCOMPARE(exportCamFigure(figure, dir.filePath("cam.png"), style), QString());
    const QImage png(dir.filePath("cam.png"));
    QCOMPARE(png.size(), (style.pagePoints() * style.dpi / 72.0).toSize());
  }

  void camFigureWritesAnyLanguage() {
    // Row titles in German (the workbench's translated model roles): the glyphs are the
    // face's, not a stroke font's, so pdftotext reads the umlaut back.
    QTemporaryDir dir;
    const QString pdf = dir.filePath("cam.pdf");
    const FigureStyle style;
    QCOMPARE(exportCamFigure(camFigure({"Baseline", "Textgeführt"}), pdf, style), QString());
    QCOMPARE(pdfProblems(pdf, style, {"Textgeführt", "Baseline"}, "cam-de"), QString());
  }

  void logAxesNeverRepeatALabel() {
    // Two decades or less fall back to linear ticks: their labels get the digits they need.
    CampaignNarrowingPlot narrowed;
    NarrowingData d = narrowing(demoLayers());
    narrowed.setData(d);
    narrowed.resize(400, 300);
    narrowed.replot();
    QVector<double> ticks;
    QVector<QString> labels;
    narrowed.yAxis->ticker()->generate(narrowed.yAxis->range(), QLocale::c(), 'g', 0, ticks, nullptr, &labels);
    QStringList unique(labels.begin(), labels.end());
    unique.removeDuplicates();
    QVERIFY2(labels.size() >= 2, qPrintable(QStringList(labels.begin(), labels.end()).join(' ')));
    QCOMPARE(unique.size(), labels.size());
  }

  void styleNamesReadBack() {
    for (const char* name : {"single", "double", "slide", "3.3x2.5"}) {
      QString why;
      const auto style = FigureStyle::fromSizeName(name, &why);
      QVERIFY2(style, qPrintable(why));
      QCOMPARE(style->sizeName(), QString(name));
    }
    QCOMPARE(FigureStyle::preset(FigureStyle::Size::SingleColumn).pagePoints(), QSizeF(252, 189));
    QCOMPARE(FigureStyle::preset(FigureStyle::Size::Slide).fontPoints, 14.0);
    for (const char* bad : {"", "3.5", "0.5x2", "3x50", "ax2", "3.5 x 2"}) {
      QString why;
      QVERIFY2(!FigureStyle::fromSizeName(bad, &why), bad);
      QVERIFY2(why.contains("single, double, slide"), qPrintable(why));
    }
    // Type is drawn in whole pixels of the layout: never below the minimum, within half a
    // point of the chosen size.
    for (double pt = 6.0; pt <= 14.0; pt += 0.5) {
      QVERIFY(drawnFontPoints(pt, true) >= pt - 1e-9);
      QVERIFY(std::abs(drawnFontPoints(pt, false) - pt) <= 0.5);
    }
  }
};

QTEST_MAIN(PlotLayoutTest)
#include "PlotLayoutTest.moc"
