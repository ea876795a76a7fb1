// The shipped demo pair (resources/models, made by scripts/train-demo-models.sh): both
// load, share the backbone's layers (the text-guided model adds the paper's cosine head),
// and still reach the accuracy recorded when they were trained, on the fixed slice of the
// first 1,000 Fashion-MNIST test images.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/analysis/Evaluation.h"
#include "core/io/FileIO.h"
#include "core/model/LayerAlignment.h"
#include "core/model/Model.h"
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

TEST(DemoModels, ShareTheBackboneAndTheTextGuidedOneHasThePapersHead) {
  auto baseline = Model::load(kModels + "fashion_baseline.pt");
  auto guided = Model::load(kModels + "fashion_textguided.pt");
  const auto& a = baseline->layers();
  const auto& b = guided->layers();
  ASSERT_EQ(a.size() + 1, b.size());
  for (std::size_t i = 0; i + 1 < a.size(); ++i) {
    EXPECT_EQ(a[i].name, b[i].name);
    EXPECT_EQ(a[i].weightShape, b[i].weightShape);
  }
  // fc: B → E projection, then head: E → C without bias; they pair with the baseline's fc
  // as the last layer.
  EXPECT_EQ(b[b.size() - 2].name, "fc");
  EXPECT_EQ(b.back().name, "head");
  EXPECT_EQ(b.back().weightShape, (std::vector<std::int64_t>{10, 64}));
  const LayerAlignment alignment = LayerAlignment::automatic(a, b);
  EXPECT_EQ(alignment.guidedFor(static_cast<int>(a.size()) - 1), static_cast<int>(b.size()) - 1);
  EXPECT_EQ(alignment.baselineFor(static_cast<int>(b.size()) - 2), -1);
  EXPECT_EQ(baseline->metadata().classes, guided->metadata().classes);
  EXPECT_EQ(baseline->className(0), "T-shirt/top");
  EXPECT_EQ(readClassList(FAULTLENS_RESOURCE_DIR "/fashion_mnist_classes.txt"), baseline->metadata().classes);
}

}  // namespace
}  // namespace faultlens
