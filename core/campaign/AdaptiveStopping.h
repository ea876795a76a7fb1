#pragma once
// Adaptive stopping (docs/architecture.md, "Adaptive stopping"): a campaign with a
// StoppingRule checks every layer at fixed checkpoints (every rule.step injections, and the
// maximum last) and stops it at the first checkpoint where its interval is narrow enough;
// two corresponding layers stop together, when both are. The decision is a pure function
// of the recorded outcomes below a checkpoint, so a resumed run, a shard and a merge of
// shards all find the same stop points as one uninterrupted run. Torch-free.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/campaign/CampaignPlan.h"
#include "core/campaign/CampaignStats.h"

namespace faultlens {

/// The most checks per layer a rule may ask for: each is a round over the campaign's
/// records, so a tiny step on a large campaign would spend its time deciding.
inline constexpr std::int64_t kMaxStopChecks = 4096;

/// Empty when `config`'s stopping rule can run, else why not (for an error message).
std::string stoppingRuleProblem(const CampaignConfig& config);

/// A fixed two-model campaign runs in about this many rounds, the models taking turns.
inline constexpr std::int64_t kInterleavedRounds = 8;
/// The round ends of a fixed two-model campaign: every layer of both models up to the same
/// injection number, in whole batches (CampaignSession::run).
std::vector<std::int64_t> interleavedCheckpoints(const CampaignConfig& config);

/// The injection counts at which layers are checked: step, 2·step, … below
/// injectionsPerLayer, then injectionsPerLayer itself. Just the maximum when stopping is off.
std::vector<std::int64_t> stopCheckpoints(const CampaignConfig& config);

/// What the rule compares with its bound, over the first `count` of one layer's outcomes
/// sorted by injection: the Wilson half-width of the mismatch rate, or the normal
/// half-width of the mean ΔLoss divided by |mean| (+Inf with fewer than two finite ΔLoss
/// values or a zero mean with spread; 0 when every finite ΔLoss is the same).
double stoppingHalfWidth(const std::vector<InjectionOutcome>& sortedOutcomes, std::size_t count, StopMetric metric,
                         bool absoluteDeltaLoss);

/// Where one layer stops.
struct LayerStop {
  /// Decided: the checkpoint it stopped at, which is also the injections that count. Not
  /// decided: the last checkpoint its records reach without a gap (0 for none).
  std::int64_t injections = 0;
  bool decided = false;
};
/// Per model, layer index → its stop, for every layer with records.
using StopPoints = std::vector<std::map<int, LayerStop>>;

/// Every recorded layer's stop point, from the outcomes alone (any order, all shards or
/// some). `pairs`: corresponding layers (baseline, text-guided) of a two-model campaign;
/// a pair whose two layers both have records is decided as one. A checkpoint counts only
/// once all injections below it are recorded for every layer of the pair.
StopPoints findStopPoints(const std::vector<std::vector<InjectionOutcome>>& outcomes,
                          const std::vector<std::pair<int, int>>& pairs, const CampaignConfig& config);

/// Removes outcomes at or past their layer's decided stop point: an adaptive run computes
/// whole batches, and a batch can reach past the checkpoint it was run for.
void dropPastStopPoints(std::vector<std::vector<InjectionOutcome>>& outcomes, const StopPoints& stops);

/// How one layer's interval narrowed, for the campaign view's plot.
struct NarrowingCurve {
  std::size_t model = 0;
  int layer = 0;
  std::vector<std::pair<std::int64_t, double>> points;  ///< (injections, stopping half-width)
  LayerStop stop;
};

/// Every recorded layer's stopping half-width at each checkpoint its records reach without a
/// gap, and its stop (findStopPoints). A campaign without a rule is checked every
/// max(batch size, maximum / 32) injections, on the mismatch rate, so its plot has points too.
std::vector<NarrowingCurve> narrowingCurves(const std::vector<std::vector<InjectionOutcome>>& outcomes,
                                            const std::vector<std::pair<int, int>>& pairs,
                                            const CampaignConfig& config);

}  // namespace faultlens
