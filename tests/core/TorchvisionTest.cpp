// Layer discovery and inference on TorchScript exports of real torchvision architectures,
// checked against torchvision's own module lists and PyTorch's own logits
// (tests/tools/export_torchvision.py writes both at build time).
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <iostream>
#include <set>

#include "core/Error.h"
#include "core/io/FileIO.h"
#include "core/model/LayerAlignment.h"
#include "core/model/Model.h"
#include "core/model/TapHandlers.h"
#include "core/io/TensorFile.h"
#include "core/faults/WeightFaults.h"
#include "core/analysis/AblationCam.h"
#include "core/text/ClassEmbeddings.h"

namespace faultlens {
namespace {

const std::string kDir = FAULTLENS_TORCHVISION_DIR;

/// What export_torchvision.py recorded for an architecture.
nlohmann::json expectedFor(const std::string& name) {
  return nlohmann::json::parse(
      readFileBytes(kDir + "/" + (name == "resnet18_traced" ? "resnet18" : name) + ".expected.json"));
}

InputSpec shapeOf(const nlohmann::json& shape) {
  const auto dims = shape.get<std::vector<int>>();
  return parseInputShape(std::to_string(dims.at(0)) + "," + std::to_string(dims.at(1)) + "," +
                         std::to_string(dims.at(2)));
}

/// The architecture loaded for the per-layer sweeps: at the smallest input that still runs
/// every one of its operators (export_torchvision.py says why each size suffices).
std::unique_ptr<Model> loadForSweep(const std::string& name) {
  ModelLoadOptions options;
  options.input = shapeOf(expectedFor(name)["sweep_shape"]);
  return Model::load(kDir + "/" + name + ".pt", options);
}

at::Tensor randomBatch(const Model& model, std::int64_t images) {
  const InputSpec& in = model.input();
  return at::randn({images, in.channels, in.height, in.width}, at::TensorOptions().dtype(at::kFloat));
}

class Torchvision : public ::testing::TestWithParam<std::string> {};

TEST_P(Torchvision, LayersMatchTorchvisionAndLogitsMatchPyTorch) {
  const std::string name = GetParam();
  const auto expected = expectedFor(name);
  ModelLoadOptions options;
  options.input = shapeOf(expected["input_shape"]);
  auto model = Model::load(kDir + "/" + name + ".pt", options);

  std::vector<std::string> want = expected["layers"].get<std::vector<std::string>>();
  std::vector<std::string> got;
  for (const auto& l : model->layers()) {
    got.push_back(l.name);
    EXPECT_TRUE(l.executed) << l.name;
    EXPECT_FALSE(l.weightShape.empty()) << l.name;
  }
  EXPECT_EQ(got.size(), want.size());
  EXPECT_EQ(std::set<std::string>(got.begin(), got.end()), std::set<std::string>(want.begin(), want.end()));
  EXPECT_EQ(model->numClasses(), 1000);

  // Same input (saved by torch.save in Python) → same logits as PyTorch computed.
  const at::Tensor input = loadInputBatch(kDir + "/" + expected["input_file"].get<std::string>(), model->input());
  const at::Tensor logits = model->forward(input);
  const auto ref = expected["logits"].get<std::vector<float>>();
  const at::Tensor want_logits = at::tensor(ref).unsqueeze(0);
  EXPECT_TRUE(at::allclose(logits, want_logits, 1e-4, 1e-4))
      << "max diff " << (logits - want_logits).abs().max().item<float>();
}

INSTANTIATE_TEST_SUITE_P(Architectures, Torchvision,
                         ::testing::Values("resnet18", "resnet18_traced", "resnet50", "vgg16_bn", "alexnet",
                                           "mobilenet_v2", "swin_v2_t", "maxvit_t"));

// A text-guided model built as the paper's authors build theirs, from PyTorch: it loads
// scripted and traced, its layers are torchvision's behind `backbone.` plus `head`, a
// fault at the head lands where a PyTorch forward hook sees it (before the logit scale),
// it aligns with the plain ResNet-18 layer by layer and last layer to head, and its
// torch.save'd class embeddings import.
TEST(TextGuidedFromPyTorch, LoadsFaultsTheHeadBeforeTheScaleAndAlignsWithItsBaseline) {
  const auto expected = nlohmann::json::parse(readFileBytes(kDir + "/textguided_resnet18.expected.json"));
  ModelLoadOptions options;
  options.input = parseInputShape("3,224,224");
  auto baseline = Model::load(kDir + "/resnet18.pt", options);
  for (const char* file : {"textguided_resnet18.pt", "textguided_resnet18_traced.pt"}) {
    auto model = Model::load(kDir + "/" + file, options);
    std::vector<std::string> got;
    for (const auto& l : model->layers()) got.push_back(l.name);
    const auto want = expected["layers"].get<std::vector<std::string>>();
    EXPECT_EQ(std::set<std::string>(got.begin(), got.end()), std::set<std::string>(want.begin(), want.end())) << file;
    ASSERT_EQ(model->layers().back().name, "head") << file;
    EXPECT_EQ(model->numClasses(), 10);

    const at::Tensor input = loadInputBatch(kDir + "/input.pt", model->input());
    const int head = model->layerIndex("last-layer");
    OutputCapture capture({head});
    const at::Tensor logits = model->forward(input, &capture);
    // PyTorch's numbers, computed by another build of the same float32 kernels: 1e-4.
    EXPECT_TRUE(at::allclose(logits, at::tensor(expected["logits"].get<std::vector<float>>()).unsqueeze(0), 1e-4, 1e-4))
        << file;
    const at::Tensor hooked = at::tensor(expected["head_output"].get<std::vector<float>>()).unsqueeze(0);
    EXPECT_TRUE(at::allclose(capture.output(head), hooked, 1e-5, 1e-5)) << file << ": the tap is the hook's output";

    const LayerAlignment alignment = LayerAlignment::automatic(baseline->layers(), model->layers());
    EXPECT_EQ(alignment.guidedFor(baseline->layerIndex("conv1")), model->layerIndex("backbone.conv1")) << file;
    EXPECT_EQ(alignment.guidedFor(baseline->layerIndex("layer4.1.conv2")),
              model->layerIndex("backbone.layer4.1.conv2"));
    EXPECT_EQ(alignment.guidedFor(baseline->layerIndex("fc")), head) << "the last layers pair by role";
    EXPECT_EQ(alignment.baselineFor(model->layerIndex("backbone.fc")), -1) << "the projection is the extra layer";
  }
  const at::Tensor embeddings = loadClassEmbeddings(kDir + "/textguided_embeddings.pt", 10);
  EXPECT_EQ(embeddings.sizes(), (at::IntArrayRef{10, 32}));
  EXPECT_THROW(loadClassEmbeddings(kDir + "/textguided_embeddings.pt", 1000), Error);
}

// Cutting the network at a layer and resuming from the captured state gives the same
// logits as a full pass, with and without a fault at the cut, and when every image is
// repeated. Every layer that can be cut is checked; those that cannot must say why.
TEST_P(Torchvision, ResumeFromEveryLayerEqualsFullForward) {
  const std::string name = GetParam();
  if (name == "resnet50" || name == "vgg16_bn") GTEST_SKIP() << "covered by the smaller networks (time)";
  auto model = loadForSweep(name);
  const at::Tensor batch = randomBatch(*model, 2);
  const at::Tensor full = model->forward(batch);
  int cut = 0, uncut = 0;
  // The transformers have 100+ layers: check a spread of about a dozen (time).
  const std::size_t stride = std::max<std::size_t>(1, model->layers().size() / 12);
  for (const auto& layer : model->layers()) {
    if (layer.index % stride != 0 && layer.index + 1 != static_cast<int>(model->layers().size())) continue;
    const std::string why = model->resumeSupport(layer.index);
    if (!why.empty()) {
      ++uncut;
      continue;
    }
    ++cut;
    auto state = model->captureState(layer.index, batch);
    ASSERT_TRUE(state->isCut());
    const at::Tensor resumed = model->resume(*state);
    EXPECT_TRUE(at::allclose(resumed, full, 1e-5, 1e-5)) << layer.name;
    if (!layer.perImage) continue;
    ActivationFault fault{layer.index, 1, 0, 30};
    ActivationFaultInjector viaFull(model->layers(), {fault}), viaResume(model->layers(), {fault});
    const at::Tensor faultyFull = model->forward(batch, &viaFull);
    const at::Tensor faultyResumed = model->resume(*state, &viaResume);
    EXPECT_TRUE(at::allclose(faultyResumed.nan_to_num(0, 0, 0), faultyFull.nan_to_num(0, 0, 0), 1e-5, 1e-5))
        << layer.name;
    if (layer.index % 7 == 0) {
      const at::Tensor repeated = model->resume(*state, nullptr, 3);
      EXPECT_TRUE(at::allclose(repeated, full.repeat_interleave(3, 0), 1e-4, 1e-4)) << layer.name;
    }
  }
  // Networks without control flow around their layers must be cut everywhere.
  if (name == "resnet18" || name == "resnet18_traced" || name == "alexnet")
    EXPECT_EQ(cut, static_cast<int>(model->layers().size()));
  EXPECT_GT(cut, 0);
  std::cout << name << ": " << cut << " checked layers can be cut, " << uncut << " cannot\n";
}

TEST_P(Torchvision, StatesOfAllLayersFromOneForwardResumeToItsLogitsBitForBit) {
  // Campaigns take a chunk's clean logits and every layer's state from one forward pass
  // and compare each faulty resume against those logits: a masked fault gives ΔLoss 0 only
  // if a resume without a fault reproduces them exactly. Bit-identity is what the capture
  // graph implements (the same nodes on the same batch), so this compares exactly.
  const std::string name = GetParam();
  if (name == "resnet50" || name == "vgg16_bn") GTEST_SKIP() << "covered by the smaller networks (time)";
  auto model = loadForSweep(name);
  const at::Tensor batch = randomBatch(*model, 3);
  // The transformers have 100+ layers: a spread of about six (time).
  const std::size_t spread = model->layers().size() > 100 ? 6 : 12;
  const std::size_t stride = std::max<std::size_t>(1, model->layers().size() / spread);
  std::vector<TapPoint> points;
  for (const auto& layer : model->layers())
    if (layer.executed && (layer.index % stride == 0 || layer.index + 1 == static_cast<int>(model->layers().size())))
      points.push_back(layer.index);
  const CapturedStates captured = model->captureStates(points, batch);
  ASSERT_EQ(captured.states.size(), points.size());
  EXPECT_GT(captured.bytes, 0);
  EXPECT_TRUE(at::allclose(captured.logits, model->forward(batch), 1e-5, 1e-5));
  for (std::size_t i = 0; i < points.size(); ++i) {
    EXPECT_TRUE(at::equal(model->resume(*captured.states[i]), captured.logits))
        << model->layers()[points[i].index].name;
    if (i % 4 == 0 && captured.states[i]->isCut()) {
      // The same state as a capture of that layer alone.
      auto alone = model->captureState(points[i], batch);
      EXPECT_TRUE(at::equal(alone->layerOutput(), captured.states[i]->layerOutput()))
          << model->layers()[points[i].index].name;
    }
  }
}

TEST_P(Torchvision, WeightFaultsAddedToTheOutputMatchFaultyForwards) {
  // Weight campaigns add a fault's change to its layer's clean output, computed from the
  // layer's captured input (WeightFaultContributions). On real architectures: strided and
  // 1×1 convolutions, depthwise ones (MobileNet), linear layers on windows of tokens
  // (Swin), inputs that in-place operations write into later (ResNet's ReLUs and sums).
  const std::string name = GetParam();
  if (name == "resnet50" || name == "vgg16_bn" || name == "maxvit_t")
    GTEST_SKIP() << "covered by the smaller networks (time)";
  auto model = loadForSweep(name);
  const at::Tensor batch = randomBatch(*model, 2);
  // The transformers have 100+ layers: a spread of four (time).
  const std::size_t spread = model->layers().size() > 100 ? 4 : 10;
  const std::size_t stride = std::max<std::size_t>(1, model->layers().size() / spread);
  std::vector<TapPoint> points;
  for (const auto& layer : model->layers())
    if (layer.perImage && model->resumeSupport(layer.index).empty() &&
        (layer.index % stride == 0 || layer.index + 1 == static_cast<int>(model->layers().size())))
      points.push_back(layer.index);
  const CapturedStates captured = model->captureStates(points, batch, nullptr, LayerInputs::Keep);
  int checked = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const LayerState& state = *captured.states[i];
    const auto& layer = model->layers()[state.layer()];
    if (!state.layerInput().defined()) continue;
    ++checked;
    // An exponent bit of an element in the middle of the weight: 2^±4 times the weight.
    const WeightFault fault{layer.index, layer.weightElements() / 2 + 1, 25};
    WeightFaultContributions add(*model, state, {{fault, 1}});
    const at::Tensor added = model->resume(state, &add);
    at::Tensor written;
    {
      ScopedWeightFaults scope(*model, {fault});
      written = model->forward(batch);
    }
    // Float32 sums in another order, through the rest of the network: a few ulp of the
    // largest logit per layer, far below the change the fault makes.
    const double scale = 1.0 + written[1].abs().max().item<double>();
    EXPECT_LE((added[1] - written[1]).abs().max().item<double>(), 1e-4 * scale) << layer.name;
    EXPECT_TRUE(at::equal(added[0], captured.logits[0])) << layer.name << ": the image without a fault";
  }
  // Every conv2d / linear node of these architectures has readable geometry.
  EXPECT_EQ(checked, static_cast<int>(points.size()));
  std::cout << name << ": weight faults checked on " << checked << " layers\n";
}

TEST(TorchvisionDetails, ExecutionOrderAndShapes) {
  ModelLoadOptions options;
  options.input = parseInputShape("3,224,224");
  auto resnet = Model::load(kDir + "/resnet50.pt", options);
  const auto& layers = resnet->layers();
  EXPECT_EQ(layers.front().name, "conv1");
  EXPECT_EQ(layers.back().name, "fc");
  EXPECT_EQ(layers.front().outputShape, (std::vector<std::int64_t>{64, 112, 112}));
  EXPECT_EQ(layers.back().weightShape, (std::vector<std::int64_t>{1000, 2048}));
  // layer4.2.conv3 runs before fc, after layer4.2.conv2.
  const int conv3 = resnet->layerIndex("layer4.2.conv3");
  EXPECT_EQ(resnet->layerIndex("layer4.2.conv2") + 1, conv3);
  EXPECT_EQ(layers[conv3].outputShape, (std::vector<std::int64_t>{2048, 7, 7}));

  // Swin keeps attention inside functions and windows: batch-major [windows, tokens, C]
  // per image, while the relative-position MLP does not see the batch at all.
  auto swin = Model::load(kDir + "/swin_v2_t.pt", options);
  const auto& qkv = swin->layers()[swin->layerIndex("features.1.0.attn.qkv")];
  EXPECT_TRUE(qkv.perImage);
  EXPECT_EQ(qkv.outputShape, (std::vector<std::int64_t>{49, 64, 288}));  // 7×7 windows of 8×8 tokens
  const auto& cpb = swin->layers()[swin->layerIndex("features.1.0.attn.cpb_mlp.0")];
  EXPECT_FALSE(cpb.perImage);
}

// Block outputs as CAM targets: found from the call stacks of scripted and traced exports,
// named as pytorch-grad-cam users name them (model.layer4[-1] is "layer4.1"), and the
// default for each architecture family.
TEST(TorchvisionCam, BlockOutputsAreTargetsAndTheLastBlockIsTheDefault) {
  ModelLoadOptions options;
  options.input = parseInputShape("3,224,224");
  for (const char* file : {"resnet18.pt", "resnet18_traced.pt"}) {
    SCOPED_TRACE(file);
    auto resnet = Model::load(kDir + "/" + file, options);
    const CamTarget block = defaultCamTarget(*resnet);
    EXPECT_EQ(block.name, "layer4.1");
    EXPECT_TRUE(block.point.isModule);
    EXPECT_EQ(std::vector<std::int64_t>({block.channels, block.height, block.width}),
              std::vector<std::int64_t>({512, 7, 7}));
    EXPECT_EQ(resolveCamTarget(*resnet, "layer4").name, "layer4.1");  // the stage returns its last block's output
    EXPECT_EQ(resolveCamTarget(*resnet, "layer1.0").channels, 64);
    EXPECT_FALSE(resolveCamTarget(*resnet, "layer4.1.conv2").point.isModule);
    EXPECT_EQ(resnet->resumeSupport(block.point), "");  // ablations resume after the block only
    EXPECT_THROW(resolveCamTarget(*resnet, "fc"), Error);
    EXPECT_THROW(resolveCamTarget(*resnet, "layer9"), Error);
    // Execution order: conv2 of the last block, then the block's output.
    const auto targets = camTargets(*resnet);
    const auto at = [&](const std::string& n) {
      return std::find_if(targets.begin(), targets.end(), [&](const CamTarget& t) { return t.name == n; });
    };
    EXPECT_LT(at("layer4.1.conv2"), at("layer4.1"));
    EXPECT_LT(at("layer4.0"), at("layer4.1.conv1"));
  }
  EXPECT_EQ(defaultCamTarget(*Model::load(kDir + "/mobilenet_v2.pt", options)).name, "features.18");
  EXPECT_EQ(defaultCamTarget(*Model::load(kDir + "/vgg16_bn.pt", options)).name, "features");
  auto guided = Model::load(kDir + "/textguided_resnet18.pt", options);
  EXPECT_EQ(defaultCamTarget(*guided).name, "backbone.layer4.1");
  EXPECT_EQ(resolveCamTarget(*guided, "layer4.1").name, "backbone.layer4.1");  // the baseline's name
}

// The block-output CAM against PyTorch computing it the straightforward way: one full eager
// forward per zeroed channel (export_torchvision.py). Scores agree to float32 accuracy of a
// 20-layer network evaluated by two engines (about 1e-6 relative; 1e-4 leaves room).
TEST(TorchvisionCam, BlockOutputCamEqualsAFullForwardPerAblatedChannel) {
  const auto expected = nlohmann::json::parse(readFileBytes(kDir + "/resnet18.expected.json"))["ablation_cam"];
  ModelLoadOptions options;
  options.input = parseInputShape("3,224,224");
  auto resnet = Model::load(kDir + "/resnet18.pt", options);
  const at::Tensor input = loadInputBatch(kDir + "/input.pt", resnet->input());
  AblationCamOptions camOptions;
  camOptions.target = expected["target"].get<std::string>();
  const AblationCam cam = computeAblationCam(*resnet, input, camOptions);
  EXPECT_EQ(cam.target, "layer4.1");
  EXPECT_EQ(cam.targetClass, expected["class"].get<int>());
  EXPECT_NEAR(cam.score, expected["score"].get<double>(), 1e-4);
  const auto ablated = expected["ablated_scores"].get<std::vector<double>>();
  ASSERT_EQ(cam.ablatedScores.size(), ablated.size());
  double worst = 0;
  for (std::size_t k = 0; k < ablated.size(); ++k) worst = std::max(worst, std::abs(cam.ablatedScores[k] - ablated[k]));
  EXPECT_LT(worst, 1e-4);
  const auto map = expected["map"].get<std::vector<double>>();
  ASSERT_EQ(cam.map.size(), map.size());
  const double peak = *std::max_element(map.begin(), map.end());
  for (std::size_t i = 0; i < map.size(); ++i) EXPECT_NEAR(cam.map[i], map[i], 1e-3 * peak) << i;
  EXPECT_FALSE(cam.unreliable());
}

TEST(TorchvisionDetails, NpyInputEqualsTorchSaveInput) {
  InputSpec spec = parseInputShape("3,224,224");
  EXPECT_TRUE(at::equal(loadInputBatch(kDir + "/input.npy", spec), loadInputBatch(kDir + "/input.pt", spec)));
}

TEST(TorchvisionDetails, FaultInMobileNetBlockChangesOnlyItsImage) {
  ModelLoadOptions options;
  options.input = parseInputShape("3,224,224");
  auto model = Model::load(kDir + "/mobilenet_v2.pt", options);
  const at::Tensor input = loadInputBatch(kDir + "/input.pt", model->input()).repeat({2, 1, 1, 1});
  ActivationFault f;
  f.layer = model->layerIndex("features.3.conv.2");  // inside the residual prim::If of torchvision
  f.batchIndex = 1;
  f.element = 5;
  f.bit = 30;
  ActivationFaultInjector injector(model->layers(), {f});
  const at::Tensor faulty = model->forward(input, &injector);
  const at::Tensor clean = model->forward(input);
  EXPECT_NE(injector.applied()[0].before, injector.applied()[0].after);
  EXPECT_TRUE(at::equal(faulty[0], clean[0]));
  EXPECT_FALSE(at::equal(faulty[1], clean[1]));
}

}  // namespace
}  // namespace faultlens
