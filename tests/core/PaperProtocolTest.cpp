// The paper's measurement protocol and two models with different layer lists: the clamp
// of a faulty value, the golden-image filter, |ΔCE| with non-finite losses left out, the
// per-bit breakdown, layer alignment (wrapper prefixes, the last-layer role, mapping
// files) and campaigns whose corresponding layers share their fault sequences.
#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <torch/script.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "core/Error.h"
#include "core/faults/FaultSites.h"
#include "core/faults/FloatBits.h"
#include "core/model/LayerAlignment.h"
#include "core/analysis/Metrics.h"
#include "core/model/Model.h"
#include "core/analysis/ActivationRanges.h"
#include "core/campaign/CampaignRunner.h"
#include "core/campaign/CampaignSession.h"
#include "core/campaign/RecordFile.h"
#include "core/data/Dataset.h"
#include "core/data/Preprocess.h"
#include "core/train/ModelBuilder.h"
#include "tests/core/TestModels.h"

namespace faultlens {
namespace {

constexpr float kNan = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

TEST(PaperClamp, NanInfAndValuesBeyondTheRangeBecomeTheBoundWithTheirSign) {
  EXPECT_EQ(clampToRange(kNan, 2.0), 2.0f);  // NaN has no sign to keep: +max
  EXPECT_EQ(clampToRange(kInf, 2.0), 2.0f);
  EXPECT_EQ(clampToRange(-kInf, 2.0), -2.0f);
  EXPECT_EQ(clampToRange(5.0f, 2.0), 2.0f);
  EXPECT_EQ(clampToRange(-3e38f, 2.0), -2.0f);
  EXPECT_EQ(clampToRange(2.0f, 2.0), 2.0f);  // at the bound: kept (the clamp is strict)
  EXPECT_EQ(clampToRange(-1.5f, 2.0), -1.5f);
  EXPECT_EQ(clampToRange(0.0f, 2.0), 0.0f);
  // A bound between two floats clamps to the float below it, never above the range.
  const double bound = 0.1;  // not a float32
  EXPECT_LE(static_cast<double>(clampToRange(1.0f, bound)), bound);
  EXPECT_GT(clampToRange(1.0f, bound), 0.0999999f);
}

TEST(PaperDeltaLoss, IsTheAbsoluteDifferenceAndLeavesNonFiniteLossesOut) {
  std::vector<InjectionOutcome> outcomes;
  const auto add = [&](int bit, double clean, double faulty, bool mismatch) {
    InjectionOutcome o;
    o.layer = 0;
    o.injection = static_cast<std::int64_t>(outcomes.size());
    o.bit = bit;
    o.cleanLoss = clean;
    o.faultyLoss = faulty;
    o.faultyTop1 = mismatch ? 1 : 0;
    o.finite = std::isfinite(faulty);
    outcomes.push_back(o);
  };
  add(30, 0.5, 0.25, false);         // |−0.25|
  add(30, 0.5, 1.5, true);           // 1.0
  add(2, 0.5, 0.5, false);           // 0
  add(31, 0.5, std::nan(""), true);  // skipped in ΔLoss, still a mismatch (non-finite)
  const CampaignSummary paper = summarize(outcomes, {"fc"}, /*absoluteDeltaLoss=*/true);
  ASSERT_EQ(paper.layers.size(), 1u);
  const LayerSummary& l = paper.layers[0];
  EXPECT_EQ(l.injections, 4);
  EXPECT_EQ(l.lossExcluded, 1);
  EXPECT_DOUBLE_EQ(l.meanDeltaLoss, (0.25 + 1.0 + 0.0) / 3.0);
  // The raw protocol keeps the sign: (−0.25 + 1 + 0) / 3.
  EXPECT_DOUBLE_EQ(summarize(outcomes, {"fc"}).layers[0].meanDeltaLoss, 0.75 / 3.0);
  // Per bit: the counts add up to the layer's.
  std::int64_t injections = 0, mismatches = 0, losses = 0;
  for (const auto& b : l.byBit) {
    injections += b.injections;
    mismatches += b.mismatches;
    losses += b.losses;
  }
  EXPECT_EQ(injections, l.injections);
  EXPECT_EQ(mismatches, l.mismatches);
  EXPECT_EQ(losses, l.injections - l.lossExcluded);
  EXPECT_EQ(l.byBit[30].injections, 2);
  EXPECT_EQ(l.byBit[30].mismatches, 1);
  EXPECT_DOUBLE_EQ(l.byBit[30].meanDeltaLoss(), 0.625);
  EXPECT_EQ(l.byBit[31].losses, 0);
}

/// 24 labelled 6×6 images in memory; labels chosen by the test.
class LabelledImages : public Dataset {
 public:
  explicit LabelledImages(std::vector<int> labels) : labels_(std::move(labels)) {}
  std::size_t size() const override { return labels_.size(); }
  cv::Mat image(std::size_t i) const override {
    cv::Mat m(6, 6, CV_8UC1);
    for (int k = 0; k < 36; ++k) m.data[k] = static_cast<unsigned char>((k * 37 + static_cast<int>(i) * 53) % 256);
    return m;
  }
  int label(std::size_t i) const override { return labels_[i]; }
  const std::vector<std::string>& classNames() const override { return names_; }
  std::string source() const override { return "labelled test images"; }

 private:
  std::vector<int> labels_;
  std::vector<std::string> names_{"a", "b", "c"};
};

TEST(PaperProtocolCampaign, DrawsOnlyGoldenImagesAndClampsEveryFaultToTheProfile) {
  const std::string dir = test::tempDir("paper");
  auto model = Model::load(test::writeTinyConvNet(dir));
  // Labels: the model's own answer for even images, a wrong one for odd images.
  const std::size_t n = 24;
  std::vector<std::size_t> all;
  for (std::size_t i = 0; i < n; ++i) all.push_back(i);
  LabelledImages probe(std::vector<int>(n, 0));
  const auto logits = logitRows(model->forward(makeBatch(probe, all, model->input()).images));
  std::vector<int> labels;
  for (std::size_t i = 0; i < n; ++i) labels.push_back(i % 2 ? (argmax(logits[i]) + 1) % 3 : argmax(logits[i]));
  LabelledImages data(labels);

  const auto profile = profileActivationRanges(*model, data, 0, n);
  CampaignConfig config;
  config.protocol = Protocol::Paper;
  config.injectionsPerLayer = 96;
  config.batchSize = 32;
  config.seed = 3;
  config.imageEnd = n;
  ModelCampaignOptions options;
  options.clampBounds = rangeBoundsFor(*model, profile, "profile");
  CampaignRunner runner(*model, data, config, options);

  // The golden set: correct, Top2Diff > 0 (the whole range is one batch, as the runner's).
  std::set<std::int64_t> golden;
  for (std::size_t i = 0; i < n; ++i)
    if (argmax(logits[i]) == labels[i] && top2Diff(logits[i]) > 0.0) golden.insert(static_cast<std::int64_t>(i));
  EXPECT_EQ(std::set<std::int64_t>(runner.goldenImages().begin(), runner.goldenImages().end()), golden);
  EXPECT_LE(golden.size(), n / 2);

  std::vector<InjectionOutcome> outcomes;
  std::atomic<bool> never{false};
  runner.run(
      {}, [&](const std::vector<InjectionOutcome>& o) { outcomes.insert(outcomes.end(), o.begin(), o.end()); }, {},
      never);
  ASSERT_EQ(outcomes.size(), 2u * 96u);
  int clamped = 0;
  for (const auto& o : outcomes) {
    EXPECT_TRUE(golden.count(o.image)) << "image " << o.image << " is not in the golden set";
    const double bound = options.clampBounds[static_cast<std::size_t>(o.layer)];
    const float flipped = flipBit(o.before, o.bit);
    EXPECT_EQ(o.after, clampToRange(flipped, bound)) << "bit " << o.bit;
    EXPECT_LE(std::fabs(static_cast<double>(o.after)), bound);
    clamped += o.after != flipped && !(std::isnan(o.after) && std::isnan(flipped));
    EXPECT_TRUE(o.finite) << "a clamped fault cannot make the logits non-finite in this net";
    EXPECT_EQ(o.cleanTop1, o.label) << "golden images are classified correctly";
  }
  EXPECT_GT(clamped, 0) << "exponent flips beyond the profile must have been clamped";
}

TEST(PaperProtocolCampaign, RefusesUnlabelledDataWeightFaultsAndMissingBounds) {
  const std::string dir = test::tempDir("paper-refuse");
  auto model = Model::load(test::writeTinyConvNet(dir));
  LabelledImages unlabelled(std::vector<int>(8, -1));
  CampaignConfig config;
  config.protocol = Protocol::Paper;
  config.injectionsPerLayer = 4;
  ModelCampaignOptions options;
  options.clampBounds = {1.0, 1.0};
  EXPECT_THROW(CampaignRunner(*model, unlabelled, config, options), Error);
  LabelledImages labelled(std::vector<int>(8, 0));
  EXPECT_THROW(CampaignRunner(*model, labelled, config, ModelCampaignOptions{}), Error);  // no bounds
  options.clampBounds = {1.0, std::nan("")};
  EXPECT_THROW(CampaignRunner(*model, labelled, config, options), Error);  // a layer without one
  options.clampBounds = {1.0, 1.0};
  config.kind = FaultKind::Weight;
  EXPECT_THROW(CampaignRunner(*model, labelled, config, options), Error);
}

LayerInfo layer(int index, const std::string& name, LayerKind kind, std::vector<std::int64_t> out,
                std::vector<std::int64_t> weight) {
  LayerInfo l;
  l.index = index;
  l.name = name;
  l.kind = kind;
  l.outputShape = std::move(out);
  l.weightShape = std::move(weight);
  return l;
}

TEST(LayerAlignment, PairsWrappedNamesAndTheLastLayersByRole) {
  const std::vector<LayerInfo> baseline{layer(0, "conv1", LayerKind::Conv2d, {8, 4, 4}, {8, 1, 3, 3}),
                                        layer(1, "layer1.conv1", LayerKind::Conv2d, {8, 4, 4}, {8, 8, 3, 3}),
                                        layer(2, "fc", LayerKind::Linear, {10}, {10, 8})};
  // The authors' wrapping: every backbone layer behind `backbone.`, the projection where the
  // baseline's classifier was, then the head.
  const std::vector<LayerInfo> guided{layer(0, "backbone.conv1", LayerKind::Conv2d, {8, 4, 4}, {8, 1, 3, 3}),
                                      layer(1, "backbone.layer1.conv1", LayerKind::Conv2d, {8, 4, 4}, {8, 8, 3, 3}),
                                      layer(2, "backbone.fc", LayerKind::Linear, {64}, {64, 8}),
                                      layer(3, "head", LayerKind::Linear, {10}, {10, 64})};
  const auto a = LayerAlignment::automatic(baseline, guided);
  ASSERT_EQ(a.rows().size(), 4u);
  EXPECT_EQ(a.guidedFor(0), 0);
  EXPECT_EQ(a.guidedFor(1), 1);
  EXPECT_EQ(a.guidedFor(2), 3);      // fc ↔ head: the last layers
  EXPECT_EQ(a.baselineFor(2), -1);   // the projection has no partner
  EXPECT_EQ(a.rows()[2].guided, 2);  // and sits where it runs, before the head
  EXPECT_EQ(a.rows()[2].match, AlignedLayer::Match::None);
  EXPECT_EQ(a.rows()[3].match, AlignedLayer::Match::LastLayer);
  EXPECT_EQ(a.rows()[0].match, AlignedLayer::Match::Name);
  EXPECT_EQ(resolveLayer(guided, kLastLayerRole).name, "head");
  EXPECT_EQ(resolveLayer(baseline, kLastLayerRole).name, "fc");
  EXPECT_THROW(resolveLayer(baseline, "nope"), Error);

  // Mapping files: what automatic gives reads back the same; bad files are refused.
  const auto back = LayerAlignment::fromMapping(baseline, guided, a.mappingJson(baseline, guided), "map.json");
  for (int l = 0; l < 3; ++l) EXPECT_EQ(back.guidedFor(l), a.guidedFor(l));
  EXPECT_THROW(LayerAlignment::fromMapping(baseline, guided, R"({"pairs": [["fc", "nope"]]})", "m.json"), Error);
  EXPECT_THROW(
      LayerAlignment::fromMapping(baseline, guided, R"({"pairs": [["fc", "head"], ["fc", "backbone.fc"]]})", "m.json"),
      Error);
  EXPECT_THROW(LayerAlignment::fromMapping(baseline, guided, R"({"pairs": [], "extra": 1})", "m.json"), Error);
  // A [10] layer paired with the [64] projection shares no sites: refused, both named.
  try {
    LayerAlignment::fromMapping(baseline, guided, R"({"pairs": [["fc", "backbone.fc"]]})", "m.json");
    ADD_FAILURE() << "a pair of different output shapes was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("m.json: pairs 'fc' [10] with 'backbone.fc' [64]"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(LayerAlignment::fromMapping(baseline, guided, "[", "m.json"), Error);
  // "last-layer" works in a mapping file too.
  const auto roles =
      LayerAlignment::fromMapping(baseline, guided, R"({"pairs": [["last-layer", "last-layer"]]})", "m.json");
  EXPECT_EQ(roles.guidedFor(2), 3);
  EXPECT_EQ(roles.guidedFor(0), -1);
}

TEST(LayerAlignment, FallsBackToOrderAndShapesWhenNoNameMatches) {
  const std::vector<LayerInfo> a{layer(0, "c1", LayerKind::Conv2d, {4, 2, 2}, {4, 1, 1, 1}),
                                 layer(1, "out", LayerKind::Linear, {3}, {3, 16})};
  const std::vector<LayerInfo> b{layer(0, "stem", LayerKind::Conv2d, {4, 2, 2}, {4, 1, 1, 1}),
                                 layer(1, "classifier", LayerKind::Linear, {3}, {3, 16})};
  const auto x = LayerAlignment::automatic(a, b);
  EXPECT_EQ(x.guidedFor(0), 0);
  EXPECT_EQ(x.guidedFor(1), 1);
  EXPECT_EQ(x.rows()[0].match, AlignedLayer::Match::Order);
}

ClassifierSpec smallSpec(HeadKind head) {
  ClassifierSpec spec;
  spec.width = 2;
  spec.head = head;
  if (head != HeadKind::Baseline) spec.classEmbeddings = at::randn({3, 5}, at::make_generator<at::CPUGeneratorImpl>(4));
  spec.numClasses = 3;
  return spec;
}

/// 12 unlabelled 28×28 images.
class SmallImages : public Dataset {
 public:
  std::size_t size() const override { return 12; }
  cv::Mat image(std::size_t i) const override {
    cv::Mat m(28, 28, CV_8UC1);
    for (int k = 0; k < 28 * 28; ++k) m.data[k] = static_cast<unsigned char>((k * 29 + static_cast<int>(i) * 71) % 256);
    return m;
  }
  int label(std::size_t) const override { return -1; }
  const std::vector<std::string>& classNames() const override { return names_; }
  std::string source() const override { return "small test images"; }

 private:
  std::vector<std::string> names_{"a", "b", "c"};
};

TEST(TwoModelCampaign, CorrespondingLayersShareSequencesAndTheExtraLayerHasItsOwn) {
  const std::string dir = test::tempDir("aligned");
  ModelMetadata meta;
  meta.input.channels = 1;
  meta.input.height = meta.input.width = 28;
  meta.classes = {"a", "b", "c"};
  saveClassifier(buildClassifier(smallSpec(HeadKind::Baseline)), dir + "/b.pt", meta);
  torch::jit::Module guided = buildClassifier(smallSpec(HeadKind::TextGuided));
  guided.eval();
  saveClassifier(guided, dir + "/g.pt", meta);
  auto baseline = Model::load(dir + "/b.pt");
  auto textGuided = Model::load(dir + "/g.pt");
  SmallImages data;
  CampaignConfig config;
  config.injectionsPerLayer = 8;
  config.batchSize = 8;
  config.seed = 9;
  CampaignSession session(dir + "/campaign", {baseline.get(), textGuided.get()}, data, config);
  std::atomic<bool> never{false};
  ASSERT_TRUE(session.run({}, never));
  const auto summaries = session.summaries();
  ASSERT_EQ(summaries[0].layers.size() + 1, summaries[1].layers.size());
  const auto pairs = session.manifest().correspondingLayers();
  ASSERT_EQ(pairs.size(), summaries[0].layers.size());
  EXPECT_EQ(pairs.back(), std::make_pair(lastLayerIndex(baseline->layers()), lastLayerIndex(textGuided->layers())));

  // Records: paired layers drew the same images, elements and bits.
  const auto records = [&](std::size_t m) { return readRecords(campaignRecordPath(dir + "/campaign", m, 0, 1)); };
  const auto a = records(0), b = records(1);
  std::map<std::pair<int, std::int64_t>, InjectionOutcome> byKey;
  for (const auto& o : b) byKey[{o.layer, o.injection}] = o;
  for (const auto& o : a) {
    const auto it = std::find_if(pairs.begin(), pairs.end(), [&](auto p) { return p.first == o.layer; });
    ASSERT_NE(it, pairs.end());
    const InjectionOutcome& twin = byKey.at({it->second, o.injection});
    EXPECT_EQ(twin.image, o.image);
    EXPECT_EQ(twin.element, o.element);
    EXPECT_EQ(twin.bit, o.bit);
  }
  // The manifest keeps the pairs, so a resume with another alignment is refused.
  const std::string mapping = R"({"pairs": [["last-layer", "last-layer"]]})";
  const auto other = LayerAlignment::fromMapping(baseline->layers(), textGuided->layers(), mapping, "m.json");
  EXPECT_THROW(CampaignSession(dir + "/campaign", {baseline.get(), textGuided.get()}, data, config, {}, {}, &other),
               Error);
}

}  // namespace
}  // namespace faultlens
