// The shipped demo pair (resources/models, made by scripts/train-demo-models.sh): both
// load, share one layer list (fault sites line up), and still reach the accuracy recorded
// when they were trained, on the fixed slice of the first 1,000 Fashion-MNIST test images.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/Evaluation.h"
#include "core/FileIO.h"
#include "core/Model.h"
#include "core/data/Dataset.h"

namespace faultlens {
namespace {

const std::string kModels = FAULTLENS_RESOURCE_DIR "/models/";

TEST(DemoModels, ReachTheirRecordedAccuracyOnTheFirst1000TestImages) {
  auto data = openDataset("fashion-mnist");
  for (const std::string name : {"fashion_baseline", "fashion_textguided"}) {
    auto model = Model::load(kModels + name + ".pt");
    const auto recorded = nlohmann::json::parse(readFileBytes(kModels + name + ".eval1000.json"));
    const auto r = evaluate(*model, *data, 0, 1000);
    ASSERT_EQ(r.images, 1000u);
    // Same data, same weights: the same answers, up to a flipped near-tie from another BLAS.
    EXPECT_NEAR(r.accuracy(), recorded.at("accuracy").get<double>(), 0.002) << name;
    EXPECT_NEAR(r.meanTop2Diff, recorded.at("mean_top2diff").get<double>(), 0.05) << name;
    EXPECT_GE(r.accuracy(), 0.90) << name;
  }
}

TEST(DemoModels, ShareOneLayerListAndClassNames) {
  auto baseline = Model::load(kModels + "fashion_baseline.pt");
  auto guided = Model::load(kModels + "fashion_textguided.pt");
  ASSERT_EQ(baseline->layers().size(), guided->layers().size());
  for (std::size_t i = 0; i < baseline->layers().size(); ++i) {
    EXPECT_EQ(baseline->layers()[i].name, guided->layers()[i].name);
    EXPECT_EQ(baseline->layers()[i].weightShape, guided->layers()[i].weightShape);
  }
  EXPECT_EQ(baseline->metadata().classes, guided->metadata().classes);
  EXPECT_EQ(baseline->className(0), "T-shirt/top");
  EXPECT_EQ(readClassList(FAULTLENS_RESOURCE_DIR "/fashion_mnist_classes.txt"), baseline->metadata().classes);
  EXPECT_EQ(baseline->parameterCount(), guided->parameterCount());
}

}  // namespace
}  // namespace faultlens
