#include "widgets/ActivationMapView.h"
#include "widgets/ViewData.h"

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace faultlens::widgets {
namespace {

/// Diverging blue–white–red by value / scale in [-1, 1]; grey for non-finite values.
QColor cellColour(float value, float scale) {
  if (!std::isfinite(value)) return QColor(160, 160, 160);
  const double t = std::clamp(static_cast<double>(value) / scale, -1.0, 1.0);
  const int fade = static_cast<int>(std::lround(255 * (1.0 - std::fabs(t))));
  return t >= 0 ? QColor(255, fade, fade) : QColor(fade, fade, 255);
}

}  // namespace

ActivationMapView::ActivationMapView(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setMinimumHeight(90);
  setToolTip(tr("Click a cell to put the fault there"));
}

void ActivationMapView::setMap(const QVector<float>& values, int rows, int columns, const QString& caption) {
  values_ = values;
  rows_ = rows;
  columns_ = columns;
  caption_ = caption;
  scale_ = 0.0f;
  for (float v : values_)
    if (std::isfinite(v)) scale_ = std::max(scale_, std::fabs(v));
  if (scale_ == 0.0f) scale_ = 1.0f;
  update();
}

void ActivationMapView::clear(const QString& message) { setMap({}, 0, 0, message); }

void ActivationMapView::setSelected(int row, int column) {
  selectedRow_ = row;
  selectedColumn_ = column;
  update();
}

QRectF ActivationMapView::gridRect() const {
  const QRectF area = rect().adjusted(2, fontMetrics().height() + 4, -2, -2);
  if (rows_ <= 0 || columns_ <= 0) return {};
  const double cell = std::min(area.width() / columns_, area.height() / rows_);  // square cells
  return {area.left(), area.top(), cell * columns_, cell * rows_};
}

bool ActivationMapView::cellAt(QPointF position, int& row, int& column) const {
  const QRectF grid = gridRect();
  if (grid.isEmpty() || !grid.contains(position)) return false;
  column = std::min(columns_ - 1, static_cast<int>((position.x() - grid.left()) / grid.width() * columns_));
  row = std::min(rows_ - 1, static_cast<int>((position.y() - grid.top()) / grid.height() * rows_));
  return row * columns_ + column < values_.size();
}

void ActivationMapView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.drawText(QRectF(2, 0, width() - 4, fontMetrics().height() + 2), Qt::AlignLeft | Qt::AlignVCenter,
             caption_ + (columns_ > 0 ? tr("  (|max| %1)").arg(formatValue(scale_, 4)) : QString()));
  const QRectF grid = gridRect();
  if (grid.isEmpty()) return;
  const double w = grid.width() / columns_, h = grid.height() / rows_;
  for (int i = 0; i < values_.size(); ++i) {
    const QRectF cell(grid.left() + (i % columns_) * w, grid.top() + (i / columns_) * h, w, h);
    p.fillRect(cell, cellColour(values_[i], scale_));
  }
  if (selectedRow_ >= 0 && selectedColumn_ >= 0 && selectedRow_ < rows_ && selectedColumn_ < columns_) {
    p.setPen(QPen(Qt::black, 2));
    p.drawRect(QRectF(grid.left() + selectedColumn_ * w, grid.top() + selectedRow_ * h, w, h));
  }
}

void ActivationMapView::mousePressEvent(QMouseEvent* event) {
  int row = 0, column = 0;
  if (event->button() == Qt::LeftButton && cellAt(event->position(), row, column)) Q_EMIT cellClicked(row, column);
}

void ActivationMapView::mouseMoveEvent(QMouseEvent* event) {
  int row = 0, column = 0;
  if (!cellAt(event->position(), row, column)) return;
  QToolTip::showText(event->globalPosition().toPoint(),
                     tr("(%1, %2): %3").arg(row).arg(column).arg(formatValue(values_[row * columns_ + column], 7)),
                     this);
}

}  // namespace faultlens::widgets
