#include "widgets/BitView.h"

#include <QCoreApplication>
#include <QMouseEvent>
#include <QPainter>

#include <vector>

#include "widgets/ViewData.h"

namespace faultlens::widgets {
namespace {
constexpr int kCell = 12;
constexpr int kLabel = 46;  // left column: "before" / "after"
constexpr int kMaxBits = 32;

QColor fieldColour(const QString& field) {
  if (field == QLatin1String("sign")) return QColor(214, 96, 77);
  if (field == QLatin1String("exponent")) return QColor(67, 147, 195);
  if (field == QLatin1String("mantissa")) return QColor(120, 190, 120);
  if (field == QLatin1String("integer")) return QColor(153, 142, 195);
  if (field == QLatin1String("fraction")) return QColor(120, 190, 120);
  return QColor(190, 170, 110);  // int8's one two's complement field
}

// The field names core gives (NumberFormat::fields), for the translation catalogue.
[[maybe_unused]] const char* const kFieldNames[] = {
    QT_TRANSLATE_NOOP("faultlens::widgets::BitView", "sign"),
    QT_TRANSLATE_NOOP("faultlens::widgets::BitView", "exponent"),
    QT_TRANSLATE_NOOP("faultlens::widgets::BitView", "mantissa"),
    QT_TRANSLATE_NOOP("faultlens::widgets::BitView", "integer"),
    QT_TRANSLATE_NOOP("faultlens::widgets::BitView", "fraction"),
    QT_TRANSLATE_NOOP("faultlens::widgets::BitView", "two's complement")};

/// [first bit, last bit] of each field, MSB first, as NumberFormat::fields lays them out.
struct FieldSpan {
  QString name;   // core's name: picks the colour
  QString label;  // what the user reads
  int high = 0;
  int low = 0;
};

std::vector<FieldSpan> fieldSpans(const NumberFormat& format) {
  std::vector<FieldSpan> spans;
  int high = format.bitWidth() - 1;
  for (const NumberField& f : format.fields()) {
    spans.push_back({QString::fromStdString(f.name),
                     QCoreApplication::translate("faultlens::widgets::BitView", f.name.c_str()), high,
                     high - f.width + 1});
    high -= f.width;
  }
  return spans;
}

}  // namespace

int defaultFaultBit(const NumberFormat& format) { return format.bitWidth() - 2; }

QString bitRangesText(const NumberFormat& format) {
  QStringList parts;
  const auto spans = fieldSpans(format);
  for (auto it = spans.rbegin(); it != spans.rend(); ++it)
    parts << (it->high == it->low ? QStringLiteral("%1 %2").arg(it->low).arg(it->label)
                                  : QStringLiteral("%1..%2 %3").arg(it->low).arg(it->high).arg(it->label));
  return parts.join(QStringLiteral(", "));
}

BitView::BitView(QWidget* parent) : QWidget(parent) {
  setNumberFormat(NumberFormat{});
  setMinimumSize(sizeHint());
}

QSize BitView::sizeHint() const { return {kLabel + kMaxBits * kCell + 8, 3 * kCell + 26}; }

void BitView::setNumberFormat(const NumberFormat& format) {
  format_ = format;
  if (bit_ >= width()) bit_ = defaultFaultBit(format);
  setToolTip(tr("The value's code in %1: %2. Click a bit to select it.")
                 .arg(QString::fromStdString(format.name()), bitRangesText(format)));
  clearValues();
}

void BitView::setBit(int bit) {
  if (bit < 0 || bit >= width() || bit == bit_) return;
  bit_ = bit;
  update();
}

void BitView::setValues(std::optional<float> before, std::optional<float> after) {
  before_ = before;
  after_ = after;
  beforeCode_ = before ? std::optional<std::uint32_t>(encode(format_, *before)) : std::nullopt;
  afterCode_ = after ? std::optional<std::uint32_t>(encode(format_, *after)) : std::nullopt;
  update();
}

void BitView::setCodes(std::uint32_t beforeCode, std::uint32_t afterCode, float before, float after) {
  before_ = before;
  after_ = after;
  beforeCode_ = beforeCode;
  afterCode_ = afterCode;
  update();
}

void BitView::clearValues() {
  before_.reset();
  after_.reset();
  beforeCode_.reset();
  afterCode_.reset();
  update();
}

QString BitView::fieldName(int bit) const {
  for (const FieldSpan& s : fieldSpans(format_))
    if (bit <= s.high && bit >= s.low) return s.name;
  return {};
}

QString BitView::fieldLabel(int bit) const {
  for (const FieldSpan& s : fieldSpans(format_))
    if (bit <= s.high && bit >= s.low) return s.label;
  return {};
}

int BitView::bitAt(QPoint p) const {
  const int column = (p.x() - kLabel) / kCell;
  return p.x() < kLabel || column < 0 || column >= width() ? -1 : width() - 1 - column;
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
  const int msb = width() - 1;
  const auto cellX = [msb](int bit) { return kLabel + (msb - bit) * kCell; };
  // Header: bit numbers at field boundaries.
  for (const FieldSpan& s : fieldSpans(format_))
    for (int b : {s.high, s.low}) {
      p.setPen(palette().color(QPalette::Text));
      p.drawText(QRect(cellX(b) - 4, 0, kCell + 8, 12), Qt::AlignCenter, QString::number(b));
    }
  const auto row = [&](int y, const QString& label, std::optional<std::uint32_t> code) {
    p.setPen(palette().color(QPalette::Text));
    p.drawText(QRect(2, y, kLabel - 4, kCell), Qt::AlignRight | Qt::AlignVCenter, label);
    for (int b = msb; b >= 0; --b) {
      const QRect cell(cellX(b), y, kCell - 1, kCell - 1);
      QColor c = fieldColour(fieldName(b));
      if (!code) c = c.lighter(150);
      p.fillRect(cell, c);
      if (code) {
        p.setPen(Qt::black);
        p.drawText(cell, Qt::AlignCenter, QString::number((*code >> b) & 1u));
      }
    }
  };
  row(14, tr("before"), beforeCode_);
  row(14 + kCell + 2, tr("after"), afterCode_);
  // The selected bit.
  p.setPen(QPen(palette().color(QPalette::Highlight), 2));
  p.drawRect(QRect(cellX(bit_) - 1, 13, kCell + 1, 2 * kCell + 4));
  p.setPen(palette().color(QPalette::Text));
  QString caption = tr("%1 bit %2 (%3)").arg(QString::fromStdString(format_.name())).arg(bit_).arg(fieldLabel(bit_));
  if (before_ && after_) caption += QStringLiteral(":  %1 → %2").arg(formatValue(*before_, 7), formatValue(*after_, 7));
  p.drawText(QRect(kLabel, 14 + 2 * kCell + 6, kMaxBits * kCell, 12), Qt::AlignLeft, caption);
}

}  // namespace faultlens::widgets
