// Bit-error-rate faults: the geometric sampler flips each weight bit with the given
// probability (counts and positions checked statistically on fixed seeds), groups flips of
// one element into one multi-bit fault, and the sweep restores the model and measures the
// clean accuracy exactly at rate 0.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "core/Error.h"
#include "core/analysis/Evaluation.h"
#include "core/model/Model.h"
#include "core/campaign/BitErrorRate.h"
#include "core/data/Dataset.h"
#include "tests/core/ExpectError.h"
#include "tests/core/TestModels.h"

namespace faultlens {
namespace {

TEST(BitErrorRate, EachWeightBitFlipsWithTheGivenProbability) {
  const auto model = Model::load(test::writeTinyConvNet(test::tempDir("ber")));
  // conv 2×1×3×3 and fc 3×72 weights, 32 bits each.
  ASSERT_EQ(weightBitCount(*model), (18 + 216) * 32);
  const double p = 0.01;
  const int draws = 400;
  std::int64_t flips = 0;
  std::map<int, std::int64_t> byBit;
  for (int seed = 1; seed <= draws; ++seed) {
    const auto faults = sampleWeightBitErrors(*model, p, static_cast<std::uint64_t>(seed));
    for (std::size_t i = 0; i < faults.size(); ++i) {
      const auto& f = faults[i];
      if (i > 0) {  // one fault per element, in the order of the bit space
        const auto& e = faults[i - 1];
        EXPECT_TRUE(e.layer < f.layer || (e.layer == f.layer && e.element < f.element));
      }
      const std::uint32_t mask = faultMask(f.bit, f.mask);
      EXPECT_NE(mask & (1u << f.bit), 0u);
      for (int b = 0; b < 32; ++b)
        if (mask & (1u << b)) ++byBit[b], ++flips;
    }
  }
  // Binomial(7488, 0.01) per draw: mean 74.88, sd 8.61; over 400 draws the mean's sd is
  // 0.43, so 5 sd is 2.2. Each bit position: 400·234·0.01 = 936 expected, sd 30.6.
  EXPECT_NEAR(static_cast<double>(flips) / draws, 74.88, 2.2);
  for (int b = 0; b < 32; ++b) EXPECT_NEAR(static_cast<double>(byBit[b]), 936.0, 5 * 30.6) << "bit " << b;

  EXPECT_EQ(sampleWeightBitErrors(*model, p, 7).size(), sampleWeightBitErrors(*model, p, 7).size());
  const auto a = sampleWeightBitErrors(*model, p, 7), b = sampleWeightBitErrors(*model, p, 7);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].element, b[i].element);
  EXPECT_TRUE(sampleWeightBitErrors(*model, 0.0, 7).empty());
  // Rate 1: every bit of every weight, one fault per element with all 32 bits.
  const auto all = sampleWeightBitErrors(*model, 1.0, 7);
  ASSERT_EQ(all.size(), 234u);
  for (const auto& f : all) EXPECT_EQ(faultMask(f.bit, f.mask), 0xFFFFFFFFu);
  test::expectErrorMentioning([&] { sampleWeightBitErrors(*model, 1.5, 7); }, "bit-error rate", "within 0..1");
}

TEST(BitErrorRate, BitsAreThoseOfTheModelsFormat) {
  const auto model = Model::load(test::writeTinyConvNet(test::tempDir("ber-fp16")));
  model->useNumberFormat(NumberFormat::parse("fp16"));
  EXPECT_EQ(weightBitCount(*model), (18 + 216) * 16);
  for (const auto& f : sampleWeightBitErrors(*model, 1.0, 3)) EXPECT_EQ(faultMask(f.bit, f.mask), 0xFFFFu);
}

TEST(BitErrorRate, StudentIntervalAndLogSpacedRates) {
  // Mean 3, s = 1.5811; t(0.995, 4) = 4.6041 (tables): half-width 4.6041 · 1.5811 / √5 = 3.2555.
  const Interval i = studentInterval99({1, 2, 3, 4, 5});
  EXPECT_NEAR(i.low, 3 - 3.2555, 1e-3);
  EXPECT_NEAR(i.high, 3 + 3.2555, 1e-3);
  EXPECT_TRUE(std::isnan(studentInterval99({0.5}).low));
  const auto rates = logSpacedRates(1e-9, 1e-4, 6);
  ASSERT_EQ(rates.size(), 6u);
  for (int k = 0; k < 6; ++k) EXPECT_NEAR(rates[k], std::pow(10.0, -9 + k), 1e-12 * std::pow(10.0, -9 + k));
}

TEST(BitErrorRate, SweepRestoresTheModelAndMeasuresCleanAccuracyAtRateZero) {
  auto model = Model::load(FAULTLENS_RESOURCE_DIR "/models/fashion_baseline.pt");
  auto data = openDataset("fashion-mnist");
  const double clean = evaluate(*model, *data, 0, 300, 100).accuracy();
  const at::Tensor w = model->weight(0).clone();
  BitErrorRateSweepConfig config;
  config.rates = {0.0, 1e-4};
  config.trials = 3;
  config.imageEnd = 300;
  config.batchSize = 100;
  const auto points = sweepBitErrorRates(*model, *data, config);
  ASSERT_EQ(points.size(), 2u);
  for (double a : points[0].accuracy) EXPECT_EQ(a, clean) << "no flip at rate 0: the clean passes exactly";
  EXPECT_EQ(points[0].accuracyInterval.low, clean);
  EXPECT_EQ(points[1].accuracy.size(), 3u);
  EXPECT_GT(points[1].meanFlips, 0.0);
  EXPECT_TRUE(at::equal(model->weight(0), w)) << "weights restored bit for bit";
  EXPECT_EQ(evaluate(*model, *data, 0, 300, 100).accuracy(), clean);
}

}  // namespace
}  // namespace faultlens
