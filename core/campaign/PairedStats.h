#pragma once
// Paired comparison of two models' campaigns (docs/architecture.md, "Paired comparison").
// Both models receive the same fault sequence, so injection i of a baseline layer and
// injection i of its text-guided partner form a matched pair: same site and bit, and in
// the raw protocol the same image. Batch k of every layer shares its images, so injection
// number i is also the unit that ties the layers of one model together; the resampling
// intervals resample injection numbers, all layers and both models at once. Torch-free.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/campaign/CampaignStats.h"

namespace faultlens {

/// "[lo, hi]" with each bound printed by the printf `format`; "[unbounded]" where the
/// interval is undefined (NaN bounds: a ratio whose resamples reached a zero denominator).
std::string formatInterval(const Interval& interval, const char* format = "%.4g");

/// Newcombe's hybrid score interval (1998, method 10) for the difference p1 − p2 of two
/// paired proportions, from the paired 2×2 table: `both` (success in both), `firstOnly`,
/// `secondOnly`, `neither`. Built from the two Wilson intervals and the correlation of the
/// pairs; stays within [−1, 1] and behaves at zero discordant pairs, where Wald's does not.
Interval newcombePairedInterval(std::int64_t both, std::int64_t firstOnly, std::int64_t secondOnly,
                                std::int64_t neither, double z = kZ99);

/// Exact two-sided McNemar p-value for the discordant counts: the binomial(b + c, 1/2)
/// probability of a split at least as uneven, doubled and capped at 1; 1 without
/// discordant pairs.
double mcnemarExactP(std::int64_t firstOnly, std::int64_t secondOnly);

/// Two-sided p-value of a standard normal statistic.
double normalTwoSidedP(double zStatistic);

/// One baseline layer against its text-guided partner, over the injection numbers both ran.
struct PairedLayerComparison {
  int baselineLayer = 0, guidedLayer = 0;
  std::string baselineName, guidedName;
  std::int64_t pairs = 0;
  /// The paired mismatch table: both mismatched, only the baseline, only the text-guided.
  std::int64_t bothMismatch = 0, baselineOnly = 0, guidedOnly = 0;
  double mismatchDifference = 0.0;       ///< baseline rate − text-guided rate
  Interval mismatchDifferenceInterval;   ///< 99 % Newcombe (method 10)
  double mcnemarP = 1.0;                 ///< exact McNemar on the discordant pairs
  std::int64_t lossPairs = 0;            ///< pairs with both ΔLoss finite
  double deltaLossDifference = 0.0;      ///< mean of baseline ΔLoss − text-guided ΔLoss over lossPairs
  Interval deltaLossDifferenceInterval;  ///< 99 % normal
  double deltaLossP = 1.0;               ///< two-sided, normal approximation of the paired mean
  /// baseline mean ΔLoss / text-guided mean ΔLoss, each over its finite values (the
  /// summary's factor); NaN when the text-guided mean is not positive.
  double factor = 0.0;
  Interval factorInterval;  ///< 99 % bootstrap percentile; NaN bounds when unbounded
};

/// The network: each model's mean over all its campaign layers (as the summary defines it),
/// compared through the same resamples.
struct PairedNetworkComparison {
  double mismatchDifference = 0.0;
  Interval mismatchDifferenceInterval;  ///< 99 % bootstrap percentile
  double mismatchP = 1.0;               ///< bootstrap, two-sided
  double deltaLossDifference = 0.0;
  Interval deltaLossDifferenceInterval;  ///< 99 % bootstrap percentile
  double deltaLossP = 1.0;               ///< bootstrap, two-sided
  double factor = 0.0;
  Interval factorInterval;  ///< 99 % bootstrap percentile; NaN bounds when unbounded
};

struct PairedComparison {
  std::vector<PairedLayerComparison> layers;       ///< one per corresponding pair, baseline order
  std::optional<PairedLayerComparison> lastLayer;  ///< the two models' last campaign layers
  PairedNetworkComparison network;
  int resamples = 0;
  std::uint64_t seed = 0;
};

/// How comparePaired resamples.
struct PairedOptions {
  bool absoluteDeltaLoss = false;  ///< the paper's |ΔCE|
  std::uint64_t seed = 1;          ///< the bootstrap's stream (the campaign seed: reruns agree)
  int resamples = 4000;
};

/// Compares the outcomes of two models' campaigns. `pairs`: corresponding layers
/// (baseline index, text-guided index). `names`: each model's layer names by index. The
/// order of the outcomes does not matter (merged shards give the same result).
PairedComparison comparePaired(const std::vector<InjectionOutcome>& baseline,
                               const std::vector<InjectionOutcome>& guided,
                               const std::vector<std::pair<int, int>>& pairs,
                               const std::vector<std::vector<std::string>>& names, const PairedOptions& options);

}  // namespace faultlens
