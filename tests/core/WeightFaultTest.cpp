// Weight faults added to a layer's output (WeightFaultContributions) against the same
// faults written into the weights and a full forward pass (ScopedWeightFaults), on a
// network with every convolution argument set to something unusual.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <cmath>

#include "core/Error.h"
#include "core/faults/FloatBits.h"
#include "core/model/Model.h"
#include "core/faults/WeightFaults.h"
#include "tests/core/TestModels.h"

namespace faultlens {
namespace {

class WeightFaultContribution : public ::testing::Test {
 protected:
  void SetUp() override {
    model = Model::load(test::writeGeometryNet(test::tempDir("weights")));
    auto gen = at::make_generator<at::CPUGeneratorImpl>(3);
    batch = at::randn({3, 3, 9, 7}, gen);
    captured = model->captureStates({0, 1, 2, 3}, batch, nullptr, LayerInputs::Keep);
  }
  /// Logits with `fault` carried by image `row`, from the captured state.
  at::Tensor viaContribution(const WeightFault& fault, std::int64_t row) {
    WeightFaultContributions add(*model, *captured.states.at(fault.layer), {{fault, row}});
    return model->resume(*captured.states.at(fault.layer), &add);
  }
  /// Logits with `fault` written into the weights, every image affected.
  at::Tensor viaWeights(const WeightFault& fault) {
    ScopedWeightFaults scope(*model, {fault});
    return model->forward(batch);
  }
  std::unique_ptr<Model> model;
  at::Tensor batch;
  CapturedStates captured;
};

TEST_F(WeightFaultContribution, StatesKeepLayerInputsAndGeometry) {
  for (const auto& state : captured.states) {
    ASSERT_TRUE(state->layerInput().defined()) << state->layer();
    ASSERT_TRUE(state->geometry().has_value()) << state->layer();
  }
  const LayerGeometry& conv = *captured.states[1]->geometry();
  EXPECT_EQ(conv.kind, LayerKind::Conv2d);
  EXPECT_EQ(conv.strideH, 2);
  EXPECT_EQ(conv.strideW, 1);
  EXPECT_EQ(conv.paddingH, 2);
  EXPECT_EQ(conv.dilationH, 2);
  EXPECT_EQ(conv.groups, 2);
  EXPECT_EQ(captured.states[2]->geometry()->kind, LayerKind::Linear);
  EXPECT_TRUE(at::equal(captured.states[0]->layerInput(), batch));
  EXPECT_TRUE(at::equal(captured.states[1]->layerInput(), captured.states[0]->layerOutput()));
  // Without asking, no input is kept.
  const auto plain = model->captureStates({0}, batch);
  EXPECT_FALSE(plain.states[0]->layerInput().defined());
}

TEST_F(WeightFaultContribution, EveryWeightOfEveryLayerMatchesAFaultyForward) {
  // Every element of the grouped, strided, dilated, padded conv and of both linear layers
  // (one of them on [N, tokens, features]), its exponent changed by 2^±8 (bit 26 flipped).
  for (int layer = 0; layer < 4; ++layer) {
    const std::int64_t elements = model->layers()[layer].weightElements();
    for (std::int64_t e = 0; e < elements; ++e) {
      const WeightFault fault{layer, e, 26};
      const std::int64_t row = e % 3;
      const at::Tensor added = viaContribution(fault, row);
      const at::Tensor written = viaWeights(fault);
      // The same products summed in another order in float32 (the clean output plus one
      // product term, against the whole sum recomputed): equal to a few ulp of the largest
      // intermediate, far below what a wrong input position would change.
      const double scale = 1.0 + written[row].abs().max().item<double>();
      EXPECT_LE((added[row] - written[row]).abs().max().item<double>(), 1e-5 * scale)
          << model->layers()[layer].name << " element " << e;
      // Images without a fault keep their clean logits bit for bit.
      for (std::int64_t other = 0; other < 3; ++other)
        if (other != row) EXPECT_TRUE(at::equal(added[other], captured.logits[other])) << layer << " " << e;
    }
  }
}

TEST_F(WeightFaultContribution, AFaultThatChangesNoBitChangesNothing) {
  // Stuck-at the value the bit already has: ΔLoss must be exactly 0, so the logits are the
  // capture's bit for bit.
  for (int layer = 0; layer < 4; ++layer) {
    const float w = model->weight(layer).view({-1})[1].item<float>();
    const bool set = (floatToBits(w) >> 30) & 1u;
    WeightFault fault{layer, 1, 30, set ? ErrorModel::StuckAt1 : ErrorModel::StuckAt0};
    EXPECT_TRUE(at::equal(viaContribution(fault, 2), captured.logits)) << layer;
  }
}

TEST_F(WeightFaultContribution, NonFiniteWeightsFollowIeeeArithmetic) {
  // A weight of 1.0 with bit 30 (the exponent's top bit) flipped becomes infinite. Every output the
  // weight touches is then ±inf or NaN (inf × 0), and so are the logits after it.
  at::Tensor w = model->weight(3).view({-1});
  const float saved = w[4].item<float>();
  {
    c10::NoGradGuard noGrad;
    w[4].fill_(1.0f);
  }
  captured = model->captureStates({3}, batch, nullptr, LayerInputs::Keep);
  WeightFaultContributions add(*model, *captured.states[0], {{WeightFault{3, 4, 30}, 1}});
  EXPECT_TRUE(std::isinf(add.applied()[0].after));
  const at::Tensor added = model->resume(*captured.states[0], &add);
  const at::Tensor written = viaWeights(WeightFault{3, 4, 30});
  EXPECT_FALSE(at::isfinite(added[1]).all().item<bool>());
  EXPECT_TRUE(at::equal(at::isfinite(added[1]), at::isfinite(written[1])));
  c10::NoGradGuard noGrad;
  w[4].fill_(saved);
}

TEST_F(WeightFaultContribution, RefusesWhatItCannotCompute) {
  const auto plain = model->captureStates({1}, batch);
  const LayerState& conv = *captured.states[1];
  EXPECT_THROW(WeightFaultContributions(*model, *plain.states[0], {{WeightFault{1, 0, 26}, 0}}), Error);
  EXPECT_THROW(WeightFaultContributions(*model, conv, {{WeightFault{2, 0, 26}, 0}}), Error)
      << "a fault on another layer";
  EXPECT_THROW(WeightFaultContributions(*model, conv, {{WeightFault{1, 0, 26}, 3}}), Error)
      << "a row outside the batch";
  EXPECT_THROW(WeightFaultContributions(*model, conv, {{WeightFault{1, 0, 26}, 1}, {WeightFault{1, 5, 26}, 1}}), Error)
      << "two faults on one image";
  EXPECT_THROW(WeightFaultContributions(*model, conv, {{WeightFault{1, 72, 26}, 0}}), Error)
      << "an element outside the weight";
}

TEST(WeightFaultGeometry, ComesFromModuleAttributesToo) {
  // The demo models keep stride and padding as module attributes (self.stride), not as
  // constants in the graph; the geometry is read from the module.
  auto model = Model::load(std::string(FAULTLENS_RESOURCE_DIR) + "/models/fashion_baseline.pt");
  std::vector<TapPoint> all;
  for (const auto& layer : model->layers()) all.push_back(layer.index);
  auto gen = at::make_generator<at::CPUGeneratorImpl>(5);
  const at::Tensor batch = at::randn({2, 1, 28, 28}, gen);
  const CapturedStates captured = model->captureStates(all, batch, nullptr, LayerInputs::Keep);
  for (const auto& state : captured.states) {
    ASSERT_TRUE(state->geometry().has_value()) << model->layers()[state->layer()].name;
    const WeightFault fault{state->layer(), model->layers()[state->layer()].weightElements() - 1, 27};
    WeightFaultContributions add(*model, *state, {{fault, 0}});
    const at::Tensor added = model->resume(*state, &add);
    ScopedWeightFaults scope(*model, {fault});
    const at::Tensor written = model->forward(batch);
    // Float32 summation order only (see above).
    const double scale = 1.0 + written[0].abs().max().item<double>();
    EXPECT_LE((added[0] - written[0]).abs().max().item<double>(), 1e-5 * scale) << state->layer();
  }
  const auto& downsample = *captured.states.at(model->layerIndex("features.layer2.conv1"))->geometry();
  EXPECT_EQ(downsample.strideH, 2);
  EXPECT_EQ(downsample.paddingW, 1);
}

}  // namespace
}  // namespace faultlens
