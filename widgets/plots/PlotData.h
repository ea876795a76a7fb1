#pragma once
// Plain data behind the plot views (filled by app/ from the engine's analyses).
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace faultlens::widgets {

/// One model's per-layer activation ranges, layers in execution order.
struct ActivationRangeSeries {
  QString model;
  QStringList layers;
  QVector<double> absMax, absMean;
};

/// One model's Top2Diff accuracy sweep: accuracy[i] at δ = firstDelta + i (0..1).
struct Top2DiffSweepSeries {
  QString model;
  int firstDelta = 1;
  QVector<double> accuracy;
};

struct Top2DiffSweepData {
  Top2DiffSweepSeries baseline, guided;
  std::optional<int> inflection;  ///< δ from which guided ≥ baseline
  QString note;                   ///< e.g. the McNemar result, shown under the title
};

/// One model's campaign result per layer: mismatch rate with its 99 % Wilson interval and
/// mean ΔLoss with its 99 % normal interval.
struct CampaignResultSeries {
  QString model;
  QStringList layers;
  QVector<double> mismatchRate, low, high;  ///< 0..1
  QVector<double> deltaLoss, deltaLow, deltaHigh;
};

/// One model's accuracy under bit-error-rate faults on its weights: per rate, the mean over
/// the trials with its 99 % interval (0..1) and the mean number of bits flipped.
struct BitErrorRateSeries {
  QString model;
  QVector<double> rates;  ///< ascending; a rate of 0 has no place on the plot's log axis
  QVector<double> accuracy, low, high;
  QVector<double> meanFlips;
  int trials = 0;
};

/// One model's way through its layers for the selected image: per-layer |a| max and mean
/// of the clean run and, under a fault, of the faulty run, with the relative L2 deviation
/// of each faulty layer output from the clean one (NaN/Inf kept as they are).
struct ImageLayerProfile {
  QString model;
  QStringList layers;
  QVector<double> cleanMax, cleanMean;
  QVector<double> faultyMax, faultyMean, relativeL2;  ///< empty without a fault
  bool hasFault() const { return !relativeL2.isEmpty(); }
};

/// A sample's five-number summary and mean; NaN values were counted apart.
struct BoxStatistics {
  double min = 0, lowerQuartile = 0, median = 0, upperQuartile = 0, max = 0, mean = 0;
  int defined = 0, undefined = 0;
};

/// One model's CAM change metrics over many images: Pearson r, top-region IoU, and the
/// centre-of-mass shift as a fraction of the image diagonal (so all three share an axis).
struct CamChangeSeries {
  QString model;
  BoxStatistics pearson, topRegionIoU, centreShift;
  int images = 0;
};

/// One model's fragile inputs: per image hit by its campaign, the clean Top2Diff and the
/// mismatch rate of the faults that hit it, and Spearman's correlation of the two.
struct FragilitySeries {
  QString model;
  QVector<qint64> images;                  ///< data-set indices
  QVector<double> top2Diff, mismatchRate;  ///< percentage points; 0..1
  QVector<qint64> injections;
  double spearman = 0.0;  ///< NaN when undefined
};

/// How one layer's campaign interval narrowed as its injections grew: the stopping
/// half-width at each checkpoint, and where the layer stopped (0: still running).
struct NarrowingSeries {
  int modelIndex = 0;  ///< 0 baseline, 1 text-guided (the colour)
  QString model, layer;
  QVector<double> injections, halfWidth;
  qint64 stoppedAt = 0;
};

/// The narrowing of every layer of a campaign, with its stopping rule (bound 0: none).
struct NarrowingData {
  QStringList models;
  QVector<NarrowingSeries> layers;
  double bound = 0.0;
  qint64 maximum = 0;  ///< injections per layer without stopping (the campaign's maximum)
  QString metric;      ///< what the half-width is of, for the axis title
};

}  // namespace faultlens::widgets
