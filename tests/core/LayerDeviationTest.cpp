// One image layer by layer under a fault: clean and faulty statistics and the deviation of
// each faulty output from the clean one, checked against the outputs captured directly.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/model/Model.h"
#include "core/model/TapHandlers.h"
#include "core/analysis/LayerDeviation.h"
#include "tests/core/TestModels.h"

namespace faultlens {
namespace {

class LayerDeviationRun : public ::testing::Test {
 protected:
  void SetUp() override {
    model = Model::load(test::writeTinyConvNet(test::tempDir("deviation")));
    image = at::randn({1, 1, 6, 6}, at::make_generator<at::CPUGeneratorImpl>(5));
  }
  /// Runs clean (with the reference) and faulty (injector, then the collector).
  std::vector<LayerDeviation> run(const std::vector<ActivationFault>& faults) {
    model->forward(image, &reference);
    ActivationFaultInjector injector(model->layers(), faults);
    LayerDeviationCollector collector(reference);
    TapChain chain({&injector, &collector});
    model->forward(image, &chain);
    applied = injector.applied();
    return collector.deviations(static_cast<int>(model->layers().size()));
  }
  std::unique_ptr<Model> model;
  at::Tensor image;
  CleanLayerReference reference;
  std::vector<AppliedActivationFault> applied;
};

TEST_F(LayerDeviationRun, CorruptionStartsAtTheFaultedLayerAndLayersBeforeItAreUntouched) {
  // The tiny net: conv (layer 0) → relu → fc (layer 1). A fault in fc leaves conv alone.
  // Bit 27 moves the exponent by 16: the value stays finite whatever it was.
  const auto atFc = run({{1, 0, 2, 27}});
  ASSERT_EQ(atFc.size(), 2u);
  // Bit-identical by construction: the same computation on the same input before the fault.
  EXPECT_EQ(atFc[0].relativeL2, 0.0);
  EXPECT_EQ(atFc[0].clean.absMax, atFc[0].faulty.absMax);
  // At the faulted layer the deviation is the one changed value over the clean norm.
  ASSERT_TRUE(std::isfinite(applied[0].after));
  const at::Tensor cleanFc = reference.outputs().at(1).to(at::kDouble);
  const double expected =
      std::abs(static_cast<double>(applied[0].after) - applied[0].before) / cleanFc.norm().item<double>();
  // Float64 sums over 3 logits of float32 values: agreement to 1e-12 relative.
  EXPECT_NEAR(atFc[1].relativeL2, expected, 1e-12 * expected);
}

TEST_F(LayerDeviationRun, StatisticsMatchTheCapturedOutputs) {
  const auto deviations = run({{0, 0, 3, 27}});
  OutputCapture capture({0, 1});
  model->forward(image, &capture);
  for (int l = 0; l < 2; ++l) {
    const at::Tensor a = capture.output(l).abs().to(at::kDouble);
    // The maximum is one of the values (exact); the mean a float64 sum of the same float32
    // values in another order.
    EXPECT_EQ(deviations[l].clean.absMax, a.max().item<double>());
    EXPECT_NEAR(deviations[l].clean.absMean(), a.mean().item<double>(), 1e-9);
  }
  EXPECT_GT(deviations[0].relativeL2, 0.0);  // the fault's own layer
  ASSERT_TRUE(std::isfinite(applied[0].after));
  // The faulty maximum takes in the changed value.
  EXPECT_GE(deviations[0].faulty.absMax, std::abs(static_cast<double>(applied[0].after)));
}

TEST_F(LayerDeviationRun, NonFiniteFaultyOutputsAreAnInfiniteDeviation) {
  // Stuck-at-1 on every exponent bit of one value is a NaN or an Inf.
  std::vector<ActivationFault> faults;
  for (int bit = 23; bit <= 30; ++bit) faults.push_back({0, 0, 3, bit, ErrorModel::StuckAt1});
  const auto deviations = run(faults);
  EXPECT_EQ(deviations[0].relativeL2, std::numeric_limits<double>::infinity());
  EXPECT_EQ(deviations[0].faulty.nonFinite, 1);
  EXPECT_EQ(relativeL2Deviation(at::zeros({2}), at::zeros({2})), 0.0);
  EXPECT_EQ(relativeL2Deviation(at::zeros({2}), at::ones({2})), std::numeric_limits<double>::infinity());
}

}  // namespace
}  // namespace faultlens
