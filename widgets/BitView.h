#pragma once
// The 32 bits of an IEEE-754 float32 as cells (sign, exponent, mantissa in three colours),
// with one bit marked; shows the value before and after a fault when known.
#include <QWidget>

#include <optional>

namespace faultlens::widgets {

class BitView : public QWidget {
  Q_OBJECT
 public:
  explicit BitView(QWidget* parent = nullptr);

  void setBit(int bit);
  int bit() const { return bit_; }
  /// Shows the bits of `before` (and of `after`, on a second row).
  void setValues(std::optional<float> before, std::optional<float> after);
  std::optional<float> before() const { return before_; }
  std::optional<float> after() const { return after_; }

  QSize sizeHint() const override;

 Q_SIGNALS:
  /// The user clicked a cell.
  void bitClicked(int bit);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;

 private:
  int bitAt(QPoint position) const;
  int bit_ = 30;
  std::optional<float> before_, after_;
};

}  // namespace faultlens::widgets
