#pragma once
// The engine's torch-free results turned into the plot views' data, in one place, so the
// GUI's docks and the CLI's report draw exactly the same figures.
#include <vector>

#include "core/analysis/LayerRanges.h"
#include "core/analysis/Top2DiffSweep.h"
#include "core/campaign/AdaptiveStopping.h"
#include "core/campaign/BitErrorRate.h"
#include "core/campaign/CampaignDirectory.h"
#include "core/campaign/CampaignStats.h"
#include "widgets/plots/PlotData.h"

namespace faultlens::widgets {

ActivationRangeSeries activationRangeSeries(const QString& model, const std::vector<LayerRange>& ranges);
/// The sweep of both models with the inflection and McNemar's test as the plot's note.
Top2DiffSweepData top2DiffSweepData(const PairedSweep& sweep);
CampaignResultSeries campaignResultSeries(const QString& model, const CampaignSummary& summary);
/// Both models' series on shared rows (alignedLayerRows): a layer only one model has is a
/// gap (NaN) in the other's series, and rows of two differently named layers read "A / B".
QVector<CampaignResultSeries> alignedCampaignSeries(const QStringList& models,
                                                    const std::vector<CampaignSummary>& summaries,
                                                    const std::vector<std::pair<int, int>>& pairs);

/// The narrowing plot's data: `curves` (narrowingCurves) named by the manifest's layer
/// names and the models' roles.
NarrowingData narrowingData(const QStringList& models, const std::vector<NarrowingCurve>& curves,
                            const CampaignManifest& manifest);

/// One model's bit-error-rate sweep as the plot's series.
BitErrorRateSeries bitErrorRateSeries(const QString& model, const std::vector<BitErrorRatePoint>& points);

}  // namespace faultlens::widgets
