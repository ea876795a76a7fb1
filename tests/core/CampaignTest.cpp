// Campaigns: statistics formulas (docs/architecture.md), the durable record file, deterministic
// plans shared between models and shards, batched injection equal to one-at-a-time, and
// a stopped campaign that resumes to exactly the uninterrupted result.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "core/Error.h"
#include "core/io/FileIO.h"
#include "core/faults/FloatBits.h"
#include "core/analysis/Metrics.h"
#include "core/model/Model.h"
#include "core/model/TapHandlers.h"
#include "core/faults/WeightFaults.h"
#include "core/campaign/CampaignRunner.h"
#include "core/campaign/CampaignSession.h"
#include "core/campaign/RecordFile.h"
#include "core/analysis/ActivationRanges.h"
#include "core/data/DatasetDigest.h"
#include "core/data/IdxDataset.h"
#include "core/data/ImageFolderDataset.h"
#include "core/analysis/Evaluation.h"
#include "core/campaign/BitErrorRate.h"
#include "core/data/Preprocess.h"
#include "tests/core/ExpectError.h"
#include "tests/core/TestModels.h"

namespace faultlens {
namespace {

TEST(CampaignStats, WilsonNormalAndLeveugle) {
  const Interval w = wilsonInterval(5, 10, 1.96);  // textbook: 0.2366 .. 0.7634
  EXPECT_NEAR(w.low, 0.236589594, 1e-8);
  EXPECT_NEAR(w.high, 0.763410406, 1e-8);
  const Interval none = wilsonInterval(0, 4096);
  EXPECT_EQ(none.low, 0.0);
  EXPECT_NEAR(none.high, 0.0016174421, 1e-9);
  EXPECT_THROW(wilsonInterval(3, 2), Error);
  const Interval n = normalInterval(1.0, 2.0, 100);
  EXPECT_NEAR(n.low, 1.0 - 2.576 * 0.2, 1e-12);
  EXPECT_EQ(leveugleSampleSize(1e6, 0.01), 16319);  // 16318.74 rounded up
  EXPECT_EQ(leveugleSampleSize(10, 0.01), 10);      // tiny populations: all of them
}

InjectionOutcome outcome(int layer, std::int64_t i, int clean, int faulty, double cleanLoss, double faultyLoss,
                         bool finite = true) {
  InjectionOutcome o;
  o.layer = layer;
  o.injection = i;
  o.cleanTop1 = clean;
  o.faultyTop1 = faulty;
  o.cleanLoss = cleanLoss;
  o.faultyLoss = faultyLoss;
  o.finite = finite;
  return o;
}

TEST(CampaignStats, SummaryFollowsTheDefinitions) {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<InjectionOutcome> outcomes{
      outcome(1, 0, 2, 2, 0.5, 0.5),         // ΔLoss 0
      outcome(1, 1, 2, 3, 0.5, 2.5),         // mismatch, ΔLoss 2
      outcome(1, 2, 2, 2, 0.5, inf, false),  // non-finite: mismatch, excluded from the mean
      outcome(0, 0, 1, 1, 1.0, 1.5),         // ΔLoss 0.5
  };
  auto s = summarize(outcomes, {"conv", "fc"});
  ASSERT_EQ(s.layers.size(), 2u);
  EXPECT_EQ(s.layers[0].name, "conv");
  EXPECT_DOUBLE_EQ(s.layers[0].meanDeltaLoss, 0.5);
  const auto& fc = s.layers[1];
  EXPECT_EQ(fc.injections, 3);
  EXPECT_EQ(fc.mismatches, 2);
  EXPECT_EQ(fc.nonFinite, 1);
  EXPECT_EQ(fc.lossExcluded, 1);
  EXPECT_DOUBLE_EQ(fc.meanDeltaLoss, 1.0);
  EXPECT_DOUBLE_EQ(s.networkDeltaLoss, 0.75);                      // mean of layer means
  EXPECT_DOUBLE_EQ(s.networkMismatchRate, (0.0 + 2.0 / 3.0) / 2);  // mean of layer rates
  std::reverse(outcomes.begin(), outcomes.end());
  EXPECT_DOUBLE_EQ(summarize(outcomes, {"conv", "fc"}).networkDeltaLoss, s.networkDeltaLoss);
  EXPECT_DOUBLE_EQ(improvementFactor(2.0, 0.5), 4.0);
  EXPECT_TRUE(std::isnan(improvementFactor(2.0, 0.0)));
}

TEST(CampaignStats, SaysWhenAFewInjectionsCarryTheMean) {
  // 200 injections in one layer: 198 with ΔLoss 1, two overflowed to 1e30. The top 1 % (2)
  // hold 2e30 / (2e30 + 198) of the mass; a spread sample keeps them near 1 %.
  std::vector<InjectionOutcome> outcomes;
  for (int i = 0; i < 200; ++i) outcomes.push_back(outcome(0, i, 1, 1, 0.5, i < 2 ? 1e30 : 1.5));
  auto s = summarize(outcomes, {"fc"});
  EXPECT_EQ(s.networkTopCount, 2);
  EXPECT_GT(s.networkTopShare, 0.999);
  EXPECT_TRUE(s.deltaLossCarriedByOverflows());
  EXPECT_EQ(s.networkOverflowCount, 2);
  EXPECT_GT(s.layers[0].topShare, 0.999);
  for (auto& o : outcomes) o.faultyLoss = 1.5;
  s = summarize(outcomes, {"fc"});
  EXPECT_NEAR(s.networkTopShare, 0.01, 1e-12);  // 2 of 200 equal terms: exactly 1 % up to rounding of the sums
  EXPECT_FALSE(s.deltaLossCarriedByOverflows());
  EXPECT_EQ(s.networkOverflowShare, 0.0);
  // Over a mean of layer means, each injection weighs 1/(its layer's count): one layer of
  // 100 with one huge value dominates however many quiet injections another layer has.
  std::vector<InjectionOutcome> two;
  for (int i = 0; i < 100; ++i) two.push_back(outcome(0, i, 1, 1, 0.5, i == 0 ? 1e20 : 1.5));
  for (int i = 0; i < 1000; ++i) two.push_back(outcome(1, i, 1, 1, 0.5, 1.5));
  s = summarize(two, {"conv", "fc"});
  EXPECT_EQ(s.networkTopCount, 11);
  EXPECT_TRUE(s.deltaLossCarriedByOverflows());
  // Masked faults (ΔLoss 0) beside a few bounded ones: concentrated, yet no overflow, so
  // no warning (the paper protocol's clamped campaigns look like this).
  std::vector<InjectionOutcome> masked;
  for (int i = 0; i < 200; ++i) masked.push_back(outcome(0, i, 1, 1, 0.5, i < 2 ? 9.5 : 0.5));
  s = summarize(masked, {"fc"});
  EXPECT_GT(s.networkTopShare, 0.999);
  EXPECT_FALSE(s.deltaLossCarriedByOverflows());
  EXPECT_EQ(s.lossExcluded(), 0);
}

TEST(RecordFile, RoundTripsExactlyAndSurvivesATornLastLine) {
  const std::string path = test::tempDir("records") + "/r.csv";
  InjectionOutcome a = outcome(3, 7, 1, 2, 0.125, std::numeric_limits<double>::infinity(), false);
  a.before = 2.3377e-39f;  // subnormal, as exponent flips produce
  a.after = -9.19625545e+37f;
  a.image = 123;
  a.element = 4567;
  a.bit = 30;
  a.label = 1;
  a.cleanTop2Diff = 12.345678901234567;
  InjectionOutcome b = outcome(3, 8, 0, 0, 0.1, 0.1 + 1e-17);
  {
    RecordWriter w(path);
    w.append({a});
    w.append({b});
  }
  auto back = readRecords(path);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].before, a.before);
  EXPECT_EQ(back[0].after, a.after);
  EXPECT_TRUE(std::isinf(back[0].faultyLoss));
  EXPECT_FALSE(back[0].finite);
  EXPECT_EQ(back[1].faultyLoss, b.faultyLoss);
  EXPECT_EQ(back[0].element, 4567);
  EXPECT_EQ(back[0].cleanTop2Diff, a.cleanTop2Diff);
  EXPECT_TRUE(std::isnan(back[1].cleanTop2Diff));

  // A crash in the middle of a line: the line is ignored, then cut off before appending.
  std::string text = readFileBytes(path);
  writeFileAtomically(path, text + "3,9,12,4");
  EXPECT_EQ(readRecords(path).size(), 2u);
  {
    RecordWriter w(path);
    w.append({outcome(3, 9, 0, 0, 0.2, 0.3)});
  }
  back = readRecords(path);
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[2].injection, 9);
  writeFileAtomically(path, "not,a,record,file\n");
  EXPECT_THROW(readRecords(path), Error);
  writeFileAtomically(path, std::string(kRecordHeader) + "\n1,2,3\n");
  EXPECT_THROW(readRecords(path), Error);

  // Records of earlier versions (no clean Top2Diff) still read, with a NaN Top2Diff, but
  // are not appended to: a file holds one format.
  writeFileAtomically(path, "layer,injection,image,element,bit,before,after,label,clean_top1,faulty_top1,clean_loss,"
                            "faulty_loss,finite\n3,9,12,4,30,1,2,1,1,0,0.5,0.75,1\n");
  back = readRecords(path);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].faultyLoss, 0.75);
  EXPECT_TRUE(std::isnan(back[0].cleanTop2Diff));
  test::expectErrorMentioning([&] { RecordWriter w(path); }, path, "earlier FaultLens");
}

TEST(CampaignPlan, SameSequencesForSameShapesAndShardsPartitionIt) {
  LayerInfo l;
  l.index = 2;
  l.name = "conv";
  l.outputShape = {4, 5, 5};
  l.weightShape = {4, 1, 3, 3};
  CampaignConfig c;
  c.injectionsPerLayer = 300;
  c.imageEnd = 50;
  c.seed = 11;
  const auto full = planLayer(l, c);
  ASSERT_EQ(full.size(), 300u);
  LayerInfo other = l;
  other.name = "other model's conv";
  const auto again = planLayer(other, c);
  for (std::size_t i = 0; i < full.size(); ++i) {
    EXPECT_EQ(full[i].image, again[i].image);
    EXPECT_EQ(full[i].element, again[i].element);
    EXPECT_EQ(full[i].bit, again[i].bit);
    EXPECT_LT(full[i].element, 100);
    EXPECT_LT(full[i].image, 50);
  }
  std::vector<PlannedInjection> merged;
  c.batchSize = 16;
  const auto batched = planLayer(l, c);
  for (int s = 0; s < 3; ++s) {
    c.shardIndex = s;
    c.shardCount = 3;
    for (const auto& p : planLayer(l, c))  // shards take whole batches
      EXPECT_EQ(p.batch % 3, s);
    for (const auto& p : planLayer(l, c)) merged.push_back(p);
  }
  ASSERT_EQ(merged.size(), batched.size());
  std::sort(merged.begin(), merged.end(), [](auto& x, auto& y) { return x.injection < y.injection; });
  for (std::size_t i = 0; i < batched.size(); ++i) {
    EXPECT_EQ(merged[i].element, batched[i].element);
    EXPECT_EQ(merged[i].image, batched[i].image);
  }
  // Sites are paired by injection number whatever the chunks: the batch size changes the
  // images, not the sites.
  for (std::size_t i = 0; i < batched.size(); ++i) EXPECT_EQ(batched[i].element, full[i].element);
}

TEST(CampaignPlan, EveryBatchIsOneWholeChunkAndEveryImageIsDrawnAlike) {
  LayerInfo l;
  l.index = 0;
  l.name = "conv";
  l.outputShape = {4, 5, 5};
  CampaignConfig c;
  c.imageBegin = 10;
  c.imageEnd = 110;  // chunks of 16: six full ones and one of 4 images
  c.batchSize = 16;
  c.injectionsPerLayer = 20000;
  const auto plan = planLayer(l, c);
  ASSERT_EQ(plan.size(), 20000u);
  std::map<std::int64_t, int> perImage;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const auto& p = plan[i];
    EXPECT_EQ(p.image, 10 + 16 * p.chunk + p.row);
    EXPECT_LT(p.image, 110);
    ++perImage[p.image];
    if (i > 0 && plan[i - 1].batch == p.batch) {
      EXPECT_EQ(plan[i - 1].chunk, p.chunk);
      EXPECT_EQ(plan[i - 1].row + 1, p.row) << "a batch holds its chunk's rows in order";
    } else if (i > 0) {
      EXPECT_EQ(plan[i - 1].batch + 1, p.batch);
      EXPECT_EQ(p.row, 0) << "a batch starts at its chunk's first row";
      const int size = plan[i - 1].chunk == 6 ? 4 : 16;
      EXPECT_EQ(plan[i - 1].row + 1, size) << "a batch holds its whole chunk";
    }
  }
  // Chunks are drawn uniformly and each gives every one of its images one fault, so every
  // image, the short chunk's too, expects 20000 / 100 = 200 faults (about 1400 batches,
  // each hitting an image with probability 1/7: standard deviation about 13).
  ASSERT_EQ(perImage.size(), 100u);
  for (const auto& [image, n] : perImage) EXPECT_NEAR(n, 200, 60) << image;

  // Batch k of every layer holds the same chunk (one clean pass serves them all), while
  // the sites follow each layer's own sequence.
  LayerInfo other = l;
  other.index = 3;
  other.outputShape = {8, 3, 3};
  const auto otherPlan = planLayer(other, c);
  ASSERT_EQ(otherPlan.size(), plan.size());
  int sameSites = 0;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    ASSERT_EQ(otherPlan[i].batch, plan[i].batch);
    EXPECT_EQ(otherPlan[i].chunk, plan[i].chunk) << i;
    sameSites += otherPlan[i].element == plan[i].element;
  }
  EXPECT_LT(sameSites, 2000) << "sites drawn from the layer's own stream (about 1 in 72 alike)";

  // The paper protocol's golden set: only eligible rows, chunks without any are skipped.
  const ImageChunks golden(c, {12, 13, 40, 109});
  ASSERT_EQ(golden.eligibleChunks(), (std::vector<std::int64_t>{0, 1, 6}));
  EXPECT_EQ(golden.eligibleRows(0), (std::vector<int>{2, 3}));
  c.injectionsPerLayer = 50;
  for (const auto& p : planLayer(l, c, 0, golden))
    EXPECT_TRUE(p.image == 12 || p.image == 13 || p.image == 40 || p.image == 109);
  EXPECT_THROW(ImageChunks(c, {5}), Error) << "outside the range";
}

class CampaignRun : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string dir = test::tempDir("campaign");
    model = Model::load(test::writeTinyConvNet(dir));
    // 20 unlabelled 6×6 images: ΔLoss falls back to the clean top-1.
    data = std::make_unique<IdxDataset>(test::writeTinyImages(dir), "");
    config.injectionsPerLayer = 40;
    config.imageEnd = 20;
    config.seed = 5;
  }
  std::vector<InjectionOutcome> runAll(int batchSize, std::vector<double> rangeBounds = {}) {
    std::vector<InjectionOutcome> all;
    std::atomic<bool> never{false};
    CampaignConfig c = config;
    c.batchSize = batchSize;
    CampaignRunner(*model, *data, c, std::move(rangeBounds))
        .run(
            {}, [&](const std::vector<InjectionOutcome>& o) { all.insert(all.end(), o.begin(), o.end()); }, {}, never);
    return all;
  }
  std::unique_ptr<Model> model;
  std::unique_ptr<Dataset> data;
  CampaignConfig config;
};

void expectSameOutcomes(const std::vector<InjectionOutcome>& a, const std::vector<InjectionOutcome>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].layer, b[i].layer);
    EXPECT_EQ(a[i].injection, b[i].injection);
    EXPECT_EQ(a[i].faultyTop1, b[i].faultyTop1) << i;
    // Batched and single GEMMs may sum in another order: equal up to rounding.
    EXPECT_NEAR(a[i].before, b[i].before, 1e-5 * (1 + std::fabs(a[i].before))) << i;
    if (std::isfinite(a[i].after)) EXPECT_NEAR(a[i].after, b[i].after, 1e-5 * (1 + std::fabs(a[i].after))) << i;
    if (std::isfinite(a[i].faultyLoss))
      EXPECT_NEAR(a[i].faultyLoss, b[i].faultyLoss, 1e-6 * (1 + std::fabs(a[i].faultyLoss)));
  }
}

/// A whole campaign on one model: its outcomes by (layer, injection), and its profile.
std::pair<std::vector<InjectionOutcome>, CampaignRunProfile> runWhole(Model& model, const Dataset& data,
                                                                      const CampaignConfig& config,
                                                                      const ModelCampaignOptions& options) {
  CampaignRunner runner(model, data, config, options);
  std::vector<InjectionOutcome> all;
  std::atomic<bool> never{false};
  runner.run(
      {}, [&](const std::vector<InjectionOutcome>& o) { all.insert(all.end(), o.begin(), o.end()); }, {}, never);
  std::sort(all.begin(), all.end(),
            [](auto& x, auto& y) { return x.layer != y.layer ? x.layer < y.layer : x.injection < y.injection; });
  return {all, runner.profile()};
}

TEST_F(CampaignRun, BatchedInjectionEqualsOneAtATime) {
  const auto batched = runAll(16);
  ASSERT_EQ(batched.size(), 80u);  // 2 layers × 40
  for (const auto& o : batched) {
    EXPECT_EQ(o.label, o.cleanTop1) << "unlabelled data: the clean top-1 is the label";
    EXPECT_EQ(o.after, applyErrorModel(o.before, ErrorModel::BitFlip, o.bit));
    // The same fault alone: one full forward of its image.
    const at::Tensor image = makeBatch(*data, {static_cast<std::size_t>(o.image)}, model->input()).images;
    ActivationFaultInjector alone(model->layers(), {{o.layer, 0, o.element, o.bit}});
    const auto faulty = logitRows(model->forward(image, &alone))[0];
    const auto clean = logitRows(model->forward(image))[0];
    EXPECT_EQ(o.faultyTop1, argmax(faulty)) << o.layer << "/" << o.injection;
    EXPECT_EQ(o.cleanTop1, argmax(clean));
    // Batched and single GEMMs may sum in another order: equal up to float32 rounding.
    EXPECT_NEAR(o.before, alone.applied()[0].before, 1e-5 * (1 + std::fabs(o.before)));
    EXPECT_NEAR(o.cleanLoss, crossEntropy(clean, o.label), 1e-5 * (1 + std::fabs(o.cleanLoss)));
    if (std::isfinite(o.faultyLoss))
      EXPECT_NEAR(o.faultyLoss, crossEntropy(faulty, o.label), 1e-5 * (1 + std::fabs(o.faultyLoss)));
  }
}

TEST(CampaignDeterminism, AFaultThatChangesNothingGivesDeltaLossExactlyZero) {
  // Stuck-at-0 on a bit that is already 0 leaves the value as it was: clean and faulty
  // logits must then be the same bits (they come from the same batch), on the demo model,
  // whose kernels round differently for different batch compositions. Also with the
  // layers captured in several groups (a tiny memory budget): the budget changes no result.
  auto model = Model::load(FAULTLENS_RESOURCE_DIR "/models/fashion_baseline.pt");
  auto data = openDataset("fashion-mnist");
  CampaignConfig config;
  config.injectionsPerLayer = 48;
  config.imageEnd = 200;
  config.batchSize = 16;
  config.errorModel = ErrorModel::StuckAt0;
  const auto run = [&](std::int64_t budget) {
    ModelCampaignOptions options;
    options.memoryBudgetBytes = budget;
    return runWhole(*model, *data, config, options);
  };
  const auto [all, profile] = run(kDefaultCampaignMemoryBudget);
  EXPECT_EQ(profile.layerGroups, 1);
  int unchanged = 0;
  for (const auto& o : all) {
    if (std::memcmp(&o.before, &o.after, sizeof(float)) != 0) continue;
    ++unchanged;
    EXPECT_EQ(o.faultyLoss, o.cleanLoss) << "layer " << o.layer << " injection " << o.injection;
    EXPECT_EQ(o.faultyTop1, o.cleanTop1);
  }
  EXPECT_GT(unchanged, static_cast<int>(all.size()) / 4);
  const auto [grouped, groupedProfile] = run(profile.largestStateBytes / 3);
  EXPECT_GE(groupedProfile.layerGroups, 3);
  ASSERT_EQ(grouped.size(), all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(grouped[i].faultyLoss, all[i].faultyLoss) << i;
    EXPECT_EQ(grouped[i].cleanLoss, all[i].cleanLoss) << i;
  }
}

TEST_F(CampaignRun, RangeRestrictionClipsFaultsButLeavesCleanInferenceAlone) {
  config.bits = {30, 30};  // exponent flips: huge values a range detector must catch
  const auto plain = runAll(16);
  const auto ranges = profileActivationRanges(*model, *data, 0, 20);
  // The profile ran these images in other batches than the campaign does, so a clean
  // value may come out a few float32 ulp above its profiled maximum; 1e-5 of headroom keeps
  // clean inference unclipped and still catches every bit-30 flip (a factor of 2^64 or more).
  auto bounds = rangeBoundsFor(*model, ranges, "ranges.json");
  for (double& b : bounds) b *= 1.0 + 1e-5;
  const auto restricted = runAll(16, bounds);
  ASSERT_EQ(plain.size(), restricted.size());
  double plainLoss = 0, restrictedLoss = 0;
  int changed = 0;
  for (std::size_t i = 0; i < plain.size(); ++i) {
    // The profile covers these very images: clipping to it changes no clean inference.
    EXPECT_EQ(restricted[i].cleanTop1, plain[i].cleanTop1);
    EXPECT_FLOAT_EQ(restricted[i].cleanLoss, plain[i].cleanLoss);
    EXPECT_TRUE(restricted[i].finite) << "a clipped NaN becomes 0, a clipped Inf the bound";
    restrictedLoss += std::fabs(restricted[i].faultyLoss - restricted[i].cleanLoss);
    if (std::isfinite(plain[i].faultyLoss)) plainLoss += std::fabs(plain[i].faultyLoss - plain[i].cleanLoss);
    changed += restricted[i].faultyTop1 != restricted[i].cleanTop1;
  }
  EXPECT_LT(restrictedLoss, plainLoss);
  EXPECT_LT(changed, static_cast<int>(plain.size()));

  LayerRange foreign;
  foreign.layer = "layer4.2.conv3";
  test::expectErrorMentioning([&] { rangeBoundsFor(*model, {foreign}, "r.json"); }, "r.json",
                              "has a range for layer 'layer4.2.conv3'");
  EXPECT_THROW(CampaignRunner(*model, *data, config, {1.0}), Error) << "one bound per layer";
}

TEST_F(CampaignRun, StoppedCampaignResumesToTheUninterruptedResult) {
  auto reference = runAll(8);
  std::sort(reference.begin(), reference.end(),
            [](auto& x, auto& y) { return x.layer != y.layer ? x.layer < y.layer : x.injection < y.injection; });
  const std::string path = test::tempDir("resume") + "/records.csv";
  std::atomic<bool> stop{false};
  {
    RecordWriter writer(path);
    config.batchSize = 8;
    CampaignRunner runner(*model, *data, config);
    int batches = 0;
    EXPECT_FALSE(runner.run(
        {},
        [&](const std::vector<InjectionOutcome>& o) {
          writer.append(o);
          if (++batches == 3) stop = true;
        },
        {}, stop));
  }
  EXPECT_GE(readRecords(path).size(), 3u);  // three batches: whole chunks of 8, 8 or 4 images
  EXPECT_LE(readRecords(path).size(), 24u);
  std::set<std::pair<int, std::int64_t>> done;
  for (const auto& o : readRecords(path)) done.insert({o.layer, o.injection});
  {
    RecordWriter writer(path);
    std::atomic<bool> never{false};
    EXPECT_TRUE(CampaignRunner(*model, *data, config)
                    .run(
                        done, [&](const std::vector<InjectionOutcome>& o) { writer.append(o); }, {}, never));
  }
  auto resumed = readRecords(path);
  std::sort(resumed.begin(), resumed.end(),
            [](auto& x, auto& y) { return x.layer != y.layer ? x.layer < y.layer : x.injection < y.injection; });
  expectSameOutcomes(resumed, reference);
  EXPECT_DOUBLE_EQ(summarize(resumed, {"conv", "fc"}).networkDeltaLoss,
                   summarize(reference, {"conv", "fc"}).networkDeltaLoss);
}

TEST_F(CampaignRun, PartlyRecordedBatchRunsWholeSoResumedResultsAreBitIdentical) {
  // A crash can cut a batch's append short. The resumed run must compute the rest of that
  // batch in the batch it belongs to: CampaignConfig::batchSize promises bit-identical
  // results however a campaign is interrupted.
  const auto reference = runAll(8);
  std::set<std::pair<int, std::int64_t>> done;
  for (int i = 0; i < 3; ++i) done.insert({reference[i].layer, reference[i].injection});
  config.batchSize = 8;
  std::vector<InjectionOutcome> resumed;
  std::atomic<bool> never{false};
  CampaignRunner(*model, *data, config)
      .run(
          done, [&](const std::vector<InjectionOutcome>& o) { resumed.insert(resumed.end(), o.begin(), o.end()); }, {},
          never);
  ASSERT_EQ(resumed.size(), reference.size() - 3);
  const auto sameBits = [](double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; };
  for (std::size_t i = 0; i < resumed.size(); ++i) {
    const auto& r = reference[i + 3];
    EXPECT_EQ(resumed[i].injection, r.injection);
    EXPECT_EQ(resumed[i].faultyTop1, r.faultyTop1);
    EXPECT_TRUE(sameBits(resumed[i].cleanLoss, r.cleanLoss)) << i;
    EXPECT_TRUE(sameBits(resumed[i].faultyLoss, r.faultyLoss)) << i;
  }
}

TEST(RunningSummary, MatchesSummarizeInAnyArrivalOrder) {
  std::vector<InjectionOutcome> outcomes;
  for (int i = 0; i < 50; ++i) {
    InjectionOutcome o;
    o.layer = i % 3 == 0 ? 4 : 1;
    o.injection = i;
    o.cleanTop1 = 2;
    o.faultyTop1 = i % 7 == 0 ? 5 : 2;
    o.cleanLoss = 0.25;
    o.faultyLoss = i == 9 ? std::numeric_limits<double>::infinity() : 0.25 + std::pow(-1.5, i % 11) * (i % 5);
    o.finite = i != 9;
    outcomes.push_back(o);
  }
  const std::vector<std::string> names{"a", "b", "c", "d", "e"};
  const CampaignSummary exact = summarize(outcomes, names);
  RunningSummary running(names);
  std::reverse(outcomes.begin(), outcomes.end());  // batches arrive in any order
  running.add({outcomes.begin(), outcomes.begin() + 17});
  running.add({outcomes.begin() + 17, outcomes.end()});
  const CampaignSummary live = running.summary();
  ASSERT_EQ(live.layers.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(live.layers[i].name, exact.layers[i].name);
    EXPECT_EQ(live.layers[i].injections, exact.layers[i].injections);
    EXPECT_EQ(live.layers[i].mismatches, exact.layers[i].mismatches);
    EXPECT_EQ(live.layers[i].nonFinite, exact.layers[i].nonFinite);
    EXPECT_EQ(live.layers[i].lossExcluded, exact.layers[i].lossExcluded);
    EXPECT_NEAR(live.layers[i].meanDeltaLoss, exact.layers[i].meanDeltaLoss, 1e-12);
    EXPECT_NEAR(live.layers[i].deltaLossInterval.low, exact.layers[i].deltaLossInterval.low, 1e-12);
    EXPECT_NEAR(live.layers[i].mismatchInterval.high, exact.layers[i].mismatchInterval.high, 1e-15);
  }
  EXPECT_EQ(exact.layers[0].lossExcluded + exact.layers[1].lossExcluded, 1);
  EXPECT_NEAR(live.networkDeltaLoss, exact.networkDeltaLoss, 1e-12);
  EXPECT_DOUBLE_EQ(live.networkMismatchRate, exact.networkMismatchRate);
}

TEST_F(CampaignRun, ASecondWriterOfTheSameShardIsRefusedWhileTheFirstLives) {
  const std::string dir = test::tempDir("writers") + "/camp";
  {
    CampaignSession first(dir, {model.get()}, *data, config);
    try {
      CampaignSession second(dir, {model.get()}, *data, config);
      ADD_FAILURE() << "a second writer was let in";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("another process is writing this campaign (process "), std::string::npos)
          << e.what();
    }
  }
  {
    // Two shards of one campaign are two writers of different files: both may run at once.
    const std::string sharded = test::tempDir("writers") + "/sharded";
    CampaignConfig shard = config;
    shard.shardCount = 2;
    CampaignSession zero(sharded, {model.get()}, *data, shard);
    shard.shardIndex = 1;
    EXPECT_NO_THROW(CampaignSession(sharded, {model.get()}, *data, shard));
  }
  // The lock ends with its holder (also when a process dies: the kernel drops it).
  CampaignSession again(dir, {model.get()}, *data, config);
  EXPECT_EQ(again.recordedInjections(), 0);
}

TEST_F(CampaignRun, ARecordTheCampaignDidNotPlanIsRefusedNotSummed) {
  const std::string dir = test::tempDir("foreign") + "/camp";
  std::atomic<bool> never{false};
  {
    CampaignSession session(dir, {model.get()}, *data, config);
    ASSERT_TRUE(session.run({}, never));
  }
  const std::string records = campaignRecordPath(dir, 0, 0, 1);
  const auto original = readRecords(records);
  const auto refusal = [&](auto&& action) {
    try {
      action();
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  const auto rewrite = [&](std::vector<InjectionOutcome> outcomes) {
    std::filesystem::remove(records);
    RecordWriter writer(records);
    writer.append(outcomes);
  };
  // An injection number outside the plan (9999 of 40), appended by hand.
  auto foreign = original;
  foreign.push_back(original.front());
  foreign.back().injection = 9999;
  rewrite(foreign);
  std::string why = refusal([&] { CampaignSession(dir, {model.get()}, *data, config); });
  EXPECT_NE(why.find(records + ": record " + std::to_string(foreign.size()) + " (injection 9999 of layer #"),
            std::string::npos)
      << why;
  EXPECT_NE(why.find("is not in this campaign's plan"), std::string::npos) << why;
  why = refusal([&] { readCampaignOutcomes(dir, readCampaignManifest(dir)); });
  EXPECT_NE(why.find("which this campaign does not plan"), std::string::npos) << why;
  // A planned injection with another bit than the plan's: not computed by this campaign.
  auto altered = original;
  altered[3].bit = altered[3].bit == 30 ? 29 : 30;
  rewrite(altered);
  why = refusal([&] { CampaignSession(dir, {model.get()}, *data, config); });
  EXPECT_NE(why.find("record 4 ("), std::string::npos) << why;
  EXPECT_NE(why.find("differs from the plan"), std::string::npos) << why;
  // The campaign's own records resume as before.
  rewrite(original);
  EXPECT_EQ(CampaignSession(dir, {model.get()}, *data, config).recordedInjections(),
            static_cast<std::int64_t>(original.size()));
}

TEST_F(CampaignRun, LabelsOfOtherClassesAreRefusedBeforeAnyOutput) {
  // Two labelled classes for a 3-class model: the labels would name the model's first two
  // classes. One check for campaigns, sweeps and evaluation alike, before anything is written.
  const std::string root = test::tempDir("twoclasses");
  for (const char* cls : {"x", "y"}) {
    std::filesystem::create_directories(root + "/" + cls);
    cv::imwrite(root + "/" + cls + "/0.png", cv::Mat(6, 6, CV_8UC1, cv::Scalar(cls[0] == 'x' ? 40 : 200)));
  }
  ImageFolderDataset folder(root);
  const std::string dir = test::tempDir("twoclasses-campaign") + "/camp";
  CampaignConfig c = config;
  c.imageEnd = 2;
  test::expectErrorMentioning([&] { CampaignSession(dir, {model.get()}, folder, c); }, root,
                              "has 2 classes but " + model->path() + " outputs 3");
  EXPECT_FALSE(std::filesystem::exists(dir + "/campaign.json"));
  BitErrorRateSweepConfig ber;
  ber.rates = {1e-3};
  test::expectErrorMentioning([&] { sweepBitErrorRates(*model, folder, ber); }, root, "has 2 classes");
  test::expectErrorMentioning([&] { requireLabelsFitModel(*model, folder, 0, 2); }, root, "outputs 3");
}

TEST(RecordFile, ADuplicatedRecordIsAnErrorNamingBothLines) {
  const std::string path = test::tempDir("dup") + "/records-0.csv";
  InjectionOutcome o;
  o.layer = 1;
  o.injection = 7;
  {
    RecordWriter writer(path);
    writer.append({o});
    o.injection = 8;
    writer.append({o});
    o.injection = 7;
    writer.append({o});
  }
  try {
    readRecords(path);
    ADD_FAILURE() << "duplicate accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("lines 2 and 4 both record injection 7 of layer #1"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(RecordWriter{path}, Error);  // nor resumed into
}

TEST_F(CampaignRun, SessionResumesTwoModelsInItsDirectoryAndRefusesAnotherCampaign) {
  const std::string dir = test::tempDir("session") + "/camp";
  config.batchSize = 4;
  const auto other = Model::load(test::writeTinyConvNet(test::tempDir("session-b"), 2));
  std::vector<Model*> pair{model.get(), other.get()};
  std::atomic<bool> stop{false};
  std::int64_t lastDone = -1, outcomes = 0;
  {
    CampaignSession session(dir, pair, *data, config);
    EXPECT_EQ(session.plannedInjections(), 160);  // 2 models × 2 layers × 40
    EXPECT_EQ(session.recordedInjections(), 0);
    CampaignSession::Observer observer;
    observer.onOutcomes = [&](std::size_t model, const std::vector<InjectionOutcome>& o) {
      EXPECT_EQ(model, 0u) << "stopped while still on the baseline";
      outcomes += static_cast<std::int64_t>(o.size());
      if (outcomes >= 12) stop = true;
    };
    observer.onProgress = [&](const CampaignProgress& p) {
      EXPECT_EQ(p.total, 160);
      EXPECT_GT(p.done, lastDone);
      lastDone = p.done;
    };
    EXPECT_FALSE(session.run(observer, stop));
  }
  EXPECT_EQ(readRecords(campaignRecordPath(dir, 0, 0, 1)).size(), 12u);
  {
    stop = false;
    CampaignSession session(dir, pair, *data, config);
    EXPECT_EQ(session.recordedInjections(), 12);
    CampaignSession::Observer observer;
    observer.onProgress = [&](const CampaignProgress& p) { EXPECT_EQ(p.total, 148); };
    EXPECT_TRUE(session.run(observer, stop));
    const auto summaries = session.summaries();
    ASSERT_EQ(summaries.size(), 2u);
    for (const auto& s : summaries)
      for (const auto& l : s.layers) EXPECT_EQ(l.injections, 40);
    // The live view's running totals (the 12 read back at open plus this run's) agree with
    // the records: counts exactly, moments to rounding.
    const auto live = session.liveSummaries();
    ASSERT_EQ(live.size(), 2u);
    for (std::size_t m = 0; m < 2; ++m) {
      ASSERT_EQ(live[m].layers.size(), summaries[m].layers.size());
      for (std::size_t i = 0; i < live[m].layers.size(); ++i) {
        const LayerSummary &a = live[m].layers[i], &b = summaries[m].layers[i];
        EXPECT_EQ(a.name, b.name);
        EXPECT_EQ(a.injections, b.injections);
        EXPECT_EQ(a.mismatches, b.mismatches);
        EXPECT_EQ(a.nonFinite, b.nonFinite);
        EXPECT_EQ(a.lossExcluded, b.lossExcluded);
        const double scale =
            std::max({1e-12, std::abs(b.meanDeltaLoss), b.deltaLossInterval.high - b.deltaLossInterval.low});
        EXPECT_NEAR(a.meanDeltaLoss, b.meanDeltaLoss, 1e-9 * scale);
        EXPECT_NEAR(a.deltaLossInterval.high, b.deltaLossInterval.high, 1e-9 * scale);
      }
      EXPECT_NEAR(live[m].networkDeltaLoss, summaries[m].networkDeltaLoss,
                  1e-9 * std::max(1e-12, std::abs(summaries[m].networkDeltaLoss)));
    }
    writeCampaignSummary(dir, session.manifest(), summaries);
    // Same numbers as a campaign that never stopped.
    CampaignSession whole(test::tempDir("session-whole"), pair, *data, config);
    EXPECT_TRUE(whole.run({}, stop));
    const auto reference = whole.summaries();
    for (std::size_t m = 0; m < 2; ++m) EXPECT_DOUBLE_EQ(summaries[m].networkDeltaLoss, reference[m].networkDeltaLoss);
  }
  // The manifest reads back to the same campaign, and a different one is refused.
  const CampaignManifest stored = readCampaignManifest(dir);
  EXPECT_EQ(stored.models, (std::vector<std::string>{model->path(), other->path()}));
  EXPECT_EQ(stored.config.injectionsPerLayer, 40);
  EXPECT_EQ(stored.config.imageEnd, 20u);
  EXPECT_EQ(stored.config.batchSize, 4);
  EXPECT_EQ(campaignManifestJson(stored), readFileBytes(dir + "/campaign.json"));
  EXPECT_EQ(summarizeCampaignDirectory(dir, stored, true).size(), 2u);
  // A campaign that an earlier version drew (a chunk per layer and batch) still summarises
  // but is not continued with other draws.
  const std::string earlier = test::tempDir("session-earlier");
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    std::filesystem::copy(entry.path(), earlier + "/" + entry.path().filename().string());
  std::string manifestText = readFileBytes(earlier + "/campaign.json");
  const auto draws = manifestText.find("\"shared-chunks\"");
  ASSERT_NE(draws, std::string::npos);
  writeFileAtomically(earlier + "/campaign.json", manifestText.replace(draws, 15, "\"chunks\""));
  EXPECT_EQ(summarizeCampaignDirectory(earlier, readCampaignManifest(earlier), true).size(), 2u);
  test::expectErrorMentioning([&] { CampaignSession(earlier, pair, *data, config); }, earlier + "/campaign.json",
                              "earlier FaultLens");
  config.seed = 6;
  test::expectErrorMentioning([&] { CampaignSession(dir, pair, *data, config); }, dir + "/campaign.json",
                              "holds a different campaign");
}

TEST_F(CampaignRun, AWeightCampaignOfTheFormerMethodIsNotContinued) {
  // Weight campaigns used to run one pass per fault with the weight written; this version
  // adds the fault to the layer output. Equal up to rounding, but one campaign's records
  // must come from one method: the old directory still summarises, it is not continued.
  config.kind = FaultKind::Weight;
  config.injectionsPerLayer = 8;
  config.batchSize = 4;
  const std::string dir = test::tempDir("weights-earlier");
  std::atomic<bool> stop{false};
  {
    CampaignSession session(dir, {model.get()}, *data, config);
    EXPECT_TRUE(session.run({}, stop));
  }
  auto manifest = nlohmann::json::parse(readFileBytes(dir + "/campaign.json"));
  EXPECT_EQ(manifest.at("weight_faults"), "added-to-layer-output");
  // The session resumes its own directory.
  CampaignSession(dir, {model.get()}, *data, config);
  manifest.erase("weight_faults");
  writeFileAtomically(dir + "/campaign.json", manifest.dump(2) + "\n");
  EXPECT_EQ(summarizeCampaignDirectory(dir, readCampaignManifest(dir), true).size(), 1u);
  test::expectErrorMentioning([&] { CampaignSession(dir, {model.get()}, *data, config); }, dir + "/campaign.json",
                              "earlier FaultLens");
}

TEST_F(CampaignRun, InputsAreIdentifiedByContentNotByPath) {
  namespace fs = std::filesystem;
  const std::string dir = test::tempDir("pinned") + "/camp";
  const std::string modelPath = model->path();
  const std::string dataPath = data->source();
  const std::string originalModel = readFileBytes(modelPath), originalData = readFileBytes(dataPath);
  const auto other = Model::load(test::writeTinyConvNet(test::tempDir("pinned-b"), 2));
  config.injectionsPerLayer = 4;
  {
    CampaignSession first(dir, {model.get()}, *data, config);
    EXPECT_TRUE(first.inputsPinnedByContent());
  }
  const CampaignManifest stored = readCampaignManifest(dir);
  ASSERT_EQ(stored.inputDigests.models.size(), 1u);
  EXPECT_EQ(stored.inputDigests.models[0], model->contentDigest());
  EXPECT_EQ(stored.inputDigests.data.rfind("sha256:", 0), 0u);

  // Another model written over the same path: same path, same layer names, other weights.
  writeFileAtomically(modelPath, readFileBytes(other->path()));
  const auto replaced = Model::load(modelPath);
  EXPECT_NE(replaced->contentDigest(), model->contentDigest());
  test::expectErrorMentioning([&] { CampaignSession(dir, {replaced.get()}, *data, config); }, dir + "/campaign.json",
                              "is not the model this campaign ran with");
  writeFileAtomically(modelPath, originalModel);
  EXPECT_EQ(Model::load(modelPath)->contentDigest(), model->contentDigest()) << "the digest is a function of content";

  // The data file refilled at the same path: one pixel of the first image changed.
  std::string changed = originalData;
  changed[16] = static_cast<char>(changed[16] ^ 1);
  writeFileAtomically(dataPath, changed);
  const IdxDataset refilled(dataPath, "");
  test::expectErrorMentioning([&] { CampaignSession(dir, {model.get()}, refilled, config); }, dir + "/campaign.json",
                              "is not the one this campaign ran on");
  writeFileAtomically(dataPath, originalData);

  // The same images read from another path are the same data.
  const std::string copy = test::tempDir("pinned-copy") + "/x-images-idx3-ubyte";
  writeFileAtomically(copy, originalData);
  EXPECT_EQ(datasetDigest(IdxDataset(copy, ""), 0, 20), stored.inputDigests.data);

  // A directory written before digests existed still resumes, by path, and says so.
  nlohmann::json old = nlohmann::json::parse(readFileBytes(dir + "/campaign.json"));
  old.erase("input_digests");
  fs::remove(dir + "/campaign.json");
  writeFileAtomically(dir + "/campaign.json", old.dump(2) + "\n");
  CampaignSession resumed(dir, {model.get()}, *data, config);
  EXPECT_FALSE(resumed.inputsPinnedByContent());
}

TEST_F(CampaignRun, ADirectoryHoldingFilesTheCampaignDidNotWriteIsNeverTakenAsItsOwn) {
  namespace fs = std::filesystem;
  config.injectionsPerLayer = 4;
  // Records without a manifest (campaign.json deleted, or another tool's file): refused,
  // by the session as well as by the preparation, and left untouched.
  const std::string orphan = test::tempDir("foreign") + "/camp";
  fs::create_directories(orphan);
  writeFileAtomically(orphan + "/records-0.csv", "layer,injection\n");
  test::expectErrorMentioning([&] { prepareCampaignDirectory(orphan); }, orphan,
                              "holds records-0.csv but no campaign.json");
  test::expectErrorMentioning([&] { CampaignSession(orphan, {model.get()}, *data, config); }, orphan,
                              "holds records-0.csv but no campaign.json");
  EXPECT_EQ(readFileBytes(orphan + "/records-0.csv"), "layer,injection\n");
  // What a start that never reached its manifest leaves (a profile) is removed and named.
  const std::string halfStarted = test::tempDir("half-started") + "/camp";
  fs::create_directories(halfStarted);
  const std::string profile = activationRangesJson({{"fc", {2.5, 10.0, 4, 0}}}, "m.pt");
  writeFileAtomically(halfStarted + "/ranges-0.json", profile);
  EXPECT_EQ(prepareCampaignDirectory(halfStarted), std::vector<std::string>{halfStarted + "/ranges-0.json"});
  EXPECT_FALSE(fs::exists(halfStarted + "/ranges-0.json"));
  { CampaignSession(halfStarted, {model.get()}, *data, config); }
  // Another process (an MPI rank) writing the manifest at this moment: its temporary is
  // neither foreign nor a leftover to remove.
  const std::string racing = test::tempDir("racing") + "/camp";
  fs::create_directories(racing);
  writeFileAtomically(racing + "/.campaign.json.tmp4033634919", "{");
  EXPECT_TRUE(prepareCampaignDirectory(racing).empty());
  EXPECT_TRUE(fs::exists(racing + "/.campaign.json.tmp4033634919"));
  { CampaignSession(racing, {model.get()}, *data, config); }
  // A user's file under a profile's name is no profile: refused, never deleted.
  const std::string notes = test::tempDir("notes") + "/camp";
  fs::create_directories(notes);
  writeFileAtomically(notes + "/ranges-0.json", "notes\n");
  test::expectErrorMentioning([&] { prepareCampaignDirectory(notes); }, notes + "/ranges-0.json",
                              "is not a range profile a campaign start wrote");
  EXPECT_EQ(readFileBytes(notes + "/ranges-0.json"), "notes\n");
  // A campaign's own directory is a resume: nothing is removed.
  writeFileAtomically(halfStarted + "/ranges-0.json", "{}");
  EXPECT_TRUE(prepareCampaignDirectory(halfStarted).empty());
  EXPECT_TRUE(fs::exists(halfStarted + "/ranges-0.json"));
}

TEST_F(CampaignRun, AFinishedCampaignIsOnlyPairedWithItsOwnModelsAndData) {
  const std::string dir = test::tempDir("paired") + "/camp";
  const auto other = Model::load(test::writeTinyConvNet(test::tempDir("paired-b"), 2));
  config.injectionsPerLayer = 4;
  { CampaignSession(dir, {model.get(), other.get()}, *data, config); }
  const CampaignManifest manifest = readCampaignManifest(dir);
  EXPECT_NO_THROW(requireCampaignInputs(dir, manifest, {model.get(), other.get()}, *data));
  test::expectErrorMentioning(
      [&] {
        requireCampaignInputs(dir, manifest, {other.get(), model.get()}, *data);
      },
      dir + "/campaign.json", "the other way round");
  const auto third = Model::load(test::writeTinyConvNet(test::tempDir("paired-c"), 3));
  test::expectErrorMentioning(
      [&] {
        requireCampaignInputs(dir, manifest, {model.get(), third.get()}, *data);
      },
      dir + "/campaign.json", "their contents differ");
  const std::string otherData = test::writeTinyImages(test::tempDir("paired-data"), 41);
  test::expectErrorMentioning(
      [&] {
        requireCampaignInputs(dir, manifest, {model.get(), other.get()}, IdxDataset(otherData, ""));
      },
      dir + "/campaign.json", "other images");
}

TEST(CampaignManifest, MalformedManifestsAreRefusedNamingTheFile) {
  const std::string good = R"({"models": ["a.pt"], "data": "d", "kind": "activation", "error_model": "flip",
    "bits": [0, 31], "seed": 1, "images": 3, "injections_per_layer": 2, "layers": [], "shards": 1,
    "batch_size": 4, "layer_names": [["conv", "fc"]]})";
  EXPECT_EQ(parseCampaignManifest(good, "c.json").config.batchSize, 4);
  const auto replaced = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  const std::pair<std::string, std::string> cases[] = {
      {replaced("\"seed\": 1", "\"seed\": -1"), "seed must be a whole number"},
      {replaced("[0, 31]", "[0, 4294967297]"), "bits must be [low, high] within 0..31"},
      {replaced("[0, 31]", "[9, 3]"), "bit range 9..3"},
      {replaced("\"layers\": []", "\"layers\": [2]"), "layer index 2 is out of range"},
      {replaced("\"kind\": \"activation\"", "\"kind\": \"bias\""), "kind must be activation or weight"},
      {replaced("\"shards\": 1", "\"shard\": 1"), "unknown key \"shard\""},
      {replaced("\"batch_size\": 4", "\"batch_size\": 0"), "must be at least 1"},
      {"[1, 2]", "expected a JSON object"},
      {"{\"models\": ", "invalid JSON"},
  };
  for (const auto& [text, problem] : cases)
    test::expectErrorMentioning([&] { parseCampaignManifest(text, "c.json"); }, "c.json", problem);
}

TEST(CampaignDeterminism, PaperProtocolGivesTheSameWithKeptGoldenCapturesAndWithout) {
  // The paper protocol's golden pass keeps the captures of its first chunks for their
  // injections; under a budget too small to keep any, every chunk is captured again. Both
  // must give the same outcomes bit for bit.
  auto model = Model::load(FAULTLENS_RESOURCE_DIR "/models/fashion_baseline.pt");
  auto data = openDataset("fashion-mnist");
  CampaignConfig config;
  config.protocol = Protocol::Paper;
  config.injectionsPerLayer = 32;
  config.imageEnd = 160;
  config.batchSize = 16;
  const auto run = [&](std::int64_t budget) {
    ModelCampaignOptions options;
    options.clampBounds.assign(model->layers().size(), 1e30);
    options.memoryBudgetBytes = budget;
    return runWhole(*model, *data, config, options);
  };
  const auto [kept, keptProfile] = run(kDefaultCampaignMemoryBudget);
  const auto [recaptured, recapturedProfile] = run(std::int64_t{1} << 20);
  EXPECT_EQ(keptProfile.captures, 10) << "10 golden chunks, every injection reusing them";
  EXPECT_GT(recapturedProfile.captures, 10);
  ASSERT_EQ(kept.size(), recaptured.size());
  for (std::size_t i = 0; i < kept.size(); ++i) {
    EXPECT_EQ(kept[i].image, recaptured[i].image);
    EXPECT_EQ(kept[i].faultyLoss, recaptured[i].faultyLoss) << i;
    EXPECT_EQ(kept[i].cleanLoss, recaptured[i].cleanLoss) << i;
  }
}

TEST(CampaignDeterminism, CleanLossesDoNotDependOnWhatRanBefore) {
  // A resumed run that only does the last batch of each layer computes exactly (bit for
  // bit) the losses of the uninterrupted run: clean logits come from canonical image
  // chunks, not from whatever the cache happened to miss. Needs a model whose CPU kernels
  // round differently for different batch compositions: the shipped demo ResNet.
  auto model = Model::load(FAULTLENS_RESOURCE_DIR "/models/fashion_baseline.pt");
  auto data = openDataset("fashion-mnist");
  CampaignConfig config;
  config.injectionsPerLayer = 40;
  config.imageEnd = 300;
  config.batchSize = 16;
  config.layers = {0, 9};
  std::vector<InjectionOutcome> full, tail;
  std::atomic<bool> never{false};
  CampaignRunner(*model, *data, config)
      .run(
          {}, [&](const std::vector<InjectionOutcome>& o) { full.insert(full.end(), o.begin(), o.end()); }, {}, never);
  std::set<std::pair<int, std::int64_t>> done;
  for (const auto& o : full)
    if (o.injection < 32) done.insert({o.layer, o.injection});
  CampaignRunner(*model, *data, config)
      .run(
          done, [&](const std::vector<InjectionOutcome>& o) { tail.insert(tail.end(), o.begin(), o.end()); }, {},
          never);
  ASSERT_EQ(tail.size(), 16u);
  for (const auto& t : tail)
    for (const auto& f : full)
      if (f.layer == t.layer && f.injection == t.injection) {
        EXPECT_EQ(t.cleanLoss, f.cleanLoss) << "layer " << t.layer << " injection " << t.injection;
        EXPECT_EQ(t.faultyLoss, f.faultyLoss) << "layer " << t.layer << " injection " << t.injection;
      }
}

TEST_F(CampaignRun, WeightCampaignRestoresTheModel) {
  const at::Tensor x = at::rand({2, 1, 6, 6});
  const at::Tensor before = model->forward(x);
  config.kind = FaultKind::Weight;
  config.injectionsPerLayer = 10;
  const auto outcomes = runAll(4);
  EXPECT_EQ(outcomes.size(), 20u);
  EXPECT_TRUE(at::equal(model->forward(x), before));
}

TEST_F(CampaignRun, WeightCampaignEqualsOneFaultyForwardPerInjection) {
  // Batched weight faults (each image of a chunk carries its own, added to the layer
  // output) against what a weight fault means: the weight written, one image, a full pass.
  config.kind = FaultKind::Weight;
  config.injectionsPerLayer = 40;
  config.bits = {20, 30};
  for (ErrorModel errorModel : {ErrorModel::BitFlip, ErrorModel::StuckAt1}) {
    config.errorModel = errorModel;
    const auto outcomes = runAll(6);
    ASSERT_EQ(outcomes.size(), 80u);
    int masked = 0;
    for (const auto& o : outcomes) {
      const at::Tensor image = makeBatch(*data, {static_cast<std::size_t>(o.image)}, model->input()).images;
      const auto clean = logitRows(model->forward(image))[0];
      std::vector<float> faulty;
      {
        ScopedWeightFaults scope(*model, {WeightFault{o.layer, o.element, o.bit, errorModel}});
        EXPECT_EQ(floatToBits(scope.applied()[0].before), floatToBits(o.before));
        EXPECT_EQ(floatToBits(scope.applied()[0].after), floatToBits(o.after));
        faulty = logitRows(model->forward(image))[0];
      }
      ASSERT_EQ(o.finite, allFinite(faulty)) << o.layer << " " << o.injection;
      if (!o.finite) continue;
      EXPECT_EQ(o.faultyTop1, argmax(faulty)) << o.layer << " " << o.injection;
      // Batched and single passes sum in another order: equal up to float32 rounding.
      EXPECT_NEAR(o.cleanLoss, crossEntropy(clean, o.label), 1e-5 * (1 + std::fabs(o.cleanLoss)));
      EXPECT_NEAR(o.faultyLoss, crossEntropy(faulty, o.label), 1e-4 * (1 + std::fabs(o.faultyLoss)))
          << o.layer << " " << o.injection;
      if (floatToBits(o.before) == floatToBits(o.after)) {
        ++masked;
        // A fault that changes no bit leaves the batch's clean logits untouched: ΔLoss 0 exactly.
        EXPECT_EQ(o.faultyLoss, o.cleanLoss) << o.layer << " " << o.injection;
      }
    }
    if (errorModel == ErrorModel::StuckAt1) EXPECT_GT(masked, 10) << "stuck-at-1 on bits that are mostly set";
  }
}

}  // namespace
}  // namespace faultlens
