// Ablation-CAM against a closed form, the cut-and-resume method against the
// straightforward one, the guards for degenerate scores, and the rendering (colour order,
// NaN colour, shared scales).
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <algorithm>

#include <cmath>
#include <opencv2/imgproc.hpp>

#include "core/Error.h"
#include "core/model/Model.h"
#include "core/faults/WeightFaults.h"
#include "core/analysis/AblationCam.h"
#include "core/analysis/CamImage.h"
#include "tests/core/TestModels.h"

namespace faultlens {
namespace {

// For the reference net and class "up": A_0 = x, A_1 = 2x, m = mean(x), y = 3m + 0.5,
// y_0 = 2m + 0.5, y_1 = m + 0.5, so w_0 = m / y, w_1 = 2m / y and
// map = ReLU(w_0·x + w_1·2x) = ReLU(5m·x / y).
TEST(AblationCam, MatchesTheClosedFormOnAHandBuiltNetwork) {
  auto model = Model::load(test::writeCamReferenceNet(test::tempDir("cam")));
  at::Tensor image = at::arange(16, at::kFloat).view({1, 1, 4, 4}) / 8.0 - 0.5;  // has negative pixels
  const double m = image.mean().item<double>();
  const double y = 3 * m + 0.5;
  AblationCamOptions options;
  options.targetClass = 0;
  const AblationCam cam = computeAblationCam(*model, image, options);
  EXPECT_EQ(cam.target, "conv");
  EXPECT_NEAR(cam.score, y, 1e-6);
  ASSERT_EQ(cam.ablatedScores.size(), 2u);
  EXPECT_NEAR(cam.ablatedScores[0], 2 * m + 0.5, 1e-6);
  EXPECT_NEAR(cam.ablatedScores[1], m + 0.5, 1e-6);
  EXPECT_NEAR(cam.weights[0], m / y, 1e-6);
  EXPECT_NEAR(cam.weights[1], 2 * m / y, 1e-6);
  ASSERT_EQ(cam.map.size(), 16u);
  for (int i = 0; i < 16; ++i) {
    const double x = image.view({-1})[i].item<double>();
    EXPECT_NEAR(cam.map[i], std::max(0.0, 5 * m * x / y), 1e-6) << i;
  }
  EXPECT_FALSE(cam.unreliable());
  // Default class is the top-1 of this inference: "up" (y > 0 > -mean(2x) for m > 0).
  EXPECT_EQ(computeAblationCam(*model, image, {}).targetClass, 0);
}

TEST(AblationCam, FlagsAScoreNearZeroInsteadOfExploding) {
  auto model = Model::load(test::writeCamReferenceNet(test::tempDir("cam")));
  // m = -1/6 gives y = 3m + 0.5 = 0 for class "up".
  at::Tensor image = at::full({1, 1, 4, 4}, -1.0f / 6.0f);
  AblationCamOptions options;
  options.targetClass = 0;
  const AblationCam cam = computeAblationCam(*model, image, options);
  EXPECT_TRUE(cam.unreliable());
  EXPECT_FALSE(cam.warning().empty());
  EXPECT_EQ(cam.nonFinitePixels, cam.map.size());  // painted as NaN, never a huge number
}

TEST(AblationCam, ResumedAblationsEqualTheStraightforwardMethodUnderFaults) {
  auto model = Model::load(test::writeTinyConvNet(test::tempDir("cam")));
  at::Tensor image = at::randn({1, 1, 6, 6}, at::make_generator<at::CPUGeneratorImpl>(5));
  const std::vector<ActivationFault> faults{{0, 0, 7, 31}, {0, 0, 20, 31}, {0, 0, 40, 30}, {1, 0, 1, 22}};
  AblationCamOptions options;
  options.channelsPerBatch = 1;  // also exercises several resumed batches
  const AblationCam fast = computeAblationCam(*model, image, options, faults);
  const AblationCam slow = computeAblationCamNaive(*model, image, options, faults);
  EXPECT_EQ(fast.targetClass, slow.targetClass);
  ASSERT_EQ(fast.map.size(), slow.map.size());
  for (std::size_t i = 0; i < fast.map.size(); ++i) EXPECT_NEAR(fast.map[i], slow.map[i], 1e-5) << i;
  // The fault changed the map: compare with the clean one.
  const AblationCam clean = computeAblationCam(*model, image, options);
  double diff = 0;
  for (std::size_t i = 0; i < clean.map.size(); ++i) diff += std::abs(clean.map[i] - fast.map[i]);
  EXPECT_GT(diff, 1e-3) << "clean y " << clean.score << " faulty y " << fast.score << " map0 " << clean.map[0];
}

TEST(AblationCam, RejectsLinearLayersAndBatches) {
  auto model = Model::load(test::writeTinyConvNet(test::tempDir("cam")));
  AblationCamOptions options;
  options.target = "fc";
  EXPECT_THROW(computeAblationCam(*model, at::zeros({1, 1, 6, 6}), options), Error);
  EXPECT_THROW(computeAblationCam(*model, at::zeros({2, 1, 6, 6}), {}), Error);
}

TEST(CamImage, OverlayKeepsRgbOrderAndPaintsNanApart) {
  AblationCam cam;
  cam.height = 1;
  cam.width = 3;
  cam.map = {0.0f, 1.0f, std::nanf("")};
  cv::Mat grey(1, 3, CV_8UC3, cv::Scalar(0, 0, 0));
  const cv::Mat map = upsampleCam(cam, 3, 1);
  const cv::Mat out = renderCamOverlay(grey, map, finiteRange({&cam}), CamColourMap::Jet, 1.0);
  // Jet: low = blue, high = red, in RGB order.
  const cv::Vec3b low = out.at<cv::Vec3b>(0, 0), high = out.at<cv::Vec3b>(0, 1);
  EXPECT_GT(low[2], 100);
  EXPECT_LT(low[0], 50);
  EXPECT_GT(high[0], 100);
  EXPECT_LT(high[2], 50);
  EXPECT_EQ(out.at<cv::Vec3b>(0, 2), kNanColour);
}

TEST(CamImage, FiniteRangeIgnoresNanAndSharesAcrossMaps) {
  AblationCam a, b;
  a.map = {1.0f, std::nanf(""), 3.0f};
  b.map = {0.5f, 7.0f, INFINITY};
  const ColourScale s = finiteRange({&a, &b});
  EXPECT_DOUBLE_EQ(s.low, 0.5);
  EXPECT_DOUBLE_EQ(s.high, 7.0);
  AblationCam empty;
  empty.map = {NAN};
  EXPECT_DOUBLE_EQ(finiteRange({&empty}).high, 1.0);
}

TEST(CamImage, GridHasOnePanelPerModelAndState) {
  auto model = Model::load(test::writeTinyConvNet(test::tempDir("cam")));
  at::Tensor image = at::rand({1, 1, 6, 6});
  const AblationCam clean = computeAblationCam(*model, image, {});
  const AblationCam faulty = computeAblationCam(*model, image, {}, {{0, 0, 3, 30}});
  cv::Mat rgb(6, 6, CV_8UC3, cv::Scalar(128, 128, 128));
  CamGridOptions options;
  options.panelSize = 64;
  const cv::Mat grid = composeCamGrid(rgb, {{"baseline", &clean, &faulty}, {"text-guided", &clean, &faulty}}, options);
  EXPECT_GE(grid.cols, 2 * 64);
  EXPECT_GE(grid.rows, 2 * 64);
  EXPECT_THROW(parseCamColourMap("rainbow"), Error);
  EXPECT_EQ(parseCamScaleScope("model"), CamScaleScope::PerModel);
}

/// Columns of `grid` right of the row titles that hold a saturated colour in a column of
/// at least 20 such pixels: colour-bar strips (panels over a grey image are blended).
int colourBarStrips(const cv::Mat& grid) {
  int strips = 0;
  bool inStrip = false;
  for (int x = 110; x < grid.cols; ++x) {
    int saturated = 0;
    for (int y = 0; y < grid.rows; ++y) {
      const cv::Vec3b p = grid.at<cv::Vec3b>(y, x);
      saturated += std::max({p[0], p[1], p[2]}) - std::min({p[0], p[1], p[2]}) > 200;
    }
    const bool strip = saturated >= 20;
    strips += strip && !inStrip;
    inStrip = strip;
  }
  return strips;
}

TEST(CamImage, GridDrawsOneColourBarPerScale) {
  AblationCam a, b;  // 2×2 maps with different ranges
  a.width = a.height = b.width = b.height = 2;
  a.map = {0.f, 1.f, 2.f, 3.f};
  b.map = {0.f, 10.f, 20.f, 30.f};
  cv::Mat rgb(8, 8, CV_8UC3, cv::Scalar(128, 128, 128));
  CamGridOptions options;
  options.panelSize = 64;
  options.opacity = 0.3;  // panels stay unsaturated; only the bars are pure colour map
  const std::vector<CamPair> rows{{"baseline", &a, &b}, {"text-guided", &b, &a}};
  options.scope = CamScaleScope::Shared;
  EXPECT_EQ(colourBarStrips(composeCamGrid(rgb, rows, options)), 1);
  options.scope = CamScaleScope::PerModel;  // one per row, in the same column
  EXPECT_EQ(colourBarStrips(composeCamGrid(rgb, rows, options)), 1);
  options.scope = CamScaleScope::PerMap;  // beside each of the two columns
  const cv::Mat perMap = composeCamGrid(rgb, rows, options);
  EXPECT_EQ(colourBarStrips(perMap), 2);
  options.colourBar = false;
  const cv::Mat none = composeCamGrid(rgb, rows, options);
  EXPECT_EQ(colourBarStrips(none), 0);
  EXPECT_LT(none.cols, perMap.cols);
}

TEST(CamImage, CleanScaleKeepsCleanMapsReadableAndMarksFaultyValuesAboveIt) {
  // One faulty pixel 1e30 times the clean range: on a scale over all maps every clean
  // pixel would take the bottom colour; on the clean maps' scale they keep their spread,
  // and the faulty pixel above it is drawn white.
  AblationCam clean, faulty;
  clean.width = clean.height = faulty.width = faulty.height = 2;
  clean.map = {0.f, 1.f, 2.f, 3.f};
  faulty.map = {0.f, 1.f, 2.f, 3e30f};
  cv::Mat rgb(2, 2, CV_8UC3, cv::Scalar(0, 0, 0));
  const cv::Mat cleanMap = upsampleCam(clean, 2, 2), faultyMap = upsampleCam(faulty, 2, 2);
  ColourScale scale = finiteRange({&clean});
  scale.markAbove = true;
  const cv::Mat cleanPanel = renderCamOverlay(rgb, cleanMap, scale, CamColourMap::Jet, 1.0);
  const cv::Mat faultyPanel = renderCamOverlay(rgb, faultyMap, scale, CamColourMap::Jet, 1.0);
  EXPECT_NE(cleanPanel.at<cv::Vec3b>(0, 0), cleanPanel.at<cv::Vec3b>(1, 1));  // the spread survives
  EXPECT_EQ(faultyPanel.at<cv::Vec3b>(1, 1), kAboveScaleColour);
  EXPECT_EQ(faultyPanel.at<cv::Vec3b>(0, 1), cleanPanel.at<cv::Vec3b>(0, 1));  // same value, same colour
  EXPECT_NE(cleanPanel.at<cv::Vec3b>(1, 1), kAboveScaleColour);                // the clean top is in range
  // Without the mark (the shared scale over all maps), the same clean map is flat.
  const ColourScale all = finiteRange({&clean, &faulty});
  const cv::Mat flat = renderCamOverlay(rgb, cleanMap, all, CamColourMap::Jet, 1.0);
  EXPECT_EQ(flat.at<cv::Vec3b>(0, 0), flat.at<cv::Vec3b>(1, 1));
  EXPECT_EQ(parseCamScaleScope("clean"), CamScaleScope::Clean);
  EXPECT_STREQ(camScaleScopeName(CamScaleScope::Clean), "clean");
  // In a grid the clean scope draws one colour bar, like the shared one.
  cv::Mat grey(8, 8, CV_8UC3, cv::Scalar(128, 128, 128));
  CamGridOptions options;
  options.panelSize = 64;
  options.opacity = 0.3;
  options.scope = CamScaleScope::Clean;
  EXPECT_EQ(colourBarStrips(composeCamGrid(grey, {{"baseline", &clean, &faulty}}, options)), 1);
}

}  // namespace
}  // namespace faultlens
