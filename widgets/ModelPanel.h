#pragma once
// One model's column of the workbench: what is loaded, its prediction for the selected
// image and its layer list. Accepts a dropped TorchScript file.
#include <QGroupBox>

#include "widgets/ViewData.h"

class QLabel;
class QTableView;

namespace faultlens::widgets {

class LayerTableModel;
class PredictionView;

class ModelPanel : public QGroupBox {
  Q_OBJECT
 public:
  explicit ModelPanel(const QString& role, QWidget* parent = nullptr);

  void setModel(const ModelSummary& summary);
  void setEmpty(const QString& message);
  void setBusy(const QString& message);
  /// After a failed load: shows the model that was there before again (its summary; the
  /// prediction follows from the engine). False when the panel had no model.
  bool restoreModel();

  PredictionView* predictionView() const { return prediction_; }
  /// The prediction with the current fault; hidden while there is none.
  PredictionView* faultyView() const { return faulty_; }
  void showFaulty(const FaultyPredictionData& result);
  void clearFaulty(const QString& message = {});
  QString faultText() const;
  LayerTableModel* layerModel() const { return layers_; }
  QString infoText() const;
  /// One line such as "accuracy 91.3 % on 1000 images (mean Top2Diff 84.2)", or empty.
  void setAccuracy(const QString& text);
  QString accuracyText() const;
  bool hasModel() const { return hasModel_; }
  /// The shown model's layers; none without a model.
  std::vector<LayerInfo> layers() const { return hasModel_ ? summary_.layers : std::vector<LayerInfo>{}; }

 Q_SIGNALS:
  void modelFileDropped(const QString& path);
  /// The user picked a row of the layer table.
  void layerActivated(const QString& name);

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  QLabel* info_;
  QLabel* accuracy_;
  PredictionView* prediction_;
  QLabel* faultLabel_;
  PredictionView* faulty_;
  LayerTableModel* layers_;
  QTableView* table_;
  bool hasModel_ = false;
  ModelSummary summary_;  // of the model shown, for restoreModel()
};

}  // namespace faultlens::widgets
