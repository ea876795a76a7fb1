#pragma once
// Which inputs a campaign's faults hurt most: per image, the injections that hit it and
// how many of them changed the prediction, set against the image's clean Top2Diff (the
// paper argues that a larger clean margin means more resilience; the rank correlation
// tests that on the user's own models and data). Torch-free.
#include <cstdint>
#include <string>
#include <vector>

#include "core/campaign/CampaignStats.h"

namespace faultlens {

struct ImageFragility {
  std::int64_t image = 0;  ///< data-set index
  std::int64_t injections = 0, mismatches = 0;
  double cleanTop2Diff = 0.0;  ///< percentage points; NaN when not known
  double mismatchRate() const { return injections ? double(mismatches) / double(injections) : 0.0; }
};

/// One entry per image the outcomes hit (all layers together), ascending by image. The
/// clean Top2Diff comes from the records; for records of earlier versions (NaN) from
/// `top2Diffs[i - top2DiffBegin]` where in range, else it stays NaN.
std::vector<ImageFragility> imageFragility(const std::vector<InjectionOutcome>& outcomes,
                                           const std::vector<double>& top2Diffs = {}, std::int64_t top2DiffBegin = 0);

/// The images ordered most fragile first: by mismatch rate, then by injections (more
/// evidence first), then by image index.
std::vector<ImageFragility> rankByFragility(std::vector<ImageFragility> images);

/// Spearman's rank correlation of x and y (ties get their average rank); pairs with a
/// non-finite member are left out. NaN with fewer than 3 pairs or when either side is
/// constant.
double spearmanCorrelation(const std::vector<double>& x, const std::vector<double>& y);

/// Spearman's correlation between the images' mismatch rates and clean Top2Diffs (images
/// with a known Top2Diff only). Negative: a larger clean margin, fewer mismatches.
double fragilityTop2DiffCorrelation(const std::vector<ImageFragility>& images);

/// An approximate interval for Spearman's ρ over n pairs: Fisher's z = atanh(ρ) ± z·σ
/// with σ² = 1.06 / (n − 3) (Fieller, Hartley and Pearson, Biometrika 1957), mapped back
/// with tanh. NaN ends when ρ is NaN or n < 4.
Interval spearmanInterval(double rho, std::size_t n, double z = kZ99);

/// fragilityTop2DiffCorrelation with its 99 % interval and the images it counts.
struct FragilityCorrelation {
  double rho = 0.0;
  Interval interval;
  std::size_t images = 0;
};
FragilityCorrelation fragilityCorrelation(const std::vector<ImageFragility>& images);

/// What the two models' correlations say, in words for Table 1: a direction only where a
/// model's interval excludes 0, else that the data show no relation either way.
std::string fragilityReading(const FragilityCorrelation& baseline, const FragilityCorrelation& guided);

/// fragile_images_ranked.csv: per model (0, 1, …), its images most fragile first:
/// model,rank,image,injections,mismatches,mismatch_rate,clean_top2diff.
std::string fragileImagesCsv(const std::vector<std::vector<ImageFragility>>& perModel);

}  // namespace faultlens
