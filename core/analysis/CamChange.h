#pragma once
// How far a faulty Ablation-CAM moved from the clean one, in three numbers a reader can
// check by eye: the pixels' Pearson correlation, the overlap (IoU) of the two maps'
// hottest regions and the distance between their centres of mass. Computed at the input
// resolution, on the bilinearly upsampled maps the views show (docs/architecture.md,
// "CAM change metrics").
#include <cstdint>
#include <string>
#include <vector>

#include "core/analysis/AblationCam.h"
#include "core/campaign/CampaignStats.h"

namespace faultlens {

/// The share of pixels that makes a map's hot region.
inline constexpr double kCamTopFraction = 0.2;

struct CamChange {
  double pearson = 0.0;       ///< correlation of the two maps' pixel values, −1…1
  double topRegionIoU = 0.0;  ///< |A ∩ B| / |A ∪ B| of the hot regions, 0…1
  double centreShift = 0.0;   ///< distance between the centres of mass, in pixels
  /// Why undefined metrics are NaN, as facts (a user interface words them in its own
  /// language) and as one English sentence, empty when all three are defined.
  std::size_t cleanNonFinitePixels = 0, faultyNonFinitePixels = 0;
  bool flatMap = false;  ///< a map with one value everywhere: no correlation
  bool zeroMap = false;  ///< a map that is zero everywhere: no hot region or centre
  std::string undefined;
};

/// Compares two maps of width × height pixels, row-major. The hot region of a map is its
/// pixels with a value > 0 and at least the value of its ⌈topFraction · pixels⌉-th largest
/// pixel (ties included, so the region does not depend on pixel order). The centre of mass
/// weighs each pixel centre (x + 0.5, y + 0.5) by its value (maps are ReLU'd, ≥ 0).
CamChange compareCamMaps(const std::vector<float>& clean, const std::vector<float>& faulty, int width, int height,
                         double topFraction = kCamTopFraction);

/// compareCamMaps on both maps upsampled to width × height (the model's input size).
CamChange compareCams(const AblationCam& clean, const AblationCam& faulty, int width, int height);

/// Resamples and seed of the bootstrap behind CamChangeDistribution::meanInterval: fixed,
/// so a report is the same on every run and machine.
inline constexpr int kCamBootstrapResamples = 4000;
inline constexpr std::uint64_t kCamBootstrapSeed = 20201;

/// One change metric over many images: how it is distributed, and the mean with a 99 %
/// percentile-bootstrap interval (the campaigns' level; the bootstrap stays inside the
/// metric's range). NaN values (undefined comparisons: non-finite
/// or all-zero maps) are counted apart, not folded in: they are the worst cases, which an
/// average would hide.
struct CamChangeDistribution {
  std::size_t defined = 0, undefined = 0;
  double mean = 0.0, min = 0.0, lowerQuartile = 0.0, median = 0.0, upperQuartile = 0.0, max = 0.0;
  Interval meanInterval;
};

/// Quartiles by linear interpolation between order statistics (numpy's default).
CamChangeDistribution distributionOf(const std::vector<double>& values);

}  // namespace faultlens
