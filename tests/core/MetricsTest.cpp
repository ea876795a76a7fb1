#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/analysis/Metrics.h"

namespace faultlens {
namespace {

TEST(Metrics, SoftmaxTop2DiffAndCrossEntropyByHand) {
  const std::vector<float> logits{1.0f, 3.0f, 2.0f};
  const double z = std::exp(1.0) + std::exp(3.0) + std::exp(2.0);
  const auto p = softmax(logits);
  EXPECT_NEAR(p[1], std::exp(3.0) / z, 1e-12);
  EXPECT_NEAR(top2Diff(logits), 100.0 * (std::exp(3.0) - std::exp(2.0)) / z, 1e-9);
  EXPECT_NEAR(crossEntropy(logits, 0), -std::log(std::exp(1.0) / z), 1e-12);
  // Large logits stay finite in the log-sum-exp form.
  EXPECT_NEAR(crossEntropy({1000.0f, 0.0f}, 1), 1000.0, 1e-9);
  EXPECT_EQ(argmax(logits), 1);
  const auto top = topK(logits, 2);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].index, 1);
  EXPECT_EQ(top[1].index, 2);
}

TEST(Metrics, MismatchCountsNonFiniteOutputs) {
  const std::vector<float> clean{0.0f, 1.0f};
  EXPECT_FALSE(isMismatch(clean, {0.0f, 2.0f}));
  EXPECT_TRUE(isMismatch(clean, {3.0f, 2.0f}));
  EXPECT_TRUE(isMismatch(clean, {0.0f, std::numeric_limits<float>::infinity()}));
  EXPECT_TRUE(isMismatch(clean, {std::nanf(""), 1.0f}));
}

}  // namespace
}  // namespace faultlens
