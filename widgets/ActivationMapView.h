#pragma once
// One channel of a layer's output for the selected image, as a grid of cells coloured by
// value (blue negative, white zero, red positive; grey for NaN/Inf), with the fault site
// outlined. Clicking a cell picks that site. A linear layer's features are wrapped into a
// square-ish grid, row by row.
#include <QVector>
#include <QWidget>

namespace faultlens::widgets {

class ActivationMapView : public QWidget {
  Q_OBJECT
 public:
  explicit ActivationMapView(QWidget* parent = nullptr);

  /// A 2-D slice, row-major; `columns` == 0 clears the view.
  void setMap(const QVector<float>& values, int rows, int columns, const QString& caption);
  void clear(const QString& message);
  /// Outlines this cell (-1: none).
  void setSelected(int row, int column);
  int rows() const { return rows_; }
  int columns() const { return columns_; }
  QSize sizeHint() const override { return {240, 130}; }

 Q_SIGNALS:
  void cellClicked(int row, int column);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;

 private:
  QRectF gridRect() const;
  bool cellAt(QPointF position, int& row, int& column) const;

  QVector<float> values_;
  int rows_ = 0, columns_ = 0;
  int selectedRow_ = -1, selectedColumn_ = -1;
  float scale_ = 1.0f;  // largest finite |value|: the colour scale's end
  QString caption_;
};

}  // namespace faultlens::widgets
