#pragma once
// The bits of one value's code in the workbench's number format as cells, MSB left, one colour
// per field (sign, exponent, mantissa for floating point; two's complement, or sign, integer
// and fraction, for int8 and fixed point), with one bit marked; shows the code before and
// after a fault when known.
#include <QWidget>

#include <cstdint>
#include <optional>

#include "core/formats/NumberFormat.h"

namespace faultlens::widgets {

class BitView : public QWidget {
  Q_OBJECT
 public:
  explicit BitView(QWidget* parent = nullptr);

  /// The format whose code is drawn (fp32 by default); clears the values shown and keeps the
  /// selected bit when the new code has it, else selects the bit below the MSB.
  void setNumberFormat(const NumberFormat& format);
  const NumberFormat& numberFormat() const { return format_; }
  void setBit(int bit);
  int bit() const { return bit_; }
  /// Shows the codes of `before` (and of `after`, on a second row) in the view's format.
  /// int8 needs the layer's scale: its callers use setCodes.
  void setValues(std::optional<float> before, std::optional<float> after);
  /// Shows these codes with their values (the engine's codes: a fault that made a NaN keeps
  /// its own bits, which encoding the NaN again would not).
  void setCodes(std::uint32_t beforeCode, std::uint32_t afterCode, float before, float after);
  void clearValues();
  std::optional<float> before() const { return before_; }
  std::optional<float> after() const { return after_; }
  std::optional<std::uint32_t> beforeCode() const { return beforeCode_; }
  std::optional<std::uint32_t> afterCode() const { return afterCode_; }

  QSize sizeHint() const override;

 Q_SIGNALS:
  /// The user clicked a cell.
  void bitClicked(int bit);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;

 private:
  int width() const { return format_.bitWidth(); }
  int bitAt(QPoint position) const;
  /// The field holding `bit`: its name as NumberFormat::fields gives it (which picks its
  /// colour), and that name in the user's language.
  QString fieldName(int bit) const;
  QString fieldLabel(int bit) const;
  NumberFormat format_;
  int bit_ = 30;
  std::optional<float> before_, after_;
  std::optional<std::uint32_t> beforeCode_, afterCode_;
};

/// The default bit of a format: the one below the MSB (fp32's bit 30, the top exponent bit of
/// the floating-point formats, the top magnitude bit of int8 and fixed point).
int defaultFaultBit(const NumberFormat& format);
/// "0..9 mantissa, 10..14 exponent, 15 sign": the bit ranges of each field, LSB first.
QString bitRangesText(const NumberFormat& format);

}  // namespace faultlens::widgets
