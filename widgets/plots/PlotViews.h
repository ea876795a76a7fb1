#pragma once
// The analysis plots (QCustomPlot): per-layer activation ranges (paper Fig. 3), the
// Top2Diff accuracy sweep (Fig. 4) and campaign mismatch rates per layer. Each shows both
// models, shows values on hover and is sized for reading at paper size.
#include "widgets/plots/QCustomPlotInclude.h"

#include "widgets/plots/PlotData.h"

namespace faultlens::widgets {

/// Common look: readable fonts, legend, hover read-out. Subclasses fill the graphs.
class AnalysisPlot : public QCustomPlot {
  Q_OBJECT
 public:
  explicit AnalysisPlot(QWidget* parent = nullptr);
  ~AnalysisPlot() override;
  /// The data behind the plot as CSV (for "export data").
  virtual QString dataCsv() const = 0;
  /// Lays out the texts for a plot of `size` (the widget's, or an export's): layer names
  /// upright when they fit, else rotated, shortened to at most 28 % of the height (containers
  /// abbreviated, "layer3.5.conv2" → "l3.5.conv2", then elided in the middle) and
  /// thinned out so they never overlap; a y-axis title that does not fit the data area's
  /// height on two lines; as many legend columns as fit the width. Hover still names
  /// every layer in full, and the CSV keeps full names. A window's plot (`figure` false)
  /// that is small gives up its legend (see colourKeyHtml) and x title; a figure never does.
  void fitTextsTo(const QSize& size, bool figure = false);
  /// The legend's entries as HTML ("● baseline ● text-guided" in the series' colours), for
  /// a header that stands in for the legend when the plot is small.
  QString colourKeyHtml() const;

 protected:
  void resizeEvent(QResizeEvent* event) override;
  /// A subclass's own texts, fitted after the common ones (same sizes as fitTextsTo).
  virtual void fitOwnTexts(const QSize&) {}
  void applyPaperStyle();
  /// Log-scale y axis with 10^k ticks (activation magnitudes span many decades).
  void useLogValueAxis();
  void setCategoryAxis(const QStringList& labels);
  QCPGraph* addSeries(const QString& name, const QColor& colour, Qt::PenStyle style,
                      QCPScatterStyle::ScatterShape shape);
  /// Series `index` of `count` as points with interval bars, values × `scale`, one per
  /// category; returns the lowest and highest interval ends drawn (±inf when none).
  std::pair<double, double> addIntervalSeries(int index, int count, const QString& name, const QVector<double>& values,
                                              const QVector<double>& low, const QVector<double>& high, double scale);

 private:
  void showValueAt(QMouseEvent* event);
  QString categoryTitle_;               // the x-axis title before setCategoryAxis noted a left-out prefix
  QStringList categoryNames_;           // full layer names, for hover
  QStringList categoryTicks_;           // the names as ticks, before fitting (common prefix left out)
  QString valueTitle_;                  // the y-axis title on one line
  QString axisTitle_;                   // the x-axis title (hidden while compact)
  QCPLayoutGrid* legendRow_ = nullptr;  // the row under a per-layer plot that holds its legend
};

class ActivationRangePlot : public AnalysisPlot {
  Q_OBJECT
 public:
  explicit ActivationRangePlot(QWidget* parent = nullptr);
  void setSeries(const QVector<ActivationRangeSeries>& series);
  QString dataCsv() const override;

 private:
  QVector<ActivationRangeSeries> series_;
};

/// The selected image layer by layer, both models: |a| max or mean of the clean run
/// (dashed) and the faulty run (solid), or the faulty output's relative L2 deviation from
/// the clean one. Shows where a fault's corruption starts, how it grows or dies out, and
/// where a head stops it. Non-finite values sit on a marked row above the finite ones.
class ImageLayerPlot : public AnalysisPlot {
  Q_OBJECT
 public:
  enum class Quantity { AbsMax, AbsMean, Deviation };
  explicit ImageLayerPlot(QWidget* parent = nullptr);
  void setProfiles(const QVector<ImageLayerProfile>& profiles);
  void setQuantity(Quantity quantity);
  Quantity quantity() const { return quantity_; }
  bool hasProfiles() const { return !profiles_.isEmpty(); }
  QString dataCsv() const override;

 private:
  void redraw();
  QVector<ImageLayerProfile> profiles_;
  Quantity quantity_ = Quantity::AbsMax;
};

class Top2DiffSweepPlot : public AnalysisPlot {
  Q_OBJECT
 public:
  explicit Top2DiffSweepPlot(QWidget* parent = nullptr);
  void setData(const Top2DiffSweepData& data);
  QString dataCsv() const override;

 protected:
  void fitOwnTexts(const QSize& size) override;

 private:
  Top2DiffSweepData data_;
  QCPTextElement* note_ = nullptr;  // the McNemar line above the plot
};

class CampaignResultPlot : public AnalysisPlot {
  Q_OBJECT
 public:
  explicit CampaignResultPlot(QWidget* parent = nullptr);
  void setSeries(const QVector<CampaignResultSeries>& series);
  QString dataCsv() const override;

 private:
  QVector<CampaignResultSeries> series_;
};

/// Mean ΔLoss per faulted layer with 99 % intervals, both models; the CSV adds the
/// improvement factor per layer (baseline ΔLoss / text-guided ΔLoss).
class CampaignDeltaLossPlot : public AnalysisPlot {
  Q_OBJECT
 public:
  explicit CampaignDeltaLossPlot(QWidget* parent = nullptr);
  void setSeries(const QVector<CampaignResultSeries>& series);
  QString dataCsv() const override;

 private:
  QVector<CampaignResultSeries> series_;
};

/// Every campaign layer's stopping half-width against its injections so far (log scale),
/// one line per layer in its model's colour, and the stopping rule's bound as a dashed
/// line: how the intervals narrowed and where each layer stopped. Hover names the layer.
class CampaignNarrowingPlot : public AnalysisPlot {
  Q_OBJECT
 public:
  explicit CampaignNarrowingPlot(QWidget* parent = nullptr);
  void setData(const NarrowingData& data);
  QString dataCsv() const override;

 private:
  NarrowingData data_;
};

/// Accuracy against the weight bit-error rate (log axis), both models, each rate's mean over
/// the trials with its 99 % interval.
class BitErrorRatePlot : public AnalysisPlot {
  Q_OBJECT
 public:
  explicit BitErrorRatePlot(QWidget* parent = nullptr);
  void setSeries(const QVector<BitErrorRateSeries>& series);
  QString dataCsv() const override;

 private:
  QVector<BitErrorRateSeries> series_;
};

/// Per image, its clean Top2Diff against the mismatch rate of the faults that hit it, both
/// models; the legend gives each model's rank correlation. A click on a point emits the
/// image it stands for.
class FragilityScatterPlot : public AnalysisPlot {
  Q_OBJECT
 public:
  explicit FragilityScatterPlot(QWidget* parent = nullptr);
  void setSeries(const QVector<FragilitySeries>& series);
  QString dataCsv() const override;

 Q_SIGNALS:
  void imageClicked(qint64 image);

 private:
  QVector<FragilitySeries> series_;
  QVector<QVector<qint64>> clickImages_;  ///< per graph, the image of each point in x order
};

/// How far faulty Ablation-CAMs moved from the clean ones over many images, both models:
/// a box (quartiles, median line, whiskers to min and max) per metric and model.
class CamChangePlot : public AnalysisPlot {
  Q_OBJECT
 public:
  explicit CamChangePlot(QWidget* parent = nullptr);
  void setSeries(const QVector<CamChangeSeries>& series);
  QString dataCsv() const override;

 private:
  QVector<CamChangeSeries> series_;
  QCPTextElement* note_ = nullptr;  // how many comparisons were undefined, above the plot
};

}  // namespace faultlens::widgets
