#pragma once
// Shows the Ablation-CAM comparison grid (rows: models, columns: clean | faulty, one shared
// colour scale) rendered by the engine side, with its caption, and exports it as PNG.
#include <QImage>
#include <QWidget>

class QLabel;
class QPushButton;

namespace faultlens::widgets {

class CamGridView : public QWidget {
  Q_OBJECT
 public:
  explicit CamGridView(QWidget* parent = nullptr);
  const QImage& image() const { return image_; }

 public Q_SLOTS:
  void showGrid(const QImage& grid, const QString& caption);
  void showMessage(const QString& message);

 Q_SIGNALS:
  /// The user asked to save the grid (the window picks the file).
  void exportRequested();

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void rescale();
  QImage image_;
  QLabel* picture_;
  QLabel* caption_;
  QPushButton* export_;
};

}  // namespace faultlens::widgets
