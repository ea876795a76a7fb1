#include "core/campaign/CampaignStats.h"

#include <algorithm>
#include <functional>
#include <cmath>
#include <limits>
#include <map>
#include <optional>

#include "core/Error.h"

namespace faultlens {

Interval wilsonInterval(std::int64_t k, std::int64_t n, double z) {
  if (n <= 0 || k < 0 || k > n) throw Error("Wilson interval needs 0 <= k <= n, n > 0");
  const double nn = static_cast<double>(n), p = static_cast<double>(k) / nn, z2 = z * z;
  const double denom = 1.0 + z2 / nn;
  const double centre = (p + z2 / (2.0 * nn)) / denom;
  const double half = z / denom * std::sqrt(p * (1.0 - p) / nn + z2 / (4.0 * nn * nn));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

Interval percentileInterval(std::vector<double> replicates, double confidence) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  if (replicates.empty()) return {kNaN, kNaN};
  for (double r : replicates)
    if (!std::isfinite(r)) return {kNaN, kNaN};
  std::sort(replicates.begin(), replicates.end());
  const double alpha = 1.0 - confidence;
  const auto n = replicates.size();
  const auto low = static_cast<std::size_t>(std::floor(alpha / 2 * static_cast<double>(n)));
  const auto high = std::min(n - 1, static_cast<std::size_t>(std::ceil((1 - alpha / 2) * static_cast<double>(n))) - 1);
  return {replicates[low], replicates[high]};
}

Interval normalInterval(double mean, double sampleStd, std::int64_t n, double z) {
  if (n < 2) return {mean, mean};
  const double half = z * sampleStd / std::sqrt(static_cast<double>(n));
  return {mean - half, mean + half};
}

std::int64_t leveugleSampleSize(double population, double margin, double t, double p) {
  if (!(population >= 1) || !(margin > 0) || !(p > 0 && p < 1)) throw Error("Leveugle sample size: bad arguments");
  const double n = population / (1.0 + margin * margin * (population - 1.0) / (t * t * p * (1.0 - p)));
  return static_cast<std::int64_t>(std::ceil(n - 1e-9));
}

namespace {

std::string layerName(const std::vector<std::string>& names, int layer) {
  return layer >= 0 && layer < static_cast<int>(names.size()) ? names[layer] : "#" + std::to_string(layer);
}

/// Counts one outcome into `s` (and its bit position's counts); returns its ΔLoss when
/// finite, else counts it as excluded from the loss statistics.
std::optional<double> countOutcome(LayerSummary& s, const InjectionOutcome& o, bool absolute) {
  ++s.injections;
  if (o.mismatch()) ++s.mismatches;
  if (!o.finite) ++s.nonFinite;
  BitSummary* bit = o.bit >= 0 && o.bit < static_cast<int>(s.byBit.size()) ? &s.byBit[o.bit] : nullptr;
  if (bit) {
    ++bit->injections;
    bit->mismatches += o.mismatch();
  }
  const double d = deltaLoss(o, absolute);
  if (!std::isfinite(d)) {
    ++s.lossExcluded;
    return std::nullopt;
  }
  if (bit) {
    ++bit->losses;
    bit->deltaLossSum += d;
  }
  return d;
}

/// The network values: means over the layers of the layer means and rates (docs/architecture.md).
void setNetworkMeans(CampaignSummary& summary) {
  if (summary.layers.empty()) return;
  double lossSum = 0.0, rateSum = 0.0;
  for (const auto& l : summary.layers) {
    lossSum += l.meanDeltaLoss;
    rateSum += l.mismatchRate();
  }
  summary.networkDeltaLoss = lossSum / static_cast<double>(summary.layers.size());
  summary.networkMismatchRate = rateSum / static_cast<double>(summary.layers.size());
}

/// Share of Σ weight·|d| held by the largest ceil(1 % of all) terms; NaN when the mass is 0.
struct TopShare {
  double share = std::numeric_limits<double>::quiet_NaN();
  std::int64_t count = 0;
};
TopShare topOnePercentShare(std::vector<double> masses) {
  TopShare out;
  if (masses.empty()) return out;
  out.count = static_cast<std::int64_t>((masses.size() + 99) / 100);
  std::sort(masses.begin(), masses.end(), std::greater<>());
  double total = 0.0, top = 0.0;
  for (std::size_t i = 0; i < masses.size(); ++i) (i < static_cast<std::size_t>(out.count) ? top : total) += masses[i];
  total += top;
  if (total > 0.0 && std::isfinite(total)) out.share = top / total;
  // A total that overflowed double is carried by its largest terms by definition.
  else if (!std::isfinite(total)) out.share = 1.0;
  return out;
}

}  // namespace

std::int64_t CampaignSummary::lossExcluded() const {
  std::int64_t n = 0;
  for (const auto& l : layers) n += l.lossExcluded;
  return n;
}

double deltaLoss(const InjectionOutcome& o, bool absolute) {
  const double d = o.faultyLoss - o.cleanLoss;
  return absolute ? std::fabs(d) : d;
}

CampaignSummary summarize(std::vector<InjectionOutcome> outcomes, const std::vector<std::string>& layerNames,
                          bool absoluteDeltaLoss) {
  std::sort(outcomes.begin(), outcomes.end(), [](const InjectionOutcome& a, const InjectionOutcome& b) {
    return a.layer != b.layer ? a.layer < b.layer : a.injection < b.injection;
  });
  std::map<int, std::vector<const InjectionOutcome*>> byLayer;
  for (const auto& o : outcomes) byLayer[o.layer].push_back(&o);
  CampaignSummary summary;
  summary.absoluteDeltaLoss = absoluteDeltaLoss;
  std::vector<double> networkMasses;  // each injection's weight in the mean of layer means
  std::vector<double> networkDeltas;  // and its |ΔLoss|
  for (const auto& [layer, list] : byLayer) {
    LayerSummary s;
    s.layer = layer;
    s.name = layerName(layerNames, layer);
    std::vector<double> deltas;
    for (const InjectionOutcome* o : list)
      if (const auto d = countOutcome(s, *o, absoluteDeltaLoss)) deltas.push_back(*d);
    s.mismatchInterval = wilsonInterval(s.mismatches, s.injections);
    if (!deltas.empty()) {
      double sum = 0.0;
      for (double d : deltas) sum += d;
      s.meanDeltaLoss = sum / static_cast<double>(deltas.size());
      double sq = 0.0;
      for (double d : deltas) sq += (d - s.meanDeltaLoss) * (d - s.meanDeltaLoss);
      const double sd = deltas.size() > 1 ? std::sqrt(sq / static_cast<double>(deltas.size() - 1)) : 0.0;
      s.deltaLossInterval = normalInterval(s.meanDeltaLoss, sd, static_cast<std::int64_t>(deltas.size()));
      std::vector<double> masses;
      for (double d : deltas) masses.push_back(std::fabs(d));
      s.topShare = topOnePercentShare(masses).share;
      for (double m : masses) {
        networkMasses.push_back(m / static_cast<double>(deltas.size()));
        networkDeltas.push_back(m);
      }
    }
    summary.layers.push_back(s);
  }
  setNetworkMeans(summary);
  double total = 0.0, overflowed = 0.0;
  for (std::size_t i = 0; i < networkMasses.size(); ++i) {
    total += networkMasses[i];
    if (networkDeltas[i] >= kOverflowDeltaLoss) overflowed += networkMasses[i], ++summary.networkOverflowCount;
  }
  if (!networkMasses.empty())
    summary.networkOverflowShare = total > 0.0 && std::isfinite(total) ? overflowed / total
                                   : std::isfinite(total)              ? 0.0
                                                                       : 1.0;
  const TopShare network = topOnePercentShare(std::move(networkMasses));
  summary.networkTopShare = network.share;
  summary.networkTopCount = network.count;
  return summary;
}

RunningSummary::RunningSummary(std::vector<std::string> layerNames, bool absoluteDeltaLoss)
    : names_(std::move(layerNames)), absolute_(absoluteDeltaLoss) {}

void RunningSummary::add(const std::vector<InjectionOutcome>& outcomes) {
  for (const auto& o : outcomes) {
    Totals& t = layers_[o.layer];
    const auto d = countOutcome(t.counts, o, absolute_);
    if (!d) continue;
    ++t.losses;
    const double step = *d - t.mean;
    t.mean += step / static_cast<double>(t.losses);
    t.m2 += step * (*d - t.mean);
  }
}

CampaignSummary RunningSummary::summary() const {
  CampaignSummary summary;
  summary.absoluteDeltaLoss = absolute_;
  for (const auto& [layer, t] : layers_) {
    LayerSummary s = t.counts;
    s.layer = layer;
    s.name = layerName(names_, layer);
    s.mismatchInterval = wilsonInterval(s.mismatches, s.injections);
    if (t.losses > 0) {
      s.meanDeltaLoss = t.mean;
      const double sd = t.losses > 1 ? std::sqrt(t.m2 / static_cast<double>(t.losses - 1)) : 0.0;
      s.deltaLossInterval = normalInterval(t.mean, sd, t.losses);
    }
    summary.layers.push_back(s);
  }
  setNetworkMeans(summary);
  return summary;
}

double improvementFactor(double baselineDeltaLoss, double guidedDeltaLoss) {
  if (!(guidedDeltaLoss > 0.0)) return std::numeric_limits<double>::quiet_NaN();
  return baselineDeltaLoss / guidedDeltaLoss;
}

}  // namespace faultlens
