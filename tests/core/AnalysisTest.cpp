// Top2Diff sweeps, McNemar's test, activation ranges and range restriction.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/Error.h"
#include "core/model/Model.h"
#include "core/analysis/ActivationRanges.h"
#include "core/analysis/Top2DiffSweep.h"
#include "core/data/Dataset.h"
#include "tests/core/TestModels.h"

namespace faultlens {
namespace {

TEST(Top2DiffSweep, CountsCorrectImagesAboveEachThreshold) {
  const std::vector<bool> correct{true, true, false, true};
  const std::vector<double> t2d{5.0, 30.0, 90.0, NAN};
  const auto sweep = top2DiffAccuracySweep(correct, t2d, 1, 40);
  ASSERT_EQ(sweep.size(), 40u);
  EXPECT_DOUBLE_EQ(sweep[0], 0.5);    // δ=1: images 0 and 1
  EXPECT_DOUBLE_EQ(sweep[4], 0.5);    // δ=5: image 0 has exactly 5
  EXPECT_DOUBLE_EQ(sweep[5], 0.25);   // δ=6
  EXPECT_DOUBLE_EQ(sweep[29], 0.25);  // δ=30
  EXPECT_DOUBLE_EQ(sweep[30], 0.0);
  EXPECT_THROW(top2DiffAccuracySweep({true}, {}, 1, 40), Error);
}

TEST(Top2DiffSweep, InflectionIsWhereGuidedStaysAhead) {
  EXPECT_EQ(sweepInflection({0.9, 0.8, 0.7, 0.6}, {0.85, 0.81, 0.7, 0.65}, 1), 2);
  EXPECT_EQ(sweepInflection({0.9, 0.8}, {0.95, 0.79}, 1), std::nullopt);  // ends below
  EXPECT_EQ(sweepInflection({0.5, 0.5}, {0.6, 0.6}, 1), 1);
}

TEST(McNemar, MatchesTheTextbookExample) {
  // b = 10, c = 2: exact two-sided p = 2·P(X ≤ 2 | n = 12) = 2·79/4096 = 0.03857.
  std::vector<bool> a, g;
  for (int i = 0; i < 10; ++i) a.push_back(true), g.push_back(false);
  for (int i = 0; i < 2; ++i) a.push_back(false), g.push_back(true);
  for (int i = 0; i < 50; ++i) a.push_back(true), g.push_back(true);
  const auto r = mcnemarTest(a, g);
  EXPECT_EQ(r.baselineOnly, 10u);
  EXPECT_EQ(r.guidedOnly, 2u);
  EXPECT_NEAR(r.pValue, 2.0 * 79.0 / 4096.0, 1e-12);
  EXPECT_NEAR(r.chiSquare, 49.0 / 12.0, 1e-12);
  EXPECT_DOUBLE_EQ(mcnemarTest({true}, {true}).pValue, 1.0);
}

/// A tiny in-memory labelled data set.
class ConstantDataset : public Dataset {
 public:
  explicit ConstantDataset(std::size_t n) : n_(n) {}
  std::size_t size() const override { return n_; }
  cv::Mat image(std::size_t i) const override { return cv::Mat(6, 6, CV_8UC1, cv::Scalar(static_cast<int>(40 * i))); }
  int label(std::size_t) const override { return 0; }
  const std::vector<std::string>& classNames() const override { return names_; }
  std::string source() const override { return "constant"; }

 private:
  std::size_t n_;
  std::vector<std::string> names_{"a", "b", "c"};
};

TEST(ActivationRanges, StreamedProfileEqualsOnePassOverAllImages) {
  auto model = Model::load(test::writeTinyConvNet(test::tempDir("ranges")));
  ConstantDataset data(5);
  const auto streamed = profileActivationRanges(*model, data, 0, 5, 2);
  const auto whole = profileActivationRanges(*model, data, 0, 5, 5);
  ASSERT_EQ(streamed.size(), 2u);
  // Batches of 2 and one batch of 5 run the layers at other batch sizes, and float32
  // kernels may round each activation differently then (per CPU and thread count): the
  // statistics agree to float32 rounding of the activations, a few ulp, not bit for bit.
  const auto nearRelative = [](double a, double b) {
    return std::abs(a - b) <= 1e-5 * std::max(std::abs(a), std::abs(b));
  };
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(streamed[i].stats.count, whole[i].stats.count);
    EXPECT_PRED2(nearRelative, streamed[i].stats.absMax, whole[i].stats.absMax);
    // Each activation's rounding error is a few ulp of the layer's largest terms, so the
    // mean's error is bounded relative to the maximum, not to the mean itself.
    EXPECT_NEAR(streamed[i].stats.absMean(), whole[i].stats.absMean(), 1e-5 * whole[i].stats.absMax);
  }
  EXPECT_EQ(streamed[0].stats.count, 5 * 72);
  // Streaming itself loses nothing: the same batches profiled again give the same bits.
  const auto again = profileActivationRanges(*model, data, 0, 5, 2);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(again[i].stats.absMax, streamed[i].stats.absMax);
    EXPECT_EQ(again[i].stats.absMean(), streamed[i].stats.absMean());
  }
  // The JSON round trip keeps every bit of the doubles.
  const auto back = parseActivationRangesJson(activationRangesJson(streamed, "tiny"), "ranges.json");
  EXPECT_EQ(back[1].stats.absMax, streamed[1].stats.absMax);
  EXPECT_THROW(parseActivationRangesJson("{\"layers\": [{\"layer\": \"fc\"}]}", "bad.json"), Error);
  // A layer listed twice, or a misspelt key, would change the bound silently: refused, named.
  const auto refusal = [](const std::string& text) {
    try {
      parseActivationRangesJson(text, "r.json");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(refusal(R"({"layers": [{"layer": "fc", "abs_max": 15.8}, {"layer": "fc", "abs_max": 1.0}]})")
                .find("r.json: layer fc is listed twice"),
            std::string::npos);
  EXPECT_NE(
      refusal(R"({"layers": [{"layer": "fc", "abs_maxx": 15.8, "abs_max": 1.0}]})").find("unknown key \"abs_maxx\""),
      std::string::npos);
  EXPECT_NE(refusal(R"({"layer": [], "layers": []})").find("unknown key \"layer\""), std::string::npos);
}

TEST(ActivationRanges, RestrictionClipsToTheBoundAndRemovesNan) {
  RangeRestriction clip({2.0});
  at::Tensor t = at::tensor({-5.0f, 1.0f, NAN, INFINITY});
  at::Tensor out = clip.onLayerOutput(0, t);
  EXPECT_TRUE(at::equal(out, at::tensor({-2.0f, 1.0f, 0.0f, 2.0f})));
  EXPECT_TRUE(at::equal(clip.onLayerOutput(1, t).nan_to_num(7), t.nan_to_num(7)));  // no bound: unchanged
}

}  // namespace
}  // namespace faultlens
