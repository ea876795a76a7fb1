#include "core/campaign/AdaptiveStopping.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace faultlens {
namespace {

std::vector<std::int64_t> checkpointsEvery(std::int64_t step, std::int64_t max) {
  std::vector<std::int64_t> out;
  if (step > 0)
    for (std::int64_t c = step; c < max; c += step) out.push_back(c);
  out.push_back(max);
  return out;
}

void sortByInjection(std::vector<InjectionOutcome>& outcomes) {
  std::sort(outcomes.begin(), outcomes.end(),
            [](const InjectionOutcome& a, const InjectionOutcome& b) { return a.injection < b.injection; });
}

/// Injections 0 … count−1 all recorded: with unique injection numbers sorted ascending,
/// that holds exactly when the count-th outcome is injection count − 1.
bool recordedBelow(const std::vector<InjectionOutcome>& sorted, std::int64_t count) {
  return static_cast<std::int64_t>(sorted.size()) >= count && sorted[count - 1].injection == count - 1;
}

/// Per model, each layer's outcomes sorted by injection: what the rule and the narrowing read.
using SortedByLayer = std::vector<std::map<int, std::vector<InjectionOutcome>>>;

SortedByLayer sortedByLayer(const std::vector<std::vector<InjectionOutcome>>& outcomes) {
  SortedByLayer byLayer(outcomes.size());
  for (std::size_t m = 0; m < outcomes.size(); ++m)
    for (const auto& o : outcomes[m]) byLayer[m][o.layer].push_back(o);
  for (auto& layers : byLayer)
    for (auto& [layer, list] : layers) sortByInjection(list);
  return byLayer;
}

/// The half-width at every checkpoint of `checkpoints` that `sorted` reaches without a gap.
std::vector<std::pair<std::int64_t, double>> halfWidths(const std::vector<InjectionOutcome>& sorted,
                                                        const std::vector<std::int64_t>& checkpoints,
                                                        const CampaignConfig& config) {
  std::vector<std::pair<std::int64_t, double>> out;
  const bool absolute = config.protocol == Protocol::Paper;
  for (const std::int64_t c : checkpoints) {
    if (!recordedBelow(sorted, c)) break;
    out.emplace_back(c, stoppingHalfWidth(sorted, static_cast<std::size_t>(c), config.stopping.metric, absolute));
  }
  return out;
}

StopPoints stopPointsOf(const SortedByLayer& byLayer, const std::vector<std::pair<int, int>>& pairs,
                        const CampaignConfig& config);

}  // namespace

std::string stoppingRuleProblem(const CampaignConfig& config) {
  const StoppingRule& rule = config.stopping;
  if (!rule.enabled()) return {};
  if (!std::isfinite(rule.halfWidth)) return "the stopping half-width must be a finite positive number";
  if (rule.step < 1) return "the stopping rule's step must be at least 1 injection";
  if ((config.injectionsPerLayer + rule.step - 1) / rule.step > kMaxStopChecks)
    return "checking every " + std::to_string(rule.step) + " of " + std::to_string(config.injectionsPerLayer) +
           " injections makes more than " + std::to_string(kMaxStopChecks) + " checks per layer; use a larger step";
  return {};
}

std::vector<std::int64_t> interleavedCheckpoints(const CampaignConfig& config) {
  // Whole batches per round (a batch is cut nowhere), about kInterleavedRounds rounds.
  const std::int64_t batch = std::max<std::int64_t>(1, config.batchSize);
  const std::int64_t perRound = (config.injectionsPerLayer + kInterleavedRounds - 1) / kInterleavedRounds;
  return checkpointsEvery((perRound + batch - 1) / batch * batch, config.injectionsPerLayer);
}

std::vector<std::int64_t> stopCheckpoints(const CampaignConfig& config) {
  return checkpointsEvery(config.stopping.enabled() ? config.stopping.step : 0, config.injectionsPerLayer);
}

double stoppingHalfWidth(const std::vector<InjectionOutcome>& sorted, std::size_t count, StopMetric metric,
                         bool absoluteDeltaLoss) {
  count = std::min(count, sorted.size());
  constexpr double kInf = std::numeric_limits<double>::infinity();
  if (count == 0) return kInf;
  if (metric == StopMetric::MismatchRate) {
    std::int64_t mismatches = 0;
    for (std::size_t i = 0; i < count; ++i) mismatches += sorted[i].mismatch();
    const Interval w = wilsonInterval(mismatches, static_cast<std::int64_t>(count));
    return (w.high - w.low) / 2.0;
  }
  // Two passes in injection order, as the summary computes its mean.
  double sum = 0.0;
  std::int64_t n = 0;
  for (std::size_t i = 0; i < count; ++i)
    if (const double d = deltaLoss(sorted[i], absoluteDeltaLoss); std::isfinite(d)) sum += d, ++n;
  if (n < 2) return kInf;
  const double mean = sum / static_cast<double>(n);
  double squares = 0.0;
  for (std::size_t i = 0; i < count; ++i)
    if (const double d = deltaLoss(sorted[i], absoluteDeltaLoss); std::isfinite(d)) squares += (d - mean) * (d - mean);
  const Interval i = normalInterval(mean, std::sqrt(squares / static_cast<double>(n - 1)), n);
  const double half = (i.high - i.low) / 2.0;
  if (half == 0.0) return 0.0;
  return mean == 0.0 ? kInf : half / std::fabs(mean);
}

StopPoints findStopPoints(const std::vector<std::vector<InjectionOutcome>>& outcomes,
                          const std::vector<std::pair<int, int>>& pairs, const CampaignConfig& config) {
  return stopPointsOf(sortedByLayer(outcomes), pairs, config);
}

namespace {

StopPoints stopPointsOf(const SortedByLayer& byLayer, const std::vector<std::pair<int, int>>& pairs,
                        const CampaignConfig& config) {
  // The units that stop together: corresponding layers that both ran, then every other layer alone.
  using Member = std::pair<std::size_t, int>;
  std::vector<std::vector<Member>> units;
  std::set<Member> placed;
  if (byLayer.size() == 2)
    for (const auto& [a, b] : pairs)
      if (byLayer[0].count(a) && byLayer[1].count(b) && !placed.count({0, a}) && !placed.count({1, b})) {
        units.push_back({{0, a}, {1, b}});
        placed.insert({0, a});
        placed.insert({1, b});
      }
  for (std::size_t m = 0; m < byLayer.size(); ++m)
    for (const auto& entry : byLayer[m])
      if (!placed.count({m, entry.first})) units.push_back({{m, entry.first}});

  const auto checkpoints = stopCheckpoints(config);
  const StoppingRule& rule = config.stopping;
  const bool absolute = config.protocol == Protocol::Paper;
  StopPoints out(byLayer.size());
  for (const auto& unit : units) {
    LayerStop stop;
    for (const std::int64_t c : checkpoints) {
      bool complete = true, narrow = true;
      for (const auto& [m, layer] : unit) {
        const auto& sorted = byLayer[m].at(layer);
        if (!recordedBelow(sorted, c)) complete = false;
        else if (narrow && rule.enabled())
          narrow = stoppingHalfWidth(sorted, static_cast<std::size_t>(c), rule.metric, absolute) <= rule.halfWidth;
      }
      if (!complete) break;
      stop.injections = c;
      if ((rule.enabled() && narrow) || c == checkpoints.back()) {
        stop.decided = true;
        break;
      }
    }
    for (const auto& [m, layer] : unit) out[m][layer] = stop;
  }
  return out;
}

}  // namespace

void dropPastStopPoints(std::vector<std::vector<InjectionOutcome>>& outcomes, const StopPoints& stops) {
  for (std::size_t m = 0; m < outcomes.size() && m < stops.size(); ++m) {
    const auto& layerStops = stops[m];
    auto& list = outcomes[m];
    list.erase(std::remove_if(list.begin(), list.end(),
                              [&](const InjectionOutcome& o) {
                                const auto it = layerStops.find(o.layer);
                                return it != layerStops.end() && it->second.decided &&
                                       o.injection >= it->second.injections;
                              }),
               list.end());
  }
}

std::vector<NarrowingCurve> narrowingCurves(const std::vector<std::vector<InjectionOutcome>>& outcomes,
                                            const std::vector<std::pair<int, int>>& pairs,
                                            const CampaignConfig& config) {
  const std::int64_t step = config.stopping.enabled()
                                ? config.stopping.step
                                : std::max<std::int64_t>(config.batchSize, (config.injectionsPerLayer + 31) / 32);
  const auto checkpoints = checkpointsEvery(step, config.injectionsPerLayer);
  // One grouping and sort serves the stop points and every curve.
  const SortedByLayer byLayer = sortedByLayer(outcomes);
  const StopPoints stops = stopPointsOf(byLayer, pairs, config);
  std::vector<NarrowingCurve> out;
  for (std::size_t m = 0; m < byLayer.size(); ++m)
    for (const auto& [layer, sorted] : byLayer[m]) {
      NarrowingCurve curve;
      curve.model = m;
      curve.layer = layer;
      curve.points = halfWidths(sorted, checkpoints, config);
      curve.stop = stops[m].at(layer);
      out.push_back(std::move(curve));
    }
  return out;
}

}  // namespace faultlens
