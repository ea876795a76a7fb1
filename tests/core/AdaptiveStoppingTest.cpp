// Adaptive stopping: the stop rule against hand-computed Wilson half-widths, pairs that stop
// together, gaps in the records, and campaigns that stop adaptively giving exactly the
// injections of a fixed campaign up to each layer's stop, also resumed and sharded.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>

#include "core/io/FileIO.h"
#include "core/model/Model.h"
#include "core/campaign/AdaptiveStopping.h"
#include "core/campaign/CampaignSession.h"
#include "core/campaign/RecordFile.h"
#include "core/data/IdxDataset.h"
#include "tests/core/ExpectError.h"
#include "tests/core/TestModels.h"

namespace faultlens {
namespace {

/// `count` outcomes of one layer; injection i mismatches when mismatchEvery > 0 and
/// i % mismatchEvery == 0.
std::vector<InjectionOutcome> layerOutcomes(int layer, std::int64_t count, int mismatchEvery) {
  std::vector<InjectionOutcome> out;
  for (std::int64_t i = 0; i < count; ++i) {
    InjectionOutcome o;
    o.layer = layer;
    o.injection = i;
    o.faultyTop1 = mismatchEvery > 0 && i % mismatchEvery == 0 ? 1 : 0;
    o.cleanLoss = 1.0;
    o.faultyLoss = 1.0 + 0.5 * static_cast<double>(i % 3);
    out.push_back(o);
  }
  return out;
}

CampaignConfig ruleConfig(double halfWidth, std::int64_t step, std::int64_t max) {
  CampaignConfig c;
  c.injectionsPerLayer = max;
  c.stopping.halfWidth = halfWidth;
  c.stopping.step = step;
  return c;
}

TEST(AdaptiveStopping, CheckpointsAreEveryStepThenTheMaximum) {
  EXPECT_EQ(stopCheckpoints(ruleConfig(0.01, 512, 2048)), (std::vector<std::int64_t>{512, 1024, 1536, 2048}));
  EXPECT_EQ(stopCheckpoints(ruleConfig(0.01, 512, 1000)), (std::vector<std::int64_t>{512, 1000}));
  EXPECT_EQ(stopCheckpoints(ruleConfig(0.01, 512, 100)), (std::vector<std::int64_t>{100}));
  EXPECT_EQ(stopCheckpoints(ruleConfig(0.0, 512, 2048)), (std::vector<std::int64_t>{2048}));  // rule off
}

TEST(AdaptiveStopping, ARuleWithTooManyChecksIsRefused) {
  EXPECT_EQ(stoppingRuleProblem(ruleConfig(0.01, 1, kMaxStopChecks)), "");
  EXPECT_NE(stoppingRuleProblem(ruleConfig(0.01, 1, kMaxStopChecks + 1)).find("use a larger step"), std::string::npos);
  EXPECT_NE(stoppingRuleProblem(ruleConfig(0.01, 0, 4096)), "");
  EXPECT_EQ(stoppingRuleProblem(ruleConfig(0.0, 0, 1 << 30)), "");  // off: nothing to check
}

TEST(AdaptiveStopping, StopsAtTheFirstCheckpointWhereTheWilsonHalfWidthIsNarrowEnough) {
  // Hand-computed 99 % Wilson half-widths (z = 2.576): k = 0 of 512 → 0.006397; half of
  // 1536 → 0.03279, half of 2048 → 0.02841. So with E = 0.03 a layer without mismatches
  // stops at the first checkpoint and a layer mismatching every other injection at 2048.
  const auto none = layerOutcomes(0, 4096, 0), half = layerOutcomes(1, 4096, 2);
  // The rule reads the first `count` outcomes; these values are exact functions of (k, n)
  // in float64, so a 1e-5 window around the 4-digit hand values is ample.
  EXPECT_NEAR(stoppingHalfWidth(none, 512, StopMetric::MismatchRate, false), 0.006397, 1e-5);
  EXPECT_NEAR(stoppingHalfWidth(half, 1536, StopMetric::MismatchRate, false), 0.03279, 1e-5);
  EXPECT_NEAR(stoppingHalfWidth(half, 2048, StopMetric::MismatchRate, false), 0.02841, 1e-5);

  const CampaignConfig c = ruleConfig(0.03, 512, 4096);
  const StopPoints alone = findStopPoints({{none.begin(), none.end()}}, {}, c);
  ASSERT_EQ(alone.size(), 1u);
  EXPECT_TRUE(alone[0].at(0).decided);
  EXPECT_EQ(alone[0].at(0).injections, 512);

  std::vector<InjectionOutcome> both = none;
  both.insert(both.end(), half.begin(), half.end());
  std::reverse(both.begin(), both.end());  // any order
  const StopPoints s = findStopPoints({both}, {}, c);
  EXPECT_EQ(s[0].at(0).injections, 512);
  EXPECT_EQ(s[0].at(1).injections, 2048);
  EXPECT_TRUE(s[0].at(1).decided);

  // A layer that never gets narrow enough runs to the maximum.
  const StopPoints strict = findStopPoints({half}, {}, ruleConfig(0.001, 512, 4096));
  EXPECT_TRUE(strict[0].at(1).decided);
  EXPECT_EQ(strict[0].at(1).injections, 4096);
}

TEST(AdaptiveStopping, CorrespondingLayersStopTogetherWhenBothAreNarrow) {
  // Baseline layer 3 is narrow at 512, its text-guided partner 5 only at 2048: both stop at
  // 2048, so the pair keeps one sample size. Layer 4 of the baseline has no partner.
  std::vector<InjectionOutcome> baseline = layerOutcomes(3, 4096, 0), guided = layerOutcomes(5, 4096, 2);
  const auto lone = layerOutcomes(4, 4096, 0);
  baseline.insert(baseline.end(), lone.begin(), lone.end());
  const StopPoints s = findStopPoints({baseline, guided}, {{3, 5}, {4, 6}}, ruleConfig(0.03, 512, 4096));
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].at(3).injections, 2048);
  EXPECT_EQ(s[1].at(5).injections, 2048);
  EXPECT_EQ(s[0].at(4).injections, 512);  // its partner 6 never ran: decided alone
  auto kept = std::vector<std::vector<InjectionOutcome>>{baseline, guided};
  dropPastStopPoints(kept, s);
  EXPECT_EQ(kept[0].size(), 2048u + 512u);
  EXPECT_EQ(kept[1].size(), 2048u);
  for (const auto& o : kept[0]) EXPECT_LT(o.injection, o.layer == 3 ? 2048 : 512);
}

TEST(AdaptiveStopping, ACheckpointCountsOnlyWithoutAGapBelowIt) {
  auto outcomes = layerOutcomes(0, 4096, 2);
  // Injection 1000 missing (a shard that has not written it yet): checkpoint 512 holds, 1024
  // cannot be judged, so the layer is undecided at 512 and nothing is dropped.
  outcomes.erase(outcomes.begin() + 1000);
  const StopPoints s = findStopPoints({outcomes}, {}, ruleConfig(0.03, 512, 4096));
  EXPECT_FALSE(s[0].at(0).decided);
  EXPECT_EQ(s[0].at(0).injections, 512);
  auto kept = std::vector<std::vector<InjectionOutcome>>{outcomes};
  dropPastStopPoints(kept, s);
  EXPECT_EQ(kept[0].size(), outcomes.size());
  // Without a rule the maximum is the only checkpoint: a gap leaves the layer unfinished.
  EXPECT_FALSE(findStopPoints({outcomes}, {}, ruleConfig(0.0, 512, 4096))[0].at(0).decided);
}

TEST(AdaptiveStopping, RelativeDeltaLossHalfWidth) {
  // ΔLoss cycles 0, 0.5, 1.0: checked against the direct formula z·s/√n / mean, s the
  // sample standard deviation (float64 sums in another order: 1e-12 relative).
  const auto o = layerOutcomes(0, 300, 0);
  double sum = 0, sq = 0;
  for (const auto& x : o) sum += x.faultyLoss - x.cleanLoss;
  const double mean = sum / 300.0;
  for (const auto& x : o) sq += (x.faultyLoss - x.cleanLoss - mean) * (x.faultyLoss - x.cleanLoss - mean);
  const double expected = 2.576 * std::sqrt(sq / 299.0) / std::sqrt(300.0) / mean;
  EXPECT_NEAR(stoppingHalfWidth(o, 300, StopMetric::RelativeDeltaLoss, false), expected, 1e-12 * expected);
  // Every ΔLoss equal: nothing left to narrow. A zero mean with spread: never narrow.
  auto flat = o;
  for (auto& x : flat) x.faultyLoss = 2.0;
  EXPECT_EQ(stoppingHalfWidth(flat, 300, StopMetric::RelativeDeltaLoss, false), 0.0);
  auto balanced = o;
  for (std::size_t i = 0; i < balanced.size(); ++i) balanced[i].faultyLoss = i % 2 ? 0.0 : 2.0;
  EXPECT_TRUE(std::isinf(stoppingHalfWidth(balanced, 300, StopMetric::RelativeDeltaLoss, false)));
  // The paper's |ΔCE| makes the same values all positive: finite again.
  EXPECT_EQ(stoppingHalfWidth(balanced, 300, StopMetric::RelativeDeltaLoss, true), 0.0);
}

/// Two tiny models on 20 images, as the campaign tests use them.
class AdaptiveCampaign : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string dir = test::tempDir("adaptive");
    baseline = Model::load(test::writeTinyConvNet(dir));
    guided = Model::load(test::writeTinyConvNet(test::tempDir("adaptive-b"), 2));
    data = std::make_unique<IdxDataset>(test::writeTinyImages(dir), "");
    config.injectionsPerLayer = 64;
    config.imageEnd = 20;
    config.seed = 5;
    config.batchSize = 4;
  }
  std::vector<std::vector<InjectionOutcome>> run(const std::string& dir, const CampaignConfig& c) {
    std::atomic<bool> never{false};
    CampaignSession session(dir, {baseline.get(), guided.get()}, *data, c);
    EXPECT_TRUE(session.run({}, never));
    return readCampaignOutcomes(dir, session.manifest());
  }
  std::unique_ptr<Model> baseline, guided;
  std::unique_ptr<Dataset> data;
  CampaignConfig config;
};

bool sameOutcome(const InjectionOutcome& a, const InjectionOutcome& b) {
  return a.layer == b.layer && a.injection == b.injection && a.image == b.image && a.element == b.element &&
         a.bit == b.bit && a.faultyTop1 == b.faultyTop1 && a.cleanTop1 == b.cleanTop1 &&
         (a.faultyLoss == b.faultyLoss || (std::isnan(a.faultyLoss) && std::isnan(b.faultyLoss)));
}

void sortOutcomes(std::vector<InjectionOutcome>& v) {
  std::sort(v.begin(), v.end(),
            [](auto& x, auto& y) { return x.layer != y.layer ? x.layer < y.layer : x.injection < y.injection; });
}

TEST_F(AdaptiveCampaign, ComputesExactlyTheFixedCampaignUpToEachLayersStop) {
  // Every injection is computed in its own batch whatever else runs (CampaignConfig), so an
  // adaptive campaign's records are the fixed campaign's, bit for bit, up to each stop.
  auto fixed = run(test::tempDir("adaptive-fixed") + "/c", config);
  CampaignConfig adaptive = config;
  adaptive.stopping.halfWidth = 0.3;
  adaptive.stopping.step = 8;
  const std::string dir = test::tempDir("adaptive-run") + "/c";
  auto outcomes = run(dir, adaptive);
  const StopPoints expected = findStopPoints(fixed, readCampaignManifest(dir).correspondingLayers(), adaptive);
  dropPastStopPoints(fixed, expected);
  std::int64_t saved = 0;
  for (std::size_t m = 0; m < 2; ++m) {
    for (const auto& [layer, stop] : expected[m]) {
      EXPECT_TRUE(stop.decided);
      saved += adaptive.injectionsPerLayer - stop.injections;
    }
    sortOutcomes(fixed[m]);
    sortOutcomes(outcomes[m]);
    ASSERT_EQ(outcomes[m].size(), fixed[m].size()) << "model " << m;
    for (std::size_t i = 0; i < fixed[m].size(); ++i) EXPECT_TRUE(sameOutcome(outcomes[m][i], fixed[m][i])) << i;
  }
  EXPECT_GT(saved, 0) << "the rule should stop some layer before the maximum (choose another half-width)";
  // Batches end on checkpoints here (step 8, batch 4): nothing past a stop was computed.
  std::size_t computed = 0;
  for (std::size_t m = 0; m < 2; ++m) computed += readRecords(campaignRecordPath(dir, m, 0, 1)).size();
  EXPECT_EQ(computed, outcomes[0].size() + outcomes[1].size());
  // The summary of a finished adaptive campaign counts each layer's injections up to its stop.
  const auto summaries = summarizeCampaignDirectory(dir, readCampaignManifest(dir), /*requireComplete=*/true);
  for (std::size_t m = 0; m < 2; ++m)
    for (const auto& l : summaries[m].layers) EXPECT_EQ(l.injections, expected[m].at(l.layer).injections);
  // The rule is part of the campaign's identity: another half-width is another campaign.
  CampaignConfig other = adaptive;
  other.stopping.halfWidth = 0.2;
  test::expectErrorMentioning(
      [&] {
        CampaignSession(dir, {baseline.get(), guided.get()}, *data, other);
      },
      dir + "/campaign.json", "until_halfwidth");
  EXPECT_EQ(readCampaignManifest(dir).config.stopping.halfWidth, 0.3);
  EXPECT_EQ(readCampaignManifest(dir).config.stopping.step, 8);
}

TEST_F(AdaptiveCampaign, InterruptedAndShardedRunsStopWhereOneRunDoes) {
  CampaignConfig adaptive = config;
  adaptive.stopping.halfWidth = 0.3;
  adaptive.stopping.step = 8;
  auto reference = run(test::tempDir("adaptive-one") + "/c", adaptive);
  for (auto& r : reference) sortOutcomes(r);

  // Interrupted after a few batches, then resumed: the same records.
  const std::string resumed = test::tempDir("adaptive-resumed") + "/c";
  {
    std::atomic<bool> stop{false};
    CampaignSession session(resumed, {baseline.get(), guided.get()}, *data, adaptive);
    CampaignSession::Observer observer;
    int batches = 0;
    std::int64_t lastTotal = std::numeric_limits<std::int64_t>::max();
    observer.onOutcomes = [&](std::size_t, const std::vector<InjectionOutcome>&) {
      if (++batches == 7) stop = true;
    };
    observer.onProgress = [&](const CampaignProgress& p) {
      EXPECT_LE(p.total, lastTotal) << "the bound only shrinks as layers stop";
      EXPECT_LE(p.done, p.total);
      lastTotal = p.total;
    };
    EXPECT_FALSE(session.run(observer, stop));
  }
  auto again = run(resumed, adaptive);
  // Two shards, run one after the other: shard 0 cannot see shard 1's records and runs to
  // the maximum; shard 1 then decides from both. The merge drops what lies past the stops.
  const std::string sharded = test::tempDir("adaptive-sharded") + "/c";
  for (int shard : {0, 1}) {
    CampaignConfig c = adaptive;
    c.shardIndex = shard;
    c.shardCount = 2;
    std::atomic<bool> never{false};
    CampaignSession session(sharded, {baseline.get(), guided.get()}, *data, c);
    EXPECT_TRUE(session.run({}, never));
  }
  const CampaignManifest manifest = readCampaignManifest(sharded);
  auto merged = readCampaignOutcomes(sharded, manifest, /*requireComplete=*/true);
  for (auto* result : {&again, &merged}) {
    for (std::size_t m = 0; m < 2; ++m) {
      sortOutcomes((*result)[m]);
      ASSERT_EQ((*result)[m].size(), reference[m].size()) << "model " << m;
      for (std::size_t i = 0; i < reference[m].size(); ++i)
        EXPECT_TRUE(sameOutcome((*result)[m][i], reference[m][i])) << i;
    }
  }
  // A merge before shard 1 ran would not know where layers stop: refused, naming the layer.
  const std::string half = test::tempDir("adaptive-half") + "/c";
  {
    CampaignConfig c = adaptive;
    c.shardIndex = 1;
    c.shardCount = 2;
    std::atomic<bool> never{false};
    CampaignSession session(half, {baseline.get(), guided.get()}, *data, c);
    EXPECT_TRUE(session.run({}, never));
  }
  writeFileAtomically(campaignRecordPath(half, 0, 0, 2), std::string(kRecordHeader) + "\n");
  writeFileAtomically(campaignRecordPath(half, 1, 0, 2), std::string(kRecordHeader) + "\n");
  test::expectErrorMentioning([&] { readCampaignOutcomes(half, readCampaignManifest(half), true); }, half,
                              "has not reached its stop");
}

TEST_F(AdaptiveCampaign, AFixedTwoModelCampaignCancelledEarlyLeavesPairedResults) {
  // The models take turns: when the text-guided model's first records arrive, the baseline
  // has finished one round (the same injection numbers), not all of its injections.
  EXPECT_EQ(interleavedCheckpoints(config), (std::vector<std::int64_t>{8, 16, 24, 32, 40, 48, 56, 64}));
  const std::string dir = test::tempDir("interleaved") + "/c";
  std::atomic<bool> stop{false};
  CampaignSession::Observer observer;
  observer.onOutcomes = [&](std::size_t model, const std::vector<InjectionOutcome>&) {
    if (model == 1) stop = true;
  };
  {
    CampaignSession session(dir, {baseline.get(), guided.get()}, *data, config);
    EXPECT_FALSE(session.run(observer, stop));
  }
  auto partial = readCampaignOutcomes(dir, readCampaignManifest(dir));
  const std::size_t layers = baseline->layers().size();
  ASSERT_FALSE(partial[1].empty());
  EXPECT_EQ(partial[0].size(), layers * 8) << "the baseline's first round: 8 injections of every layer";
  for (const InjectionOutcome& o : partial[0]) EXPECT_LT(o.injection, 8);
  // Resumed, the campaign ends with the records of one that never stopped.
  stop = false;
  {
    CampaignSession session(dir, {baseline.get(), guided.get()}, *data, config);
    EXPECT_TRUE(session.run({}, stop));
  }
  auto resumed = readCampaignOutcomes(dir, readCampaignManifest(dir));
  auto whole = run(test::tempDir("interleaved-whole") + "/c", config);
  for (std::size_t m = 0; m < 2; ++m) {
    sortOutcomes(resumed[m]);
    sortOutcomes(whole[m]);
    ASSERT_EQ(resumed[m].size(), whole[m].size());
    for (std::size_t i = 0; i < whole[m].size(); ++i) EXPECT_TRUE(sameOutcome(resumed[m][i], whole[m][i])) << i;
  }
}

}  // namespace
}  // namespace faultlens
