#include "widgets/plots/PlotDataFromEngine.h"
#include "widgets/ViewData.h"

#include <QObject>

#include <algorithm>
#include <limits>

namespace faultlens::widgets {

ActivationRangeSeries activationRangeSeries(const QString& model, const std::vector<LayerRange>& ranges) {
  ActivationRangeSeries s;
  s.model = model;
  for (const auto& r : ranges) {
    s.layers << QString::fromStdString(r.layer);
    s.absMax << r.stats.absMax;
    s.absMean << r.stats.absMean();
  }
  return s;
}

Top2DiffSweepData top2DiffSweepData(const PairedSweep& sweep) {
  Top2DiffSweepData d;
  d.baseline = {QObject::tr("baseline"), sweep.from, QVector<double>(sweep.baseline.begin(), sweep.baseline.end())};
  d.guided = {QObject::tr("text-guided"), sweep.from, QVector<double>(sweep.guided.begin(), sweep.guided.end())};
  d.inflection = sweep.inflection;
  d.note = QObject::tr("McNemar: baseline-only correct %1, text-guided-only %2, exact p = %3")
               .arg(sweep.mcnemar.baselineOnly)
               .arg(sweep.mcnemar.guidedOnly)
               .arg(formatValue(sweep.mcnemar.pValue, 3));
  return d;
}

CampaignResultSeries campaignResultSeries(const QString& model, const CampaignSummary& summary) {
  CampaignResultSeries s;
  s.model = model;
  for (const auto& l : summary.layers) {
    s.layers << QString::fromStdString(l.name);
    s.mismatchRate << l.mismatchRate();
    s.low << l.mismatchInterval.low;
    s.high << l.mismatchInterval.high;
    s.deltaLoss << l.meanDeltaLoss;
    s.deltaLow << l.deltaLossInterval.low;
    s.deltaHigh << l.deltaLossInterval.high;
  }
  return s;
}

QVector<CampaignResultSeries> alignedCampaignSeries(const QStringList& models,
                                                    const std::vector<CampaignSummary>& summaries,
                                                    const std::vector<std::pair<int, int>>& pairs) {
  QVector<CampaignResultSeries> out(static_cast<int>(summaries.size()));
  const double gap = std::numeric_limits<double>::quiet_NaN();
  for (const auto& [a, b] : alignedLayerRows(summaries, pairs)) {
    QString label = QString::fromStdString(a ? a->name : b->name);
    if (a && b && a->name != b->name) label += QStringLiteral(" / ") + QString::fromStdString(b->name);
    for (int m = 0; m < out.size(); ++m) {
      const LayerSummary* l = m == 0 ? a : b;
      CampaignResultSeries& s = out[m];
      s.model = models.value(m);
      s.layers << label;
      s.mismatchRate << (l ? l->mismatchRate() : gap);
      s.low << (l ? l->mismatchInterval.low : gap);
      s.high << (l ? l->mismatchInterval.high : gap);
      s.deltaLoss << (l ? l->meanDeltaLoss : gap);
      s.deltaLow << (l ? l->deltaLossInterval.low : gap);
      s.deltaHigh << (l ? l->deltaLossInterval.high : gap);
    }
  }
  return out;
}

NarrowingData narrowingData(const QStringList& models, const std::vector<NarrowingCurve>& curves,
                            const CampaignManifest& manifest) {
  NarrowingData data;
  data.models = models;
  const StoppingRule& rule = manifest.config.stopping;
  data.bound = rule.enabled() ? rule.halfWidth : 0.0;
  data.maximum = manifest.config.injectionsPerLayer;
  data.metric = QString::fromLatin1(stopMetricName(rule.metric));
  for (const auto& c : curves) {
    NarrowingSeries s;
    s.modelIndex = static_cast<int>(c.model);
    s.model = models.value(s.modelIndex);
    const auto& names = manifest.layerNames.at(c.model);
    s.layer = c.layer >= 0 && static_cast<std::size_t>(c.layer) < names.size() ? QString::fromStdString(names[c.layer])
                                                                               : QStringLiteral("#%1").arg(c.layer);
    for (const auto& [n, h] : c.points) {
      s.injections << static_cast<double>(n);
      s.halfWidth << h;
    }
    s.stoppedAt = c.stop.decided ? c.stop.injections : 0;
    data.layers << s;
  }
  return data;
}

BitErrorRateSeries bitErrorRateSeries(const QString& model, const std::vector<BitErrorRatePoint>& points) {
  BitErrorRateSeries s;
  s.model = model;
  for (const BitErrorRatePoint& p : points) {
    s.rates << p.rate;
    s.accuracy << p.meanAccuracy;
    s.low << p.accuracyInterval.low;
    s.high << p.accuracyInterval.high;
    s.meanFlips << p.meanFlips;
    s.trials = std::max(s.trials, static_cast<int>(p.accuracy.size()));
  }
  return s;
}

}  // namespace faultlens::widgets
