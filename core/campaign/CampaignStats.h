#pragma once
// Campaign statistics exactly as docs/architecture.md ("Metrics") defines them. Torch-free: the GUI's
// campaign plots and the CLI's summaries share these functions.
#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace faultlens {

/// z for a two-sided 99 % interval (the paper's and Leveugle et al.'s setting).
inline constexpr double kZ99 = 2.576;

struct Interval {
  double low = 0.0, high = 0.0;
};

/// Wilson score interval for k successes out of n (n > 0).
Interval wilsonInterval(std::int64_t k, std::int64_t n, double z = kZ99);
/// mean ± z·s/√n with the sample standard deviation s (n − 1); [mean, mean] when n < 2.
Interval normalInterval(double mean, double sampleStd, std::int64_t n, double z = kZ99);

/// The percentile interval of bootstrap replicates at `confidence` (two-sided): the
/// ⌊α/2·n⌋-th and (⌈(1−α/2)·n⌉−1)-th of the sorted replicates, α = 1 − confidence. NaN
/// bounds when a replicate is not finite (a ratio whose denominator reached zero: the
/// interval is unbounded) or there are none. Every bootstrap in FaultLens uses this one.
Interval percentileInterval(std::vector<double> replicates, double confidence = 0.99);

/// Statistical fault-injection sample size, Leveugle et al. (DATE 2009):
/// n = N / (1 + e²(N−1) / (t² p (1−p))), rounded up; N = population of fault sites.
std::int64_t leveugleSampleSize(double population, double margin, double t = kZ99, double p = 0.5);

/// One injection's outcome (what the per-injection record file stores).
struct InjectionOutcome {
  int layer = 0;
  std::int64_t injection = 0;  ///< index within the layer's sequence
  std::int64_t image = 0;      ///< data-set index
  std::int64_t element = 0;
  int bit = 0;
  float before = 0.0f, after = 0.0f;
  int label = -1;  ///< ground truth used for the loss (clean top-1 if unlabelled)
  int cleanTop1 = 0, faultyTop1 = 0;
  double cleanLoss = 0.0, faultyLoss = 0.0;  ///< cross-entropy, float64
  bool finite = true;                        ///< faulty logits all finite
  /// The image's clean Top2Diff (percentage points); NaN in records of earlier versions.
  double cleanTop2Diff = std::numeric_limits<double>::quiet_NaN();

  bool mismatch() const { return !finite || cleanTop1 != faultyTop1; }
};

/// Outcomes of the injections that flipped one bit position.
struct BitSummary {
  std::int64_t injections = 0, mismatches = 0;
  std::int64_t losses = 0;    ///< injections with a finite ΔLoss
  double deltaLossSum = 0.0;  ///< their sum, in injection order
  double mismatchRate() const { return injections ? double(mismatches) / double(injections) : 0.0; }
  double meanDeltaLoss() const { return losses ? deltaLossSum / double(losses) : 0.0; }
};

struct LayerSummary {
  int layer = 0;
  std::string name;
  std::int64_t injections = 0;
  std::int64_t mismatches = 0;
  Interval mismatchInterval;         ///< 99 % Wilson
  std::int64_t nonFinite = 0;        ///< faulty logits with NaN/Inf (also counted as mismatches)
  std::int64_t lossExcluded = 0;     ///< injections whose faulty CE was not finite
  double meanDeltaLoss = 0.0;        ///< over finite ΔLoss values
  Interval deltaLossInterval;        ///< 99 % normal
  std::array<BitSummary, 32> byBit;  ///< the same outcomes split by the bit position hit
  /// Share of Σ|ΔLoss| held by the layer's top 1 % of injections (at least one) by |ΔLoss|:
  /// near 1, the mean stands for a few overflowed injections, not for the layer. NaN
  /// where not computed (running summaries) or without finite ΔLoss values.
  double topShare = std::numeric_limits<double>::quiet_NaN();
  double mismatchRate() const { return injections ? double(mismatches) / double(injections) : 0.0; }
};

/// ΔLoss of one outcome under a protocol: CE(faulty) − CE(clean), or its absolute value
/// for the paper's protocol.
double deltaLoss(const InjectionOutcome& o, bool absolute);

/// A ΔLoss no trained network's finite logits give (cross-entropies of sane logits stay
/// below ~10²): the injection overflowed an activation to float32's far range.
inline constexpr double kOverflowDeltaLoss = 1e4;

struct CampaignSummary {
  std::vector<LayerSummary> layers;
  bool absoluteDeltaLoss = false;    ///< ΔLoss = |CE(faulty) − CE(clean)| (the paper's protocol)
  double networkDeltaLoss = 0.0;     ///< mean over layers of the layer means (docs/architecture.md)
  double networkMismatchRate = 0.0;  ///< mean over layers of the layer rates
  /// The network ΔLoss's concentration: the share of its absolute mass (each injection
  /// weighs |ΔLoss| / its layer's count, as in the mean of layer means) held by the top 1 %
  /// of injections, and how many those are. NaN / 0 for running summaries.
  double networkTopShare = std::numeric_limits<double>::quiet_NaN();
  std::int64_t networkTopCount = 0;
  /// The same mass's share held by overflowed injections (|ΔLoss| ≥ kOverflowDeltaLoss), and
  /// how many those are. NaN / 0 for running summaries.
  double networkOverflowShare = std::numeric_limits<double>::quiet_NaN();
  std::int64_t networkOverflowCount = 0;
  /// Whether a reader must be told that the mean stands for overflows, not for the model:
  /// overflowed injections hold more than half of it. (Most faults are masked, so a few
  /// injections always carry much of a mean; only overflow-scale ones make it meaningless.)
  bool deltaLossCarriedByOverflows() const { return networkOverflowShare > 0.5; }
  std::int64_t lossExcluded() const;  ///< injections whose faulty CE was NaN/Inf, over all layers
};

/// Summarises outcomes per layer (order-independent: outcomes are sorted by layer and
/// injection first, so shards merged in any order give the same numbers).
/// `absoluteDeltaLoss`: the paper's |CE(faulty) − CE(clean)| instead of the signed raw one.
CampaignSummary summarize(std::vector<InjectionOutcome> outcomes, const std::vector<std::string>& layerNames,
                          bool absoluteDeltaLoss = false);

/// Per-layer running totals for live views: add() outcomes as they complete, summary() at
/// any time in O(layers), without keeping or re-reading the outcomes. ΔLoss moments use
/// Welford's update, so means and intervals can differ from summarize()'s (which sums in
/// injection order) in the last digits; counts are exact. Final numbers come from
/// summarize() over the records.
class RunningSummary {
 public:
  explicit RunningSummary(std::vector<std::string> layerNames = {}, bool absoluteDeltaLoss = false);
  void add(const std::vector<InjectionOutcome>& outcomes);
  CampaignSummary summary() const;

 private:
  struct Totals {
    LayerSummary counts;      // injections, mismatches, non-finite, excluded losses
    std::int64_t losses = 0;  // finite ΔLoss values, and their moments:
    double mean = 0.0, m2 = 0.0;
  };
  std::vector<std::string> names_;
  bool absolute_ = false;
  std::map<int, Totals> layers_;
};

/// baseline ΔLoss / text-guided ΔLoss; NaN when the text-guided ΔLoss is not positive.
double improvementFactor(double baselineDeltaLoss, double guidedDeltaLoss);

}  // namespace faultlens
