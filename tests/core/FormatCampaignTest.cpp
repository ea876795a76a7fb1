// A model computing in a number format (Model::useNumberFormat) and campaigns in it: every
// value the network passes on is one the format holds, faults flip bits of the format's
// code, weight faults decode with their tensor's own scale, multi-bit faults change exactly
// their planned bits, and the manifest pins all of it.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <map>

#include "core/Error.h"
#include "core/analysis/ActivationRanges.h"
#include "core/analysis/FormatScales.h"
#include "core/faults/FloatBits.h"
#include "core/analysis/Metrics.h"
#include "core/model/Model.h"
#include "core/formats/NumberFormatTensor.h"
#include "core/model/TapHandlers.h"
#include "core/faults/WeightFaults.h"
#include "core/campaign/CampaignDirectory.h"
#include "core/campaign/CampaignRunner.h"
#include "core/data/IdxDataset.h"
#include "core/data/Preprocess.h"
#include "tests/core/ExpectError.h"
#include "tests/core/TestModels.h"

namespace faultlens {
namespace {

using test::representableIn;

bool sameBits(float a, float b) { return floatToBits(a) == floatToBits(b); }

TEST(ModelInFormat, EveryValuePassedOnIsOneTheFormatHoldsAndFaultsFlipItsBits) {
  const auto model = Model::load(test::writeTinyConvNet(test::tempDir("model-bf16")));
  const NumberFormat bf16 = NumberFormat::parse("bf16");
  model->useNumberFormat(bf16);
  EXPECT_EQ(model->numberFormat(), bf16);
  for (const auto& l : model->layers()) {
    EXPECT_EQ(l.outputEncoding.format, bf16);
    EXPECT_EQ(l.weightEncoding.format, bf16);
    EXPECT_TRUE(representableIn(bf16, model->weight(l.index)));
  }
  // A fault on the conv output: the injector sees the rounded value and flips bit 14 of its
  // bf16 code; the fc output computed from it is rounded again.
  ActivationFault fault;
  fault.layer = 0;
  fault.element = 7;
  fault.bit = 14;
  ActivationFaultInjector injector(model->layers(), {fault});
  OutputCapture capture({0, 1});
  TapChain chain({&injector, &capture});
  const at::Tensor logits = model->forward(at::rand({2, 1, 6, 6}), &chain);
  const auto& applied = injector.applied()[0];
  EXPECT_TRUE(representableIn(bf16, at::tensor({applied.before})));
  EXPECT_TRUE(sameBits(applied.after, flipBitIn(bf16, applied.before, 14)));
  EXPECT_TRUE(representableIn(bf16, capture.output(0)));
  EXPECT_TRUE(representableIn(bf16, capture.output(1)));
  EXPECT_TRUE(representableIn(bf16, logits));

  fault.bit = 16;
  test::expectErrorMentioning([&] { ActivationFaultInjector(model->layers(), {fault}); }, "layer conv",
                              "bit 16 is outside bf16 (bits 0..15)");
  test::expectErrorMentioning([&] { model->useNumberFormat(NumberFormat::parse("fp16")); }, model->path(),
                              "already computes in bf16");
}

TEST(FaultedCode, IsTheCodeTheValuePathDecodesAndKeepsTheBitsOfANaN) {
  // Exact: codes are integers, and every value compared is a decode of one.
  const ValueEncoding fp16{NumberFormat::parse("fp16")};
  const float one = 1.0f;  // fp16 0x3C00
  const std::uint32_t code = encode(fp16.format, one);
  ASSERT_EQ(code, 0x3C00u);
  for (ErrorModel model : {ErrorModel::BitFlip, ErrorModel::StuckAt0, ErrorModel::StuckAt1})
    for (int bit = 0; bit < 16; ++bit) {
      const std::uint32_t faulted = faultedCode(fp16, code, model, bit, 0, 0.0f);
      EXPECT_TRUE(sameBits(decode(fp16.format, faulted), applyErrorModelIn(fp16, one, model, bit, 0, 0.0f)))
          << errorModelName(model) << " bit " << bit;
    }
  EXPECT_EQ(faultedCode(fp16, code, ErrorModel::BitFlip, 14, 0x6000u, 0.0f), 0x3C00u ^ 0x6000u);
  EXPECT_EQ(faultedCode(fp16, code, ErrorModel::RandomValue, 3, 0, 2.0f), 0x4000u);
  // Exponent all ones with a mantissa bit: a NaN whose own bits the bit view shows, where
  // encoding the NaN value again gives the canonical 0x7E00.
  const std::uint32_t nanCode = faultedCode(fp16, 0x7C00u, ErrorModel::BitFlip, 0, 0, 0.0f);
  EXPECT_EQ(nanCode, 0x7C01u);
  EXPECT_TRUE(std::isnan(decode(fp16.format, nanCode)));
  EXPECT_EQ(encode(fp16.format, decode(fp16.format, nanCode)), 0x7E00u);
  test::expectErrorMentioning([&] { faultedCode(fp16, code, ErrorModel::BitFlip, 16, 0, 0.0f); }, "bit 16",
                              "outside fp16");
}

TEST(ModelInFormat, Int8NeedsOutputScalesAndWeightFaultsDecodeWithTheTensorsOwnScale) {
  const auto model = Model::load(test::writeTinyConvNet(test::tempDir("model-int8")));
  const NumberFormat int8 = NumberFormat::parse("int8");
  test::expectErrorMentioning([&] { model->useNumberFormat(int8); }, model->path(), "layer 'conv'");
  EXPECT_EQ(model->numberFormat(), NumberFormat{}) << "a refused format changes nothing";
  const double fcAbsMax = model->weight(1).abs().max().item<double>();
  model->useNumberFormat(int8, {2.0, 8.0});
  EXPECT_EQ(model->layers()[0].outputEncoding.scale, 2.0);
  EXPECT_EQ(model->layers()[1].outputEncoding.scale, 8.0);
  EXPECT_EQ(model->layers()[1].weightEncoding.scale, fcAbsMax);
  for (int bit : {0, 6, 7}) {
    const WeightFault f{1, 3, bit};
    const AppliedWeightFault a = faultedWeightValue(*model, f);
    EXPECT_TRUE(sameBits(a.after, flipBitIn(int8, a.before, bit, fcAbsMax))) << "bit " << bit;
  }
  test::expectErrorMentioning(
      [&] {
        faultedWeightValue(*model, WeightFault{1, 3, 8});
      },
      model->path(), "bit 8 is outside int8 (bits 0..7)");
}

// Every front end takes int8 scales by one rule: recorded by a stored campaign, given by
// the user, in use by the workbench's copy, the clamp profile, else profiled on the data.
TEST(FormatScales, TakenInOneOrderAndProfiledOnlyAsTheLastResort) {
  const std::string dir = test::tempDir("format-scales");
  const auto model = Model::load(test::writeTinyConvNet(dir));
  const IdxDataset data(test::writeTinyImages(dir), "");
  ScaleSources sources;
  test::expectErrorMentioning([&] { chooseScales(*model, sources, "give a range profile"); }, "give a",
                              "range profile");
  sources.data = &data;
  EXPECT_EQ(chooseScales(*model, sources, ""), profiledAbsMax(*model, data));
  sources.clamp = {4.0, 4.0};
  EXPECT_EQ(chooseScales(*model, sources, ""), sources.clamp);
  sources.inUse = {3.0, 3.0};
  EXPECT_EQ(chooseScales(*model, sources, ""), sources.inUse);
  sources.given = {2.0, 2.0};
  EXPECT_EQ(chooseScales(*model, sources, ""), sources.given);
  sources.recorded = {1.0, 1.0};
  EXPECT_EQ(chooseScales(*model, sources, ""), sources.recorded);

  useNumberFormatFrom(*model, NumberFormat::parse("int8"), sources, "");
  EXPECT_EQ(model->layers()[1].outputEncoding.scale, 1.0);
  const auto other = Model::load(model->path());
  useNumberFormatFrom(*other, NumberFormat::parse("bf16"), ScaleSources{}, "scales are not needed");
  EXPECT_EQ(other->numberFormat(), NumberFormat::parse("bf16"));
}

class FormatCampaign : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string dir = test::tempDir("format-campaign");
    model = Model::load(test::writeTinyConvNet(dir));
    data = std::make_unique<IdxDataset>(test::writeTinyImages(dir), "");
    config.injectionsPerLayer = 40;
    config.imageEnd = 20;
    config.seed = 5;
    config.batchSize = 6;
  }
  std::vector<InjectionOutcome> runAll(CampaignRunner& runner) {
    std::vector<InjectionOutcome> all;
    std::atomic<bool> never{false};
    runner.run(
        {}, [&](const std::vector<InjectionOutcome>& o) { all.insert(all.end(), o.begin(), o.end()); }, {}, never);
    return all;
  }
  /// Planned injections of `runner` by (layer, injection).
  static std::map<std::pair<int, std::int64_t>, PlannedInjection> plans(const CampaignRunner& runner) {
    std::map<std::pair<int, std::int64_t>, PlannedInjection> out;
    for (int l : runner.layers())
      for (const auto& p : runner.plan(l)) out[{p.layer, p.injection}] = p;
    return out;
  }
  std::unique_ptr<Model> model;
  std::unique_ptr<Dataset> data;
  CampaignConfig config;
};

TEST_F(FormatCampaign, RefusesAModelInAnotherFormatAndBitsOutsideTheCode) {
  config.format = NumberFormat::parse("fp16");
  config.bits = {0, 15};
  test::expectErrorMentioning([&] { CampaignRunner(*model, *data, config); }, model->path(),
                              "computes in fp32, but the campaign runs in fp16");
  model->useNumberFormat(config.format);
  config.bits = {0, 31};
  test::expectErrorMentioning([&] { CampaignRunner(*model, *data, config); }, "bit 31", "fp16 (bits 0..15)");
  config.bits = {4, 6};
  config.flips.count = 4;
  test::expectErrorMentioning([&] { CampaignRunner(*model, *data, config); }, "4 bits", "bit range 4-6");
}

TEST_F(FormatCampaign, ActivationFaultsFlipTheFormatsCode) {
  const NumberFormat fp8 = NumberFormat::parse("fp8-e4m3");
  model->useNumberFormat(fp8);
  config.format = fp8;
  config.bits = {0, 7};
  CampaignRunner runner(*model, *data, config);
  const auto outcomes = runAll(runner);
  ASSERT_EQ(outcomes.size(), 80u);
  int changed = 0;
  for (const auto& o : outcomes) {
    ASSERT_TRUE(representableIn(fp8, at::tensor({o.before})));
    EXPECT_TRUE(sameBits(o.after, flipBitIn(fp8, o.before, o.bit))) << o.layer << " " << o.injection;
    changed += o.faultyLoss != o.cleanLoss;
  }
  EXPECT_GT(changed, 0) << "fp8 flips must change some outputs";
}

TEST_F(FormatCampaign, WeightFaultsInAFormatEqualOneFaultyForwardPerInjection) {
  // The batched weight path adds the fault's change to the layer's unrounded clean output and
  // the model rounds the sum once, as the layer computing with the faulty weight does.
  const NumberFormat fp16 = NumberFormat::parse("fp16");
  model->useNumberFormat(fp16);
  config.format = fp16;
  config.kind = FaultKind::Weight;
  config.bits = {8, 14};
  CampaignRunner runner(*model, *data, config);
  const auto outcomes = runAll(runner);
  ASSERT_EQ(outcomes.size(), 80u);
  for (const auto& o : outcomes) {
    const at::Tensor image = makeBatch(*data, {static_cast<std::size_t>(o.image)}, model->input()).images;
    std::vector<float> faulty;
    {
      ScopedWeightFaults scope(*model, {WeightFault{o.layer, o.element, o.bit}});
      EXPECT_TRUE(sameBits(scope.applied()[0].after, o.after));
      EXPECT_TRUE(sameBits(scope.applied()[0].after, flipBitIn(fp16, o.before, o.bit)));
      faulty = logitRows(model->forward(image))[0];
    }
    ASSERT_EQ(o.finite, allFinite(faulty)) << o.layer << " " << o.injection;
    if (!o.finite) continue;
    // The two float32 sums differ in order by a few ulp; fp16 keeps 11 significant bits, so
    // the rounded outputs agree or are one fp16 step (2^-10 relative) apart.
    EXPECT_NEAR(o.faultyLoss, crossEntropy(faulty, o.label), 4e-3 * (1 + std::fabs(o.faultyLoss)))
        << o.layer << " " << o.injection;
  }
}

TEST_F(FormatCampaign, MultiBitFaultsChangeExactlyTheirPlannedBits) {
  config.bits = {20, 30};
  config.flips.count = 3;
  for (BitPlacement placement : {BitPlacement::Burst, BitPlacement::Anywhere}) {
    config.flips.placement = placement;
    CampaignRunner runner(*model, *data, config);
    const auto planned = plans(runner);
    const auto outcomes = runAll(runner);
    ASSERT_EQ(outcomes.size(), 80u);
    for (const auto& o : outcomes) {
      const PlannedInjection& p = planned.at({o.layer, o.injection});
      EXPECT_EQ(__builtin_popcount(p.mask), 3);
      EXPECT_NE(p.mask & (1u << p.bit), 0u);
      EXPECT_EQ(p.mask & ~(((1u << 11) - 1) << 20), 0u) << "bits 20..30 only";
      if (placement == BitPlacement::Burst) EXPECT_EQ(p.mask, 7u << p.bit);
      EXPECT_EQ(floatToBits(o.before) ^ floatToBits(o.after), p.mask) << o.layer << " " << o.injection;
    }
  }
  // Multi-bit faults scattered anywhere keep the single-bit campaign's sites and first bits.
  CampaignConfig single = config;
  single.flips = {};
  const auto one = planLayer(model->layers()[0], single);
  config.flips.placement = BitPlacement::Anywhere;
  const auto three = planLayer(model->layers()[0], config);
  ASSERT_EQ(one.size(), three.size());
  for (std::size_t i = 0; i < one.size(); ++i) {
    EXPECT_EQ(one[i].element, three[i].element);
    EXPECT_EQ(one[i].bit, three[i].bit);
  }
}

TEST(FormatCampaignManifest, FormatFlipsAndScalesRoundTripAndAreChecked) {
  CampaignManifest m;
  m.models = {"a.pt"};
  m.data = "d";
  m.layerNames = {{"conv", "fc"}};
  m.config.imageEnd = 3;
  m.config.format = NumberFormat::parse("int8");
  m.config.bits = {0, 7};
  m.config.flips = {2, BitPlacement::Anywhere};
  m.formatScales = {{2.0, std::nan("")}};
  const std::string text = campaignManifestJson(m);
  const CampaignManifest back = parseCampaignManifest(text, "c.json");
  EXPECT_EQ(back.config.format, m.config.format);
  EXPECT_EQ(back.config.flips.count, 2);
  EXPECT_EQ(back.config.flips.placement, BitPlacement::Anywhere);
  ASSERT_EQ(back.formatScales.size(), 1u);
  EXPECT_EQ(back.formatScales[0][0], 2.0);
  EXPECT_TRUE(std::isnan(back.formatScales[0][1]));
  EXPECT_EQ(campaignManifestJson(back), text);

  CampaignManifest noScales = m;
  noScales.formatScales.clear();
  test::expectErrorMentioning([&] { parseCampaignManifest(campaignManifestJson(noScales), "c.json"); }, "c.json",
                              "format_scales");
  CampaignManifest wideBits = m;
  wideBits.config.bits = {0, 15};
  test::expectErrorMentioning([&] { parseCampaignManifest(campaignManifestJson(wideBits), "c.json"); }, "c.json",
                              "bit 15 is outside int8");
}

}  // namespace
}  // namespace faultlens
