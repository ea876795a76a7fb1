#include "widgets/plots/PlotViews.h"

#include <QResizeEvent>
#include <QToolTip>
#include <algorithm>
#include <cmath>

#include "core/campaign/CampaignStats.h"

namespace faultlens::widgets {
namespace {

const QColor kBaselineColour(0, 114, 178);  // Okabe–Ito blue / vermillion: colour-blind safe
const QColor kGuidedColour(213, 94, 0);

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

QString csvField(QString s) {
  if (s.contains(',') || s.contains('"')) s = '"' + s.replace('"', "\"\"") + '"';
  return s;
}

}  // namespace

AnalysisPlot::AnalysisPlot(QWidget* parent) : QCustomPlot(parent) {
  applyPaperStyle();
  setMouseTracking(true);
  connect(this, &QCustomPlot::mouseMove, this, &AnalysisPlot::showValueAt);
  setMinimumSize(240, 130);  // two side by side under the model panels on a 1366×768 screen
}

void AnalysisPlot::applyPaperStyle() {
  QFont font = this->font();
  font.setPointSizeF(10);
  for (QCPAxis* axis : {xAxis, yAxis, yAxis2}) {
    axis->setLabelFont(font);
    axis->setTickLabelFont(font);
  }
  legend->setVisible(true);
  legend->setFont(font);
  legend->setBrush(QBrush(QColor(255, 255, 255, 220)));
  setAntialiasedElements(QCP::aeAll);
}

AnalysisPlot::~AnalysisPlot() {
  // A legend taken out of its row (fitTextsTo) goes back, so the layout deletes it.
  if (legendRow_ && !legend->layout()) legendRow_->addElement(0, 0, legend);
}

void AnalysisPlot::setCategoryAxis(const QStringList& labels) {
  // Module paths repeat their container ("features.layer1.conv1", "features.layer2.conv1",
  // ...): a first component that most labels share is left out of the ticks, and the axis
  // title says so, so long names fit under a narrow plot.
  QMap<QString, int> firstParts;
  for (const QString& l : labels)
    if (l.contains('.')) ++firstParts[l.section('.', 0, 0)];
  QString common;
  for (auto it = firstParts.cbegin(); it != firstParts.cend(); ++it)
    if (it.value() >= 2 && 2 * it.value() >= labels.size()) common = it.key();
  if (categoryTitle_.isEmpty()) categoryTitle_ = xAxis->label();
  xAxis->setLabel(common.isEmpty() ? categoryTitle_ : tr("%1; \"%2.\" left out").arg(categoryTitle_, common));
  axisTitle_ = xAxis->label();
  categoryNames_ = labels;
  categoryTicks_.clear();
  for (const QString& l : labels)
    categoryTicks_ << (!common.isEmpty() && l.startsWith(common + '.') ? l.mid(common.size() + 1) : l);
  xAxis->setRange(-0.5, std::max<int>(1, labels.size()) - 0.5);
  // Per-layer plots fill the width with data: the legend goes under, not over, them.
  QCPLayoutGrid* main = plotLayout();
  if (legend->layout() != main && !legendRow_) {
    QCPLayoutGrid* row = new QCPLayoutGrid;
    legendRow_ = row;
    main->addElement(main->rowCount(), 0, row);
    row->addElement(0, 0, legend);
    // Two entries per row (the wrap is set before the fill order, which re-arranges the
    // entries already there).
    legend->setWrap(2);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
    main->setRowStretchFactor(main->rowCount() - 1, 0.001);
  }
  fitTextsTo(size());
}

QString AnalysisPlot::colourKeyHtml() const {
  QStringList entries;
  for (int i = 0; i < legend->itemCount(); ++i)
    if (auto* item = qobject_cast<QCPPlottableLegendItem*>(legend->item(i)))
      entries << QStringLiteral("<span style=\"color:%1\">&#9679;</span>&nbsp;%2")
                     .arg(item->plottable()->pen().color().name(), item->plottable()->name().toHtmlEscaped());
  return entries.join(QStringLiteral("&nbsp;&nbsp;"));
}

void AnalysisPlot::resizeEvent(QResizeEvent* event) {
  fitTextsTo(event->size());
  QCustomPlot::resizeEvent(event);
}

void AnalysisPlot::fitTextsTo(const QSize& size, bool figure) {
  // A plot in a small dock (under the model panels) keeps its data in view: below 330 px
  // the legend moves to the pane's header (colourKeyHtml), below 220 px the x title goes
  // and layer names get shorter. A figure keeps its legend and titles at every size.
  const bool compact = !figure && size.height() < 220;
  // Below 170 px (a laptop screen's analyses dock) the data need every pixel: layer names
  // go (hover still names each layer) and the value axis keeps about three ticks.
  const bool tiny = !figure && size.height() < 170;
  yAxis->ticker()->setTickCount(tiny ? 3 : 5);
  if (axisTitle_.isEmpty()) axisTitle_ = xAxis->label();
  xAxis->setLabel(compact ? QString() : axisTitle_);
  const bool showLegend = figure || size.height() >= 330;
  legend->setVisible(showLegend);
  // A hidden legend still holds its row in QCustomPlot's layout: out of the row while
  // hidden, so the data get that height too.
  if (legendRow_ && !showLegend && legend->layout() == legendRow_) legendRow_->take(legend);
  else if (legendRow_ && showLegend && !legend->layout()) legendRow_->addElement(0, 0, legend);
  const QFontMetricsF tick(xAxis->tickLabelFont());
  const QFontMetricsF label(yAxis->labelFont());
  // Width left for the categories: the y axis's tick labels and title take about 90 px.
  const double axisWidth = std::max(60.0, size.width() - 90.0);
  double namesHeight = tick.height();
  if (!categoryTicks_.isEmpty()) {
    double widest = 0;
    for (const QString& t : categoryTicks_) widest = std::max(widest, tick.horizontalAdvance(t));
    const int n = static_cast<int>(categoryTicks_.size());
    const bool upright = n * (widest + 8) <= axisWidth;
    QStringList shown = categoryTicks_;
    int step = 1;
    if (!upright) {
      // Rotated: each name is one line high across the axis and at most 28 % of the
      // plot's height along it; every step-th name is written when one line each does
      // not fit the width.
      const double longest = (compact ? 0.22 : 0.28) * size.height();
      step = std::max(1, static_cast<int>(std::ceil(n * (tick.height() + 2) / axisWidth)));
      namesHeight = 0;
      for (int i = 0; i < n; ++i) {
        if (i % step != 0) shown[i].clear();
        else if (tick.horizontalAdvance(shown[i]) > longest)
          shown[i] = tick.elidedText(abbreviatedPath(shown[i]), Qt::ElideMiddle, longest);
        namesHeight = std::max(namesHeight, tick.horizontalAdvance(shown[i]));
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
  // Legend: as many columns as its widest entries allow (swatch and gaps about 40 px each).
  if (legend->visible() && legend->itemCount() > 0) {
    double widestEntry = 0;
    const QFontMetricsF entry(legend->font());
    for (int i = 0; i < legend->itemCount(); ++i)
      if (auto* item = qobject_cast<QCPPlottableLegendItem*>(legend->item(i)))
        widestEntry = std::max(widestEntry, entry.horizontalAdvance(item->plottable()->name()) + 40);
    const int columns = std::clamp(static_cast<int>((size.width() - 20) / std::max(1.0, widestEntry)), 1, 2);
    if (legend->layout() == plotLayout() || legend->layout() == nullptr) {
      // (inside the axis rect: QCustomPlot's own placement, one column)
    } else if (legend->wrap() != columns) {
      legend->setWrap(columns);
      legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
    }
  }
  // The y-axis title runs along the data area: two lines when one does not fit its height.
  if (valueTitle_.isEmpty()) valueTitle_ = yAxis->label();
  const int legendRows = !legend->visible() || legend->layout() == plotLayout()
                             ? 0
                             : (legend->itemCount() + legend->wrap() - 1) / std::max(1, legend->wrap());
  const double dataHeight = size.height() - namesHeight - 2 * label.height() - legendRows * (label.height() + 6) - 30;
  QString title = valueTitle_;
  if (label.horizontalAdvance(title) > 0.95 * dataHeight) {
    const int middle = title.size() / 2;
    int cut = -1;
    for (int i = 0; i < title.size(); ++i)
      if (title[i] == ' ' && (cut < 0 || std::abs(i - middle) < std::abs(cut - middle))) cut = i;
    if (cut > 0) title[cut] = '\n';
    // Still too long for a small window plot: left out rather than cut (the pane's title
    // names the quantity); a figure always keeps it.
    double longestLine = 0;
    for (const QString& line : title.split('\n')) longestLine = std::max(longestLine, label.horizontalAdvance(line));
    if (!figure && longestLine > dataHeight) title.clear();
  }
  yAxis->setLabel(title);
  fitOwnTexts(size);
}

QCPGraph* AnalysisPlot::addSeries(const QString& name, const QColor& colour, Qt::PenStyle style,
                                  QCPScatterStyle::ScatterShape shape) {
  QCPGraph* g = addGraph();
  g->setName(name);
  QPen pen(colour, 1.8, style);
  g->setPen(pen);
  g->setScatterStyle(QCPScatterStyle(shape, colour, colour, 6));
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
        text = QStringLiteral("%1\n%2: %3").arg(g->name(), key, QString::number(it->value, 'g', 5));
      }
    }
  }
  if (text.isEmpty()) QToolTip::hideText();
  else QToolTip::showText(event->globalPosition().toPoint(), text, this);
}

void AnalysisPlot::useLogValueAxis() {
  yAxis->setScaleType(QCPAxis::stLogarithmic);
  yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
  yAxis->setNumberFormat("eb");  // 10^k
  yAxis->setNumberPrecision(0);
}

ActivationRangePlot::ActivationRangePlot(QWidget* parent) : AnalysisPlot(parent) {
  useLogValueAxis();
  yAxis->setLabel(tr("|a|: max solid, mean dashed (log scale)"));
  xAxis->setLabel(tr("layer (execution order)"));
}

void ActivationRangePlot::setSeries(const QVector<ActivationRangeSeries>& series) {
  series_ = series;
  clearGraphs();
  QStringList labels;
  double low = 1e300, high = 0;
  for (int s = 0; s < series.size(); ++s) {
    const auto& r = series[s];
    if (r.layers.size() > labels.size()) labels = r.layers;
    // The legend names the models; the line style (solid max, dashed mean) is in the y title.
    QCPGraph* max = addSeries(tr("%1 abs-max").arg(r.model), colourFor(s), Qt::SolidLine, QCPScatterStyle::ssDisc);
    QCPGraph* mean = addSeries(tr("%1 abs-mean").arg(r.model), colourFor(s), Qt::DashLine, QCPScatterStyle::ssCircle);
    max->setName(r.model);
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
  yAxis->setLabel(quantity == Quantity::Deviation ? tr("‖faulty − clean‖ / ‖clean‖ (log scale)")
                  : quantity == Quantity::AbsMax  ? tr("|a| max: clean dashed, faulty solid (log scale)")
                                                  : tr("|a| mean: clean dashed, faulty solid (log scale)"));
  redraw();
}

void ImageLayerPlot::redraw() {
  clearGraphs();
  clearItems();
  QStringList labels;
  double low = INFINITY, high = 0;
  bool nonFinite = false;
  struct Curve {
    QString name;
    const QVector<double>* values;
    Qt::PenStyle style;
  };
  for (int s = 0; s < profiles_.size(); ++s) {
    const ImageLayerProfile& p = profiles_[s];
    if (p.layers.size() > labels.size()) labels = p.layers;
    QVector<Curve> curves;
    if (quantity_ == Quantity::Deviation) {
      if (p.hasFault()) curves << Curve{p.model, &p.relativeL2, Qt::SolidLine};
    } else {
      const bool max = quantity_ == Quantity::AbsMax;
      curves << Curve{p.hasFault() ? tr("%1 clean").arg(p.model) : p.model, max ? &p.cleanMax : &p.cleanMean,
                      p.hasFault() ? Qt::DashLine : Qt::SolidLine};
      if (p.hasFault())
        curves << Curve{tr("%1 faulty").arg(p.model), max ? &p.faultyMax : &p.faultyMean, Qt::SolidLine};
    }
    for (const Curve& c : curves) {
      QCPGraph* g = addSeries(c.name, s == 0 ? QColor(0, 114, 178) : QColor(213, 94, 0), c.style,
                              c.style == Qt::SolidLine ? QCPScatterStyle::ssDisc : QCPScatterStyle::ssCircle);
      if (c.style == Qt::DashLine && profiles_.size() > 0) g->removeFromLegend();  // the y title names the style
      for (int i = 0; i < c.values->size(); ++i) {
        const double v = c.values->at(i);
        // Log axis: zeros (no deviation yet, a dead ReLU layer) and non-finite values have
        // no position; non-finite ones are marked below, zeros left out.
        if (!std::isfinite(v)) {
          nonFinite = nonFinite || !std::isnan(v) || quantity_ != Quantity::Deviation;
          continue;
        }
        if (v <= 0) continue;
        g->addData(i, v);
        low = std::min(low, v);
        high = std::max(high, v);
      }
    }
  }
  setCategoryAxis(labels);
  if (high > 0) yAxis->setRange(low / 2, high * 2);
  if (nonFinite) {
    auto* note = new QCPItemText(this);
    note->position->setType(QCPItemPosition::ptAxisRectRatio);
    note->position->setCoords(0.02, 0.02);
    note->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    note->setText(tr("NaN/Inf in some layers: left out here, kept in the CSV"));
  }
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
  xAxis->setRange(0, lastDelta + 1);
  yAxis->setRange(std::max(0.0, low - 2), std::min(100.0, high + 2));
  if (data.inflection) {
    auto* line = new QCPItemStraightLine(this);
    line->point1->setCoords(*data.inflection, 0);
    line->point2->setCoords(*data.inflection, 1);
    line->setPen(QPen(Qt::darkGray, 1.2, Qt::DashLine));
    auto* label = new QCPItemText(this);
    label->position->setType(QCPItemPosition::ptPlotCoords);
    label->position->setCoords(*data.inflection, std::max(0.0, low - 1));
    // Text on the side with more room, so it is never clipped at the plot edge.
    const bool rightHalf = *data.inflection > (lastDelta + 1) / 2;
    label->setPositionAlignment((rightHalf ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignBottom);
    label->setText(rightHalf ? tr("inflection δ = %1 ").arg(*data.inflection)
                             : tr(" inflection δ = %1").arg(*data.inflection));
  } else if (!data.baseline.accuracy.isEmpty() && !data.guided.accuracy.isEmpty()) {
    // Said, not left to an absent line: the text-guided curve is below the baseline's at
    // the largest δ, so no threshold exists from which it stays at or above it.
    auto* label = new QCPItemText(this);
    label->position->setType(QCPItemPosition::ptAxisRectRatio);
    label->position->setCoords(0.02, 0.98);
    label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    label->setText(tr("no inflection point: the text-guided curve ends below the baseline's"));
  }
  if (!data.note.isEmpty()) {
    if (plotLayout()->rowCount() == 1) plotLayout()->insertRow(0);
    if (!note_) {
      note_ = new QCPTextElement(this, data.note, QFont(font().family(), 9));
      plotLayout()->addElement(0, 0, note_);
    }
    fitOwnTexts(size());
  } else if (note_) {
    note_->setText({});
  }
  replot();
}

void Top2DiffSweepPlot::fitOwnTexts(const QSize& size) {
  if (!note_) return;
  // The McNemar line wraps at spaces to the plot's width instead of running off both sides.
  const QFontMetricsF metrics(note_->font());
  const double width = std::max(80, size.width() - 16);
  QStringList lines{QString()};
  for (const QString& word : data_.note.split(' ')) {
    const QString joined = lines.back().isEmpty() ? word : lines.back() + ' ' + word;
    if (!lines.back().isEmpty() && metrics.horizontalAdvance(joined) > width) lines << word;
    else lines.back() = joined;
  }
  note_->setText(lines.join('\n'));
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
  yAxis->setLabel(tr("99 % interval half-width (log scale)"));
  xAxis->setLabel(tr("injections into the layer"));
}

void CampaignNarrowingPlot::setData(const NarrowingData& data) {
  data_ = data;
  clearGraphs();
  clearItems();
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
      const double h = s.halfWidth[i];
      if (!(h > 0) || !std::isfinite(h)) continue;  // a log axis has no place for 0 or ∞
      g->addData(s.injections[i], h);
      low = std::min(low, h);
      high = std::max(high, h);
      last = std::max(last, s.injections[i]);
    }
  }
  if (data.bound > 0) {
    low = std::min(low, data.bound);
    high = std::max(high, data.bound);
    auto* line = new QCPItemStraightLine(this);
    line->point1->setCoords(0, data.bound);
    line->point2->setCoords(1, data.bound);
    line->setPen(QPen(Qt::darkGray, 1.2, Qt::DashLine));
    auto* label = new QCPItemText(this);
    label->position->setType(QCPItemPosition::ptPlotCoords);
    label->position->setCoords(0, data.bound);
    label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    label->setText(tr(" stop at %1").arg(data.bound, 0, 'g', 3));
  }
  if (high <= 0) low = 1e-3, high = 1;
  xAxis->setRange(0, last * 1.04);
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
  xAxis->setScaleType(QCPAxis::stLogarithmic);
  xAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
  xAxis->setNumberFormat("eb");  // 10^k
  xAxis->setNumberPrecision(0);
  xAxis->setLabel(tr("weight bit-error rate (log scale)"));
  yAxis->setLabel(tr("accuracy (%), mean over trials with 99 % interval"));
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
  yAxis->setRange(std::max(0.0, bottom - 3), std::min(100.0, std::max(top, bottom) + 3));
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

void FragilityScatterPlot::setSeries(const QVector<FragilitySeries>& series) {
  series_ = series;
  clickImages_.clear();
  clearGraphs();
  for (int s = 0; s < series.size(); ++s) {
    const auto& f = series[s];
    const QString rho = std::isnan(f.spearman) ? tr("n/a") : QString::number(f.spearman, 'f', 3);
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
  xAxis->setRange(0, 100);
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
  yAxis->setRange(0, std::max(1.0, high * 1.1));
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
  yAxis->setLabel(tr("mean ΔLoss ± 99 % CI"));
  xAxis->setLabel(tr("faulted layer"));
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
  yAxis->setLabel(tr("value (1 = unchanged for r and IoU, 0 for the shift)"));
  xAxis->setLabel(tr("faulty map against clean map"));
}

void CamChangePlot::setSeries(const QVector<CamChangeSeries>& series) {
  series_ = series;
  clearGraphs();
  clearPlottables();
  clearItems();
  setCategoryAxis({tr("Pearson r"), tr("top-20 % region IoU"), tr("centre shift / diagonal")});
  double bottom = 0, top = 1;
  QStringList undefined;
  for (int s = 0; s < series.size(); ++s) {
    const auto& r = series[s];
    auto* boxes = new QCPStatisticalBox(xAxis, yAxis);
    boxes->setName(tr("%1 (%2 images)").arg(r.model).arg(r.images));
    const QColor colour = colourFor(s);
    boxes->setPen(QPen(colour, 1.4));
    boxes->setBrush(QColor(colour.red(), colour.green(), colour.blue(), 60));
    boxes->setMedianPen(QPen(colour, 2.5));
    boxes->setWhiskerPen(QPen(colour, 1.2, Qt::DashLine));
    boxes->setWhiskerBarPen(QPen(colour, 1.2));
    const double width = series.size() > 1 ? 0.7 / series.size() : 0.4;
    boxes->setWidth(width * 0.85);
    const BoxStatistics* metrics[3] = {&r.pearson, &r.topRegionIoU, &r.centreShift};
    int missing = 0;
    for (int k = 0; k < 3; ++k) {
      const BoxStatistics& b = *metrics[k];
      missing = std::max(missing, b.undefined);
      if (b.defined == 0) continue;
      const double key = k + (s - (series.size() - 1) / 2.0) * width;
      boxes->addData(key, b.min, b.lowerQuartile, b.median, b.upperQuartile, b.max);
      bottom = std::min(bottom, b.min);
      top = std::max(top, b.max);
    }
    if (missing) undefined << tr("%1: %2").arg(r.model).arg(missing);
  }
  yAxis->setRange(bottom - 0.05, top + 0.05);
  // Above the plot, not over the boxes (which crowd the top, where r and IoU are near 1).
  if (!note_) {
    plotLayout()->insertRow(0);
    note_ = new QCPTextElement(this, QString(), QFont(font().family(), 9));
    plotLayout()->addElement(0, 0, note_);
  }
  note_->setText(undefined.isEmpty()
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
