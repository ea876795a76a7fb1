// The training side of the text-guided method: the paper's cosine head computes its
// formula and adds one fault site, built models load like any TorchScript file, the
// fused-linear ablation equals its two-layer head, training lowers the loss, and a stopped
// and resumed run ends exactly where an uninterrupted one does.
#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <torch/script.h>

#include <cmath>
#include <filesystem>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "core/Error.h"
#include "core/model/Model.h"
#include "core/model/TapHandlers.h"
#include "core/data/IdxDataset.h"
#include "core/data/ImageFolderDataset.h"
#include "core/data/Preprocess.h"
#include "core/text/ClassEmbeddings.h"
#include "core/train/ModelBuilder.h"
#include "core/train/Trainer.h"
#include "tests/core/TestModels.h"

namespace faultlens {
namespace {

/// The first `n` Fashion-MNIST training images as a data set.
class Slice : public Dataset {
 public:
  Slice(std::shared_ptr<Dataset> base, std::size_t n) : base_(std::move(base)), n_(n) {}
  std::size_t size() const override { return n_; }
  cv::Mat image(std::size_t i) const override { return base_->image(i); }
  int label(std::size_t i) const override { return base_->label(i); }
  const std::vector<std::string>& classNames() const override { return base_->classNames(); }
  std::string source() const override { return base_->source() + " (first " + std::to_string(n_) + ")"; }

 private:
  std::shared_ptr<Dataset> base_;
  std::size_t n_;
};

InputSpec fashionInput() {
  InputSpec in;
  in.channels = 1;
  in.height = in.width = 28;
  in.mean = {0.286f};
  in.std = {0.353f};
  return in;
}

ModelMetadata fashionMeta() {
  ModelMetadata m;
  m.input = fashionInput();
  m.classes = fashionMnistClasses();
  return m;
}

ClassifierSpec guidedSpec(Architecture arch) {
  ClassifierSpec spec;
  spec.architecture = arch;
  spec.width = 4;
  spec.head = HeadKind::TextGuided;
  spec.classEmbeddings = at::randn({10, 12}, at::make_generator<at::CPUGeneratorImpl>(5));
  return spec;
}

TEST(ModelBuilder, TextGuidedHeadIsTheCosineFormulaAndAddsOneFaultSite) {
  for (Architecture arch : {Architecture::SmallResNet, Architecture::SmallVgg}) {
    const ClassifierSpec spec = guidedSpec(arch);
    torch::jit::Module guided = buildClassifier(spec);
    const at::Tensor head = guided.attr("head").toModule().attr("weight").toTensor();
    // Rows start as the L2-normalised class embeddings; the scale starts at ln(1/0.07).
    EXPECT_TRUE(at::allclose(head, normalizeRows(spec.classEmbeddings), 1e-6, 1e-6));
    EXPECT_FLOAT_EQ(guided.attr("logit_scale").toTensor().item<float>(), static_cast<float>(std::log(1.0 / 0.07)));
    // The head has no bias, and every part of it trains (the scale too).
    EXPECT_FALSE(guided.attr("head").toModule().hasattr("bias"));
    EXPECT_TRUE(guided.attr("logit_scale").toTensor().requires_grad());
    EXPECT_TRUE(head.requires_grad());
    guided.eval();

    // The forward against the formula, computed from the parts: f = fc(features(x)),
    // logits = exp(s) · head(f / ‖f‖₂). Same float32 ops in another order, so equal to
    // float32 rounding (logits are O(exp(s)) = O(14)): 1e-5 relative, 1e-5 absolute.
    c10::NoGradGuard noGrad;
    const at::Tensor x = at::randn({5, 1, 28, 28}, at::make_generator<at::CPUGeneratorImpl>(9));
    const at::Tensor f =
        guided.attr("fc").toModule().forward({guided.attr("features").toModule().forward({x})}).toTensor();
    const at::Tensor unit = f / f.norm(2, 1, true);
    const at::Tensor s = guided.attr("logit_scale").toTensor();
    const at::Tensor expected = at::exp(s) * at::matmul(unit, head.t());
    const at::Tensor logits = guided.forward({x}).toTensor();
    EXPECT_TRUE(at::allclose(logits, expected, 1e-5, 1e-5)) << (logits - expected).abs().max();
    // Changing the scale scales every logit: it is part of the forward, not a constant.
    guided.attr("logit_scale").toTensor().fill_(0.0);
    EXPECT_TRUE(at::allclose(guided.forward({x}).toTensor(), at::matmul(unit, head.t()), 1e-5, 1e-6));

    // Saved, it loads like any model; the projection and the head are two fault sites,
    // and the head's tap sees cosines times row norms (|v| <= 1 at initialisation),
    // before the logit scale.
    guided.attr("logit_scale").toTensor().fill_(kInitialLogitScale);
    const std::string path = test::tempDir("builder") + "/guided.pt";
    saveClassifier(guided, path, fashionMeta());
    auto model = Model::load(path);
    EXPECT_EQ(model->numClasses(), 10);
    ASSERT_GE(model->layers().size(), 2u);
    const LayerInfo& last = model->layers().back();
    const LayerInfo& projection = model->layers()[model->layers().size() - 2];
    EXPECT_EQ(last.name, "head");
    EXPECT_EQ(last.weightShape, (std::vector<std::int64_t>{10, 12}));
    EXPECT_EQ(projection.name, "fc");
    EXPECT_EQ(projection.weightShape, (std::vector<std::int64_t>{12, 16}));
    OutputCapture capture({last.index});
    EXPECT_TRUE(at::allclose(model->forward(x, &capture), expected, 1e-5, 1e-5));
    const at::Tensor tapped = capture.output(last.index);
    EXPECT_TRUE(at::allclose(tapped, at::matmul(unit, head.t()), 1e-5, 1e-6));
    EXPECT_LE(tapped.abs().max().item<float>(), 1.0f + 1e-5f);
  }
}

TEST(ModelBuilder, TextGuidedModelHasOneLayerMoreThanItsBaseline) {
  ClassifierSpec base = guidedSpec(Architecture::SmallResNet);
  base.head = HeadKind::Baseline;
  const std::string dir = test::tempDir("layers");
  saveClassifier(buildClassifier(base), dir + "/b.pt", fashionMeta());
  const ClassifierSpec g = guidedSpec(Architecture::SmallResNet);
  saveClassifier(buildClassifier(g), dir + "/g.pt", fashionMeta());
  auto a = Model::load(dir + "/b.pt");
  auto b = Model::load(dir + "/g.pt");
  ASSERT_EQ(a->layers().size() + 1, b->layers().size());
  for (std::size_t i = 0; i + 1 < a->layers().size(); ++i) {  // the backbone is the same
    EXPECT_EQ(a->layers()[i].name, b->layers()[i].name);
    EXPECT_EQ(a->layers()[i].outputShape, b->layers()[i].outputShape);
  }
  EXPECT_EQ(b->layers().back().name, "head");
}

TEST(ModelBuilder, FusedLinearAblationEqualsTwoLayerHeadAndLoadsLikeAnyModel) {
  for (Architecture arch : {Architecture::SmallResNet, Architecture::SmallVgg}) {
    ClassifierSpec spec = guidedSpec(arch);
    spec.head = HeadKind::FusedLinearAblation;
    torch::jit::Module guided = buildClassifier(spec);
    // EC rows start as the L2-normalised class embeddings.
    const at::Tensor ec = guided.attr("ec").toModule().attr("weight").toTensor();
    EXPECT_TRUE(at::allclose(ec, normalizeRows(spec.classEmbeddings), 1e-6, 1e-6));
    guided.eval();
    torch::jit::Module fused = fuseLinearTextHead(guided, spec);
    EXPECT_THROW(fuseLinearTextHead(guided, guidedSpec(arch)), Error);  // the paper's head is never fused
    const at::Tensor x = at::randn({5, 1, 28, 28}, at::make_generator<at::CPUGeneratorImpl>(9));
    c10::NoGradGuard noGrad;
    const at::Tensor a = guided.forward({x}).toTensor();
    const at::Tensor b = fused.forward({x}).toTensor();
    // W_EC·(W_BE·f + b_BE) against (W_EC·W_BE)·f + W_EC·b_BE: float32 reassociation.
    EXPECT_TRUE(at::allclose(a, b, 1e-5, 1e-5)) << architectureName(arch) << " max diff " << (a - b).abs().max();

    const std::string path = test::tempDir("builder") + "/fused.pt";
    saveClassifier(fused, path, fashionMeta());
    auto model = Model::load(path);
    EXPECT_EQ(model->numClasses(), 10);
    EXPECT_EQ(model->layers().back().name, "fc");
    EXPECT_EQ(model->layers().back().weightShape, (std::vector<std::int64_t>{10, 16}));
    EXPECT_EQ(model->className(9), "Ankle boot");
    EXPECT_TRUE(at::allclose(model->forward(x), b, 1e-5, 1e-5));
  }
}

TEST(ModelBuilder, BaselineAndFusedAblationHaveTheSameLayers) {
  ClassifierSpec base = guidedSpec(Architecture::SmallResNet);
  base.head = HeadKind::Baseline;
  const std::string dir = test::tempDir("layers");
  saveClassifier(buildClassifier(base), dir + "/b.pt", fashionMeta());
  ClassifierSpec g = guidedSpec(Architecture::SmallResNet);
  g.head = HeadKind::FusedLinearAblation;
  saveClassifier(fuseLinearTextHead(buildClassifier(g), g), dir + "/g.pt", fashionMeta());
  auto a = Model::load(dir + "/b.pt");
  auto b = Model::load(dir + "/g.pt");
  ASSERT_EQ(a->layers().size(), b->layers().size());
  for (std::size_t i = 0; i < a->layers().size(); ++i) {
    EXPECT_EQ(a->layers()[i].name, b->layers()[i].name);
    EXPECT_EQ(a->layers()[i].weightShape, b->layers()[i].weightShape);
    EXPECT_EQ(a->layers()[i].outputShape, b->layers()[i].outputShape);
  }
}

TEST(ModelBuilder, HugeEmbeddingRowsStillBecomeUnitRows) {
  // Rows of 1e30 overflow a float32 norm to Inf; normalised in float64 they stay rows.
  ClassifierSpec spec = guidedSpec(Architecture::SmallResNet);
  spec.classEmbeddings = spec.classEmbeddings * 1e30;
  ASSERT_TRUE(at::isfinite(spec.classEmbeddings).all().item<bool>());
  const at::Tensor head = buildClassifier(spec).attr("head").toModule().attr("weight").toTensor();
  // Unit rows to float32 rounding of a 12-element sum.
  EXPECT_TRUE(at::allclose(head.norm(2, 1), at::ones({10}), 1e-6, 1e-6)) << head.norm(2, 1);
}

TEST(ModelBuilder, HeadNamesRoundTrip) {
  for (HeadKind h : {HeadKind::Baseline, HeadKind::TextGuided, HeadKind::FusedLinearAblation})
    EXPECT_EQ(parseHeadKind(headKindName(h)), h);
  EXPECT_THROW(parseHeadKind("cosine"), Error);
}

TEST(ModelBuilder, RejectsEmbeddingsOfTheWrongShape) {
  ClassifierSpec spec = guidedSpec(Architecture::SmallResNet);
  spec.classEmbeddings = at::randn({9, 12});
  EXPECT_THROW(buildClassifier(spec), Error);
}

TEST(Trainer, TwoHundredStepsLearnBeyondGuessing) {
  // 3 epochs × 64 batches of 16: about the fewest steps after which the epoch's mean loss
  // is clearly below guessing (ln 10 = 2.30) on every thread count and kernel tried (1.45–1.57
  // measured; 128 steps left it at 1.9–2.2, too close to call).
  Slice data(openDataset("fashion-mnist:train"), 1024);
  ClassifierSpec spec = guidedSpec(Architecture::SmallResNet);
  torch::jit::Module module = buildClassifier(spec);
  const Batch probe = makeBatch(data, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, fashionInput());
  const at::Tensor labels = at::tensor(std::vector<std::int64_t>(probe.labels.begin(), probe.labels.end()));
  const auto lossNow = [&] {
    module.eval();
    c10::NoGradGuard noGrad;
    return at::cross_entropy_loss(module.forward({probe.images}).toTensor(), labels).item<double>();
  };
  const double before = lossNow();
  TrainConfig config;
  config.epochs = 3;
  config.batchSize = 16;
  // The cosine head's logit scale collapses (exp(s) → 0.02, every logit near 0) at 0.05
  // on a net this small and batches this noisy; 0.01 trains it steadily.
  config.learningRate = 0.01;
  std::atomic<bool> stop{false};
  double lastEpochLoss = 0.0;
  Trainer trainer(module, config);
  trainer.run(data, fashionInput(), {}, stop, [&](const TrainProgress& p) {
    if (p.epochDone) lastEpochLoss = p.loss;
  });
  const double after = lossNow();
  // Measured ratios 0.29–0.41 with 1 or 2 threads and the portable kernels.
  EXPECT_LT(after, 0.6 * before) << before << " -> " << after;
  EXPECT_LT(lastEpochLoss, 0.8 * std::log(10.0));
  EXPECT_GT(module.attr("logit_scale").toTensor().item<double>(), 0.0) << "the logit scale collapsed";
}

TEST(Trainer, StoppedAndResumedRunEqualsUninterruptedRun) {
  Slice data(openDataset("fashion-mnist:train"), 320);
  ClassifierSpec spec = guidedSpec(Architecture::SmallVgg);
  spec.head = HeadKind::Baseline;
  TrainConfig config;
  config.epochs = 2;
  config.batchSize = 64;
  config.lrStepEpochs = 1;
  std::atomic<bool> never{false};

  torch::jit::Module straight = buildClassifier(spec);
  Trainer(straight, config).run(data, fashionInput(), {}, never);

  // Stop after batch 3 of epoch 1, checkpoint, and continue from the file.
  torch::jit::Module first = buildClassifier(spec);
  std::atomic<bool> stop{false};
  Trainer interrupted(first, config);
  const TrainPosition reached = interrupted.run(data, fashionInput(), {}, stop, [&](const TrainProgress& p) {
    if (p.epoch == 1 && p.batch == 3) stop = true;
  });
  EXPECT_EQ(reached.epoch, 0);
  EXPECT_EQ(reached.batch, 3);
  const std::string checkpoint = test::tempDir("ckpt") + "/run.ckpt";
  interrupted.saveCheckpoint(checkpoint, reached, fashionMeta());

  torch::jit::Module resumed = buildClassifier(spec);
  TrainConfig loaded;
  ModelMetadata meta;
  const TrainPosition from = Trainer::loadCheckpoint(checkpoint, resumed, loaded, meta);
  EXPECT_EQ(from.batch, 3);
  EXPECT_EQ(loaded.epochs, 2);
  EXPECT_EQ(meta.classes.size(), 10u);
  Trainer continued(resumed, loaded);
  continued.restoreOptimizer(checkpoint);
  continued.run(data, fashionInput(), from, never);

  const auto a = straight.named_parameters();
  const auto b = resumed.named_parameters();
  std::vector<std::pair<std::string, at::Tensor>> pa, pb;
  for (const auto& p : a) pa.emplace_back(p.name, p.value);
  for (const auto& p : b) pb.emplace_back(p.name, p.value);
  ASSERT_EQ(pa.size(), pb.size());
  for (std::size_t i = 0; i < pa.size(); ++i) {
    EXPECT_EQ(pa[i].first, pb[i].first);
    EXPECT_TRUE(at::equal(pa[i].second, pb[i].second)) << pa[i].first;
  }
}

TEST(Trainer, TrainsOnAnRgbImageFolder) {
  // Two classes that differ in colour: red squares and blue squares, 16×16, noisy.
  const std::string root = test::tempDir("folder-train");
  cv::RNG rng(3);
  for (const char* cls : {"blue", "red"}) {
    std::filesystem::create_directories(root + "/" + cls);
    for (int i = 0; i < 24; ++i) {
      cv::Mat img(16, 16, CV_8UC3);
      rng.fill(img, cv::RNG::UNIFORM, 0, 80);
      img += std::string(cls) == "red" ? cv::Scalar(0, 0, 170) : cv::Scalar(170, 0, 0);  // BGR on disk
      cv::imwrite(root + "/" + cls + "/" + std::to_string(i) + ".png", img);
    }
  }
  ImageFolderDataset data(root);
  ClassifierSpec spec;
  spec.inputChannels = 3;
  spec.numClasses = 2;
  spec.width = 4;
  torch::jit::Module module = buildClassifier(spec);
  InputSpec input;
  input.channels = 3;
  input.height = input.width = 16;
  TrainConfig config;
  config.epochs = 6;
  config.batchSize = 8;
  std::atomic<bool> never{false};
  double firstLoss = -1, lastLoss = 0, lastAccuracy = 0;
  Trainer(module, config).run(data, input, {}, never, [&](const TrainProgress& p) {
    if (!p.epochDone) return;
    if (firstLoss < 0) firstLoss = p.loss;
    lastLoss = p.loss;
    lastAccuracy = p.accuracy;
  });
  EXPECT_LT(lastLoss, firstLoss);
  EXPECT_GE(lastAccuracy, 0.9) << "colour alone separates the classes";
}

TEST(Trainer, RejectsUnlabelledDataAndBadSettings) {
  TrainConfig bad;
  bad.learningRate = -1;
  EXPECT_THROW(bad.validate(), Error);
  bad = {};
  bad.momentum = 1.0;
  EXPECT_THROW(bad.validate(), Error);
  const std::string notCheckpoint = test::writeTinyConvNet(test::tempDir("nockpt"));
  torch::jit::Module m;
  TrainConfig c;
  ModelMetadata meta;
  EXPECT_THROW(Trainer::loadCheckpoint(notCheckpoint, m, c, meta), Error);
}

}  // namespace
}  // namespace faultlens
