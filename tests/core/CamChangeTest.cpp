// The CAM change metrics on hand-made maps whose answers follow from the definitions.
#include <gtest/gtest.h>

#include <cmath>

#include "core/analysis/CamChange.h"

namespace faultlens {
namespace {

std::vector<float> pointAt(int width, int height, int x, int y, float value = 1.0f) {
  std::vector<float> map(static_cast<std::size_t>(width * height), 0.0f);
  map[static_cast<std::size_t>(y * width + x)] = value;
  return map;
}

// Sums of a few small integers and one square root: exact to double rounding.
constexpr double kExact = 1e-12;

TEST(CamChange, IdenticalMapsDidNotMove) {
  std::vector<float> map{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  const CamChange c = compareCamMaps(map, map, 5, 2);
  EXPECT_NEAR(c.pearson, 1.0, kExact);
  EXPECT_DOUBLE_EQ(c.topRegionIoU, 1.0);
  EXPECT_DOUBLE_EQ(c.centreShift, 0.0);
  EXPECT_TRUE(c.undefined.empty());
}

TEST(CamChange, AMovedPointShiftsTheCentreByItsDistanceAndLeavesNoOverlap) {
  // 10 × 5 map, one hot pixel moved from (2, 1) to (5, 4): distance √(3² + 3²).
  const CamChange c = compareCamMaps(pointAt(10, 5, 2, 1), pointAt(10, 5, 5, 4), 10, 5);
  EXPECT_NEAR(c.centreShift, std::sqrt(18.0), kExact);
  EXPECT_DOUBLE_EQ(c.topRegionIoU, 0.0);
  // Two disjoint indicators of one pixel among N = 50: r = −1 / (N − 1).
  EXPECT_NEAR(c.pearson, -1.0 / 49.0, kExact);
}

TEST(CamChange, ReversedRampIsPerfectlyAntiCorrelated) {
  std::vector<float> up{1, 2, 3, 4, 5, 6}, down{6, 5, 4, 3, 2, 1};
  const CamChange c = compareCamMaps(up, down, 6, 1);
  EXPECT_NEAR(c.pearson, -1.0, kExact);
  // Hot regions: the top ⌈0.2 · 6⌉ = 2 pixels, {5, 6} at the two ends.
  EXPECT_DOUBLE_EQ(c.topRegionIoU, 0.0);
}

TEST(CamChange, HotRegionsIncludeTiesAndOnlyPositivePixels) {
  // Top ⌈0.2 · 10⌉ = 2 pixels, but four tie at the cut-off: all four are in the region.
  std::vector<float> clean{1, 1, 1, 1, 0, 0, 0, 0, 0, 0}, faulty{0, 0, 1, 1, 1, 1, 0, 0, 0, 0};
  EXPECT_DOUBLE_EQ(compareCamMaps(clean, faulty, 10, 1).topRegionIoU, 2.0 / 6.0);
  // One positive pixel: the region is that pixel alone, not two with an arbitrary zero.
  std::vector<float> single{0, 0, 0, 0, 0, 0, 0, 0, 0, 3};
  EXPECT_DOUBLE_EQ(compareCamMaps(single, single, 10, 1).topRegionIoU, 1.0);
}

TEST(CamChange, CentreOfMassWeighsPixelsByValue) {
  // Clean: one pixel at x = 0 (centre 0.5). Faulty: 1 at x = 0 and 3 at x = 4: centre
  // (1·0.5 + 3·4.5) / 4 = 3.5, a shift of 3.
  std::vector<float> clean{1, 0, 0, 0, 0}, faulty{1, 0, 0, 0, 3};
  EXPECT_NEAR(compareCamMaps(clean, faulty, 5, 1).centreShift, 3.0, kExact);
}

TEST(CamChange, UndefinedCasesAreNaNWithAReason) {
  std::vector<float> clean{0, 1, 2, 3}, nanMap{0, 1, NAN, 3}, zero{0, 0, 0, 0};
  const CamChange broken = compareCamMaps(clean, nanMap, 2, 2);
  EXPECT_TRUE(std::isnan(broken.pearson) && std::isnan(broken.topRegionIoU) && std::isnan(broken.centreShift));
  EXPECT_NE(broken.undefined.find("faulty map has 1 non-finite"), std::string::npos) << broken.undefined;
  const CamChange flat = compareCamMaps(clean, zero, 2, 2);
  EXPECT_TRUE(std::isnan(flat.pearson));
  EXPECT_DOUBLE_EQ(flat.topRegionIoU, 0.0);  // the clean region has no partner
  EXPECT_TRUE(std::isnan(flat.centreShift));
  EXPECT_FALSE(flat.undefined.empty());
  EXPECT_THROW(compareCamMaps(clean, {1, 2}, 2, 2), std::invalid_argument);
}

TEST(CamChange, ComparesCamsAtTheRequestedResolution) {
  // A 2 × 2 map with one hot corner against the opposite corner, upsampled to 8 × 8: the
  // bilinear maps are mirror images, so the centres lie symmetric about the middle.
  AblationCam a, b;
  a.height = a.width = b.height = b.width = 2;
  a.map = {1, 0, 0, 0};
  b.map = {0, 0, 0, 1};
  const CamChange c = compareCams(a, b, 8, 8);
  EXPECT_GT(c.centreShift, 1.0);
  EXPECT_LT(c.centreShift, 8.0 * std::sqrt(2.0));
  EXPECT_LT(c.pearson, 0.0);
  EXPECT_NEAR(compareCams(a, a, 8, 8).pearson, 1.0, kExact);
}

TEST(CamChange, DistributionCountsUndefinedApartAndInterpolatesQuartiles) {
  // Defined values 1, 2, 3, 4, 5: quartiles at positions 1, 2, 3 of 0..4 (numpy's
  // default), mean 3.
  const CamChangeDistribution d = distributionOf({5, NAN, 1, 4, 2, 3, NAN});
  EXPECT_EQ(d.defined, 5u);
  EXPECT_EQ(d.undefined, 2u);
  EXPECT_DOUBLE_EQ(d.min, 1.0);
  EXPECT_DOUBLE_EQ(d.lowerQuartile, 2.0);
  EXPECT_DOUBLE_EQ(d.median, 3.0);
  EXPECT_DOUBLE_EQ(d.upperQuartile, 4.0);
  EXPECT_DOUBLE_EQ(d.max, 5.0);
  EXPECT_DOUBLE_EQ(d.mean, 3.0);
  // The bootstrap interval of the mean lies inside the data's range and around the mean;
  // for n = 5 its 99 % ends sit near the normal ones, 3 ± 2.576 · √2 / √5 (population
  // sd, as a bootstrap resamples it): within 0.3 of them (resampling noise, 4000 draws).
  EXPECT_GE(d.meanInterval.low, 1.0);
  EXPECT_LE(d.meanInterval.high, 5.0);
  EXPECT_NEAR(d.meanInterval.low, 3.0 - kZ99 * std::sqrt(2.0 / 5.0), 0.3);
  EXPECT_NEAR(d.meanInterval.high, 3.0 + kZ99 * std::sqrt(2.0 / 5.0), 0.3);
  // Bounded data stay bounded: r values near 1 never give an interval past 1.
  const CamChangeDistribution r = distributionOf({1.0, 0.999, 0.998, 0.2, 1.0, 1.0});
  EXPECT_LE(r.meanInterval.high, 1.0);
  EXPECT_EQ(distributionOf({5, 1, 4, 2, 3}).meanInterval.low, d.meanInterval.low);  // fixed seed
  EXPECT_DOUBLE_EQ(distributionOf({1, 2}).median, 1.5);  // halfway between the order statistics
  EXPECT_TRUE(std::isnan(distributionOf({NAN}).mean));
}

}  // namespace
}  // namespace faultlens
