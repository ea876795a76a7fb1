#pragma once
// The analysis plots (QCustomPlot): per-layer activation ranges (paper Fig. 3), the
// Top2Diff accuracy sweep (Fig. 4) and campaign mismatch rates per layer. Each shows both
// models, shows values on hover and is sized for reading at paper size.
#include "widgets/plots/QCustomPlotInclude.h"

#include "widgets/plots/FigureStyle.h"
#include "widgets/plots/PlotData.h"

#include <optional>

namespace faultlens::widgets {

/// The device pixels per inch that Qt's font metrics (and so QCustomPlot's layout) assume:
/// figures are laid out on a canvas of this resolution and drawn on devices of the same.
double figureLayoutDpi();

/// The type size a figure draws for `points`: the nearest whole pixel of the layout's
/// resolution (Qt sets type in whole pixels), at least `points` where `atLeast` (the
/// smallest size a journal accepts must not round below it). 8 pt at 96 dpi: 8.25 pt.
double drawnFontPoints(double points, bool atLeast);

/// Common look: readable fonts, legend, hover read-out. Subclasses fill the graphs.
class AnalysisPlot : public QCustomPlot {
  Q_OBJECT
 public:
  explicit AnalysisPlot(QWidget* parent = nullptr);
  ~AnalysisPlot() override;
  /// The data behind the plot as CSV (for "export data").
  virtual QString dataCsv() const = 0;
  /// Lays out the texts for a window plot of `size`: layer names upright when they fit,
  /// else rotated, shortened to at most 28 % of the height (containers abbreviated,
  /// "layer3.5.conv2" → "l3.5.conv2", then elided in the middle) and thinned out so they
  /// never overlap; a y-axis title that does not fit the data area's height on two lines;
  /// as many legend columns as fit the width. Hover still names every layer in full, and
  /// the CSV keeps full names. A small plot gives up its legend (see colourKeyHtml) and x
  /// title. An exported figure (enterFigureLook) keeps full names and every title.
  void fitTextsTo(const QSize& size);
  /// The legend's model entries as HTML ("● baseline ● text-guided" in the series' colours),
  /// for a header that stands in for the legend when the plot is small.
  QString colourKeyHtml() const;

  /// Restyles the plot as a figure of `style` drawn on a `canvas` of device pixels at the
  /// default DPI (fonts in real points, lines and markers per the style, the legend where
  /// the style puts it, full layer names, notes left to the caption); leaveFigureLook()
  /// brings the window's look back. PlotExport calls both around its drawing.
  void enterFigureLook(const FigureStyle& style, const QSize& canvas);
  void leaveFigureLook();
  /// One paragraph for the figure's caption file: what is plotted, then what the figure
  /// leaves out of its axes (test results, layers with NaN/Inf, undefined comparisons).
  QString figureCaption() const;

 protected:
  void resizeEvent(QResizeEvent* event) override;
  /// One sentence: what the figure plots, for its caption.
  virtual QString figureDescription() const = 0;
  /// What the window writes over the plot but a figure leaves to its caption.
  virtual QStringList figureNotes() const;
  /// Whether a legend may go inside the axes at all (else "inside" means under them).
  virtual bool legendFitsInside() const { return true; }
  /// Puts the legend under the axes in the window too (per-layer and multi-panel plots).
  void keepLegendUnder();
  bool inFigureLook() const { return figure_.has_value(); }
  /// Pen widths are given for the window and multiplied by this (a figure's are thinner).
  double lineScale() const { return lineScale_; }
  double markerScale() const { return markerScale_; }
  void applyPaperStyle();
  /// The y-axis title (fitTextsTo breaks it into lines as the height needs).
  void setValueTitle(const QString& title);
  /// Log-scale axis with 10ᵏ ticks (activation magnitudes span many decades), labels that
  /// never repeat and minor ticks only where one major step is one decade.
  static void useLogAxis(QCPAxis* axis);
  void useLogValueAxis() { useLogAxis(yAxis); }
  void setCategoryAxis(const QStringList& labels);
  QCPGraph* addSeries(const QString& name, const QColor& colour, Qt::PenStyle style,
                      QCPScatterStyle::ScatterShape shape);
  /// A legend entry with no data, in grey: says what a line style or marker means
  /// ("clean (dashed)") where the colours already name the models.
  QCPGraph* addStyleKey(const QString& name, Qt::PenStyle style, QCPScatterStyle::ScatterShape shape);
  /// Series `index` of `count` as points with interval bars, values × `scale`, one per
  /// category; returns the lowest and highest interval ends drawn (±inf when none).
  std::pair<double, double> addIntervalSeries(int index, int count, const QString& name, const QVector<double>& values,
                                              const QVector<double>& low, const QVector<double>& high, double scale);
  /// A line over the plot that only the window shows (an exported figure's caption has it).
  void setWindowNote(const QString& text);
  /// An item only the window shows (e.g. a sentence inside the axes).
  void markWindowOnly(QCPAbstractItem* item);

 private:
  void showValueAt(QMouseEvent* event);
  void fitTexts(const QSize& size, bool figure);
  void fitCategoryTicks(const QSize& size, bool figure, bool compact, bool tiny, double& namesHeight);
  void applyFonts(const QFont& labels, const QFont& ticks);
  void rescalePens(double lineFactor, double markerFactor);
  /// Moves the legend under the axes (a row of its own) or into the axes' inset layout.
  void putLegendOutside();
  void putLegendInside(Qt::Alignment corner);
  /// The corner of the axes where the legend covers the fewest drawn points (none when
  /// every corner covers some).
  std::optional<Qt::Alignment> freeLegendCorner();
  void fitWindowNote(const QSize& size);

  QString categoryTitle_;               // the x-axis title before setCategoryAxis noted a left-out prefix
  QString commonPrefix_;                // the first path component left out of the window's ticks
  QStringList categoryNames_;           // full layer names, for hover and figures
  QStringList categoryTicks_;           // the names as ticks, before fitting (common prefix left out)
  QString valueTitle_;                  // the y-axis title on one line
  QString axisTitle_;                   // the x-axis title (hidden while compact)
  QCPLayoutGrid* legendRow_ = nullptr;  // the row under the plot that holds an outside legend
  bool legendOutside_ = false;          // the window's placement: under per-layer plots
  QCPTextElement* windowNote_ = nullptr;
  QString windowNoteText_;
  QList<QCPAbstractItem*> windowOnlyItems_;
  std::optional<FigureStyle> figure_;  // set while drawn as a figure
  struct LegendLook {
    QSize iconSize;
    int iconTextPadding = 0;
    QMargins margins;
    int rowSpacing = 0, columnSpacing = 0;
  } windowLegend_;  // the window's legend spacing, while a figure's is in place
  double lineScale_ = 1.0, markerScale_ = 1.0;
};

class ActivationRangePlot : public AnalysisPlot {
  Q_OBJECT
 public:
  explicit ActivationRangePlot(QWidget* parent = nullptr);
  void setSeries(const QVector<ActivationRangeSeries>& series);
  QString dataCsv() const override;

 protected:
  QString figureDescription() const override;

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

 protected:
  QString figureDescription() const override;
  QStringList figureNotes() const override;

 private:
  void redraw();
  QVector<ImageLayerProfile> profiles_;
  QStringList nonFinite_;  // "model: layer" of each NaN/Inf value drawn on the top row
  Quantity quantity_ = Quantity::AbsMax;
};

class Top2DiffSweepPlot : public AnalysisPlot {
  Q_OBJECT
 public:
  explicit Top2DiffSweepPlot(QWidget* parent = nullptr);
  void setData(const Top2DiffSweepData& data);
  QString dataCsv() const override;

 protected:
  QString figureDescription() const override;
  QStringList figureNotes() const override;

 private:
  Top2DiffSweepData data_;
};

class CampaignResultPlot : public AnalysisPlot {
  Q_OBJECT
 public:
  explicit CampaignResultPlot(QWidget* parent = nullptr);
  void setSeries(const QVector<CampaignResultSeries>& series);
  QString dataCsv() const override;

 protected:
  QString figureDescription() const override;

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

 protected:
  QString figureDescription() const override;

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

 protected:
  QString figureDescription() const override;

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

 protected:
  QString figureDescription() const override;

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

 protected:
  QString figureDescription() const override;

 private:
  QVector<FragilitySeries> series_;
  QVector<QVector<qint64>> clickImages_;  ///< per graph, the image of each point in x order
};

/// How far faulty Ablation-CAMs moved from the clean ones over many images, both models:
/// one small panel per metric (each with its own value axis), a box per model (quartiles,
/// median line, whiskers to min and max).
class CamChangePlot : public AnalysisPlot {
  Q_OBJECT
 public:
  explicit CamChangePlot(QWidget* parent = nullptr);
  void setSeries(const QVector<CamChangeSeries>& series);
  QString dataCsv() const override;

 protected:
  QString figureDescription() const override;
  bool legendFitsInside() const override { return false; }  // three narrow panels: under them

 private:
  QVector<CamChangeSeries> series_;
  QCPAxisRect* panels_[3] = {};  // Pearson r, top-region IoU, centre shift
};

}  // namespace faultlens::widgets
