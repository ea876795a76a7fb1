#include "widgets/plots/PlotViews.h"

#include <QResizeEvent>
#include <QToolTip>
#include <algorithm>
#include <cmath>

#include "core/campaign/CampaignStats.h"
#include "widgets/ViewData.h"

namespace faultlens::widgets {
namespace {

const QColor kBaselineColour(0, 114, 178);  // Okabe–Ito blue / vermillion: colour-blind safe
const QColor kGuidedColour(213, 94, 0);
const QColor kKeyColour(80, 80, 80);  // style keys and reference lines: no model's colour

// The window's line width and marker size, in device pixels; a figure's follow its style.
constexpr double kWindowLinePx = 1.8;
constexpr double kWindowMarkerPx = 6.0;
constexpr double kWindowFontPoints = 10.0;

QColor colourFor(int series) { return series == 0 ? kBaselineColour : kGuidedColour; }

/// "layer3.5.conv2" → "l3.5.conv2": every container before the last component keeps its
/// first letter and its digits, which is how ResNet-style paths stay recognisable short.
QString abbreviatedPath(const QString& path) {
  QStringList parts = path.split('.');
  for (int i = 0; i + 1 < parts.size(); ++i) {
    QString shortPart;
    for (int k = 0; k < parts[i].size(); ++k)
      if (k == 0 || parts[i][k].isDigit()) shortPart += parts[i][k];
    parts[i] = shortPart;
  }
  return parts.join('.');
}

/// A module path on two lines, broken after the '.' nearest its middle ("layer4.0.\n
/// downsample.0"): a figure keeps every name whole and this halves its length.
QString twoLinePath(const QString& path) {
  int cut = -1;
  const int middle = path.size() / 2;
  for (int i = 0; i + 1 < path.size(); ++i)
    if (path[i] == '.' && (cut < 0 || std::abs(i - middle) < std::abs(cut - middle))) cut = i;
  return cut < 0 ? path : path.left(cut + 1) + '\n' + path.mid(cut + 1);
}

double widestLine(const QFontMetricsF& metrics, const QString& text) {
  double widest = 0;
  for (const QString& line : text.split('\n')) widest = std::max(widest, metrics.horizontalAdvance(line));
  return widest;
}

/// `text` broken at spaces into lines no wider than `width` (a word wider stays whole).
QString wrappedText(const QString& text, const QFontMetricsF& metrics, double width) {
  QStringList lines{QString()};
  for (const QString& word : text.split(' ')) {
    const QString joined = lines.back().isEmpty() ? word : lines.back() + ' ' + word;
    if (!lines.back().isEmpty() && metrics.horizontalAdvance(joined) > width) lines << word;
    else lines.back() = joined;
  }
  return lines.join('\n');
}

QString csvField(QString s) {
  if (s.contains(',') || s.contains('"')) s = '"' + s.replace('"', "\"\"") + '"';
  return s;
}

/// 10ᵏ with the exponent in Unicode superscripts: one text run at the tick font's size,
/// which QCustomPlot's own "beautiful powers" would set in a smaller font.
QString superscript(int exponent) {
  static const QChar digits[] = {u'⁰', u'¹', u'²', u'³', u'⁴', u'⁵', u'⁶', u'⁷', u'⁸', u'⁹'};
  QString out;
  for (const QChar c : QString::number(std::abs(exponent))) out += digits[c.digitValue()];
  return exponent < 0 ? QStringLiteral("⁻") + out : out;
}

/// Log-axis ticks: powers of ten; where the range spans too few decades for that,
/// QCustomPlot's linear ticks, labelled with as many digits as keep the labels apart.
class LogTicker : public QCPAxisTickerLog {
 protected:
  QVector<double> createTickVector(double tickStep, const QCPRange& range) override {
    QVector<double> ticks = QCPAxisTickerLog::createTickVector(tickStep, range);
    // Minor ticks at 2..9 × 10ᵏ only when one step is one decade: over several decades a
    // linear row of minor ticks piles up under each major one. (Linear ticks may start at
    // 0, below a log axis's range: the step is read from the last two.)
    const int n = ticks.size();
    const double decades = n >= 2 && ticks[n - 2] > 0 ? std::log10(ticks[n - 1] / ticks[n - 2]) : 1.0;
    oneDecadeSteps_ = std::abs(decades - 1.0) < 1e-6;
    linear_ = decades < 1.0 - 1e-6;
    return ticks;
  }
  int getSubTickCount(double tickStep) override {
    if (linear_) return QCPAxisTicker::getSubTickCount(tickStep);
    return oneDecadeSteps_ ? 8 : 0;
  }
  QVector<QString> createLabelVector(const QVector<double>& ticks, const QLocale& locale, QChar, int) override {
    // The fewest mantissa digits that write every tick exactly (so no two labels repeat).
    int digits = 0;
    for (double t : ticks) {
      if (!(t > 0) || !std::isfinite(t)) continue;
      const double mantissa = t / std::pow(10.0, exponentOf(t));
      while (digits < 6 && std::abs(mantissa * std::pow(10.0, digits) - std::round(mantissa * std::pow(10.0, digits))) >
                               1e-6 * std::pow(10.0, digits))
        ++digits;
    }
    QVector<QString> labels;
    for (double t : ticks) labels << label(t, locale, digits, linear_);
    return labels;
  }

 private:
  static int exponentOf(double t) { return static_cast<int>(std::floor(std::log10(t) + 1e-9)); }
  /// Decade ticks: 10ᵏ (1 and 10 plain). Linear ticks (a range of few decades): plain
  /// numbers near 1, else m·10ᵏ, all with the same digits so the labels read alike.
  static QString label(double tick, const QLocale& locale, int digits, bool linear) {
    if (!(tick > 0) || !std::isfinite(tick)) return locale.toString(tick, 'g', 3);
    const int exponent = exponentOf(tick);
    const double mantissa = tick / std::pow(10.0, exponent);
    const bool nearOne = exponent >= -2 && exponent <= 3;
    if (!linear && std::abs(mantissa - 1.0) < 1e-6)
      return exponent == 0 ? QStringLiteral("1") : exponent == 1 ? QStringLiteral("10") : "10" + superscript(exponent);
    if (nearOne) return locale.toString(tick, 'f', std::max(0, digits - exponent));
    return locale.toString(mantissa, 'f', digits) + QStringLiteral("·10") + superscript(exponent);
  }
  bool oneDecadeSteps_ = true;
  bool linear_ = false;
};

}  // namespace

double figureLayoutDpi() { return QImage(1, 1, QImage::Format_ARGB32).logicalDpiY(); }

double drawnFontPoints(double points, bool atLeast) {
  // Qt sets type in whole pixels of the device it lays out for: the size drawn is the
  // nearest whole pixel at the layout's DPI (0.75 pt steps at 96 dpi), and never below a
  // minimum that `atLeast` keeps.
  const double dpi = figureLayoutDpi();
  const double pixels = points * dpi / 72.0;
  return (atLeast ? std::ceil(pixels - 1e-9) : std::round(pixels)) * 72.0 / dpi;
}

AnalysisPlot::AnalysisPlot(QWidget* parent) : QCustomPlot(parent) {
  applyPaperStyle();
  setMouseTracking(true);
  connect(this, &QCustomPlot::mouseMove, this, &AnalysisPlot::showValueAt);
  setMinimumSize(240, 130);  // two side by side under the model panels on a 1366×768 screen
}

void AnalysisPlot::applyPaperStyle() {
  QFont font = this->font();
  font.setPointSizeF(kWindowFontPoints);
  applyFonts(font, font);
  legend->setVisible(true);
  legend->setBrush(QBrush(QColor(255, 255, 255, 220)));
  setAntialiasedElements(QCP::aeAll);
}

void AnalysisPlot::setValueTitle(const QString& title) {
  valueTitle_ = title;
  yAxis->setLabel(title);
  fitTexts(figure_ ? viewport().size() : size(), figure_.has_value());
}

void AnalysisPlot::applyFonts(const QFont& labels, const QFont& ticks) {
  for (QCPAxisRect* rect : axisRects())
    for (QCPAxis* axis : rect->axes()) {
      axis->setLabelFont(labels);
      axis->setTickLabelFont(ticks);
    }
  legend->setFont(ticks);
  for (int i = 0; i < itemCount(); ++i)
    if (auto* text = qobject_cast<QCPItemText*>(item(i))) text->setFont(ticks);
  if (windowNote_) windowNote_->setFont(ticks);
}

AnalysisPlot::~AnalysisPlot() {
  // A legend or note taken out of the layout (fitting, figures) goes back, so the layout
  // deletes it.
  if (legendRow_ && !legend->layout()) legendRow_->addElement(0, 0, legend);
  if (legend->layout() == nullptr) axisRect()->insetLayout()->addElement(legend, Qt::AlignTop | Qt::AlignRight);
  if (windowNote_ && !windowNote_->layout()) delete windowNote_;
}

void AnalysisPlot::setCategoryAxis(const QStringList& labels) {
  // Module paths repeat their container ("features.layer1.conv1", "features.layer2.conv1",
  // ...): in the window, a first component that most labels share is left out of the ticks,
  // and the axis title says so, so long names fit under a narrow plot. A figure names every
  // layer in full (its caption says nothing is left out).
  QMap<QString, int> firstParts;
  for (const QString& l : labels)
    if (l.contains('.')) ++firstParts[l.section('.', 0, 0)];
  QString common;
  for (auto it = firstParts.cbegin(); it != firstParts.cend(); ++it)
    if (it.value() >= 2 && 2 * it.value() >= labels.size()) common = it.key();
  commonPrefix_ = common;
  if (categoryTitle_.isEmpty()) categoryTitle_ = xAxis->label();
  axisTitle_ = common.isEmpty() ? categoryTitle_ : tr("%1; \"%2.\" left out").arg(categoryTitle_, common);
  xAxis->setLabel(axisTitle_);
  categoryNames_ = labels;
  categoryTicks_.clear();
  for (const QString& l : labels)
    categoryTicks_ << (!common.isEmpty() && l.startsWith(common + '.') ? l.mid(common.size() + 1) : l);
  xAxis->setRange(-0.5, std::max<int>(1, labels.size()) - 0.5);
  // Per-layer plots fill the width with data: the window puts their legend under them.
  if (!legendOutside_) keepLegendUnder();
  fitTextsTo(size());
}

void AnalysisPlot::keepLegendUnder() {
  legendOutside_ = true;
  putLegendOutside();
}

void AnalysisPlot::putLegendOutside() {
  QCPLayoutGrid* main = plotLayout();
  if (legend->layout() && legend->layout() == legendRow_) return;
  if (legend->layout()) legend->layout()->take(legend);
  if (!legendRow_) {
    legendRow_ = new QCPLayoutGrid;
    main->addElement(main->rowCount(), 0, legendRow_);
    main->setRowStretchFactor(main->rowCount() - 1, 0.001);
  }
  legendRow_->addElement(0, 0, legend);
  // Two entries per row (the wrap is set before the fill order, which re-arranges the
  // entries already there).
  legend->setWrap(2);
  legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
}

void AnalysisPlot::putLegendInside(Qt::Alignment corner) {
  QCPLayoutInset* inset = axisRect()->insetLayout();
  if (legend->layout() != inset) {
    if (legend->layout()) legend->layout()->take(legend);
    inset->addElement(legend, corner);
  }
  for (int i = 0; i < inset->elementCount(); ++i)
    if (inset->elementAt(i) == legend) inset->setInsetAlignment(i, corner);
  legend->setWrap(0);  // one column: a corner has no room for two
  legend->setFillOrder(QCPLayoutGrid::foRowsFirst, true);
}

std::optional<Qt::Alignment> AnalysisPlot::freeLegendCorner() {
  // Everything drawn in pixels of the current layout: points (and samples along lines
  // between them), interval bars and boxes.
  QVector<QPointF> drawn;
  for (int i = 0; i < plottableCount(); ++i) {
    QCPAbstractPlottable* p = plottable(i);
    if (p->keyAxis() && p->keyAxis()->axisRect() != axisRect()) continue;
    if (auto* g = qobject_cast<QCPGraph*>(p)) {
      QPointF previous;
      bool has = false;
      for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) {
        if (!std::isfinite(it->value)) {
          has = false;
          continue;
        }
        const QPointF at = g->coordsToPixels(it->key, it->value);
        if (has && g->lineStyle() != QCPGraph::lsNone)
          for (int k = 1; k < 8; ++k) drawn << previous + (at - previous) * (k / 8.0);
        drawn << at;
        previous = at;
        has = true;
      }
    } else if (auto* bars = qobject_cast<QCPErrorBars*>(p)) {
      auto* g = qobject_cast<QCPGraph*>(bars->dataPlottable());
      if (!g) continue;
      int k = 0;
      for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it, ++k) {
        if (k >= bars->dataCount()) break;
        const QCPErrorBarsData e = bars->data()->at(k);
        drawn << g->coordsToPixels(it->key, it->value - e.errorMinus)
              << g->coordsToPixels(it->key, it->value + e.errorPlus);
      }
    } else if (auto* box = qobject_cast<QCPStatisticalBox*>(p)) {
      for (auto it = box->data()->constBegin(); it != box->data()->constEnd(); ++it)
        for (double v : {it->minimum, it->lowerQuartile, it->median, it->upperQuartile, it->maximum})
          drawn << box->coordsToPixels(it->key, v);
    }
  }
  const QRect area = axisRect()->rect();
  const QSize legendSize = legend->minimumOuterSizeHint();
  std::optional<Qt::Alignment> best;
  for (const Qt::Alignment corner : {Qt::AlignTop | Qt::AlignRight, Qt::AlignTop | Qt::AlignLeft,
                                     Qt::AlignBottom | Qt::AlignRight, Qt::AlignBottom | Qt::AlignLeft}) {
    const int x = corner & Qt::AlignLeft ? area.left() : area.right() - legendSize.width();
    const int y = corner & Qt::AlignTop ? area.top() : area.bottom() - legendSize.height();
    // A few pixels' margin: a marker just outside the box still touches it.
    const QRectF box = QRectF(x, y, legendSize.width(), legendSize.height()).adjusted(-4, -4, 4, 4);
    if (std::none_of(drawn.begin(), drawn.end(), [&](const QPointF& p) { return box.contains(p); })) {
      best = corner;
      break;
    }
  }
  return best;
}

QString AnalysisPlot::colourKeyHtml() const {
  QStringList entries;
  for (int i = 0; i < legend->itemCount(); ++i)
    if (auto* item = qobject_cast<QCPPlottableLegendItem*>(legend->item(i)))
      if (!item->plottable()->property("styleKey").toBool())
        entries << QStringLiteral("<span style=\"color:%1\">&#9679;</span>&nbsp;%2")
                       .arg(item->plottable()->pen().color().name(), item->plottable()->name().toHtmlEscaped());
  return entries.join(QStringLiteral("&nbsp;&nbsp;"));
}

void AnalysisPlot::resizeEvent(QResizeEvent* event) {
  if (!figure_) fitTextsTo(event->size());
  QCustomPlot::resizeEvent(event);
}

void AnalysisPlot::fitTextsTo(const QSize& size) { fitTexts(size, false); }

void AnalysisPlot::enterFigureLook(const FigureStyle& style, const QSize& canvas) {
  figure_ = style;
  QFont labels(style.fontFamily);
  labels.setPointSizeF(drawnFontPoints(style.fontPoints, false));
  QFont ticks(style.fontFamily);
  ticks.setPointSizeF(drawnFontPoints(style.tickPoints(), true));
  applyFonts(labels, ticks);
  const double pixelsPerPoint = figureLayoutDpi() / 72.0;
  rescalePens(style.linePoints() * pixelsPerPoint / kWindowLinePx / lineScale_,
              style.markerPoints() * pixelsPerPoint / kWindowMarkerPx / markerScale_);
  // No frame (a figure's legend is a key, not a box over the data), white behind it, and
  // swatches and gaps in proportion to the type rather than the window's pixels.
  legend->setBorderPen(Qt::NoPen);
  legend->setBrush(Qt::white);
  windowLegend_ = {legend->iconSize(), legend->iconTextPadding(), legend->margins(), legend->rowSpacing(),
                   legend->columnSpacing()};
  const double em = QFontMetricsF(ticks).height();
  legend->setIconSize(qRound(2.2 * em), qRound(em));
  legend->setIconTextPadding(qRound(0.4 * em));
  const int margin = qRound(0.3 * em);
  legend->setMargins(QMargins(margin, margin, margin, margin));
  legend->setRowSpacing(0);
  legend->setColumnSpacing(qRound(em));
  for (QCPAbstractItem* item : windowOnlyItems_) item->setVisible(false);
  if (windowNote_) {
    windowNote_->setVisible(false);  // out of the layout, and not drawn where it last was
    if (windowNote_->layout()) {
      plotLayout()->take(windowNote_);
      plotLayout()->simplify();
    }
  }
  legend->setVisible(style.legend != FigureStyle::Legend::None);
  const bool inside = style.legend == FigureStyle::Legend::Inside && legendFitsInside();
  if (style.legend == FigureStyle::Legend::Outside || (style.legend == FigureStyle::Legend::Inside && !inside))
    putLegendOutside();
  else if (inside) putLegendInside(Qt::AlignTop | Qt::AlignRight);
  fitTexts(canvas, true);
  if (inside) {
    // Lay the figure out at its size, then pick the corner that covers no data; under the
    // axes when every corner would.
    setViewport(QRect(QPoint(0, 0), canvas));
    updateLayout();
    if (const auto corner = freeLegendCorner()) putLegendInside(*corner);
    else {
      putLegendOutside();
      fitTexts(canvas, true);
    }
  } else if (style.legend == FigureStyle::Legend::None && legend->layout() == legendRow_) {
    legendRow_->take(legend);
  }
}

void AnalysisPlot::leaveFigureLook() {
  if (!figure_) return;
  figure_.reset();
  applyPaperStyle();
  rescalePens(1.0 / lineScale_, 1.0 / markerScale_);
  legend->setBorderPen(QPen(Qt::black));
  legend->setIconSize(windowLegend_.iconSize);
  legend->setIconTextPadding(windowLegend_.iconTextPadding);
  legend->setMargins(windowLegend_.margins);
  legend->setRowSpacing(windowLegend_.rowSpacing);
  legend->setColumnSpacing(windowLegend_.columnSpacing);
  for (QCPAbstractItem* item : windowOnlyItems_) item->setVisible(true);
  if (windowNote_ && !windowNote_->layout() && !windowNoteText_.isEmpty()) {
    plotLayout()->insertRow(0);
    plotLayout()->addElement(0, 0, windowNote_);
    windowNote_->setVisible(true);
  }
  legend->setVisible(true);
  if (legendOutside_) putLegendOutside();
  else putLegendInside(Qt::AlignTop | Qt::AlignRight);
  setViewport(rect());
  fitTextsTo(size());
  replot(QCustomPlot::rpQueuedReplot);
}

void AnalysisPlot::rescalePens(double lineFactor, double markerFactor) {
  const auto scaled = [lineFactor](QPen pen) {
    if (pen.widthF() > 0) pen.setWidthF(pen.widthF() * lineFactor);
    return pen;
  };
  for (int i = 0; i < plottableCount(); ++i) {
    QCPAbstractPlottable* p = plottable(i);
    p->setPen(scaled(p->pen()));
    if (auto* g = qobject_cast<QCPGraph*>(p)) {
      QCPScatterStyle scatter = g->scatterStyle();
      scatter.setSize(scatter.size() * markerFactor);
      g->setScatterStyle(scatter);
    } else if (auto* box = qobject_cast<QCPStatisticalBox*>(p)) {
      box->setMedianPen(scaled(box->medianPen()));
      box->setWhiskerPen(scaled(box->whiskerPen()));
      box->setWhiskerBarPen(scaled(box->whiskerBarPen()));
    } else if (auto* bars = qobject_cast<QCPErrorBars*>(p)) {
      bars->setWhiskerWidth(bars->whiskerWidth() * markerFactor);
    }
  }
  for (int i = 0; i < itemCount(); ++i)
    if (auto* line = qobject_cast<QCPItemStraightLine*>(item(i))) line->setPen(scaled(line->pen()));
  lineScale_ *= lineFactor;
  markerScale_ *= markerFactor;
}

QStringList AnalysisPlot::figureNotes() const {
  QStringList notes;
  if (!windowNoteText_.isEmpty()) notes << windowNoteText_;
  return notes;
}

QString AnalysisPlot::figureCaption() const {
  QStringList parts{figureDescription()};
  parts << figureNotes();
  if (!categoryNames_.isEmpty()) parts << tr("Layers are in execution order and named by their module paths.");
  for (QString& p : parts)
    if (!p.isEmpty() && !p.endsWith('.')) p += '.';
  return parts.join(' ');
}

void AnalysisPlot::setWindowNote(const QString& text) {
  windowNoteText_ = text;
  if (text.isEmpty()) {
    if (windowNote_) windowNote_->setVisible(false);
    if (windowNote_ && windowNote_->layout()) {
      plotLayout()->take(windowNote_);
      plotLayout()->simplify();
    }
    return;
  }
  if (!windowNote_) windowNote_ = new QCPTextElement(this, QString(), legend->font());
  if (!windowNote_->layout() && !figure_) {
    plotLayout()->insertRow(0);
    plotLayout()->addElement(0, 0, windowNote_);
    windowNote_->setVisible(true);
  }
  fitWindowNote(size());
}

void AnalysisPlot::fitWindowNote(const QSize& size) {
  if (!windowNote_) return;
  // The note wraps at spaces to the plot's width instead of running off both sides.
  windowNote_->setText(
      wrappedText(windowNoteText_, QFontMetricsF(windowNote_->font()), std::max(80, size.width() - 16)));
}

void AnalysisPlot::markWindowOnly(QCPAbstractItem* item) {
  windowOnlyItems_ << item;
  if (figure_) item->setVisible(false);
}

void AnalysisPlot::fitCategoryTicks(const QSize& size, bool figure, bool compact, bool tiny, double& namesHeight) {
  const QFontMetricsF tick(xAxis->tickLabelFont());
  // Width left for the categories: the y axis's tick labels and title take about 90 px
  // in the window; a figure's take about five lines of its tick font.
  const double axisWidth = std::max(60.0, size.width() - (figure ? 5.5 * tick.height() : 90.0));
  // A figure names every layer in full, on two lines where one line would take more than
  // 30 % of its height; the window leaves out a shared container and shortens further.
  QStringList shown = figure ? categoryNames_ : categoryTicks_;
  int lines = 1;
  if (figure) {
    double longest = 0;
    for (const QString& t : shown) longest = std::max(longest, tick.horizontalAdvance(t));
    if (longest > 0.30 * size.height()) {
      for (QString& t : shown) t = twoLinePath(t);
      lines = 2;
    }
  }
  double widest = 0;
  for (const QString& t : shown) widest = std::max(widest, widestLine(tick, t));
  const int n = static_cast<int>(shown.size());
  const bool upright = lines == 1 && n * (widest + 8) <= axisWidth;
  int step = 1;
  if (!upright) {
    // Rotated: each name is its lines high across the axis; every step-th name is written
    // when all of them do not fit the width.
    const double longest = (compact ? 0.22 : 0.28) * size.height();
    step = std::max(1, static_cast<int>(std::ceil(n * (lines * tick.height() + 2) / axisWidth)));
    namesHeight = 0;
    for (int i = 0; i < n; ++i) {
      if (i % step != 0) shown[i].clear();
      else if (!figure && tick.horizontalAdvance(shown[i]) > longest)
        shown[i] = tick.elidedText(abbreviatedPath(shown[i]), Qt::ElideMiddle, longest);
      namesHeight = std::max(namesHeight, widestLine(tick, shown[i]));
    }
  }
  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  if (tiny) {
    shown.fill(QString());
    namesHeight = 0;
  }
  for (int i = 0; i < n; ++i) ticker->addTick(i, shown[i]);
  xAxis->setTicker(ticker);
  xAxis->setTickLabelRotation(upright ? 0 : 90);
}

void AnalysisPlot::fitTexts(const QSize& size, bool figure) {
  // A plot in a small dock (under the model panels) keeps its data in view: below 330 px
  // the legend moves to the pane's header (colourKeyHtml), below 220 px the x title goes
  // and layer names get shorter. A figure keeps its legend and titles at every size.
  const bool compact = !figure && size.height() < 220;
  // Below 170 px (a laptop screen's analyses dock) the data need every pixel: layer names
  // go (hover still names each layer) and the value axis keeps about three ticks.
  const bool tiny = !figure && size.height() < 170;
  yAxis->ticker()->setTickCount(tiny ? 3 : figure ? 4 : 5);
  if (axisTitle_.isEmpty()) axisTitle_ = xAxis->label();
  xAxis->setLabel(compact ? QString() : figure && !categoryTitle_.isEmpty() ? categoryTitle_ : axisTitle_);
  if (!figure) {
    const bool showLegend = size.height() >= 330;
    legend->setVisible(showLegend);
    // A hidden legend still holds its row in QCustomPlot's layout: out of the row while
    // hidden, so the data get that height too.
    if (legendRow_ && !showLegend && legend->layout() == legendRow_) legendRow_->take(legend);
    else if (legendRow_ && showLegend && !legend->layout()) legendRow_->addElement(0, 0, legend);
  }
  const QFontMetricsF label(yAxis->labelFont());
  double namesHeight = QFontMetricsF(xAxis->tickLabelFont()).height();
  if (!categoryNames_.isEmpty()) fitCategoryTicks(size, figure, compact, tiny, namesHeight);
  // An outside legend: as many columns as its widest entries allow (swatch and gaps about
  // 40 px each).
  const bool legendUnder = legend->visible() && legendRow_ && legend->layout() == legendRow_;
  if (legendUnder && legend->itemCount() > 0) {
    double widestEntry = 0;
    const QFontMetricsF entry(legend->font());
    for (int i = 0; i < legend->itemCount(); ++i)
      if (auto* item = qobject_cast<QCPPlottableLegendItem*>(legend->item(i)))
        widestEntry =
            std::max(widestEntry, entry.horizontalAdvance(item->plottable()->name()) + legend->iconSize().width() +
                                      legend->iconTextPadding() + legend->columnSpacing());
    const int columns =
        std::clamp(static_cast<int>((size.width() - legend->margins().left() - legend->margins().right()) /
                                    std::max(1.0, widestEntry)),
                   1, 4);
    if (legend->wrap() != columns) {
      legend->setWrap(columns);
      legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
    }
  }
  // The y-axis title runs along the data area: two lines when one does not fit its height.
  if (valueTitle_.isEmpty()) valueTitle_ = yAxis->label();
  const int legendRows = legendUnder ? (legend->itemCount() + legend->wrap() - 1) / std::max(1, legend->wrap()) : 0;
  const double legendRowHeight =
      std::max<double>(legend->iconSize().height(), QFontMetricsF(legend->font()).height()) + legend->rowSpacing();
  const double dataHeight = size.height() - namesHeight - 2 * label.height() - legendRows * legendRowHeight -
                            (figure ? 2 * label.height() : 30);
  QString title = valueTitle_;
  if (figure) {
    // A figure keeps its whole title, on as many lines as the data area's height needs,
    // and as many value ticks as have room for their labels.
    title = wrappedText(valueTitle_, label, 0.95 * dataHeight);
    const double tickHeight = QFontMetricsF(yAxis->tickLabelFont()).height();
    yAxis->ticker()->setTickCount(std::clamp(static_cast<int>(dataHeight / (3.0 * tickHeight)), 2, 5));
  } else if (label.horizontalAdvance(title) > 0.95 * dataHeight) {
    const int middle = title.size() / 2;
    int cut = -1;
    for (int i = 0; i < title.size(); ++i)
      if (title[i] == ' ' && (cut < 0 || std::abs(i - middle) < std::abs(cut - middle))) cut = i;
    if (cut > 0) title[cut] = '\n';
    // Still too long for a small window plot: left out rather than cut (the pane's title
    // names the quantity); a figure always keeps it.
    if (!figure && widestLine(label, title) > dataHeight) title.clear();
  }
  yAxis->setLabel(title);
  if (!figure) fitWindowNote(size);
}

QCPGraph* AnalysisPlot::addSeries(const QString& name, const QColor& colour, Qt::PenStyle style,
                                  QCPScatterStyle::ScatterShape shape) {
  QCPGraph* g = addGraph();
  g->setName(name);
  QPen pen(colour, kWindowLinePx * lineScale_, style);
  g->setPen(pen);
  g->setScatterStyle(QCPScatterStyle(shape, colour, colour, kWindowMarkerPx * markerScale_));
  return g;
}

QCPGraph* AnalysisPlot::addStyleKey(const QString& name, Qt::PenStyle style, QCPScatterStyle::ScatterShape shape) {
  QCPGraph* g = addSeries(name, kKeyColour, style, shape);
  g->setProperty("styleKey", true);
  if (style == Qt::NoPen) g->setLineStyle(QCPGraph::lsNone);
  return g;
}

std::pair<double, double> AnalysisPlot::addIntervalSeries(int index, int count, const QString& name,
                                                          const QVector<double>& values, const QVector<double>& low,
                                                          const QVector<double>& high, double scale) {
  // Side by side around each category, so two models' intervals never hide each other.
  const double offset = count > 1 ? (index ? 0.12 : -0.12) : 0.0;
  QCPGraph* g =
      addSeries(name, colourFor(index), Qt::NoPen, index ? QCPScatterStyle::ssTriangle : QCPScatterStyle::ssDisc);
  g->setLineStyle(QCPGraph::lsNone);
  auto* bars = new QCPErrorBars(xAxis, yAxis);
  bars->setDataPlottable(g);
  bars->setPen(QPen(colourFor(index), 1.2));
  bars->removeFromLegend();
  QVector<double> minus, plus;
  double bottom = INFINITY, top = -INFINITY;
  for (int i = 0; i < values.size(); ++i) {
    const double v = scale * values[i];
    // Non-finite values have no position: the point is left out, never drawn at a fake one.
    if (!std::isfinite(v)) continue;
    g->addData(i + offset, v);
    const double lo = std::isfinite(low.value(i)) ? scale * low.value(i) : v;
    const double hi = std::isfinite(high.value(i)) ? scale * high.value(i) : v;
    minus << v - lo;
    plus << hi - v;
    bottom = std::min(bottom, lo);
    top = std::max(top, hi);
  }
  bars->setData(minus, plus);
  return {bottom, top};
}

void AnalysisPlot::showValueAt(QMouseEvent* event) {
  // Nearest data point of any graph within 12 px: "series: x, y".
  double best = 12.0;
  QString text;
  for (int i = 0; i < graphCount(); ++i) {
    QCPGraph* g = graph(i);
    for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) {
      if (!std::isfinite(it->value)) continue;
      const QPointF p = g->coordsToPixels(it->key, it->value);
      const double d = std::hypot(p.x() - event->pos().x(), p.y() - event->pos().y());
      if (d < best) {
        best = d;
        const int category = static_cast<int>(std::lround(it->key));
        const QString key = !categoryNames_.isEmpty() && category >= 0 && category < categoryNames_.size()
                                ? categoryNames_[category]
                                : QString::number(it->key);
        text = QStringLiteral("%1\n%2: %3").arg(g->name(), key, formatValue(it->value, 5));
      }
    }
  }
  if (text.isEmpty()) QToolTip::hideText();
  else QToolTip::showText(event->globalPosition().toPoint(), text, this);
}

void AnalysisPlot::useLogAxis(QCPAxis* axis) {
  axis->setScaleType(QCPAxis::stLogarithmic);
  axis->setTicker(QSharedPointer<QCPAxisTickerLog>(new LogTicker));
  axis->setNumberFormat("g");  // LogTicker writes the labels (10ᵏ in superscripts)
}

ActivationRangePlot::ActivationRangePlot(QWidget* parent) : AnalysisPlot(parent) {
  useLogValueAxis();
  yAxis->setLabel(tr("activation |a| over the images (log scale)"));
  xAxis->setLabel(tr("layer (execution order)"));
}

QString ActivationRangePlot::figureDescription() const {
  return tr("Per-layer activation magnitude of each model over the evaluated images: the largest |a| (abs-max, "
            "solid) and the mean |a| (abs-mean, dashed) of every element of the layer's output, log scale");
}

void ActivationRangePlot::setSeries(const QVector<ActivationRangeSeries>& series) {
  series_ = series;
  clearGraphs();
  QStringList labels;
  double low = 1e300, high = 0;
  for (int s = 0; s < series.size(); ++s) {
    const auto& r = series[s];
    if (r.layers.size() > labels.size()) labels = r.layers;
    // The legend names the models by colour; two grey keys say what solid and dashed mean.
    QCPGraph* max = addSeries(r.model, colourFor(s), Qt::SolidLine, QCPScatterStyle::ssDisc);
    QCPGraph* mean = addSeries(tr("%1 abs-mean").arg(r.model), colourFor(s), Qt::DashLine, QCPScatterStyle::ssCircle);
    mean->removeFromLegend();
    for (int i = 0; i < r.layers.size(); ++i) {
      // Log axis: zero or non-finite values are left out, never drawn at a fake position.
      for (auto [graph, v] : {std::pair{max, r.absMax.value(i)}, std::pair{mean, r.absMean.value(i)}}) {
        if (!(std::isfinite(v) && v > 0)) continue;
        graph->addData(i, v);
        low = std::min(low, v);
        high = std::max(high, v);
      }
    }
  }
  if (!series.isEmpty()) {
    addStyleKey(tr("abs-max (solid)"), Qt::SolidLine, QCPScatterStyle::ssDisc);
    addStyleKey(tr("abs-mean (dashed)"), Qt::DashLine, QCPScatterStyle::ssCircle);
  }
  setCategoryAxis(labels);
  if (high > 0) yAxis->setRange(low / 2, high * 2);
  replot();
}

QString ActivationRangePlot::dataCsv() const {
  QString csv = "model,layer_index,layer,abs_max,abs_mean\n";
  for (const auto& r : series_)
    for (int i = 0; i < r.layers.size(); ++i)
      csv += QStringLiteral("%1,%2,%3,%4,%5\n")
                 .arg(csvField(r.model))
                 .arg(i)
                 .arg(csvField(r.layers[i]))
                 .arg(r.absMax.value(i), 0, 'g', 9)
                 .arg(r.absMean.value(i), 0, 'g', 9);
  return csv;
}

ImageLayerPlot::ImageLayerPlot(QWidget* parent) : AnalysisPlot(parent) {
  useLogValueAxis();
  xAxis->setLabel(tr("layer (execution order)"));
  setQuantity(Quantity::AbsMax);
}

void ImageLayerPlot::setProfiles(const QVector<ImageLayerProfile>& profiles) {
  profiles_ = profiles;
  redraw();
}

void ImageLayerPlot::setQuantity(Quantity quantity) {
  quantity_ = quantity;
  // Each mode its own title: the window and every figure say which quantity is plotted.
  setValueTitle(quantity == Quantity::Deviation ? tr("relative L2 deviation (log scale)")
                : quantity == Quantity::AbsMax  ? tr("|a| max of the layer output (log scale)")
                                                : tr("|a| mean of the layer output (log scale)"));
  redraw();
}

QString ImageLayerPlot::figureDescription() const {
  const bool fault = std::any_of(profiles_.begin(), profiles_.end(), [](const auto& p) { return p.hasFault(); });
  switch (quantity_) {
    case Quantity::Deviation:
      return tr("One image layer by layer, each model: the relative L2 deviation of the faulty layer output from the "
                "clean one, ‖faulty − clean‖ / ‖clean‖, log scale");
    case Quantity::AbsMax:
      return fault ? tr("One image layer by layer, each model: the largest |a| of each layer's output, clean run "
                        "(dashed) and faulty run (solid), log scale")
                   : tr("One image layer by layer, each model: the largest |a| of each layer's output, log scale");
    case Quantity::AbsMean: break;
  }
  return fault ? tr("One image layer by layer, each model: the mean |a| of each layer's output, clean run (dashed) "
                    "and faulty run (solid), log scale")
               : tr("One image layer by layer, each model: the mean |a| of each layer's output, log scale");
}

QStringList ImageLayerPlot::figureNotes() const {
  QStringList notes;
  if (!nonFinite_.isEmpty())
    notes << tr("Crosses on the top row mark NaN or infinite values, which have no place on the axis (%1)")
                 .arg(nonFinite_.join(", "));
  notes << tr("Zero values have no place on the log axis and are not drawn; the CSV lists every value");
  return notes;
}

void ImageLayerPlot::redraw() {
  clearGraphs();
  clearItems();
  nonFinite_.clear();
  QStringList labels;
  double low = INFINITY, high = 0;
  struct Curve {
    QString name;
    const QVector<double>* values;
    Qt::PenStyle style;
  };
  QVector<QPair<int, int>> rowMarks;  // (model, layer) of each NaN/Inf value
  bool anyFault = false;
  for (int s = 0; s < profiles_.size(); ++s) {
    const ImageLayerProfile& p = profiles_[s];
    anyFault = anyFault || p.hasFault();
    if (p.layers.size() > labels.size()) labels = p.layers;
    QVector<Curve> curves;
    if (quantity_ == Quantity::Deviation) {
      if (p.hasFault()) curves << Curve{p.model, &p.relativeL2, Qt::SolidLine};
    } else {
      const bool max = quantity_ == Quantity::AbsMax;
      // The legend names each model once by colour (its solid curve); grey keys below say
      // what dashed and solid mean.
      curves << Curve{p.hasFault() ? tr("%1 clean").arg(p.model) : p.model, max ? &p.cleanMax : &p.cleanMean,
                      p.hasFault() ? Qt::DashLine : Qt::SolidLine};
      if (p.hasFault()) curves << Curve{p.model, max ? &p.faultyMax : &p.faultyMean, Qt::SolidLine};
    }
    for (const Curve& c : curves) {
      QCPGraph* g = addSeries(c.name, colourFor(s), c.style,
                              c.style == Qt::SolidLine ? QCPScatterStyle::ssDisc : QCPScatterStyle::ssCircle);
      if (c.style == Qt::DashLine) g->removeFromLegend();
      for (int i = 0; i < c.values->size(); ++i) {
        const double v = c.values->at(i);
        // Log axis: zeros (no deviation yet, a dead ReLU layer) have no position and are
        // left out (the caption says so); NaN/Inf go on the marked top row. A NaN deviation
        // (a clean output of norm 0) is undefined, not a fault's effect.
        if (!std::isfinite(v)) {
          if (!std::isnan(v) || quantity_ != Quantity::Deviation) {
            rowMarks << qMakePair(s, i);
            nonFinite_ << QStringLiteral("%1: %2").arg(p.model, p.layers.value(i));
          }
          continue;
        }
        if (v <= 0) continue;
        g->addData(i, v);
        low = std::min(low, v);
        high = std::max(high, v);
      }
    }
  }
  nonFinite_.removeDuplicates();
  if (anyFault && quantity_ != Quantity::Deviation) {
    addStyleKey(tr("clean (dashed)"), Qt::DashLine, QCPScatterStyle::ssCircle);
    addStyleKey(tr("faulty (solid)"), Qt::SolidLine, QCPScatterStyle::ssDisc);
  }
  setCategoryAxis(labels);
  if (!(high > 0)) low = 0.1, high = 10;
  double top = high * 2;
  if (!rowMarks.isEmpty()) {
    // The finite values keep the lower 85 % of the height; the NaN/Inf row sits at 93 %
    // (on a hidden 0..1 axis), under a dotted line that parts it from the data.
    top = std::exp(std::log(low / 2) + (std::log(high * 2) - std::log(low / 2)) / 0.85);
    yAxis2->setRange(0, 1);
    QCPGraph* key = addStyleKey(tr("NaN/Inf (top row)"), Qt::NoPen, QCPScatterStyle::ssCross);
    key->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCross, kKeyColour, kKeyColour, 1.3 * kWindowMarkerPx));
    for (int s = 0; s < profiles_.size(); ++s) {
      QCPGraph* marks = addGraph(xAxis, yAxis2);
      marks->setName(tr("%1 NaN/Inf").arg(profiles_[s].model));
      marks->setLineStyle(QCPGraph::lsNone);
      marks->setPen(QPen(colourFor(s), kWindowLinePx * lineScale()));
      marks->setScatterStyle(
          QCPScatterStyle(QCPScatterStyle::ssCross, colourFor(s), colourFor(s), 1.3 * kWindowMarkerPx * markerScale()));
      marks->removeFromLegend();
      for (const auto& [model, layer] : rowMarks)
        if (model == s) marks->addData(layer, 0.93);
    }
    auto* divider = new QCPItemStraightLine(this);
    divider->setClipAxisRect(axisRect());
    divider->point1->setAxes(xAxis, yAxis2);
    divider->point2->setAxes(xAxis, yAxis2);
    divider->point1->setCoords(0, 0.87);
    divider->point2->setCoords(1, 0.87);
    divider->setPen(QPen(kKeyColour, 0.8 * lineScale(), Qt::DotLine));
  }
  yAxis->setRange(low / 2, top);
  replot();
}

QString ImageLayerPlot::dataCsv() const {
  QString csv = "model,layer_index,layer,clean_abs_max,clean_abs_mean,faulty_abs_max,faulty_abs_mean,relative_l2\n";
  const auto field = [](const QVector<double>& v, int i) {
    return i < v.size() ? QString::number(v[i], 'g', 9) : QString();
  };
  for (const auto& p : profiles_)
    for (int i = 0; i < p.layers.size(); ++i)
      csv += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8\n")
                 .arg(csvField(p.model))
                 .arg(i)
                 .arg(csvField(p.layers[i]), field(p.cleanMax, i), field(p.cleanMean, i), field(p.faultyMax, i),
                      field(p.faultyMean, i), field(p.relativeL2, i));
  return csv;
}

Top2DiffSweepPlot::Top2DiffSweepPlot(QWidget* parent) : AnalysisPlot(parent) {
  xAxis->setLabel(tr("Top2Diff threshold δ (percentage points)"));
  yAxis->setLabel(tr("accuracy with Top2Diff ≥ δ (%)"));
}

QString Top2DiffSweepPlot::figureDescription() const {
  return tr("Top2Diff sweep: the share of images (%) that each model classifies correctly with a margin between its "
            "two highest softmax probabilities of at least δ percentage points, for δ = %1 to %2")
      .arg(data_.baseline.firstDelta)
      .arg(data_.baseline.firstDelta + std::max<int>(0, data_.baseline.accuracy.size() - 1));
}

QStringList Top2DiffSweepPlot::figureNotes() const {
  QStringList notes = AnalysisPlot::figureNotes();
  if (data_.inflection)
    notes << tr("The dashed line marks the inflection point δ = %1, from which the text-guided accuracy is at least "
                "the baseline's")
                 .arg(*data_.inflection);
  else if (!data_.baseline.accuracy.isEmpty() && !data_.guided.accuracy.isEmpty())
    notes << tr("No inflection point: the text-guided curve ends below the baseline's");
  return notes;
}

void Top2DiffSweepPlot::setData(const Top2DiffSweepData& data) {
  data_ = data;
  clearGraphs();
  clearItems();
  double low = 100, high = 0;
  int lastDelta = 1;
  const Top2DiffSweepSeries* both[2] = {&data.baseline, &data.guided};
  for (int s = 0; s < 2; ++s) {
    const auto& series = *both[s];
    QCPGraph* g =
        addSeries(series.model, colourFor(s), Qt::SolidLine, s ? QCPScatterStyle::ssTriangle : QCPScatterStyle::ssDisc);
    for (int i = 0; i < series.accuracy.size(); ++i) {
      const double v = 100.0 * series.accuracy[i];
      g->addData(series.firstDelta + i, v);  // NaN (no image left at this δ) draws a gap
      lastDelta = std::max(lastDelta, series.firstDelta + i);
      if (!std::isfinite(v)) continue;  // ... and never reaches the axis range
      low = std::min(low, v);
      high = std::max(high, v);
    }
  }
  if (high < low) low = 0, high = 100;
  xAxis->setRange(0, lastDelta + 1);
  // A margin on both sides, so no point sits on the frame (100 % included).
  const double pad = std::max(1.0, 0.06 * (high - low));
  yAxis->setRange(std::max(-pad, low - pad), high + pad);
  if (data.inflection) {
    auto* line = new QCPItemStraightLine(this);
    line->point1->setCoords(*data.inflection, 0);
    line->point2->setCoords(*data.inflection, 1);
    line->setPen(QPen(kKeyColour, 1.2, Qt::DashLine));
    auto* label = new QCPItemText(this);
    label->setFont(legend->font());
    label->position->setType(QCPItemPosition::ptAxisRectRatio);
    // At the foot of the line, on the side with more room, so it is never clipped.
    const bool rightHalf = *data.inflection > (lastDelta + 1) / 2;
    label->position->setTypeX(QCPItemPosition::ptPlotCoords);
    label->position->setCoords(*data.inflection, 0.98);
    label->setPositionAlignment((rightHalf ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignBottom);
    label->setText(rightHalf ? tr("inflection δ = %1 ").arg(*data.inflection)
                             : tr(" inflection δ = %1").arg(*data.inflection));
  } else if (!data.baseline.accuracy.isEmpty() && !data.guided.accuracy.isEmpty()) {
    // Said, not left to an absent line: the text-guided curve is below the baseline's at
    // the largest δ, so no threshold exists from which it stays at or above it. A figure
    // says it in its caption.
    auto* label = new QCPItemText(this);
    label->setFont(legend->font());
    label->position->setType(QCPItemPosition::ptAxisRectRatio);
    label->position->setCoords(0.02, 0.98);
    label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    label->setText(tr("no inflection point: the text-guided curve ends below the baseline's"));
    markWindowOnly(label);
  }
  setWindowNote(data.note);
  replot();
}

QString Top2DiffSweepPlot::dataCsv() const {
  QString csv = QStringLiteral("delta,%1,%2\n").arg(csvField(data_.baseline.model), csvField(data_.guided.model));
  for (int i = 0; i < data_.baseline.accuracy.size(); ++i)
    csv += QStringLiteral("%1,%2,%3\n")
               .arg(data_.baseline.firstDelta + i)
               .arg(data_.baseline.accuracy[i], 0, 'g', 9)
               .arg(data_.guided.accuracy.value(i), 0, 'g', 9);
  return csv;
}

CampaignNarrowingPlot::CampaignNarrowingPlot(QWidget* parent) : AnalysisPlot(parent) {
  useLogValueAxis();
  setValueTitle(tr("99 % interval half-width (percentage points, log scale)"));
  xAxis->setLabel(tr("injections into the layer"));
}

namespace {
/// Half-widths in percent: percentage points of a mismatch rate, or percent of the mean
/// ΔLoss for the relative ΔLoss rule.
bool relativeDeltaLoss(const NarrowingData& d) { return d.metric == QLatin1String("relative-delta-loss"); }
}  // namespace

QString CampaignNarrowingPlot::figureDescription() const {
  QString text = relativeDeltaLoss(data_)
                     ? tr("How each layer's 99 % interval narrowed as its injections grew: the half-width of the "
                          "interval of the mean ΔLoss, in percent of the mean, at each check, one line per layer in "
                          "its model's colour, log scale")
                     : tr("How each layer's 99 % interval narrowed as its injections grew: the half-width of the "
                          "Wilson interval of the mismatch rate, in percentage points, at each check, one line per "
                          "layer in its model's colour, log scale");
  if (data_.bound > 0)
    text += tr("; the dashed line is the stopping rule's bound %1, at which a layer stops")
                .arg(QLocale().toString(100 * data_.bound, 'g', 3));
  return text;
}

void CampaignNarrowingPlot::setData(const NarrowingData& data) {
  data_ = data;
  clearGraphs();
  clearItems();
  setValueTitle(relativeDeltaLoss(data) ? tr("99 % interval half-width (% of the mean ΔLoss, log scale)")
                                        : tr("99 % interval half-width (percentage points, log scale)"));
  // Empty graphs carry the legend (one entry per model); the layers' lines stay out of it
  // and name their layer on hover.
  for (int m = 0; m < data.models.size(); ++m)
    addSeries(data.models[m], colourFor(m), Qt::SolidLine, QCPScatterStyle::ssNone);
  double low = 1e300, high = 0, last = 1;
  for (const auto& s : data.layers) {
    QCPGraph* g = addSeries(QStringLiteral("%1 · %2").arg(s.model, s.layer), colourFor(s.modelIndex), Qt::SolidLine,
                            s.modelIndex ? QCPScatterStyle::ssTriangle : QCPScatterStyle::ssDisc);
    g->removeFromLegend();
    g->setPen(QPen(colourFor(s.modelIndex), 1.0));
    g->setScatterStyle(QCPScatterStyle(s.modelIndex ? QCPScatterStyle::ssTriangle : QCPScatterStyle::ssDisc,
                                       colourFor(s.modelIndex), colourFor(s.modelIndex), 4));
    for (int i = 0; i < s.injections.size(); ++i) {
      const double h = 100.0 * s.halfWidth[i];      // in percent, as the Campaign dock's bound
      if (!(h > 0) || !std::isfinite(h)) continue;  // a log axis has no place for 0 or ∞
      g->addData(s.injections[i], h);
      low = std::min(low, h);
      high = std::max(high, h);
      last = std::max(last, s.injections[i]);
    }
  }
  if (data.bound > 0) {
    const double bound = 100.0 * data.bound;
    low = std::min(low, bound);
    high = std::max(high, bound);
    auto* line = new QCPItemStraightLine(this);
    line->point1->setCoords(0, bound);
    line->point2->setCoords(1, bound);
    line->setPen(QPen(kKeyColour, 1.2, Qt::DashLine));
    auto* label = new QCPItemText(this);
    label->setFont(legend->font());
    label->position->setType(QCPItemPosition::ptPlotCoords);
    label->position->setCoords(0, bound);
    label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    label->setText((relativeDeltaLoss(data) ? tr(" stop at %1 % of the mean") : tr(" stop at %1 pp"))
                       .arg(QLocale().toString(bound, 'g', 3)));
  }
  if (high <= 0) low = 0.1, high = 100;
  xAxis->setRange(-0.02 * last, last * 1.04);
  yAxis->setRange(low / 1.5, high * 1.5);
  replot();
}

QString CampaignNarrowingPlot::dataCsv() const {
  QString csv = "model,layer,injections,half_width,stopped_at\n";
  for (const auto& s : data_.layers)
    for (int i = 0; i < s.injections.size(); ++i)
      csv += QStringLiteral("%1,%2,%3,%4,%5\n")
                 .arg(csvField(s.model), csvField(s.layer))
                 .arg(static_cast<qint64>(s.injections[i]))
                 .arg(s.halfWidth[i], 0, 'g', 9)
                 .arg(s.stoppedAt ? QString::number(s.stoppedAt) : QString());
  return csv;
}

BitErrorRatePlot::BitErrorRatePlot(QWidget* parent) : AnalysisPlot(parent) {
  useLogAxis(xAxis);
  xAxis->setLabel(tr("weight bit-error rate (log scale)"));
  yAxis->setLabel(tr("accuracy (%), mean over trials with 99 % interval"));
}

QString BitErrorRatePlot::figureDescription() const {
  const int trials = series_.isEmpty() ? 0 : series_.front().trials;
  return tr("Accuracy of each model with its stored weights under random bit flips at each bit-error rate: the "
            "mean over %1 independent trials with its 99 % Student-t interval")
      .arg(trials);
}

void BitErrorRatePlot::setSeries(const QVector<BitErrorRateSeries>& series) {
  series_ = series;
  clearGraphs();
  clearPlottables();
  clearItems();
  double lowRate = INFINITY, highRate = 0, bottom = 100, top = 0;
  for (int s = 0; s < series.size(); ++s) {
    const BitErrorRateSeries& r = series[s];
    QCPGraph* g =
        addSeries(r.model, colourFor(s), Qt::SolidLine, s ? QCPScatterStyle::ssTriangle : QCPScatterStyle::ssDisc);
    auto* bars = new QCPErrorBars(xAxis, yAxis);
    bars->setDataPlottable(g);
    bars->setPen(QPen(colourFor(s), 1.2));
    bars->removeFromLegend();
    // Two models' intervals side by side: the second a few percent to the right (log axis).
    const double shift = series.size() > 1 && s ? 1.06 : 1.0;
    QVector<double> minus, plus;
    for (int i = 0; i < r.rates.size(); ++i) {
      const double rate = r.rates[i], v = 100 * r.accuracy.value(i);
      if (!(rate > 0) || !std::isfinite(v)) continue;
      g->addData(rate * shift, v);
      const double lo = std::isfinite(r.low.value(i)) ? 100 * r.low[i] : v;
      const double hi = std::isfinite(r.high.value(i)) ? 100 * r.high[i] : v;
      minus << v - lo;
      plus << hi - v;
      lowRate = std::min(lowRate, rate);
      highRate = std::max(highRate, rate * shift);
      bottom = std::min(bottom, lo);
      top = std::max(top, hi);
    }
    bars->setData(minus, plus);
  }
  if (highRate <= 0) lowRate = 1e-9, highRate = 1e-4;
  xAxis->setRange(lowRate / 2, highRate * 2);
  yAxis->setRange(bottom - 3, std::max(top, bottom) + 3);
  replot();
}

QString BitErrorRatePlot::dataCsv() const {
  QString csv = "model,rate,trials,mean_accuracy,low,high,mean_flipped_bits\n";
  for (const auto& r : series_)
    for (int i = 0; i < r.rates.size(); ++i)
      csv += QStringLiteral("%1,%2,%3,%4,%5,%6,%7\n")
                 .arg(csvField(r.model))
                 .arg(r.rates[i], 0, 'g', 9)
                 .arg(r.trials)
                 .arg(r.accuracy.value(i), 0, 'g', 9)
                 .arg(r.low.value(i), 0, 'g', 9)
                 .arg(r.high.value(i), 0, 'g', 9)
                 .arg(r.meanFlips.value(i), 0, 'g', 9);
  return csv;
}

FragilityScatterPlot::FragilityScatterPlot(QWidget* parent) : AnalysisPlot(parent) {
  xAxis->setLabel(tr("clean Top2Diff (percentage points)"));
  yAxis->setLabel(tr("mismatch rate of the faults that hit the image (%)"));
  connect(this, &QCustomPlot::plottableClick, this, [this](QCPAbstractPlottable* plottable, int index, QMouseEvent*) {
    for (int s = 0; s < graphCount() && s < clickImages_.size(); ++s)
      if (graph(s) == plottable && index >= 0 && index < clickImages_[s].size())
        Q_EMIT imageClicked(clickImages_[s][index]);
  });
}

QString FragilityScatterPlot::figureDescription() const {
  return tr("Fragile inputs: for each image the campaign's faults hit, its clean Top2Diff against the share of those "
            "faults that changed the model's answer, each model with Spearman's rank correlation ρ in its legend "
            "entry");
}

void FragilityScatterPlot::setSeries(const QVector<FragilitySeries>& series) {
  series_ = series;
  clickImages_.clear();
  clearGraphs();
  for (int s = 0; s < series.size(); ++s) {
    const auto& f = series[s];
    const QString rho = std::isnan(f.spearman) ? tr("n/a") : formatFixed(f.spearman, 3);
    QCPGraph* g = addSeries(tr("%1 (Spearman ρ = %2)").arg(f.model, rho), colourFor(s), Qt::NoPen,
                            s ? QCPScatterStyle::ssTriangle : QCPScatterStyle::ssDisc);
    g->setLineStyle(QCPGraph::lsNone);
    // QCustomPlot keeps a graph's points sorted by x; clickImages_ keeps the image of each
    // sorted point, so a click finds its image again. Images without a margin are left out.
    QVector<int> order;
    for (int i = 0; i < f.images.size(); ++i)
      if (std::isfinite(f.top2Diff[i])) order.append(i);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return f.top2Diff[a] < f.top2Diff[b]; });
    QVector<QCPGraphData> points;
    QVector<qint64> images;
    for (int i : order) {
      points.append(QCPGraphData(f.top2Diff[i], 100.0 * f.mismatchRate[i]));
      images.append(f.images[i]);
    }
    g->data()->set(points, /*alreadySorted=*/true);
    clickImages_.append(images);
  }
  // Fault campaigns hit most images rarely: the y axis ends a little above the highest rate.
  double highest = 0.0;
  for (const auto& f : series)
    for (double rate : f.mismatchRate) highest = std::max(highest, 100.0 * rate);
  // A little room past 0 and 100 pp, so markers at the ends are drawn whole.
  xAxis->setRange(-3, 103);
  yAxis->setRange(-0.05 * std::max(highest, 5.0), 1.25 * std::max(highest, 5.0));
  replot();
}

QString FragilityScatterPlot::dataCsv() const {
  QString csv = QStringLiteral("model,image,clean_top2diff,injections,mismatch_rate\n");
  for (const auto& f : series_)
    for (int i = 0; i < f.images.size(); ++i)
      csv += QStringLiteral("%1,%2,%3,%4,%5\n")
                 .arg(csvField(f.model))
                 .arg(f.images[i])
                 .arg(f.top2Diff[i], 0, 'g', 9)
                 .arg(f.injections.value(i))
                 .arg(f.mismatchRate[i], 0, 'g', 9);
  return csv;
}

CampaignResultPlot::CampaignResultPlot(QWidget* parent) : AnalysisPlot(parent) {
  yAxis->setLabel(tr("mismatch rate (%) ± 99 % CI"));
  xAxis->setLabel(tr("faulted layer"));
}

QString CampaignResultPlot::figureDescription() const {
  return tr("Campaign mismatch rate per faulted layer: the share of injections after which the model's top-1 answer "
            "differed from its fault-free answer, with 99 % Wilson intervals, each model");
}

void CampaignResultPlot::setSeries(const QVector<CampaignResultSeries>& series) {
  series_ = series;
  clearGraphs();
  clearPlottables();
  QStringList labels;
  double high = 0;
  for (int s = 0; s < series.size(); ++s) {
    const auto& r = series[s];
    if (r.layers.size() > labels.size()) labels = r.layers;
    high = std::max(high, addIntervalSeries(s, series.size(), r.model, r.mismatchRate, r.low, r.high, 100.0).second);
  }
  setCategoryAxis(labels);
  const double top = std::max(1.0, high * 1.1);
  yAxis->setRange(-0.03 * top, top);  // a rate of 0 is drawn above the frame, not on it
  replot();
}

QString CampaignResultPlot::dataCsv() const {
  QString csv = "model,layer_index,layer,mismatch_rate,low,high\n";
  for (const auto& r : series_)
    for (int i = 0; i < r.layers.size(); ++i)
      csv += QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                 .arg(csvField(r.model))
                 .arg(i)
                 .arg(csvField(r.layers[i]))
                 .arg(r.mismatchRate.value(i), 0, 'g', 9)
                 .arg(r.low.value(i), 0, 'g', 9)
                 .arg(r.high.value(i), 0, 'g', 9);
  return csv;
}

CampaignDeltaLossPlot::CampaignDeltaLossPlot(QWidget* parent) : AnalysisPlot(parent) {
  yAxis->setLabel(tr("mean ΔLoss (nats) ± 99 % CI"));
  xAxis->setLabel(tr("faulted layer"));
}

QString CampaignDeltaLossPlot::figureDescription() const {
  return tr("Campaign ΔLoss per faulted layer: the mean change of the cross-entropy loss (nats) that one injection "
            "caused, with 99 % normal intervals, each model (the campaign's protocol says whether the change is "
            "signed or absolute)");
}

void CampaignDeltaLossPlot::setSeries(const QVector<CampaignResultSeries>& series) {
  series_ = series;
  clearGraphs();
  clearPlottables();
  QStringList labels;
  double bottom = 0, top = 0;  // zero stays in view: the sign of ΔLoss matters
  for (int s = 0; s < series.size(); ++s) {
    const auto& r = series[s];
    if (r.layers.size() > labels.size()) labels = r.layers;
    const auto [low, high] = addIntervalSeries(s, series.size(), r.model, r.deltaLoss, r.deltaLow, r.deltaHigh, 1.0);
    if (std::isfinite(low)) bottom = std::min(bottom, low);
    if (std::isfinite(high)) top = std::max(top, high);
  }
  setCategoryAxis(labels);
  const double pad = 0.08 * std::max(top - bottom, 1e-12);
  yAxis->setRange(bottom - pad, top + pad);
  replot();
}

QString CampaignDeltaLossPlot::dataCsv() const {
  QString csv = "model,layer_index,layer,mean_delta_loss,low,high";
  const bool pair = series_.size() == 2;
  csv += pair ? ",improvement_factor\n" : "\n";
  for (int m = 0; m < series_.size(); ++m) {
    const auto& r = series_[m];
    for (int i = 0; i < r.layers.size(); ++i) {
      csv += QStringLiteral("%1,%2,%3,%4,%5,%6")
                 .arg(csvField(r.model))
                 .arg(i)
                 .arg(csvField(r.layers[i]))
                 .arg(r.deltaLoss.value(i), 0, 'g', 9)
                 .arg(r.deltaLow.value(i), 0, 'g', 9)
                 .arg(r.deltaHigh.value(i), 0, 'g', 9);
      if (pair) {
        // The factor belongs to the layer, not the model: written on both rows alike.
        const double f = improvementFactor(series_[0].deltaLoss.value(i), series_[1].deltaLoss.value(i));
        csv += std::isnan(f) ? QStringLiteral(",") : QStringLiteral(",%1").arg(f, 0, 'g', 9);
      }
      csv += '\n';
    }
  }
  return csv;
}

CamChangePlot::CamChangePlot(QWidget* parent) : AnalysisPlot(parent) {
  // One panel per metric, each with its own value axis: r and IoU sit near 1 and the
  // shift near 0, and on one axis their boxes would shrink to lines.
  QCPAxisRect* first = axisRect();
  plotLayout()->take(first);
  plotLayout()->simplify();
  auto* row = new QCPLayoutGrid;
  plotLayout()->addElement(0, 0, row);
  row->setColumnSpacing(4);
  // Two lines each: three panels share a column's width.
  const QString titles[3] = {tr("Pearson r"), tr("top-20 %\nregion IoU"), tr("centre shift\n/ diagonal")};
  for (int k = 0; k < 3; ++k) {
    panels_[k] = k == 0 ? first : new QCPAxisRect(this);
    row->addElement(0, k, panels_[k]);
    QCPAxis* x = panels_[k]->axis(QCPAxis::atBottom);
    x->setLabel(titles[k]);
    x->setTicks(false);
    x->setTickLabels(false);
    x->setRange(-0.6, 0.6);
    panels_[k]->axis(QCPAxis::atLeft)->ticker()->setTickCount(4);
  }
  keepLegendUnder();
  applyPaperStyle();  // the new panels' axes get the same fonts
}

QString CamChangePlot::figureDescription() const {
  const int images = series_.isEmpty() ? 0 : series_.front().images;
  return tr("How far each model's Ablation-CAM moved under its faults, over %1 images: per metric, a box of the "
            "faulty map against the clean map (quartiles, median line, whiskers to the minimum and maximum); "
            "Pearson r and the IoU of the top-20 % regions are 1 and the centre-of-mass shift (over the image "
            "diagonal) is 0 for an unchanged map")
      .arg(images);
}

void CamChangePlot::setSeries(const QVector<CamChangeSeries>& series) {
  series_ = series;
  clearGraphs();
  clearPlottables();
  clearItems();
  QStringList undefined;
  double bottom[3] = {0, 0, 0}, top[3] = {1, 1, 0.05};
  for (int s = 0; s < series.size(); ++s) {
    const auto& r = series[s];
    const QColor colour = colourFor(s);
    const BoxStatistics* metrics[3] = {&r.pearson, &r.topRegionIoU, &r.centreShift};
    int missing = 0;
    for (int k = 0; k < 3; ++k) {
      auto* boxes = new QCPStatisticalBox(panels_[k]->axis(QCPAxis::atBottom), panels_[k]->axis(QCPAxis::atLeft));
      boxes->setName(tr("%1 (%2 images)").arg(r.model).arg(r.images));
      if (k > 0) boxes->removeFromLegend();
      boxes->setPen(QPen(colour, 1.4 * lineScale()));
      boxes->setBrush(QColor(colour.red(), colour.green(), colour.blue(), 60));
      boxes->setMedianPen(QPen(colour, 2.5 * lineScale()));
      boxes->setWhiskerPen(QPen(colour, 1.2 * lineScale(), Qt::DashLine));
      boxes->setWhiskerBarPen(QPen(colour, 1.2 * lineScale()));
      boxes->setWidth(0.8 / std::max<int>(2, series.size()));
      const BoxStatistics& b = *metrics[k];
      missing = std::max(missing, b.undefined);
      if (b.defined == 0) continue;
      const double key = series.size() > 1 ? (s - (series.size() - 1) / 2.0) * 0.5 : 0.0;
      boxes->addData(key, b.min, b.lowerQuartile, b.median, b.upperQuartile, b.max);
      bottom[k] = std::min(bottom[k], b.min);
      top[k] = std::max(top[k], b.max);
    }
    if (missing) undefined << tr("%1: %2").arg(r.model).arg(missing);
  }
  for (int k = 0; k < 3; ++k) {
    const double pad = 0.06 * std::max(top[k] - bottom[k], 0.05);
    panels_[k]->axis(QCPAxis::atLeft)->setRange(bottom[k] - pad, top[k] + pad);
  }
  // Above the panels, not over the boxes; a figure's caption has it.
  setWindowNote(undefined.isEmpty()
                    ? QString()
                    : tr("undefined (a map with NaN/Inf or all zero) in %1 images").arg(undefined.join(", ")));
  replot();
}

QString CamChangePlot::dataCsv() const {
  QString csv =
      QStringLiteral("model,metric,images,defined,undefined,min,lower_quartile,median,upper_quartile,max,mean\n");
  const auto number = [](double v) { return QString::number(v, 'g', 9); };
  for (const auto& r : series_) {
    const std::pair<const char*, const BoxStatistics*> metrics[3] = {
        {"pearson", &r.pearson}, {"top_region_iou", &r.topRegionIoU}, {"centre_shift_over_diagonal", &r.centreShift}};
    for (const auto& [name, b] : metrics)
      csv += QStringLiteral("%1,%2,%3,%4,%5,")
                 .arg(csvField(r.model), QString::fromUtf8(name))
                 .arg(r.images)
                 .arg(b->defined)
                 .arg(b->undefined) +
             QStringList{number(b->min),           number(b->lowerQuartile), number(b->median),
                         number(b->upperQuartile), number(b->max),           number(b->mean)}
                 .join(',') +
             "\n";
  }
  return csv;
}

}  // namespace faultlens::widgets
