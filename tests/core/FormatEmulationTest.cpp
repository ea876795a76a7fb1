// Number-format emulation of a whole model: parameters rounded once, every layer output
// rounded in every pass, fp32 untouched, int8 refused without a scale for each layer.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <cstring>

#include "core/Error.h"
#include "core/formats/FormatEmulation.h"
#include "core/model/Model.h"
#include "core/formats/NumberFormatTensor.h"
#include "core/model/TapHandlers.h"
#include "tests/core/ExpectError.h"
#include "tests/core/TestModels.h"

namespace faultlens {
namespace {

using test::representableIn;

TEST(FormatEmulation, ParametersAreRoundedOnceAndEveryLayerOutputInEveryPass) {
  const auto model = Model::load(test::writeTinyConvNet(test::tempDir("format-fp16")));
  const NumberFormat fp16 = NumberFormat::parse("fp16");
  const at::Tensor weightBefore = model->weight(0).clone(), biasBefore = model->bias(0).clone();
  ASSERT_TRUE(model->bias(0).defined() && model->bias(1).defined());
  EXPECT_FALSE(representableIn(fp16, weightBefore)) << "seeded float32 weights need rounding";
  EXPECT_EQ(roundParametersToFormat(*model, fp16).tensors, 4);  // conv and fc, weight and bias each
  for (int l : {0, 1}) {
    EXPECT_TRUE(representableIn(fp16, model->weight(l)));
    EXPECT_TRUE(representableIn(fp16, model->bias(l)));
  }
  // Rounding is to nearest: within half a unit in the last place of fp16 (2^-11 relative).
  EXPECT_TRUE(at::allclose(model->weight(0), weightBefore, /*rtol=*/std::ldexp(1.0, -11), /*atol=*/1e-7));
  EXPECT_TRUE(at::allclose(model->bias(0), biasBefore, std::ldexp(1.0, -11), 1e-7));

  FormatRounding rounding(fp16, model->layers());
  OutputCapture capture({0, 1});
  TapChain chain({&rounding, &capture});
  const at::Tensor batch = at::rand({4, 1, 6, 6});
  const at::Tensor logits = model->forward(batch, &chain);
  for (int l : {0, 1}) EXPECT_TRUE(representableIn(fp16, capture.output(l))) << "layer " << l;
  // The logits are the last layer's rounded output (the tiny net ends in fc).
  EXPECT_TRUE(representableIn(fp16, logits));
}

TEST(FormatEmulation, RoundsInPlaceOnlyWhatNobodyElseHolds) {
  const auto model = Model::load(test::writeTinyConvNet(test::tempDir("format-in-place")));
  const NumberFormat bf16 = NumberFormat::parse("bf16");
  FormatRounding rounding(bf16, model->layers());
  const float third = 1.0f / 3.0f;  // not a bf16 value: rounding must change it
  // Held twice (here and by `kept`): a new rounded tensor, the held one untouched.
  const at::Tensor shared = at::full({2, 9}, third);
  const at::Tensor kept = shared;
  const at::Tensor fromShared = rounding.onLayerOutput(0, shared);
  EXPECT_FALSE(fromShared.is_same(shared));
  EXPECT_EQ(kept[0][0].item<float>(), third);
  EXPECT_TRUE(representableIn(bf16, fromShared));
  // A view shares the memory: also left alone.
  const at::Tensor base = at::full({2, 9}, third);
  const at::Tensor view = base.view({18});
  const at::Tensor fromView = rounding.onLayerOutput(0, base.view({18}));
  EXPECT_EQ(view[0].item<float>(), third);
  EXPECT_TRUE(representableIn(bf16, fromView));
  // The only reference, as the interpreter hands a conv output to its tap: rounded in place.
  const at::Tensor sole = at::full({2, 9}, third);
  const void* memory = sole.data_ptr();
  const at::Tensor fromSole = rounding.onLayerOutput(0, sole);
  EXPECT_TRUE(fromSole.is_same(sole));
  EXPECT_EQ(fromSole.data_ptr(), memory);
  EXPECT_TRUE(representableIn(bf16, sole));
  // Both ways give the same values: exact, the same rounding function.
  EXPECT_TRUE(at::equal(fromSole, fromShared));
}

TEST(FormatEmulation, Fp32ChangesNothingBitForBit) {
  const auto model = Model::load(test::writeTinyConvNet(test::tempDir("format-fp32")));
  const at::Tensor batch = at::rand({3, 1, 6, 6});
  const at::Tensor plain = model->forward(batch);
  const NumberFormat fp32;
  EXPECT_EQ(roundParametersToFormat(*model, fp32).tensors, 0);
  FormatRounding rounding(fp32, model->layers());
  // fp32 is the identity by construction (the tensor itself is returned): bit-identical.
  EXPECT_TRUE(at::equal(model->forward(batch, &rounding), plain));
}

TEST(FormatEmulation, Int8NeedsEveryLayersAbsMaxAndUsesIt) {
  const auto model = Model::load(test::writeTinyConvNet(test::tempDir("format-int8")));
  const NumberFormat int8 = NumberFormat::parse("int8");
  test::expectErrorMentioning([&] { FormatRounding(int8, model->layers()); }, "int8", "layer 'conv'");
  test::expectErrorMentioning([&] { FormatRounding(int8, model->layers(), {2.0, 0.0}); }, "int8", "layer 'fc'");
  FormatRounding rounding(int8, model->layers(), {2.0, 8.0});
  OutputCapture capture({0, 1});
  TapChain chain({&rounding, &capture});
  model->forward(at::rand({2, 1, 6, 6}), &chain);
  EXPECT_TRUE(representableIn(int8, capture.output(0), 2.0));
  EXPECT_TRUE(representableIn(int8, capture.output(1), 8.0));
  // Weights by their own abs-max: the largest keeps its magnitude within one float32 step
  // (q = ±127 decodes to 127 · float(A/127)).
  const float absMax = model->weight(1).abs().max().item<float>();
  roundParametersToFormat(*model, int8);
  EXPECT_NEAR(model->weight(1).abs().max().item<float>(), absMax, 2e-7 * absMax);
  // Every weight is a multiple of that step: q · float(A/127) with an integer q.
  const at::Tensor q = model->weight(1) / (absMax / 127.0f);
  EXPECT_TRUE(at::allclose(q, q.round(), 0, 1e-4));
}

}  // namespace
}  // namespace faultlens
