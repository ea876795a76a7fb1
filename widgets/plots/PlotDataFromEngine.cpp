#include "widgets/plots/PlotDataFromEngine.h"

#include <QObject>

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
               .arg(sweep.mcnemar.pValue, 0, 'g', 3);
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

}  // namespace faultlens::widgets
