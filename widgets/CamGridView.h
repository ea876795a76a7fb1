#pragma once
// Shows the Ablation-CAM comparison grid (rows: models, columns: clean | faulty) rendered by
// the engine side, with its caption, and exports it as PNG. Above it: the target layer,
// the colour map and which panels share a colour scale.
#include <QImage>
#include <QWidget>

#include <vector>

#include "core/model/LayerInfo.h"
#include "core/io/ProjectFile.h"

class QCheckBox;
class QComboBox;
class QSlider;
class QLabel;
class QPushButton;

namespace faultlens::widgets {

class CamGridView : public QWidget {
  Q_OBJECT
 public:
  explicit CamGridView(QWidget* parent = nullptr);
  const QImage& image() const { return image_; }
  /// The baseline's layers: conv layers with a [C, H, W] output are offered as targets.
  /// Offers these CAM targets (convolutions and block outputs, execution order); the first
  /// entry stands for each model's default, named after `defaultTarget`.
  void setTargets(const QStringList& targets, const QString& defaultTarget);
  ProjectCamSettings settings() const;
  /// Selects these settings; a target not offered yet is selected once setTargets offers it.
  void setSettings(const ProjectCamSettings& settings);

 public Q_SLOTS:
  /// `sidecar`: the JSON saved beside an exported grid (empty: none).
  void showGrid(const QImage& grid, const QString& caption, const QString& sidecar = {});
  const QString& sidecar() const { return sidecar_; }
  void showMessage(const QString& message);

 Q_SIGNALS:
  /// The user asked to save the grid (the window picks the file).
  void exportRequested();
  void settingsChanged(const faultlens::ProjectCamSettings& settings);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void rescale();
  QImage image_;
  QString sidecar_;
  QComboBox* layer_;
  QComboBox* colours_;
  QComboBox* scale_;
  QSlider* opacity_;
  QCheckBox* colourBar_;
  QString wantedLayer_;  // from setSettings, until a model offers it
  QLabel* picture_;
  QLabel* caption_;
  QPushButton* export_;
};

}  // namespace faultlens::widgets
