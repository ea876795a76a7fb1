// Paired comparison of two models' campaigns: textbook values for the paired-proportion
// interval and McNemar's exact test, agreement with the per-model summary, order
// independence (merged shards), and coverage on simulated campaigns. Fragile inputs:
// per-image counts, their ranking and Spearman's correlation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "core/Error.h"
#include "core/SeededRandom.h"
#include "core/campaign/FragileInputs.h"
#include "core/campaign/PairedStats.h"

namespace faultlens {
namespace {

constexpr double kZ95 = 1.959963984540054;

InjectionOutcome outcome(int layer, std::int64_t injection, bool mismatch, double deltaLoss) {
  InjectionOutcome o;
  o.layer = layer;
  o.injection = injection;
  o.cleanTop1 = 0;
  o.faultyTop1 = mismatch ? 1 : 0;
  o.cleanLoss = 0.0;
  o.faultyLoss = deltaLoss;
  o.finite = std::isfinite(deltaLoss);
  return o;
}

TEST(PairedStats, NewcombeIntervalMatchesTheTextbook) {
  // Fagerland, Lydersen & Laake, Statistical Analysis of Contingency Tables (2017), ch. 8:
  // complete response before and after consolidation therapy (Cavo et al.), the paired
  // table 59 / 6 / 16 / 80: estimate −0.0621, Newcombe square-and-add 95 % CI −0.1186 to
  // −0.0046 (printed to 4 decimals, so compared to 5e-5).
  const Interval ci = newcombePairedInterval(59, 6, 16, 80, kZ95);
  EXPECT_NEAR(ci.low, -0.1186, 5e-5);
  EXPECT_NEAR(ci.high, -0.0046, 5e-5);
  // Swapping the two members of every pair negates the interval (same arithmetic mirrored:
  // equal to a few ulps).
  const Interval mirrored = newcombePairedInterval(59, 16, 6, 80, kZ95);
  EXPECT_NEAR(mirrored.low, -ci.high, 1e-12);
  EXPECT_NEAR(mirrored.high, -ci.low, 1e-12);
  // No discordant pair: the difference is 0 and the interval still has width, inside [−1, 1].
  const Interval none = newcombePairedInterval(3, 0, 0, 97);
  EXPECT_LT(none.low, 0.0);
  EXPECT_GT(none.high, 0.0);
  EXPECT_GE(none.low, -1.0);
  EXPECT_LE(none.high, 1.0);
  EXPECT_THROW(newcombePairedInterval(0, 0, 0, 0), Error);
}

TEST(PairedStats, McNemarExactMatchesTheBinomialTail) {
  // Cavo et al. again: 6 and 16 discordant pairs; the exact conditional test gives
  // 2 · Σ_{k≤6} C(22, k) / 2^22 = 2 · 110056 / 4194304 (the book's P = 0.052). lgamma and
  // exp in double agree with the exact fraction to far better than 1e-10 relative.
  EXPECT_NEAR(mcnemarExactP(6, 16), 2.0 * 110056.0 / 4194304.0, 1e-10);
  EXPECT_NEAR(mcnemarExactP(16, 6), 2.0 * 110056.0 / 4194304.0, 1e-10);
  EXPECT_NEAR(mcnemarExactP(0, 10), 2.0 / 1024.0, 1e-15);
  EXPECT_EQ(mcnemarExactP(0, 0), 1.0);
  EXPECT_EQ(mcnemarExactP(7, 7), 1.0);
  EXPECT_NEAR(normalTwoSidedP(kZ95), 0.05, 1e-12);
}

/// Two models, layers 0 and 1 each (layer 1 the last), `n` injections per layer. Each
/// injection number draws one "fragility" shared by both models and both layers (as
/// batch k of every layer shares its images), so the pairs and the layers are correlated.
/// `guidedScale` scales the text-guided ΔLoss (1: the same distribution).
std::pair<std::vector<InjectionOutcome>, std::vector<InjectionOutcome>> simulate(std::uint64_t seed, int n,
                                                                                 double guidedScale) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<InjectionOutcome> a, b;
  for (int i = 0; i < n; ++i) {
    const double fragile = unit(random);
    for (int layer = 0; layer < 2; ++layer) {
      const auto draw = [&](double scale) {
        const bool mismatch = unit(random) < 0.05 + 0.2 * fragile;
        return std::make_pair(mismatch, scale * (fragile - std::log(1.0 - unit(random))));
      };
      const auto [ma, la] = draw(1.0);
      const auto [mb, lb] = draw(guidedScale);
      a.push_back(outcome(layer, i, ma, la));
      b.push_back(outcome(layer, i, mb, lb));
    }
  }
  return {a, b};
}

TEST(PairedStats, PointEstimatesAreTheSummarysAndOrderDoesNotMatter) {
  auto [a, b] = simulate(3, 400, 0.5);
  a.push_back(outcome(1, 400, true, std::numeric_limits<double>::infinity()));  // left out of ΔLoss
  b.push_back(outcome(1, 400, true, 2.0));
  const std::vector<std::vector<std::string>> names{{"conv", "fc"}, {"conv", "head"}};
  PairedOptions options;
  options.resamples = 500;
  const PairedComparison c = comparePaired(a, b, {{0, 0}, {1, 1}}, names, options);
  const CampaignSummary sa = summarize(a, names[0]), sb = summarize(b, names[1]);
  ASSERT_EQ(c.layers.size(), 2u);
  for (std::size_t l = 0; l < 2; ++l) {
    const auto& p = c.layers[l];
    // The factor is the summary's own (same values summed in the same order: bit-identical).
    EXPECT_EQ(p.factor, improvementFactor(sa.layers[l].meanDeltaLoss, sb.layers[l].meanDeltaLoss));
    EXPECT_EQ(p.pairs, sa.layers[l].injections);
    EXPECT_EQ(p.bothMismatch + p.baselineOnly, sa.layers[l].mismatches);
    EXPECT_EQ(p.bothMismatch + p.guidedOnly, sb.layers[l].mismatches);
    EXPECT_NEAR(p.mismatchDifference, sa.layers[l].mismatchRate() - sb.layers[l].mismatchRate(), 1e-15);
    EXPECT_LE(p.mismatchDifferenceInterval.low, p.mismatchDifference);
    EXPECT_GE(p.mismatchDifferenceInterval.high, p.mismatchDifference);
    EXPECT_LE(p.factorInterval.low, p.factor);
    EXPECT_GE(p.factorInterval.high, p.factor);
    EXPECT_GT(p.factor, 1.5) << "the text-guided ΔLoss is half the baseline's";
  }
  EXPECT_EQ(c.layers[1].lossPairs, c.layers[1].pairs - 1) << "a pair with a non-finite ΔLoss is left out";
  ASSERT_TRUE(c.lastLayer.has_value());
  EXPECT_EQ(c.lastLayer->baselineName, "fc");
  EXPECT_EQ(c.lastLayer->guidedName, "head");
  EXPECT_EQ(c.network.factor, improvementFactor(sa.networkDeltaLoss, sb.networkDeltaLoss));
  EXPECT_LT(c.network.deltaLossP, 0.01);
  // Merged shards arrive in another order: the same numbers, bit for bit.
  std::reverse(a.begin(), a.end());
  std::rotate(b.begin(), b.begin() + 117, b.end());
  const PairedComparison shuffled = comparePaired(a, b, {{0, 0}, {1, 1}}, names, options);
  EXPECT_EQ(shuffled.network.factorInterval.low, c.network.factorInterval.low);
  EXPECT_EQ(shuffled.network.factorInterval.high, c.network.factorInterval.high);
  EXPECT_EQ(shuffled.layers[0].factorInterval.low, c.layers[0].factorInterval.low);
  EXPECT_EQ(shuffled.network.mismatchP, c.network.mismatchP);
}

TEST(PairedStats, NothingRecordedGivesNoIntervalRatherThanAPoint) {
  const PairedComparison c = comparePaired({}, {}, {{0, 0}}, {}, PairedOptions{});
  EXPECT_TRUE(c.layers.empty());
  EXPECT_FALSE(c.lastLayer.has_value());
  EXPECT_TRUE(std::isnan(c.network.factorInterval.low) && std::isnan(c.network.factorInterval.high));
  EXPECT_TRUE(std::isnan(c.network.mismatchDifferenceInterval.low));
  EXPECT_TRUE(std::isnan(c.network.deltaLossDifferenceInterval.high));
}

TEST(PairedStats, IntervalsCoverNoDifferenceAtTheirRateWhenModelsAreAlike) {
  // 200 simulated campaigns of two models with the same fault response: every 99 %
  // interval should miss "no difference" (0, or 1 for a factor) in about 1 % of them, 2
  // expected per interval kind. Up to 8 misses is within sampling error (binomial
  // probability of more than 8 at a true 1 % is about 0.0002). The network intervals hold
  // only if the resampling keeps the layers' correlation (each injection number's shared
  // fragility).
  const int campaigns = 200;
  int layerRate = 0, layerLoss = 0, layerFactor = 0, netRate = 0, netLoss = 0, netFactor = 0;
  for (int s = 0; s < campaigns; ++s) {
    const auto [a, b] = simulate(1000 + s, 300, 1.0);
    PairedOptions options;
    options.seed = static_cast<std::uint64_t>(s);
    options.resamples = 1000;
    const PairedComparison c = comparePaired(a, b, {{0, 0}, {1, 1}}, {}, options);
    const auto& l = c.layers[0];
    layerRate += !(l.mismatchDifferenceInterval.low <= 0 && 0 <= l.mismatchDifferenceInterval.high);
    layerLoss += !(l.deltaLossDifferenceInterval.low <= 0 && 0 <= l.deltaLossDifferenceInterval.high);
    layerFactor += !(l.factorInterval.low <= 1 && 1 <= l.factorInterval.high);
    netRate += !(c.network.mismatchDifferenceInterval.low <= 0 && 0 <= c.network.mismatchDifferenceInterval.high);
    netLoss += !(c.network.deltaLossDifferenceInterval.low <= 0 && 0 <= c.network.deltaLossDifferenceInterval.high);
    netFactor += !(c.network.factorInterval.low <= 1 && 1 <= c.network.factorInterval.high);
  }
  for (int misses : {layerRate, layerLoss, layerFactor, netRate, netLoss, netFactor}) EXPECT_LE(misses, 8);
}

TEST(FragileInputs, SpearmanMatchesTextbookValuesWithAndWithoutTies) {
  // The textbook example of IQ against hours of television per week (no ties):
  // ρ = 1 − 6 · 194 / (10 · 99) = −29/165. Rank arithmetic in double: 1e-12.
  const std::vector<double> iq{106, 86, 100, 101, 99, 103, 97, 113, 112, 110};
  const std::vector<double> tv{7, 0, 27, 50, 28, 29, 20, 12, 6, 17};
  EXPECT_NEAR(spearmanCorrelation(iq, tv), -29.0 / 165.0, 1e-12);
  // Ties share their average rank: x ranks 1, 2.5, 2.5, 4 against 1..4 give 4.5 / √22.5.
  EXPECT_NEAR(spearmanCorrelation({1, 2, 2, 3}, {1, 2, 3, 4}), 4.5 / std::sqrt(22.5), 1e-12);
  // A non-finite member drops its pair; too few pairs or a constant side give NaN.
  EXPECT_NEAR(spearmanCorrelation({1, 2, NAN, 3, 4}, {4, 3, 0, 2, 1}), -1.0, 1e-12);
  EXPECT_TRUE(std::isnan(spearmanCorrelation({1, 2}, {2, 1})));
  EXPECT_TRUE(std::isnan(spearmanCorrelation({1, 1, 1}, {1, 2, 3})));
}

TEST(FragileInputs, CorrelationIntervalsDecideWhatTableOneSays) {
  // Fisher's z with σ² = 1.06 / (n − 3): ρ = 0.5 over 103 images gives tanh(atanh(0.5) ∓
  // 2.576 · 0.10296), computed in double elsewhere to 1e-15; 1e-12 leaves room for libm.
  const Interval i = spearmanInterval(0.5, 103);
  EXPECT_NEAR(i.low, 0.2766868847559778, 1e-12);
  EXPECT_NEAR(i.high, 0.6720770364745634, 1e-12);
  EXPECT_TRUE(std::isnan(spearmanInterval(0.5, 3).low));
  EXPECT_TRUE(std::isnan(spearmanInterval(NAN, 100).high));
  // A small ρ over 1000 images (the demo report's −0.062) is no evidence either way; only
  // an interval clear of 0 earns a direction, per model.
  const auto correlation = [](double rho, std::size_t n) {
    return FragilityCorrelation{rho, spearmanInterval(rho, n), n};
  };
  EXPECT_EQ(fragilityReading(correlation(-0.062, 1000), correlation(-0.04, 1000)).rfind("no evidence", 0), 0u);
  const std::string one = fragilityReading(correlation(-0.3, 1000), correlation(-0.04, 1000));
  EXPECT_NE(one.find("baseline: images with a larger clean margin are hurt less"), std::string::npos) << one;
  EXPECT_NE(one.find("text-guided: no evidence either way"), std::string::npos) << one;
  EXPECT_EQ(fragilityReading(correlation(0.3, 1000), correlation(0.25, 1000))
                .rfind("both models: images with a "
                       "larger clean margin are hurt more",
                       0),
            0u);
  EXPECT_EQ(fragilityReading(correlation(NAN, 2), correlation(NAN, 2)).rfind("no evidence", 0), 0u);
}

TEST(FragileInputs, CountsPerImageRankAndJoinTheCleanMargin) {
  std::vector<InjectionOutcome> outcomes;
  // Image 7: 3 of 4 mismatched; image 8: 1 of 1; image 9: 1 of 2; image 30: 0 of 2.
  for (int k = 0; k < 4; ++k) outcomes.push_back(outcome(k % 2, k, k < 3, 0.0));
  outcomes.back().image = 7;
  for (int k = 0; k < 3; ++k) outcomes[static_cast<std::size_t>(k)].image = 7;
  outcomes.push_back(outcome(0, 10, true, 0.0));
  outcomes.back().image = 8;
  outcomes.push_back(outcome(1, 11, true, 0.0));
  outcomes.back().image = 9;
  outcomes.push_back(outcome(0, 12, false, 0.0));
  outcomes.back().image = 9;
  for (int k = 0; k < 2; ++k) {
    outcomes.push_back(outcome(0, 20 + k, false, 0.0));
    outcomes.back().image = 30;
  }
  // Clean Top2Diffs of images 5..9 (image 30 is outside: NaN).
  const auto images = imageFragility(outcomes, {50, 60, 10, 20, 30}, 5);
  ASSERT_EQ(images.size(), 4u);
  EXPECT_EQ(images[0].image, 7);
  EXPECT_EQ(images[0].injections, 4);
  EXPECT_EQ(images[0].mismatches, 3);
  EXPECT_EQ(images[0].cleanTop2Diff, 10.0);
  EXPECT_TRUE(std::isnan(images[3].cleanTop2Diff));
  const auto ranked = rankByFragility(images);
  std::vector<std::int64_t> order;
  for (const auto& f : ranked) order.push_back(f.image);
  EXPECT_EQ(order, (std::vector<std::int64_t>{8, 7, 9, 30}));
  // Rates 0.75, 1, 0.5 against margins 10, 20, 30 (image 30 has none): ranks (2, 3, 1)
  // against (1, 2, 3): ρ = −0.5.
  EXPECT_NEAR(fragilityTop2DiffCorrelation(images), -0.5, 1e-12);
}

}  // namespace
}  // namespace faultlens
