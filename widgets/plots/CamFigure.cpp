#include "widgets/plots/CamFigure.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>

#include "widgets/plots/PlotExport.h"

namespace faultlens::widgets {
namespace {

const QColor kNanColour(255, 0, 255);  // as the engine paints NaN pixels
const QColor kAboveColour(255, 255, 255);

/// Vector PDF and SVG are drawn at 4 device units per point: Qt sets type in whole device
/// units, so that is a quarter point of rounding at most.
constexpr double kVectorUnitsPerPoint = 4.0;

QString number(double v) { return QLocale().toString(v, 'g', 3); }

/// Lays the figure out in points and draws it in device units.
class CamFigurePainter {
 public:
  CamFigurePainter(QPainter& painter, const CamFigureData& data, const FigureStyle& style, double k)
      : p_(painter), data_(data), style_(style), k_(k) {
    titleFont_ = QFont(style.fontFamily);
    titleFont_.setPointSizeF(style.fontPoints);
    tickFont_ = QFont(style.fontFamily);
    tickFont_.setPointSizeF(style.tickPoints());
  }

  void draw() {
    const QSizeF page = style_.pagePoints();
    const double em = style_.fontPoints, line = 1.25 * em, gap = 0.35 * em, margin = 0.3 * em;
    int rows = 0, columns = 0;
    for (const auto& panel : data_.panels) {
      rows = std::max(rows, panel.row + 1);
      columns = std::max(columns, panel.column + 1);
    }
    rows = std::max(rows, int(data_.rowTitles.size()));
    if (rows == 0 || columns == 0) return;
    // Widths: row titles (upright, read from below), the bar blocks, the panels.
    const double rowTitleWidth = line;
    const double barWidth = 0.8 * em;
    double tickWidth = 0;
    for (const auto& scale : data_.scales)
      for (double v : {scale.low, scale.high, (scale.low + scale.high) / 2})
        tickWidth = std::max(tickWidth, points(metrics(tickFont_).horizontalAdvance(number(v))));
    const double keyWidth = points(
        metrics(tickFont_).horizontalAdvance(QCoreApplication::translate("faultlens::widgets::CamFigure", "above")));
    const double barBlock = data_.showBars ? gap + barWidth + 0.25 * em + std::max(tickWidth, keyWidth) + gap + line
                                           : 0;
    const int barBlocks = !data_.showBars ? 0 : data_.bars == CamFigureData::Bars::PerMap ? columns : 1;
    const double top = margin + (data_.subtitle.isEmpty() ? 0 : line) + line;
    const double sizeForWidth =
        (page.width() - 2 * margin - rowTitleWidth - barBlocks * barBlock - (columns - 1) * gap) / columns;
    const double sizeForHeight = (page.height() - top - margin - (rows - 1) * gap) / rows;
    const double size = std::max(1.0, std::min(sizeForWidth, sizeForHeight));
    const double columnStep = size + gap + (data_.bars == CamFigureData::Bars::PerMap ? barBlock : 0);
    const double gridWidth = rowTitleWidth + columns * columnStep - gap + (barBlocks == 1 ? barBlock : 0);
    const double left = std::max(margin, (page.width() - gridWidth) / 2) + rowTitleWidth;

    if (!data_.subtitle.isEmpty())
      text(QRectF(margin, margin, page.width() - 2 * margin, line), Qt::AlignCenter, data_.subtitle, titleFont_);
    for (int c = 0; c < columns && c < data_.columnTitles.size(); ++c)
      text(QRectF(left + c * columnStep, top - line, size, line), Qt::AlignHCenter | Qt::AlignVCenter,
           data_.columnTitles[c], titleFont_);
    for (int r = 0; r < rows && r < data_.rowTitles.size(); ++r)
      uprightText(QRectF(left - rowTitleWidth, top + r * (size + gap), rowTitleWidth, size), data_.rowTitles[r],
                  titleFont_);
    // Maps keep their pixels: no smoothing, no lossy (JPEG) compression in the PDF.
    p_.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p_.setRenderHint(QPainter::LosslessImageRendering, true);
    for (const auto& panel : data_.panels) {
      const QRectF at(left + panel.column * columnStep, top + panel.row * (size + gap), size, size);
      p_.drawImage(device(at), panel.image);
      p_.setPen(QPen(QColor(90, 90, 90), 0.4 * k_));
      p_.setBrush(Qt::NoBrush);
      p_.drawRect(device(at));
      if (data_.showBars && data_.bars == CamFigureData::Bars::PerMap)
        colourBar(QRectF(at.right() + gap, at.top(), barBlock - gap, size), data_.scales.value(panel.scale));
      if (data_.showBars && data_.bars == CamFigureData::Bars::PerRow && panel.column == 0)
        colourBar(QRectF(left + columns * columnStep - gap + gap, at.top(), barBlock - gap, size),
                  data_.scales.value(panel.scale));
    }
    if (data_.showBars && data_.bars == CamFigureData::Bars::One && !data_.scales.isEmpty())
      colourBar(QRectF(left + columns * columnStep, top, barBlock - gap, rows * size + (rows - 1) * gap),
                data_.scales.front());
  }

 private:
  double points(double deviceUnits) const { return deviceUnits / k_; }
  /// Metrics in the device's units (its resolution, not the screen's).
  QFontMetricsF metrics(const QFont& font) const { return QFontMetricsF(font, p_.device()); }
  QRectF device(const QRectF& r) const { return {r.x() * k_, r.y() * k_, r.width() * k_, r.height() * k_}; }

  void text(const QRectF& rect, int flags, const QString& s, const QFont& font) {
    p_.setFont(font);
    p_.setPen(Qt::black);
    p_.drawText(device(rect), flags, s);
  }

  /// Text read from below, centred in `rect`.
  void uprightText(const QRectF& rect, const QString& s, const QFont& font) {
    p_.save();
    const QRectF r = device(rect);
    p_.translate(r.center());
    p_.rotate(-90);
    p_.setFont(font);
    p_.setPen(Qt::black);
    p_.drawText(QRectF(-r.height() / 2, -r.width() / 2, r.height(), r.width()), Qt::AlignCenter, s);
    p_.restore();
  }

  /// The colour ramp (high at the top) with the above-range and NaN keys, its low, middle
  /// and high values, and its title read from below on the right.
  void colourBar(const QRectF& block, const CamFigureData::Scale& scale) {
    const double em = style_.fontPoints, barWidth = 0.8 * em, key = 0.9 * em, tick = 0.25 * em;
    const double tickHeight = points(metrics(tickFont_).height());
    // Half a label's height inside the block at each end, so the end values stay in it.
    double barTop = block.top() + tickHeight / 2, barBottom = block.bottom() - tickHeight / 2;
    // A key's box, then a label's height of room, so the end values clear the keys.
    if (scale.markAbove) barTop += key + tickHeight;
    if (data_.anyNan) barBottom -= key + tickHeight;
    const QRectF bar(block.left(), barTop, barWidth, std::max(1.0, barBottom - barTop));
    QImage vertical(1, std::max(1, data_.ramp.width()), QImage::Format_RGB32);
    for (int i = 0; i < vertical.height(); ++i) vertical.setPixel(0, vertical.height() - 1 - i, data_.ramp.pixel(i, 0));
    p_.drawImage(device(bar), vertical);
    p_.setPen(QPen(QColor(90, 90, 90), 0.4 * k_));
    p_.setBrush(Qt::NoBrush);
    p_.drawRect(device(bar));
    const double labelLeft = bar.right() + tick + 0.15 * em;
    const auto label = [&](double y, const QString& s) {
      p_.setPen(QPen(Qt::black, 0.4 * k_));
      p_.drawLine(QPointF(bar.right() * k_, y * k_), QPointF((bar.right() + tick) * k_, y * k_));
      text(QRectF(labelLeft, y - tickHeight / 2, block.right() - labelLeft, tickHeight),
           Qt::AlignLeft | Qt::AlignVCenter, s, tickFont_);
    };
    label(bar.top(), number(scale.high));
    label(bar.center().y(), number((scale.low + scale.high) / 2));
    label(bar.bottom(), number(scale.low));
    const auto swatch = [&](double y, const QColor& colour, const QString& s) {
      const QRectF box(block.left(), y, barWidth, key);
      p_.setPen(QPen(QColor(90, 90, 90), 0.4 * k_));
      p_.setBrush(colour);
      p_.drawRect(device(box));
      text(QRectF(labelLeft, y + key / 2 - tickHeight / 2, block.right() - labelLeft, tickHeight),
           Qt::AlignLeft | Qt::AlignVCenter, s, tickFont_);
    };
    if (scale.markAbove)
      swatch(block.top() + tickHeight / 2, kAboveColour,
             QCoreApplication::translate("faultlens::widgets::CamFigure", "above"));
    if (data_.anyNan)
      swatch(block.bottom() - tickHeight / 2 - key, kNanColour,
             QCoreApplication::translate("faultlens::widgets::CamFigure", "NaN"));
    const double titleWidth = 1.25 * em;
    uprightText(QRectF(block.right() - titleWidth, block.top(), titleWidth, block.height()),
                QCoreApplication::translate("faultlens::widgets::CamFigure", "Ablation-CAM value"), titleFont_);
  }

  QPainter& p_;
  const CamFigureData& data_;
  const FigureStyle& style_;
  const double k_;
  QFont titleFont_, tickFont_;
};

}  // namespace

void drawCamFigure(QPainter& painter, const CamFigureData& data, const FigureStyle& style, double devicePerPoint) {
  CamFigurePainter(painter, data, style, devicePerPoint).draw();
}

QImage camFigureImage(const CamFigureData& data, const FigureStyle& style) {
  const double k = style.dpi / 72.0;
  QImage image((style.pagePoints() * k).toSize(), QImage::Format_RGB32);
  // Type resolves at the image's resolution: set before painting.
  image.setDotsPerMeterX(qRound(style.dpi / 0.0254));
  image.setDotsPerMeterY(qRound(style.dpi / 0.0254));
  image.fill(Qt::white);
  QPainter painter(&image);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setRenderHint(QPainter::TextAntialiasing);
  drawCamFigure(painter, data, style, k);
  painter.end();
  return image;
}

QString exportCamFigure(const CamFigureData& data, const QString& path, const FigureStyle& style) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (!QFileInfo(path).absoluteDir().exists()) return QObject::tr("%1: the directory does not exist").arg(path);
  const QSizeF page = style.pagePoints();
  QByteArray bytes;
  if (suffix == "pdf") {
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    writer.setCreator(QStringLiteral("FaultLens"));
    writer.setResolution(qRound(72 * kVectorUnitsPerPoint));
    writer.setPageLayout(QPageLayout(QPageSize(page, QPageSize::Point, QString(), QPageSize::ExactMatch),
                                     QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
    QPainter painter(&writer);
    drawCamFigure(painter, data, style, kVectorUnitsPerPoint);
    painter.end();
  } else if (suffix == "svg") {
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    const QSize units = (page * kVectorUnitsPerPoint).toSize();
    svg.setSize(units);
    svg.setViewBox(QRect(QPoint(0, 0), units));
    svg.setResolution(qRound(72 * kVectorUnitsPerPoint));
    QPainter painter(&svg);
    drawCamFigure(painter, data, style, kVectorUnitsPerPoint);
    painter.end();
    bytes = svgWithGenericFontFamily(QString::fromUtf8(bytes)).toUtf8();
  } else if (suffix == "png") {
    const QImage image = camFigureImage(data, style);
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG")) return QObject::tr("%1: cannot encode the image").arg(path);
  } else {
    return QObject::tr("%1: unknown figure format '%2' (png, svg or pdf)").arg(path, suffix);
  }
  if (const QString error = writeBytesAtomically(path, bytes); !error.isEmpty()) return error;
  return writeTextAtomically(captionPathFor(path), data.caption + '\n');
}

}  // namespace faultlens::widgets
