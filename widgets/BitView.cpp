#include "widgets/BitView.h"

#include <QMouseEvent>
#include <QPainter>

#include "core/FloatBits.h"
#include "widgets/ViewData.h"

namespace faultlens::widgets {
namespace {
constexpr int kCell = 12;
constexpr int kLabel = 46;  // left column: "before" / "after"

QColor fieldColour(int bit) {
  switch (bitField(bit)) {
    case BitField::Sign: return QColor(214, 96, 77);
    case BitField::Exponent: return QColor(67, 147, 195);
    case BitField::Mantissa: return QColor(120, 190, 120);
  }
  return Qt::gray;
}

}  // namespace

BitView::BitView(QWidget* parent) : QWidget(parent) {
  setToolTip(tr("IEEE-754 float32: sign (red), exponent (blue), mantissa (green). Click a bit to select it."));
  setMinimumSize(sizeHint());
}

QSize BitView::sizeHint() const { return {kLabel + 32 * kCell + 8, 3 * kCell + 26}; }

void BitView::setBit(int bit) {
  if (bit < 0 || bit > 31 || bit == bit_) return;
  bit_ = bit;
  update();
}

void BitView::setValues(std::optional<float> before, std::optional<float> after) {
  before_ = before;
  after_ = after;
  update();
}

int BitView::bitAt(QPoint p) const {
  const int column = (p.x() - kLabel) / kCell;
  return p.x() < kLabel || column < 0 || column > 31 ? -1 : 31 - column;
}

void BitView::mousePressEvent(QMouseEvent* event) {
  const int bit = bitAt(event->position().toPoint());
  if (bit < 0) return;
  setBit(bit);
  Q_EMIT bitClicked(bit);
}

void BitView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), palette().base());
  QFont small = font();
  small.setPointSizeF(small.pointSizeF() * 0.8);
  p.setFont(small);
  // Header: bit numbers at field boundaries.
  for (int b : {31, 30, 23, 22, 0}) {
    const int x = kLabel + (31 - b) * kCell;
    p.setPen(palette().color(QPalette::Text));
    p.drawText(QRect(x - 4, 0, kCell + 8, 12), Qt::AlignCenter, QString::number(b));
  }
  const auto row = [&](int y, const QString& label, std::optional<float> value) {
    p.setPen(palette().color(QPalette::Text));
    p.drawText(QRect(2, y, kLabel - 4, kCell), Qt::AlignRight | Qt::AlignVCenter, label);
    const std::uint32_t bits = value ? floatToBits(*value) : 0u;
    for (int b = 31; b >= 0; --b) {
      const QRect cell(kLabel + (31 - b) * kCell, y, kCell - 1, kCell - 1);
      QColor c = fieldColour(b);
      if (!value) c = c.lighter(150);
      p.fillRect(cell, c);
      if (value) {
        p.setPen(Qt::black);
        p.drawText(cell, Qt::AlignCenter, QString::number((bits >> b) & 1u));
      }
    }
  };
  row(14, tr("before"), before_);
  row(14 + kCell + 2, tr("after"), after_);
  // The selected bit.
  const int x = kLabel + (31 - bit_) * kCell;
  p.setPen(QPen(palette().color(QPalette::Highlight), 2));
  p.drawRect(QRect(x - 1, 13, kCell + 1, 2 * kCell + 4));
  p.setPen(palette().color(QPalette::Text));
  QString caption = tr("bit %1 (%2)").arg(bit_).arg(QString::fromLatin1(bitFieldName(bitField(bit_))));
  if (before_ && after_) caption += QStringLiteral(":  %1 → %2").arg(formatValue(*before_, 7), formatValue(*after_, 7));
  p.drawText(QRect(kLabel, 14 + 2 * kCell + 6, 32 * kCell, 12), Qt::AlignLeft, caption);
}

}  // namespace faultlens::widgets
