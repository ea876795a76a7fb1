#include "app/bench/DeviceBench.h"

#include "app/bench/CampaignBench.h"

#include <ATen/ATen.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <unistd.h>
#include <vector>

#include "core/SeededRandom.h"
#include "core/analysis/AblationCam.h"
#include "core/campaign/CampaignSession.h"
#include "core/data/IdxDataset.h"
#include "core/data/Preprocess.h"
#include "core/data/RawFormats.h"
#include "core/io/FileIO.h"
#include "core/model/Devices.h"
#include "core/model/Model.h"
#include "core/model/TapHandlers.h"

namespace faultlens::bench {
namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

/// `count` side×side images of seeded noise as one IDX file (grey; the model's input spec
/// turns them into three channels): ImageNet-sized inputs without an image decoder.
std::string writeNoiseIdx(const std::string& dir, int count, int side) {
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/noise-images-idx3-ubyte";
  SeededRandom random(20261205);
  std::string pixels(static_cast<std::size_t>(count) * side * side, '\0');
  for (auto& p : pixels) p = static_cast<char>(random.below(256));
  const auto n = static_cast<std::uint32_t>(side);
  writeFileAtomically(path, idxImagesBytes(static_cast<std::uint32_t>(count), n, n, pixels));
  return path;
}

/// The peer's loop on the campaign's own plan: for each of the first `perLayer` batches
/// of every layer, one full forward of the batch's images with its faults, the logits
/// brought back to the host (as a tool that compares them with cached golden outputs
/// does). The images are on the device beforehand, untimed. Returns the seconds scaled to
/// every batch of the plan, and how many batches were timed.
std::pair<double, std::int64_t> peerSeconds(Model& model, const Dataset& data, const CampaignRunner& runner,
                                            int batchSize, int perLayer) {
  std::map<std::int64_t, at::Tensor> chunks;  // chunk → its images on the device
  double seconds = 0.0;
  std::int64_t timed = 0, total = 0;
  for (int l : runner.layers()) {
    const auto batches = splitIntoBatches(runner.plan(l));
    total += static_cast<std::int64_t>(batches.size());
    for (std::size_t b = 0; b < batches.size() && b < static_cast<std::size_t>(perLayer); ++b) {
      const auto& batch = batches[b];
      const std::int64_t chunk = batch.front().chunk;
      if (!chunks.count(chunk)) {
        std::vector<std::size_t> rows;
        const std::int64_t first = chunk * batchSize;
        for (std::int64_t i = first; i < std::min<std::int64_t>(first + batchSize, data.size()); ++i)
          rows.push_back(static_cast<std::size_t>(i));
        chunks[chunk] = makeBatch(data, rows, model.input()).images.to(at::Device(model.device()));
      }
      std::vector<ActivationFault> faults;
      for (const auto& p : batch) faults.push_back({p.layer, p.row, p.element, p.bit});
      ActivationFaultInjector injector(model.layers(), faults);
      synchronizeDevice(model.device());
      const auto start = Clock::now();
      logitRows(model.forward(chunks[chunk], &injector));
      seconds += since(start);
      ++timed;
    }
  }
  return {timed ? seconds * static_cast<double>(total) / static_cast<double>(timed) : 0.0, timed};
}

}  // namespace

void benchDeviceCampaign(const DeviceBenchCase& c) {
  ModelLoadOptions options;
  options.device = c.device;
  options.input = parseInputShape("3,224,224");
  std::vector<std::unique_ptr<Model>> owned;
  std::vector<Model*> models;
  for (int m = 0; m < c.models; ++m) {
    owned.push_back(Model::load(c.modelPath, options));
    models.push_back(owned.back().get());
  }
  const std::string dir =
      (std::filesystem::temp_directory_path() / ("faultlens-bench-device-" + std::to_string(::getpid()))).string();
  std::filesystem::remove_all(dir);
  IdxDataset data(writeNoiseIdx(dir + "/data", c.images, 224), "");
  const auto memory = deviceMemory(c.device);
  std::printf("\n6. An activation campaign on %s%s: %s, %d model(s), %d injections per layer, %d faults per pass, "
              "%d noise images 224x224\n",
              c.device.c_str(), memory ? (" (" + std::to_string(memory->totalBytes >> 20) + " MiB)").c_str() : "",
              c.modelPath.c_str(), c.models, c.injectionsPerLayer, c.batchSize, c.images);

  CampaignConfig config;
  config.injectionsPerLayer = c.injectionsPerLayer;
  config.batchSize = c.batchSize;
  config.imageEnd = static_cast<std::size_t>(c.images);
  config.seed = 7;
  const std::int64_t budget = defaultMemoryBudget(c.device);
  // Warm-up, untimed: the cuts, the capture graph and the device's first kernels.
  {
    CampaignConfig small = config;
    small.injectionsPerLayer = 1;
    small.imageEnd = static_cast<std::size_t>(std::min(c.batchSize, c.images));
    std::atomic<bool> never{false};
    CampaignSession(dir + "/warm-up", models, data, small, {}, {}, nullptr, budget).run({}, never);
  }
  std::atomic<bool> never{false};
  synchronizeDevice(c.device);
  const auto start = Clock::now();
  CampaignSession session(dir + "/campaign", models, data, config, {}, {}, nullptr, budget);
  session.run({}, never);
  synchronizeDevice(c.device);
  const double engine = since(start);
  const std::int64_t injections = session.plannedInjections();
  const CampaignRunProfile total = totalProfile(session.profiles());

  double peer = 0.0;
  std::int64_t timedBatches = 0;
  for (std::size_t m = 0; m < models.size(); ++m) {
    const auto [seconds, timed] = peerSeconds(*models[m], data, session.runner(m), c.batchSize, c.peerBatchesPerLayer);
    peer += seconds;
    timedBatches += timed;
  }
  const double rate = injections / engine;
  std::printf("    engine, end to end (CampaignSession: decoding, captures, faulty passes, records) %8.2f s = %9.0f "
              "injections/s\n",
              engine, rate);
  std::printf("    peer's loop (full forward per batch of %d faults, golden cached; %lld batches timed, scaled) %8.2f "
              "s = %9.0f injections/s\n",
              c.batchSize, static_cast<long long>(timedBatches), peer, injections / peer);
  std::printf("    -> engine / peer speed-up %.2fx (goal >= 2)\n", peer / engine);
  // The paper's ResNet-50 setting is 4,096 injections into each of its 54 layers, in 2 models.
  const std::size_t layers = session.runner(0).layers().size();
  std::printf("    4,096 injections x %zu layers x 2 models = %zu injections (the paper's setting when the model is "
              "ResNet-50, 54 layers) at this rate: %.1f s (goal < 40 s)\n",
              layers, 4096 * layers * 2, 4096.0 * static_cast<double>(layers) * 2.0 / rate);
  std::printf("    where the time went: faulty passes %.2f s, captures %.2f s, decoding %.2f s, outcomes %.2f s; "
              "%d layer group(s), largest capture %.0f MiB, budget %lld MiB\n",
              total.faulty, total.capture, total.data, total.outcomes, total.layerGroups,
              total.largestStateBytes / 1048576.0, static_cast<long long>(budget >> 20));

  // Ablation-CAM of the last block (ResNet-50: 2,048 channels of 7×7), second call timed.
  Model& model = *models.front();
  std::vector<std::size_t> first{0};
  const at::Tensor image = makeBatch(data, first, model.input()).images;
  const CamTarget target = defaultCamTarget(model);
  AblationCamOptions camOptions;
  camOptions.target = target.name;
  computeAblationCam(model, image, camOptions);
  synchronizeDevice(c.device);
  const auto camStart = Clock::now();
  const AblationCam cam = computeAblationCam(model, image, camOptions);
  synchronizeDevice(c.device);
  std::printf("    Ablation-CAM of %s (%lld channels): %.3f s (goal < 0.1 s on a GPU)\n", target.name.c_str(),
              static_cast<long long>(cam.weights.size()), since(camStart));
  std::filesystem::remove_all(dir);
}

}  // namespace faultlens::bench
