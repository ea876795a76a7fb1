// Loading TorchScript classifiers: layer discovery, metadata sources, and a clear error
// naming the file for every kind of bad model file.
#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <torch/cuda.h>

#include <filesystem>
#include <fstream>

#include "core/Error.h"
#include "core/io/FileIO.h"
#include "core/model/Model.h"
#include "tests/core/TestModels.h"

namespace faultlens {
namespace {
namespace fs = std::filesystem;

/// Expects Model::load to throw faultlens::Error whose message contains the path and `what`.
void expectLoadError(const std::string& path, const std::string& what, const ModelLoadOptions& o = {}) {
  try {
    Model::load(path, o);
    FAIL() << "loading " << path << " should have failed with '" << what << "'";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(path), std::string::npos) << msg;
    EXPECT_NE(msg.find(what), std::string::npos) << msg;
  }
}

TEST(Model, ListsLayersWithShapesAndEmbeddedMetadata) {
  const auto path = test::writeTinyConvNet(test::tempDir("model"));
  auto model = Model::load(path);
  ASSERT_EQ(model->layers().size(), 2u);
  const auto& conv = model->layers()[0];
  EXPECT_EQ(conv.name, "conv");
  EXPECT_EQ(conv.kind, LayerKind::Conv2d);
  EXPECT_EQ(conv.weightShape, (std::vector<std::int64_t>{2, 1, 3, 3}));
  EXPECT_EQ(conv.outputShape, (std::vector<std::int64_t>{2, 6, 6}));
  EXPECT_TRUE(conv.perImage);
  const auto& fc = model->layers()[1];
  EXPECT_EQ(fc.name, "fc");
  EXPECT_EQ(fc.kind, LayerKind::Linear);
  EXPECT_EQ(fc.outputShape, (std::vector<std::int64_t>{3}));
  EXPECT_EQ(model->numClasses(), 3);
  EXPECT_EQ(model->className(1), "b");
  EXPECT_EQ(model->input().channels, 1);
  EXPECT_EQ(model->parameterCount(), 2 * 9 + 2 + 72 * 3 + 3);
  EXPECT_EQ(model->layerIndex("fc"), 1);
  EXPECT_THROW(model->layerIndex("nope"), Error);
}

TEST(Model, FindsLayersInsideIfBlocksOnce) {
  auto model = Model::load(test::writeBranchingNet(test::tempDir("branch")));
  ASSERT_EQ(model->layers().size(), 3u);
  EXPECT_EQ(model->layers()[0].name, "conv_a");
  EXPECT_EQ(model->layers()[1].name, "conv_b");
  EXPECT_EQ(model->layers()[2].name, "fc");
  EXPECT_TRUE(model->layers()[0].executed);
  EXPECT_FALSE(model->layers()[1].executed) << "use_a is true: conv_b never runs";
}

TEST(Model, SidecarAndOptionsOverrideEmbeddedMetadata) {
  const auto dir = test::tempDir("sidecar");
  const auto path = test::writeTinyConvNet(dir);
  writeFileAtomically(dir + "/tiny.json",
                      R"({"name": "Tiny", "classes": ["x", "y", "z"], "mean": [0.5], "std": [0.25]})");
  auto model = Model::load(path);
  EXPECT_EQ(model->metadata().name, "Tiny");
  EXPECT_EQ(model->className(2), "z");
  EXPECT_FLOAT_EQ(model->input().mean.at(0), 0.5f);

  writeFileAtomically(dir + "/names.txt", "one\ntwo\nthree\n");
  ModelLoadOptions o;
  o.classListPath = dir + "/names.txt";
  EXPECT_EQ(Model::load(path, o)->className(0), "one");
}

TEST(Model, MisspeltMetadataKeysAreRefusedNamingTheSidecar) {
  // "mena" instead of "mean" would leave the input unnormalised and every answer wrong.
  const auto dir = test::tempDir("misspelt");
  const auto path = test::writeTinyConvNet(dir);
  for (const char* text :
       {R"({"mena": [0.5], "std": [0.25]})", R"({"input": {"channels": 1, "height": 6, "width": 6, "rezise": 8}})"}) {
    writeFileAtomically(dir + "/tiny.json", text);
    try {
      Model::load(path);
      ADD_FAILURE() << "accepted " << text;
    } catch (const Error& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("tiny.json"), std::string::npos) << what;
      EXPECT_NE(what.find("unknown key"), std::string::npos) << what;
    }
  }
}

TEST(Model, RejectsBadFilesWithMessagesNamingThem) {
  const auto dir = test::tempDir("bad");
  expectLoadError(dir + "/missing.pt", "does not exist");
  writeFileAtomically(dir + "/empty.pt", "");
  expectLoadError(dir + "/empty.pt", "empty");
  writeFileAtomically(dir + "/text.pt", "this is not a model\n");
  expectLoadError(dir + "/text.pt", "not a TorchScript file");
  expectLoadError(dir, "is a directory");

  const auto good = test::writeTinyConvNet(dir);
  const std::string bytes = readFileBytes(good);
  for (double fraction : {0.25, 0.5, 0.9}) {
    const std::string truncated = dir + "/truncated" + std::to_string(int(fraction * 100)) + ".pt";
    writeFileAtomically(truncated, bytes.substr(0, static_cast<std::size_t>(bytes.size() * fraction)));
    expectLoadError(truncated, "cannot read TorchScript archive");
  }

  expectLoadError(test::writeNonClassifier(dir), "a classifier must return [N, classes]");

  writeFileAtomically(dir + "/four.txt", "a\nb\nc\nd\n");
  ModelLoadOptions wrongClasses;
  wrongClasses.classListPath = dir + "/four.txt";
  expectLoadError(good, "model outputs 3 classes but the class list has 4", wrongClasses);

  ModelLoadOptions wrongShape;
  wrongShape.input = parseInputShape("1,5,5");
  expectLoadError(good, "failed (wrong input shape?)", wrongShape);
}

TEST(Model, RefusesDevicesThisLibTorchCannotUseBeforeReadingTheFile) {
  const auto good = test::writeTinyConvNet(test::tempDir("device"));
  ModelLoadOptions o;
  o.device = "gpu7";
  expectLoadError(good, "device 'gpu7' is not a device (cpu or cuda:N)", o);
  o.device = "cuda:0";
  if (torch::cuda::device_count() == 0) {
    expectLoadError(good, "device 'cuda:0': this LibTorch has no CUDA support or sees no GPU", o);
  } else {
    o.device = "cuda:" + std::to_string(torch::cuda::device_count());
    expectLoadError(good, "GPU(s) visible", o);
  }
  o.device = "cpu";
  EXPECT_EQ(Model::load(good, o)->device(), "cpu");
}

TEST(Model, RequiresAnInputShapeWhenNothingGivesOne) {
  const auto dir = test::tempDir("noshape");
  const auto path = test::writeTinyConvNet(dir);
  // A sidecar with an explicit but bad shape is also caught, naming the sidecar.
  writeFileAtomically(dir + "/tiny.json", R"({"input": {"channels": 2, "height": 6, "width": 6}})");
  try {
    Model::load(path);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("tiny.json"), std::string::npos) << e.what();
  }
}

TEST(Model, ForwardChecksTheBatchShape) {
  auto model = Model::load(test::writeTinyConvNet(test::tempDir("fwd")));
  EXPECT_EQ(model->forward(at::zeros({4, 1, 6, 6})).sizes(), (at::IntArrayRef{4, 3}));
  EXPECT_THROW(model->forward(at::zeros({4, 3, 6, 6})), Error);
  EXPECT_THROW(model->forward(at::zeros({1, 6, 6})), Error);
}

}  // namespace
}  // namespace faultlens
