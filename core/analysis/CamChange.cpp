#include "core/analysis/CamChange.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/SeededRandom.h"
#include "core/analysis/CamImage.h"

namespace faultlens {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::size_t nonFinite(const std::vector<float>& map) {
  return static_cast<std::size_t>(std::count_if(map.begin(), map.end(), [](float v) { return !std::isfinite(v); }));
}

/// Pixels in the hot region (see compareCamMaps); empty when the map has no positive pixel.
std::vector<bool> hotRegion(const std::vector<float>& map, double topFraction) {
  std::vector<float> positive;
  for (float v : map)
    if (v > 0) positive.push_back(v);
  std::vector<bool> region(map.size(), false);
  if (positive.empty()) return region;
  const auto wanted = static_cast<std::size_t>(std::ceil(topFraction * static_cast<double>(map.size())));
  const std::size_t rank = std::min(std::max<std::size_t>(wanted, 1), positive.size());
  std::nth_element(positive.begin(), positive.begin() + static_cast<std::ptrdiff_t>(rank - 1), positive.end(),
                   std::greater<float>());
  const float cutoff = positive[rank - 1];
  for (std::size_t i = 0; i < map.size(); ++i) region[i] = map[i] > 0 && map[i] >= cutoff;
  return region;
}

double pearson(const std::vector<float>& a, const std::vector<float>& b) {
  const double n = static_cast<double>(a.size());
  double meanA = 0, meanB = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    meanA += a[i];
    meanB += b[i];
  }
  meanA /= n;
  meanB /= n;
  double cov = 0, varA = 0, varB = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double da = a[i] - meanA, db = b[i] - meanB;
    cov += da * db;
    varA += da * da;
    varB += db * db;
  }
  if (varA <= 0 || varB <= 0) return kNaN;
  return std::clamp(cov / std::sqrt(varA * varB), -1.0, 1.0);
}

/// (x, y) of the centre of mass in pixel units; NaN when the map's mass is zero.
std::pair<double, double> centreOfMass(const std::vector<float>& map, int width) {
  double mass = 0, x = 0, y = 0;
  for (std::size_t i = 0; i < map.size(); ++i) {
    const double v = map[i];
    mass += v;
    x += v * (static_cast<double>(i % width) + 0.5);
    y += v * (static_cast<double>(i / width) + 0.5);
  }
  if (mass <= 0) return {kNaN, kNaN};
  return {x / mass, y / mass};
}

void addReason(std::string& reasons, const std::string& reason) { reasons += (reasons.empty() ? "" : "; ") + reason; }

}  // namespace

CamChange compareCamMaps(const std::vector<float>& clean, const std::vector<float>& faulty, int width, int height,
                         double topFraction) {
  const auto pixels = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
  if (width <= 0 || height <= 0 || clean.size() != pixels || faulty.size() != pixels)
    throw std::invalid_argument("compareCamMaps: both maps must have width × height pixels");
  CamChange change;
  const std::size_t badClean = nonFinite(clean), badFaulty = nonFinite(faulty);
  change.cleanNonFinitePixels = badClean;
  change.faultyNonFinitePixels = badFaulty;
  if (badClean || badFaulty) {
    change.pearson = change.topRegionIoU = change.centreShift = kNaN;
    if (badClean) addReason(change.undefined, "the clean map has " + std::to_string(badClean) + " non-finite pixels");
    if (badFaulty)
      addReason(change.undefined, "the faulty map has " + std::to_string(badFaulty) + " non-finite pixels");
    return change;
  }
  change.pearson = pearson(clean, faulty);
  change.flatMap = std::isnan(change.pearson);
  if (change.flatMap) addReason(change.undefined, "a flat map has no correlation");

  const auto a = hotRegion(clean, topFraction), b = hotRegion(faulty, topFraction);
  std::size_t both = 0, either = 0;
  for (std::size_t i = 0; i < pixels; ++i) {
    both += a[i] && b[i];
    either += a[i] || b[i];
  }
  change.topRegionIoU = either ? static_cast<double>(both) / static_cast<double>(either) : kNaN;

  const auto [cx, cy] = centreOfMass(clean, width);
  const auto [fx, fy] = centreOfMass(faulty, width);
  change.centreShift = std::hypot(fx - cx, fy - cy);  // NaN when either mass is zero
  change.zeroMap = std::isnan(change.centreShift);
  if (change.zeroMap) addReason(change.undefined, "a map that is zero everywhere has no hot region or centre");
  return change;
}

CamChange compareCams(const AblationCam& clean, const AblationCam& faulty, int width, int height) {
  return compareCamMaps(upsampledCam(clean, width, height).map, upsampledCam(faulty, width, height).map, width, height);
}

CamChangeDistribution distributionOf(const std::vector<double>& values) {
  CamChangeDistribution d;
  std::vector<double> sorted;
  for (double v : values)
    if (std::isnan(v)) ++d.undefined;
    else sorted.push_back(v);
  d.defined = sorted.size();
  if (sorted.empty()) {
    d.mean = d.min = d.lowerQuartile = d.median = d.upperQuartile = d.max = kNaN;
    d.meanInterval = {kNaN, kNaN};
    return d;
  }
  std::sort(sorted.begin(), sorted.end());
  const auto quantile = [&](double q) {
    const double at = q * static_cast<double>(sorted.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(at));
    const std::size_t above = std::min(below + 1, sorted.size() - 1);
    return sorted[below] + (at - static_cast<double>(below)) * (sorted[above] - sorted[below]);
  };
  d.min = sorted.front();
  d.max = sorted.back();
  d.lowerQuartile = quantile(0.25);
  d.median = quantile(0.5);
  d.upperQuartile = quantile(0.75);
  double sum = 0;
  for (double v : sorted) sum += v;
  d.mean = sum / static_cast<double>(sorted.size());
  // Percentile bootstrap of the mean: the metrics are bounded and skewed (most maps barely
  // move, a few move a lot), where mean ± z·s/√n would reach past r = 1 or below IoU = 0.
  SeededRandom random(kCamBootstrapSeed);
  std::vector<double> means(kCamBootstrapResamples);
  for (double& m : means) {
    double resampled = 0;
    for (std::size_t k = 0; k < sorted.size(); ++k) resampled += sorted[random.below(sorted.size())];
    m = resampled / static_cast<double>(sorted.size());
  }
  d.meanInterval = percentileInterval(std::move(means), 0.99);
  return d;
}

}  // namespace faultlens
