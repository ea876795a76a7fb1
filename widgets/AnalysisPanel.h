#pragma once
// The analyses view: per-layer activation ranges of both models (paper Fig. 3, log y), the
// Top2Diff accuracy sweep with its inflection point and McNemar's test (Fig. 4), over the
// first N images of the open data set, and accuracy against weight bit-error rate, all plots
// in view at once. It asks; app/ computes off the GUI thread.
#include <QWidget>

#include "widgets/ViewData.h"
#include "widgets/plots/PlotData.h"

class QComboBox;
class QLineEdit;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QSplitter;

namespace faultlens::widgets {

class ActivationRangePlot;
class ImageLayerPlot;
class AnalysisPlot;
class BitErrorRatePlot;
class PlotPane;
class Top2DiffSweepPlot;

class AnalysisPanel : public QWidget {
  Q_OBJECT
 public:
  explicit AnalysisPanel(QWidget* parent = nullptr);

  ActivationRangePlot* rangePlot() const { return ranges_; }
  Top2DiffSweepPlot* sweepPlot() const { return sweep_; }
  /// The two plots with their export buttons.
  PlotPane* rangesPane() const { return rangesPane_; }
  PlotPane* sweepPane() const { return sweepPane_; }
  PlotPane* bitErrorRatePane() const { return berPane_; }
  BitErrorRatePlot* bitErrorRatePlot() const { return ber_; }
  /// What the bit-error-rate pane's Sweep button does: `rates` as `faultlens-cli ber --rates`
  /// reads them, `trials` draws per rate from `seed`, on the first `images` images.
  void computeBitErrorRates(int images, const QString& rates, int trials, int seed);
  bool isRunning() const { return running_; }
  QString progressText() const;
  /// What the Compute button does, for `images` images (0: all).
  void compute(int images);
  /// The models or the data set changed: plots of the old ones give way to `why` (plots
  /// still empty keep their hint).
  void invalidate(const QString& why);
  /// The activations pane's mode: -1 the data set's ranges, else an
  /// ImageLayerPlot::Quantity for the selected image.
  void showActivationMode(int quantity);
  ImageLayerPlot* imagePlot() const { return imagePlot_; }

 public Q_SLOTS:
  void showProgress(qint64 done, qint64 total);
  void showRanges(const QVector<faultlens::widgets::ActivationRangeSeries>& series);
  void showSweep(const faultlens::widgets::Top2DiffSweepData& data);
  void showBitErrorRates(const QVector<faultlens::widgets::BitErrorRateSeries>& series);
  /// The selected image's layers in one model (from the workbench's prediction runs).
  void showImageProfile(faultlens::widgets::ModelSlot slot, const faultlens::widgets::ImageLayerProfile& profile);
  /// Another data set: no image is selected.
  void clearImageProfiles();
  void showFinished(const QString& message);

 Q_SIGNALS:
  /// Evaluate both models on the first `images` images (0: all).
  void computeRequested(int images);
  /// Accuracy of both models under weight bit-error rates (rates as text, checked by app/).
  void bitErrorRatesRequested(int images, const QString& rates, int trials, int seed);
  void cancelRequested();
  void problem(const QString& title, const QString& message);
  void status(const QString& message);

 private:
  void setRunning(bool running);
  void refreshActivationPane();
  void resizeEvent(QResizeEvent* event) override;

  QSpinBox* images_;
  QPushButton* compute_;
  QPushButton* cancel_;
  QProgressBar* progress_;
  QLabel* progressLabel_;
  QSplitter* panes_;
  ActivationRangePlot* ranges_;
  Top2DiffSweepPlot* sweep_;
  PlotPane* rangesPane_ = nullptr;
  ImageLayerPlot* imagePlot_ = nullptr;
  QComboBox* activationMode_ = nullptr;
  ImageLayerProfile imageProfiles_[2];
  bool rangesComputed_ = false;
  QString rangesHint_;  // what the empty data-set mode says
  PlotPane* sweepPane_ = nullptr;
  BitErrorRatePlot* ber_ = nullptr;
  PlotPane* berPane_ = nullptr;
  QLineEdit* berRates_ = nullptr;
  QSpinBox* berTrials_ = nullptr;
  QSpinBox* berSeed_ = nullptr;
  QPushButton* berCompute_ = nullptr;
  bool running_ = false;
};

}  // namespace faultlens::widgets

Q_DECLARE_METATYPE(faultlens::widgets::Top2DiffSweepData)
Q_DECLARE_METATYPE(QVector<faultlens::widgets::BitErrorRateSeries>)
