// The device-generic engine, on every device this LibTorch sees: "cpu" always, "cuda:N"
// for each visible GPU (none with Debian's CPU-only LibTorch, so on CI these run on the
// CPU alone; scripts/gpu-check.sh runs them where a GPU is). Each test holds the device
// to two kinds of promise:
//  - properties the engine implements on any device, checked exactly: a flip changes
//    exactly the named bit of the value the device computed, the rounding to a number
//    format is bit for bit the CPU's, a seeded campaign repeats its records exactly;
//  - agreement with the CPU, within kAcrossDevices: a GPU sums in other orders (cuDNN and
//    cuBLAS choose their own algorithms), so float32 results differ in their last bits.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/SeededRandom.h"
#include "core/analysis/AblationCam.h"
#include "core/campaign/CampaignRunner.h"
#include "core/data/IdxDataset.h"
#include "core/data/Preprocess.h"
#include "core/data/RawFormats.h"
#include "core/faults/FloatBits.h"
#include "core/faults/WeightFaults.h"
#include "core/formats/NumberFormatTensor.h"
#include "core/io/FileIO.h"
#include "core/model/Devices.h"
#include "core/model/Model.h"
#include "core/model/TapHandlers.h"
#include "tests/core/TestModels.h"

namespace faultlens {
namespace {

/// Relative agreement of float32 results between devices: a few float32 ulps (1.2e-7 each)
/// times the length of the longest sum in the demo pair's layers (a few thousand terms),
/// with room to spare; the CPU against itself agrees exactly.
constexpr double kAcrossDevices = 1e-4;

const std::string kBaseline = FAULTLENS_RESOURCE_DIR "/models/fashion_baseline.pt";
const std::string kTextGuided = FAULTLENS_RESOURCE_DIR "/models/fashion_textguided.pt";

/// `count` 28×28 images of seeded noise over a smooth blob (the demo pair's input size),
/// unlabelled, as an IDX file: the same images on every machine, no data set needed.
std::string writeNoiseImages(const std::string& dir, int count) {
  const std::string path = dir + "/noise-images-idx3-ubyte";
  SeededRandom random(20261205);
  std::string pixels;
  for (int i = 0; i < count; ++i)
    for (int y = 0; y < 28; ++y)
      for (int x = 0; x < 28; ++x) {
        const double blob = 200.0 * std::exp(-((x - 14) * (x - 14) + (y - 10 - i % 8) * (y - 10 - i % 8)) / 60.0);
        pixels.push_back(static_cast<char>(std::min(255.0, blob + random.below(56))));
      }
  writeFileAtomically(path, idxImagesBytes(static_cast<std::uint32_t>(count), 28, 28, pixels));
  return path;
}

std::unique_ptr<Model> load(const std::string& path, const std::string& device) {
  ModelLoadOptions options;
  options.device = device;
  return Model::load(path, options);
}

double maxAbs(const at::Tensor& t) { return t.abs().max().item<double>(); }

/// Largest |a - b| relative to max(1, max |b|), both moved to the CPU.
double relativeDifference(const at::Tensor& a, const at::Tensor& b) {
  const at::Tensor x = a.detach().to(at::kCPU, at::kDouble), y = b.detach().to(at::kCPU, at::kDouble);
  return maxAbs(x - y) / std::max(1.0, maxAbs(y));
}

std::string deviceTestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  name.erase(std::remove(name.begin(), name.end(), ':'), name.end());
  return name;
}

class EveryDevice : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    dir_ = test::tempDir("device");
    data_ = std::make_unique<IdxDataset>(writeNoiseImages(dir_, 32), "");
  }
  const std::string& device() const { return GetParam(); }
  at::Tensor images(const Model& model, std::size_t first, std::size_t count) const {
    std::vector<std::size_t> rows;
    for (std::size_t i = first; i < first + count; ++i) rows.push_back(i);
    return makeBatch(*data_, rows, model.input()).images;
  }
  std::string dir_;
  std::unique_ptr<Dataset> data_;
};

TEST(Devices, ListTheCpuFirstAndPreferAGpu) {
  const auto devices = availableDevices();
  ASSERT_FALSE(devices.empty());
  EXPECT_EQ(devices.front(), "cpu");
  EXPECT_EQ(preferredDevice(), devices.size() > 1 ? devices[1] : "cpu");
  EXPECT_TRUE(isCpuDevice("cpu"));
  EXPECT_FALSE(isCpuDevice("cuda:0"));
  EXPECT_FALSE(isCpuDevice("not a device"));
  EXPECT_FALSE(deviceMemory("cpu").has_value()) << "host memory is not a device's";
  EXPECT_FALSE(deviceMemory("gpu7").has_value());
  EXPECT_EQ(defaultMemoryBudget("cpu"), kDefaultCampaignMemoryBudget);
}

TEST_P(EveryDevice, KnowsItsMemory) {
  const auto memory = deviceMemory(device());
  if (isCpuDevice(device())) {
    EXPECT_FALSE(memory.has_value());
    return;
  }
  ASSERT_TRUE(memory.has_value()) << device() << ": the CUDA runtime LibTorch loaded was not found";
  EXPECT_GT(memory->totalBytes, 0);
  EXPECT_LE(memory->freeBytes, memory->totalBytes);
  EXPECT_EQ(defaultMemoryBudget(device()), std::max<std::int64_t>(memory->freeBytes / 2, 1 << 20))
      << "the free memory moved between the two reads only if another process allocated";
}

TEST_P(EveryDevice, LogitsAgreeWithTheCpu) {
  for (const auto& path : {kBaseline, kTextGuided}) {
    auto cpu = load(path, "cpu");
    auto here = load(path, device());
    EXPECT_EQ(here->device(), device());
    const at::Tensor batch = images(*cpu, 0, 32);
    const at::Tensor logits = here->forward(batch);
    EXPECT_EQ(logits.device().str(), at::Device(device()).str()) << "the logits stay on the model's device";
    EXPECT_LE(relativeDifference(logits, cpu->forward(batch)), kAcrossDevices) << path;
  }
}

TEST_P(EveryDevice, AFaultFlipsExactlyTheNamedBitOfWhatTheDeviceComputed) {
  auto model = load(kBaseline, device());
  auto cpu = load(kBaseline, "cpu");
  const at::Tensor batch = images(*model, 0, 8);
  const int layer = 0;
  // Three images with a fault each, and two faults on one site of image 5: they act one
  // after the other, the second on the first one's result.
  std::vector<ActivationFault> faults;
  for (const auto& [row, element, bit] :
       std::vector<std::tuple<int, int, int>>{{1, 17, 30}, {3, 200, 22}, {5, 5, 1}, {5, 5, 31}}) {
    ActivationFault f;
    f.layer = layer;
    f.batchIndex = row;
    f.element = element;
    f.bit = bit;
    faults.push_back(f);
  }
  ActivationFaultInjector injector(model->layers(), faults);
  OutputCapture faulty({layer});
  TapChain chain({&injector, &faulty});
  model->forward(batch, &chain);
  OutputCapture clean({layer});
  model->forward(batch, &clean);
  OutputCapture onCpu({layer});
  cpu->forward(batch, &onCpu);

  const at::Tensor faultyFlat = faulty.output(layer).to(at::kCPU).contiguous().view({-1});
  const at::Tensor cleanFlat = clean.output(layer).to(at::kCPU).contiguous().view({-1});
  const std::int64_t perImage = model->layers()[layer].outputElements();
  const auto& applied = injector.applied();
  ASSERT_EQ(applied.size(), faults.size());
  for (std::size_t k = 0; k < faults.size(); ++k) {
    const auto& a = applied[k];
    EXPECT_EQ(floatToBits(a.after), floatToBits(a.before) ^ (1u << a.fault.bit)) << k;
    const std::int64_t site = a.fault.batchIndex * perImage + a.fault.element;
    const float first = cleanFlat[site].item<float>();
    if (k == 3) EXPECT_EQ(floatToBits(a.before), floatToBits(applied[2].after)) << "the second fault on one site";
    else EXPECT_EQ(floatToBits(a.before), floatToBits(first)) << "the value the device computed, bit for bit";
    EXPECT_NEAR(first, onCpu.output(layer).contiguous().view({-1})[site].item<float>(),
                kAcrossDevices * std::max(1.0, maxAbs(onCpu.output(layer))));
  }
  EXPECT_EQ(floatToBits(faultyFlat[1 * perImage + 17].item<float>()), floatToBits(applied[0].after));
  EXPECT_EQ(floatToBits(faultyFlat[5 * perImage + 5].item<float>()), floatToBits(applied[3].after));
  // Nothing else moved: the faulty output differs from the clean one at the sites alone.
  const at::Tensor changed = at::ne(faultyFlat.view(at::kInt), cleanFlat.view(at::kInt)).nonzero().view({-1});
  EXPECT_EQ(changed.numel(), 3) << changed;
}

std::vector<InjectionOutcome> runCampaign(Model& model, const Dataset& data) {
  CampaignConfig config;
  config.injectionsPerLayer = 24;
  config.batchSize = 16;
  config.imageEnd = 32;
  config.seed = 11;
  std::vector<InjectionOutcome> all;
  std::atomic<bool> never{false};
  CampaignRunner(model, data, config)
      .run(
          {}, [&](const std::vector<InjectionOutcome>& o) { all.insert(all.end(), o.begin(), o.end()); }, {}, never);
  std::sort(all.begin(), all.end(),
            [](auto& x, auto& y) { return x.layer != y.layer ? x.layer < y.layer : x.injection < y.injection; });
  return all;
}

TEST_P(EveryDevice, ACampaignHasTheCpusPlanAndRepeatsItsRecordsExactly) {
  auto model = load(kTextGuided, device());
  const auto first = runCampaign(*model, *data_);
  const auto second = runCampaign(*model, *data_);
  auto cpu = load(kTextGuided, "cpu");
  const auto reference = runCampaign(*cpu, *data_);
  ASSERT_EQ(first.size(), reference.size());
  ASSERT_EQ(second.size(), reference.size());
  std::size_t otherTop1 = 0;
  for (std::size_t i = 0; i < first.size(); ++i) {
    const auto &a = first[i], &b = second[i], &r = reference[i];
    // The plan: the same sites, bits and images on every device.
    EXPECT_EQ(std::tie(a.layer, a.injection, a.image, a.element, a.bit),
              std::tie(r.layer, r.injection, r.image, r.element, r.bit))
        << i;
    // Deterministic on its device: the second run gives the same records, bit for bit.
    EXPECT_EQ(floatToBits(a.before), floatToBits(b.before)) << i;
    EXPECT_EQ(floatToBits(a.after), floatToBits(b.after)) << i;
    EXPECT_EQ(a.faultyTop1, b.faultyTop1) << i;
    EXPECT_TRUE(a.faultyLoss == b.faultyLoss || (std::isnan(a.faultyLoss) && std::isnan(b.faultyLoss))) << i;
    EXPECT_EQ(floatToBits(a.after), floatToBits(a.before) ^ (1u << a.bit)) << i;
    EXPECT_NEAR(a.before, r.before, kAcrossDevices * (1.0 + std::fabs(r.before))) << i;
    EXPECT_EQ(a.cleanTop1, r.cleanTop1) << i;
    otherTop1 += a.faultyTop1 != r.faultyTop1;
  }
  // A faulty top-1 may differ where the CPU's faulty logits nearly tie: at most 2 %.
  EXPECT_LE(otherTop1, first.size() / 50) << "of " << first.size();
}

TEST_P(EveryDevice, AblationCamAgreesWithTheCpuAndTheStraightforwardMethod) {
  auto model = load(kBaseline, device());
  auto cpu = load(kBaseline, "cpu");
  const at::Tensor image = images(*model, 3, 1);
  const AblationCam cam = computeAblationCam(*model, image, {});
  const AblationCam reference = computeAblationCam(*cpu, image, {});
  const AblationCam naive = computeAblationCamNaive(*model, image, {});
  ASSERT_EQ(cam.targetClass, reference.targetClass);
  ASSERT_EQ(cam.weights.size(), reference.weights.size());
  for (const AblationCam* other : {&reference, &naive}) {
    // A weight is (y - y_k) / y: an absolute error in y_k of kAcrossDevices·|y| at most.
    for (std::size_t k = 0; k < cam.weights.size(); ++k)
      EXPECT_NEAR(cam.weights[k], other->weights[k], 2 * kAcrossDevices) << k;
    const double peak = *std::max_element(other->map.begin(), other->map.end());
    ASSERT_EQ(cam.map.size(), other->map.size());
    for (std::size_t p = 0; p < cam.map.size(); ++p)
      EXPECT_NEAR(cam.map[p], other->map[p], kAcrossDevices * std::max(1.0, peak)) << p;
  }
}

TEST_P(EveryDevice, RoundsToEveryNumberFormatBitForBitAsTheCpu) {
  // Seeded values across float32's range, with the special cases every format treats apart.
  at::Tensor values = at::randn({4096}, at::TensorOptions().dtype(at::kFloat))
                          .mul(at::pow(2.0, at::randint(-30, 30, {4096}, at::kFloat)));
  values = at::cat({values, at::tensor({0.0f, -0.0f, INFINITY, -INFINITY, NAN, 1e-40f, -1e-45f, 3.4e38f, 65504.0f,
                                        65520.0f, 448.0f, 464.0f, 57344.0f, 0.5f, 1.5f, 2.5f})});
  for (const char* name : {"bf16", "fp16", "fp8-e4m3", "fp8-e5m2", "int8", "fixed:7.8"}) {
    const NumberFormat format = NumberFormat::parse(name);
    const double scale = format.needsScale() ? 3.75 : 1.0;
    const at::Tensor here = quantizeTensor(format, values.to(at::Device(device())), scale).to(at::kCPU);
    at::Tensor cpu = values.clone();
    quantizeTensorInPlace(format, cpu, scale);  // the CPU's vector kernels
    EXPECT_TRUE(at::equal(here.view(at::kInt), cpu.view(at::kInt))) << name;
  }
}

TEST_P(EveryDevice, WeightFaultsAddedToTheOutputEqualAFaultyWeight) {
  auto model = load(kBaseline, device());
  const at::Tensor batch = images(*model, 0, 4);
  int layer = -1;
  for (const auto& l : model->layers())
    if (l.kind == LayerKind::Conv2d && l.executed) layer = l.index;
  ASSERT_GE(layer, 0);
  const auto captured = model->captureStates({TapPoint(layer)}, batch, nullptr, LayerInputs::Keep);
  const LayerState& state = *captured.states.at(0);
  std::vector<WeightFaultContributions::RowFault> faults;
  for (int row = 0; row < 4; ++row) {
    WeightFault f;
    f.layer = layer;
    f.element = 7 + 131 * row;
    f.bit = row == 2 ? 23 : 29;
    faults.push_back({f, row});
  }
  WeightFaultContributions contributions(*model, state, faults);
  const at::Tensor added = model->resume(state, &contributions);
  for (int row = 0; row < 4; ++row) {
    at::Tensor full;
    {
      ScopedWeightFaults scope(*model, {faults[static_cast<std::size_t>(row)].fault});
      full = model->forward(batch.narrow(0, row, 1));
    }
    EXPECT_LE(relativeDifference(added.narrow(0, row, 1), full), kAcrossDevices) << "row " << row;
  }
}

INSTANTIATE_TEST_SUITE_P(Devices, EveryDevice, ::testing::ValuesIn(availableDevices()), deviceTestName);

}  // namespace
}  // namespace faultlens
