#pragma once
// Top-k class probabilities of one model for one image, as labelled horizontal bars, with
// the Top2Diff margin and the ground truth.
#include <QWidget>

#include "widgets/ViewData.h"

namespace faultlens::widgets {

class PredictionView : public QWidget {
  Q_OBJECT
 public:
  explicit PredictionView(QWidget* parent = nullptr);

  void setPrediction(const PredictionData& prediction);
  void clear(const QString& message = {});
  const PredictionData& prediction() const { return prediction_; }
  bool hasPrediction() const { return hasPrediction_; }
  /// One line for status bars and tests, e.g. "Trouser 98.12 % (Top2Diff 97.00 pp)".
  QString summary() const;
  /// The first line drawn: summary(), the truth, or why there is none (another class count).
  QString headerText() const;

  QSize sizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  PredictionData prediction_;
  bool hasPrediction_ = false;
  QString message_;
};

}  // namespace faultlens::widgets
