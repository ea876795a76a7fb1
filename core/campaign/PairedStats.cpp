#include "core/campaign/PairedStats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

#include "core/Error.h"
#include "core/SeededRandom.h"

namespace faultlens {

std::string formatInterval(const Interval& interval, const char* format) {
  if (std::isnan(interval.low) || std::isnan(interval.high)) return "[unbounded]";
  char text[96];
  const std::string f = std::string("[") + format + ", " + format + "]";
  std::snprintf(text, sizeof text, f.c_str(), interval.low, interval.high);
  return text;
}
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Two-sided bootstrap p-value of "no difference": twice the smaller share of replicates
/// on either side of 0, with one added to both counts so it is never 0.
double bootstrapP(const std::vector<double>& replicates) {
  std::int64_t below = 0, above = 0;
  for (double r : replicates) {
    below += r <= 0.0;
    above += r >= 0.0;
  }
  const double n = static_cast<double>(replicates.size());
  return std::min(1.0, (2.0 * static_cast<double>(std::min(below, above)) + 1.0) / (n + 1.0));
}

double ratio(double baseline, double guided) { return improvementFactor(baseline, guided); }

/// Every (model, layer) of a campaign as a column over injection numbers.
struct Columns {
  std::int64_t injections = 0;                           ///< injection numbers 0 .. injections − 1
  std::vector<std::pair<int, int>> cells;                ///< (model, layer), ascending
  std::map<std::pair<int, int>, std::size_t> cellIndex;  ///< (model, layer) → column
  std::vector<double> loss;           ///< [injection × cells]: finite ΔLoss or NaN (missing, excluded)
  std::vector<signed char> mismatch;  ///< [injection × cells]: 1, 0, or −1 (missing)

  double lossAt(std::int64_t i, std::size_t c) const { return loss[static_cast<std::size_t>(i) * cells.size() + c]; }
  signed char mismatchAt(std::int64_t i, std::size_t c) const {
    return mismatch[static_cast<std::size_t>(i) * cells.size() + c];
  }
};

Columns makeColumns(const std::vector<const std::vector<InjectionOutcome>*>& models, bool absolute) {
  Columns col;
  std::set<std::pair<int, int>> cells;
  for (std::size_t m = 0; m < models.size(); ++m)
    for (const auto& o : *models[m]) {
      if (o.injection < 0) throw Error("paired comparison: negative injection number");
      cells.insert({static_cast<int>(m), o.layer});
      col.injections = std::max(col.injections, o.injection + 1);
    }
  col.cells.assign(cells.begin(), cells.end());
  for (std::size_t c = 0; c < col.cells.size(); ++c) col.cellIndex[col.cells[c]] = c;
  const std::size_t size = static_cast<std::size_t>(col.injections) * col.cells.size();
  col.loss.assign(size, kNaN);
  col.mismatch.assign(size, -1);
  for (std::size_t m = 0; m < models.size(); ++m)
    for (const auto& o : *models[m]) {
      const std::size_t at =
          static_cast<std::size_t>(o.injection) * col.cells.size() + col.cellIndex.at({static_cast<int>(m), o.layer});
      const double d = deltaLoss(o, absolute);
      col.loss[at] = std::isfinite(d) ? d : kNaN;
      col.mismatch[at] = o.mismatch() ? 1 : 0;
    }
  return col;
}

/// Per column totals over a multiset of injection numbers.
struct Totals {
  std::vector<double> lossSum;
  std::vector<std::int64_t> losses, mismatches, injections;
  explicit Totals(std::size_t cells)
      : lossSum(cells, 0.0), losses(cells, 0), mismatches(cells, 0), injections(cells, 0) {}
  void add(const Columns& col, std::int64_t i) {
    for (std::size_t c = 0; c < col.cells.size(); ++c) {
      const double v = col.lossAt(i, c);
      if (!std::isnan(v)) {
        lossSum[c] += v;
        ++losses[c];
      }
      const signed char m = col.mismatchAt(i, c);
      if (m >= 0) {
        mismatches[c] += m;
        ++injections[c];
      }
    }
  }
  // As the summary defines them: a layer without finite values has mean 0.
  double meanLoss(std::size_t c) const { return losses[c] ? lossSum[c] / static_cast<double>(losses[c]) : 0.0; }
  double rate(std::size_t c) const {
    return injections[c] ? static_cast<double>(mismatches[c]) / static_cast<double>(injections[c]) : 0.0;
  }
  /// A model's network values: means over its layers (in layer order, as the summary sums).
  std::pair<double, double> network(const Columns& col, int model) const {
    double loss = 0.0, rate = 0.0;
    int layers = 0;
    for (std::size_t c = 0; c < col.cells.size(); ++c)
      if (col.cells[c].first == model) {
        loss += meanLoss(c);
        rate += this->rate(c);
        ++layers;
      }
    return layers ? std::make_pair(loss / layers, rate / layers) : std::make_pair(0.0, 0.0);
  }
};

std::string nameOf(const std::vector<std::vector<std::string>>& names, int model, int layer) {
  if (model < static_cast<int>(names.size()) && layer >= 0 && layer < static_cast<int>(names[model].size()))
    return names[model][layer];
  return "#" + std::to_string(layer);
}

/// The exact per-pair statistics of one layer pair (everything but the factor's interval).
PairedLayerComparison compareLayer(const Columns& col, std::size_t a, std::size_t b, const Totals& all) {
  PairedLayerComparison out;
  std::int64_t neither = 0;
  double diffSum = 0.0;
  std::vector<double> diffs;
  for (std::int64_t i = 0; i < col.injections; ++i) {
    const signed char x = col.mismatchAt(i, a), y = col.mismatchAt(i, b);
    if (x < 0 || y < 0) continue;
    ++out.pairs;
    if (x && y) ++out.bothMismatch;
    else if (x) ++out.baselineOnly;
    else if (y) ++out.guidedOnly;
    else ++neither;
    const double u = col.lossAt(i, a), v = col.lossAt(i, b);
    if (std::isnan(u) || std::isnan(v)) continue;
    diffs.push_back(u - v);
    diffSum += u - v;
  }
  if (out.pairs > 0) {
    out.mismatchDifference = static_cast<double>(out.baselineOnly - out.guidedOnly) / static_cast<double>(out.pairs);
    out.mismatchDifferenceInterval =
        newcombePairedInterval(out.bothMismatch, out.baselineOnly, out.guidedOnly, neither);
  }
  out.mcnemarP = mcnemarExactP(out.baselineOnly, out.guidedOnly);
  out.lossPairs = static_cast<std::int64_t>(diffs.size());
  if (!diffs.empty()) {
    const double mean = diffSum / static_cast<double>(diffs.size());
    double squares = 0.0;
    for (double d : diffs) squares += (d - mean) * (d - mean);
    const double sd = diffs.size() > 1 ? std::sqrt(squares / static_cast<double>(diffs.size() - 1)) : 0.0;
    out.deltaLossDifference = mean;
    out.deltaLossDifferenceInterval = normalInterval(mean, sd, out.lossPairs);
    const double se = sd / std::sqrt(static_cast<double>(diffs.size()));
    out.deltaLossP = se > 0.0 ? normalTwoSidedP(mean / se) : (mean == 0.0 ? 1.0 : 0.0);
  }
  out.factor = ratio(all.meanLoss(a), all.meanLoss(b));
  return out;
}

}  // namespace

Interval newcombePairedInterval(std::int64_t both, std::int64_t firstOnly, std::int64_t secondOnly,
                                std::int64_t neither, double z) {
  if (both < 0 || firstOnly < 0 || secondOnly < 0 || neither < 0) throw Error("paired table counts must be >= 0");
  const std::int64_t n = both + firstOnly + secondOnly + neither;
  if (n == 0) throw Error("paired interval needs at least one pair");
  const double nn = static_cast<double>(n);
  const double p1 = static_cast<double>(both + firstOnly) / nn, p2 = static_cast<double>(both + secondOnly) / nn;
  const Interval w1 = wilsonInterval(both + firstOnly, n, z), w2 = wilsonInterval(both + secondOnly, n, z);
  // The correlation of the pairs, corrected towards 0 as Newcombe does (a positive
  // cross-product difference loses n/2).
  double phi = 0.0;
  const double rows1 = static_cast<double>(both + firstOnly), rows2 = static_cast<double>(secondOnly + neither);
  const double cols1 = static_cast<double>(both + secondOnly), cols2 = static_cast<double>(firstOnly + neither);
  if (rows1 > 0 && rows2 > 0 && cols1 > 0 && cols2 > 0) {
    const double cross = static_cast<double>(both) * static_cast<double>(neither) -
                         static_cast<double>(firstOnly) * static_cast<double>(secondOnly);
    const double scale = std::sqrt(rows1 * rows2 * cols1 * cols2);
    if (cross > nn / 2) phi = (cross - nn / 2) / scale;
    else if (cross < 0) phi = cross / scale;
  }
  const double d = p1 - p2;
  const double lowArm =
      (p1 - w1.low) * (p1 - w1.low) + (w2.high - p2) * (w2.high - p2) - 2 * phi * (p1 - w1.low) * (w2.high - p2);
  const double highArm =
      (p2 - w2.low) * (p2 - w2.low) + (w1.high - p1) * (w1.high - p1) - 2 * phi * (p2 - w2.low) * (w1.high - p1);
  return {d - std::sqrt(std::max(0.0, lowArm)), d + std::sqrt(std::max(0.0, highArm))};
}

double mcnemarExactP(std::int64_t firstOnly, std::int64_t secondOnly) {
  if (firstOnly < 0 || secondOnly < 0) throw Error("McNemar counts must be >= 0");
  const std::int64_t m = firstOnly + secondOnly, k = std::min(firstOnly, secondOnly);
  if (m == 0) return 1.0;
  // Σ_{j ≤ k} C(m, j) / 2^m in log space (m can be thousands).
  const double logHalf = static_cast<double>(m) * std::log(0.5);
  double tail = 0.0;
  for (std::int64_t j = 0; j <= k; ++j)
    tail += std::exp(std::lgamma(static_cast<double>(m) + 1) - std::lgamma(static_cast<double>(j) + 1) -
                     std::lgamma(static_cast<double>(m - j) + 1) + logHalf);
  return std::min(1.0, 2.0 * tail);
}

double normalTwoSidedP(double zStatistic) { return std::erfc(std::fabs(zStatistic) / std::sqrt(2.0)); }

PairedComparison comparePaired(const std::vector<InjectionOutcome>& baseline,
                               const std::vector<InjectionOutcome>& guided,
                               const std::vector<std::pair<int, int>>& pairs,
                               const std::vector<std::vector<std::string>>& names, const PairedOptions& options) {
  if (options.resamples < 100) throw Error("paired comparison needs at least 100 resamples");
  const Columns col = makeColumns({&baseline, &guided}, options.absoluteDeltaLoss);
  Totals all(col.cells.size());
  for (std::int64_t i = 0; i < col.injections; ++i) all.add(col, i);

  PairedComparison out;
  out.resamples = options.resamples;
  out.seed = options.seed;
  // The layer pairs to compare: the corresponding ones, and the two last layers (by role).
  std::vector<std::pair<std::size_t, std::size_t>> columns;
  for (const auto& [a, b] : pairs) {
    const auto x = col.cellIndex.find({0, a}), y = col.cellIndex.find({1, b});
    if (x == col.cellIndex.end() || y == col.cellIndex.end()) continue;
    columns.emplace_back(x->second, y->second);
    PairedLayerComparison p = compareLayer(col, x->second, y->second, all);
    p.baselineLayer = a;
    p.guidedLayer = b;
    p.baselineName = nameOf(names, 0, a);
    p.guidedName = nameOf(names, 1, b);
    out.layers.push_back(std::move(p));
  }
  std::optional<std::pair<std::size_t, std::size_t>> last;
  int lastA = -1, lastB = -1;
  for (const auto& [model, layer] : col.cells)
    (model == 0 ? lastA : lastB) = std::max(model == 0 ? lastA : lastB, layer);
  if (lastA >= 0 && lastB >= 0) {
    last = std::make_pair(col.cellIndex.at({0, lastA}), col.cellIndex.at({1, lastB}));
    PairedLayerComparison p = compareLayer(col, last->first, last->second, all);
    p.baselineLayer = lastA;
    p.guidedLayer = lastB;
    p.baselineName = nameOf(names, 0, lastA);
    p.guidedName = nameOf(names, 1, lastB);
    out.lastLayer = std::move(p);
  }
  const auto [lossA, rateA] = all.network(col, 0);
  const auto [lossB, rateB] = all.network(col, 1);
  out.network.mismatchDifference = rateA - rateB;
  out.network.deltaLossDifference = lossA - lossB;
  out.network.factor = ratio(lossA, lossB);

  // The bootstrap: injection numbers drawn with replacement, the same draw for every layer
  // of both models, so the pairing between the models and the correlation between the
  // layers (batch k of every layer shares its images) are both kept.
  SeededRandom random(options.seed ^ 0x7061697265645F62ull);
  const auto reps = static_cast<std::size_t>(options.resamples);
  std::vector<std::vector<double>> layerFactors(out.layers.size(), std::vector<double>(reps));
  std::vector<double> lastFactors(reps), netFactors(reps), netRates(reps), netLosses(reps);
  for (std::size_t r = 0; r < reps && col.injections > 0; ++r) {
    Totals t(col.cells.size());
    for (std::int64_t k = 0; k < col.injections; ++k)
      t.add(col, static_cast<std::int64_t>(random.below(static_cast<std::uint64_t>(col.injections))));
    for (std::size_t p = 0; p < columns.size(); ++p)
      layerFactors[p][r] = ratio(t.meanLoss(columns[p].first), t.meanLoss(columns[p].second));
    if (last) lastFactors[r] = ratio(t.meanLoss(last->first), t.meanLoss(last->second));
    const auto [la, ra] = t.network(col, 0);
    const auto [lb, rb] = t.network(col, 1);
    netFactors[r] = ratio(la, lb);
    netRates[r] = ra - rb;
    netLosses[r] = la - lb;
  }
  if (col.injections == 0) {  // nothing recorded yet: no interval, rather than a [0, 0] one
    const Interval none{kNaN, kNaN};
    out.network.factorInterval = out.network.mismatchDifferenceInterval = none;
    out.network.deltaLossDifferenceInterval = none;
    return out;
  }
  for (std::size_t p = 0; p < out.layers.size(); ++p)
    out.layers[p].factorInterval = percentileInterval(layerFactors[p]);
  if (out.lastLayer) out.lastLayer->factorInterval = percentileInterval(lastFactors);
  out.network.factorInterval = percentileInterval(netFactors);
  out.network.mismatchDifferenceInterval = percentileInterval(netRates);
  out.network.mismatchP = bootstrapP(netRates);
  out.network.deltaLossDifferenceInterval = percentileInterval(netLosses);
  out.network.deltaLossP = bootstrapP(netLosses);
  return out;
}

}  // namespace faultlens
