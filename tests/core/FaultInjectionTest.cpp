// Fault injection through taps, checked against a hand-written reference computation of
// the same network with plain ATen ops and the parameters read straight from the file.
#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <torch/script.h>

#include <cmath>
#include <functional>

#include "core/Error.h"
#include "core/faults/FaultSampler.h"
#include "core/faults/FaultSites.h"
#include "core/model/Model.h"
#include "core/model/TapHandlers.h"
#include "core/faults/WeightFaults.h"
#include "tests/core/TestModels.h"

namespace faultlens {
namespace {

at::Tensor param(torch::jit::Module& m, const char* sub, const char* name) {
  return m.attr(sub).toModule().attr(name).toTensor();
}

class FaultInjection : public ::testing::Test {
 protected:
  void SetUp() override {
    path = test::writeTinyConvNet(test::tempDir("fi"));
    model = Model::load(path);
    raw = torch::jit::load(path);
    input = at::randn({3, 1, 6, 6}, at::make_generator<at::CPUGeneratorImpl>(11));
  }
  /// The tiny net by hand: conv → (optional edit of the conv output) → relu → flatten → fc.
  at::Tensor reference(const at::Tensor& x, const std::function<void(at::Tensor&)>& editConv = {}) {
    at::Tensor y = at::conv2d(x, param(raw, "conv", "weight"), param(raw, "conv", "bias"), 1, 1);
    if (editConv) editConv(y);
    return at::linear(at::relu(y).flatten(1), param(raw, "fc", "weight"), param(raw, "fc", "bias"));
  }
  std::string path;
  std::unique_ptr<Model> model;
  torch::jit::Module raw;
  at::Tensor input;
};

TEST_F(FaultInjection, CleanForwardEqualsReference) {
  EXPECT_TRUE(at::allclose(model->forward(input), reference(input), 1e-6, 1e-6));
}

TEST_F(FaultInjection, Bit30FlipChangesExactlyThatElement) {
  // conv output element (channel 1, row 2, col 3) of image 1, bit 30 (exponent MSB).
  const auto fault = resolveActivationFault(model->layers(), parseFaultSpec("conv@1,2,3:30"), 1);
  EXPECT_EQ(fault.element, 1 * 36 + 2 * 6 + 3);
  ActivationFaultInjector injector(model->layers(), {fault});
  OutputCapture capture({0});
  TapChain chain({&injector, &capture});
  const at::Tensor faulty = model->forward(input, &chain);

  const at::Tensor cleanConv = at::conv2d(input, param(raw, "conv", "weight"), param(raw, "conv", "bias"), 1, 1);
  const float before = cleanConv[1][1][2][3].item<float>();
  const float expected = flipBit(before, 30);
  ASSERT_EQ(injector.applied().size(), 1u);
  EXPECT_EQ(injector.applied()[0].before, before);
  EXPECT_EQ(injector.applied()[0].after, expected);

  // Exactly one element of the layer output differs, and it holds the flipped value.
  const at::Tensor captured = capture.output(0);
  const at::Tensor differs = captured.ne(cleanConv);
  EXPECT_EQ(differs.sum().item<int64_t>(), 1);
  EXPECT_EQ(captured[1][1][2][3].item<float>(), expected);

  const at::Tensor want = reference(input, [&](at::Tensor& y) { y[1][1][2][3] = expected; });
  EXPECT_TRUE(at::allclose(faulty, want, 1e-5, 1e-5)) << faulty << want;
  // Images 0 and 2 carry no fault: their logits are the clean ones.
  const at::Tensor clean = model->forward(input);
  EXPECT_TRUE(at::equal(faulty[0], clean[0]));
  EXPECT_TRUE(at::equal(faulty[2], clean[2]));
  EXPECT_FALSE(at::equal(faulty[1], clean[1]));
}

TEST_F(FaultInjection, EachImageOfABatchCarriesItsOwnFault) {
  FaultSampler sampler(2024);
  std::vector<ActivationFault> faults;
  for (int b = 0; b < 3; ++b) {
    auto f = sampler.activation(model->layers()[b % 2], 3, {20, 31});
    f.batchIndex = b;
    faults.push_back(f);
  }
  ActivationFaultInjector batched(model->layers(), faults);
  const at::Tensor together = model->forward(input, &batched);
  for (int b = 0; b < 3; ++b) {
    // Fault b alone, in the same 3-image batch: the same kernels on the same shapes, and
    // an image's row never depends on the other rows, so row b is bit-identical. (Against
    // a 1-image batch it would only agree to float32 rounding.) NaN == NaN counts as equal:
    // exponent flips may produce them.
    ActivationFaultInjector alone(model->layers(), {faults[b]});
    const at::Tensor one = model->forward(input, &alone);
    EXPECT_TRUE(at::allclose(together[b], one[b], 0.0, 0.0, /*equal_nan=*/true)) << "image " << b;
  }
}

TEST_F(FaultInjection, StuckAtModelsSetTheBit) {
  const auto spec = parseFaultSpec("fc@2:31");
  auto f = resolveActivationFault(model->layers(), spec, 0, ErrorModel::StuckAt1);
  ActivationFaultInjector injector(model->layers(), {f});
  const at::Tensor out = model->forward(input, &injector);
  const float before = injector.applied()[0].before;
  EXPECT_EQ(injector.applied()[0].after, -std::fabs(before));
  EXPECT_EQ(out[0][2].item<float>(), -std::fabs(before)) << "the fc output is the logit itself";
}

TEST_F(FaultInjection, ManyWeightFaultsOverTwoLayersActInOrderAndAreUndoneBitForBit) {
  // Written per weight tensor in one scatter: the order of the faults must still hold.
  const at::Tensor conv = model->weight(0).clone().view({-1}), fc = model->weight(1).clone().view({-1});
  const std::vector<WeightFault> faults{{0, 3, 30}, {1, 5, 2}, {0, 3, 1}, {1, 70, 31}, {0, 17, 23}};
  {
    ScopedWeightFaults scope(*model, faults);
    const auto& a = scope.applied();
    ASSERT_EQ(a.size(), faults.size());
    EXPECT_EQ(floatToBits(a[0].before), floatToBits(conv[3].item<float>()));
    EXPECT_EQ(floatToBits(a[2].before), floatToBits(a[0].after)) << "the second fault on conv[3] sees the first";
    EXPECT_EQ(floatToBits(a[2].after), floatToBits(conv[3].item<float>()) ^ (1u << 30) ^ (1u << 1));
    const at::Tensor convNow = model->weight(0).view({-1}), fcNow = model->weight(1).view({-1});
    EXPECT_EQ(floatToBits(convNow[3].item<float>()), floatToBits(a[2].after));
    EXPECT_EQ(floatToBits(convNow[17].item<float>()), floatToBits(conv[17].item<float>()) ^ (1u << 23));
    EXPECT_EQ(floatToBits(fcNow[5].item<float>()), floatToBits(fc[5].item<float>()) ^ (1u << 2));
    EXPECT_EQ(floatToBits(fcNow[70].item<float>()), floatToBits(fc[70].item<float>()) ^ (1u << 31));
    EXPECT_EQ(at::ne(convNow.view(at::kInt), conv.view(at::kInt)).sum().item<std::int64_t>(), 2);
    EXPECT_EQ(at::ne(fcNow.view(at::kInt), fc.view(at::kInt)).sum().item<std::int64_t>(), 2);
  }
  EXPECT_TRUE(at::equal(model->weight(0).view({-1}).view(at::kInt), conv.view(at::kInt)));
  EXPECT_TRUE(at::equal(model->weight(1).view({-1}).view(at::kInt), fc.view(at::kInt)));
}

TEST_F(FaultInjection, WeightFaultsAreUndoneAfterTheInference) {
  const at::Tensor clean = model->forward(input);
  const at::Tensor weightBefore = model->weight(0).clone();
  const auto fault = resolveWeightFault(model->layers(), parseFaultSpec("conv@1,0,1,1:30"));
  at::Tensor faulty;
  {
    ScopedWeightFaults scope(*model, {fault, fault});  // the same site twice: flips cancel
    EXPECT_TRUE(at::equal(model->weight(0), weightBefore));
  }
  {
    ScopedWeightFaults scope(*model, {fault});
    EXPECT_EQ(scope.applied()[0].after, flipBit(weightBefore[1][0][1][1].item<float>(), 30));
    faulty = model->forward(input);
    EXPECT_FALSE(at::equal(model->weight(0), weightBefore));
  }
  EXPECT_TRUE(at::equal(model->weight(0), weightBefore));
  EXPECT_TRUE(at::equal(model->forward(input), clean));
  EXPECT_FALSE(at::allclose(faulty, clean, 1e-3, 1e-3, true));

  at::Tensor w = param(raw, "conv", "weight").clone();
  w[1][0][1][1] = flipBit(w[1][0][1][1].item<float>(), 30);
  const at::Tensor want = at::linear(at::relu(at::conv2d(input, w, param(raw, "conv", "bias"), 1, 1)).flatten(1),
                                     param(raw, "fc", "weight"), param(raw, "fc", "bias"));
  EXPECT_TRUE(at::allclose(faulty, want, 1e-5, 1e-5, true));
}

TEST_F(FaultInjection, InvalidFaultsAreRejectedBeforeAnythingRuns) {
  EXPECT_THROW(resolveActivationFault(model->layers(), parseFaultSpec("conv@2,0,0:3"), 0), Error);  // channel 2 of 2
  EXPECT_THROW(resolveActivationFault(model->layers(), parseFaultSpec("conv@0,0:3"), 0), Error);    // rank
  EXPECT_THROW(resolveActivationFault(model->layers(), parseFaultSpec("nope@0:3"), 0), Error);
  EXPECT_THROW(resolveWeightFault(model->layers(), parseFaultSpec("fc@3,0:3")), Error);
  ActivationFault tooFar;
  tooFar.layer = 1;
  tooFar.element = 3;
  EXPECT_THROW(ActivationFaultInjector(model->layers(), {tooFar}), Error);
  tooFar.element = 0;
  tooFar.batchIndex = 5;  // the batch has 3 images: caught when the layer runs
  ActivationFaultInjector injector(model->layers(), {tooFar});
  EXPECT_THROW(model->forward(input, &injector), Error);
  const at::Tensor weightBefore = model->weight(1).clone();
  WeightFault bad{1, 999, 3};
  EXPECT_THROW(ScopedWeightFaults(*model, {WeightFault{1, 0, 30}, bad}), Error);
  EXPECT_TRUE(at::equal(model->weight(1), weightBefore)) << "nothing applied when one fault is invalid";
}

TEST_F(FaultInjection, StatisticsAndAblationTaps) {
  StatisticsCollector stats;
  model->forward(input, &stats);
  const at::Tensor conv = at::conv2d(input, param(raw, "conv", "weight"), param(raw, "conv", "bias"), 1, 1);
  EXPECT_NEAR(stats.stats().at(0).absMax, conv.abs().max().item<double>(), 1e-6);
  EXPECT_NEAR(stats.stats().at(0).absMean(), conv.abs().mean().item<double>(), 1e-6);
  EXPECT_EQ(stats.stats().at(0).count, conv.numel());

  ChannelAblation ablation(0, {{0, 1}, {2, 0}});
  const at::Tensor out = model->forward(input, &ablation);
  const at::Tensor want = reference(input, [](at::Tensor& y) {
    y[0][1].zero_();
    y[2][0].zero_();
  });
  EXPECT_TRUE(at::allclose(out, want, 1e-6, 1e-6));
}

TEST_F(FaultInjection, StatisticsCountNonFiniteValuesSeparately) {
  ActivationFault f;
  f.layer = 0;
  f.element = 0;
  f.bit = 30;
  f.model = ErrorModel::RandomValue;
  f.randomValue = std::numeric_limits<float>::infinity();
  ActivationFaultInjector injector(model->layers(), {f});
  StatisticsCollector stats;
  TapChain chain({&injector, &stats});
  model->forward(input, &chain);
  EXPECT_EQ(stats.stats().at(0).nonFinite, 1);
  EXPECT_TRUE(std::isfinite(stats.stats().at(0).absMax));
}

}  // namespace
}  // namespace faultlens
