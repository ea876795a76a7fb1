#include "app/bench/CampaignBench.h"

#include <ATen/ATen.h>

#include <opencv2/core/mat.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sys/resource.h>
#include <unistd.h>
#include <map>

#include "core/model/Model.h"
#include "core/Runtime.h"
#include "core/SeededRandom.h"
#include "core/model/TapHandlers.h"
#include "core/faults/WeightFaults.h"
#include "core/analysis/ActivationRanges.h"
#include "core/campaign/CampaignSession.h"
#include "core/data/Dataset.h"
#include "core/data/Preprocess.h"
#include "core/data/ImageCodec.h"
#include "core/io/FileIO.h"

namespace faultlens::bench {
namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

/// Resets the kernel's peak resident set (VmHWM) of this process, so the next reading is the
/// peak of what runs in between. False where the kernel does not allow it.
bool resetPeakMemory() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
  clear.flush();
  return static_cast<bool>(clear);
}

/// Peak resident set since the last reset, MiB (VmHWM), or -1.
double peakMemoryMiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  return -1.0;
}

long minorFaults() {
  struct rusage u {};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_minflt;
}

std::string tempDirectory(const std::string& name) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("faultlens-bench-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir.string();
}

/// The floor: every batch the campaign ran, resumed from its chunk's captured state with
/// its faults, and nothing else (captures untimed).
double floorSeconds(Model& model, const Dataset& data, const CampaignRunner& runner, int batchSize) {
  std::map<std::int64_t, std::vector<std::vector<PlannedInjection>>> byChunk;
  for (int l : runner.layers())
    for (auto& batch : splitIntoBatches(runner.plan(l))) byChunk[batch.front().chunk].push_back(std::move(batch));
  std::vector<TapPoint> points(runner.layers().begin(), runner.layers().end());
  double seconds = 0.0;
  for (const auto& [chunk, batches] : byChunk) {
    std::vector<std::size_t> rows;
    for (std::int64_t i = chunk * batchSize; i < std::min<std::int64_t>((chunk + 1) * batchSize, data.size()); ++i)
      rows.push_back(static_cast<std::size_t>(i));
    const auto captured = model.captureStates(points, makeBatch(data, rows, model.input()).images);
    std::map<int, const LayerState*> state;
    for (std::size_t i = 0; i < points.size(); ++i) state[points[i].index] = captured.states[i].get();
    for (const auto& batch : batches) {
      std::vector<ActivationFault> faults;
      for (const auto& p : batch) faults.push_back({p.layer, p.row, p.element, p.bit});
      ActivationFaultInjector injector(model.layers(), faults);
      const auto t = Clock::now();
      logitRows(model.resume(*state.at(batch.front().layer), &injector));
      seconds += since(t);
    }
  }
  return seconds;
}

/// The mean of `timed` (seconds) over the first `perLayer` injections of every layer.
double meanOverFirstInjections(const CampaignRunner& runner, int perLayer,
                               const std::function<double(const PlannedInjection&)>& timed) {
  double seconds = 0.0;
  int count = 0;
  for (int l : runner.layers()) {
    const auto& plan = runner.plan(l);
    for (int k = 0; k < perLayer && k < static_cast<int>(plan.size()); ++k, ++count)
      seconds += timed(plan[static_cast<std::size_t>(k)]);
  }
  return seconds / count;
}

/// The naive method: one full forward of the image with the fault, at batch 1 (the image
/// decoded untimed). Seconds per injection.
double naiveSecondsPerInjection(Model& model, const Dataset& data, const CampaignRunner& runner, int perLayer) {
  return meanOverFirstInjections(runner, perLayer, [&](const PlannedInjection& p) {
    const at::Tensor image = makeBatch(data, {static_cast<std::size_t>(p.image)}, model.input()).images;
    ActivationFaultInjector injector(model.layers(), {{p.layer, 0, p.element, p.bit}});
    const auto t = Clock::now();
    logitRows(model.forward(image, &injector));
    return since(t);
  });
}

/// The naive weight method: the image decoded, the weight flipped, one full forward at
/// batch 1, all timed. Seconds per injection.
double naiveWeightSecondsPerInjection(Model& model, const Dataset& data, const CampaignRunner& runner, int perLayer) {
  return meanOverFirstInjections(runner, perLayer, [&](const PlannedInjection& p) {
    const auto t = Clock::now();
    const at::Tensor image = makeBatch(data, {static_cast<std::size_t>(p.image)}, model.input()).images;
    WeightFault f;
    f.layer = p.layer;
    f.element = p.element;
    f.bit = p.bit;
    ScopedWeightFaults scope(model, {f});
    logitRows(model.forward(image));
    return since(t);
  });
}

}  // namespace

CampaignRunProfile totalProfile(const std::vector<CampaignRunProfile>& profiles) {
  CampaignRunProfile total;
  for (const auto& p : profiles) {
    total.data += p.data;
    total.capture += p.capture;
    total.faulty += p.faulty;
    total.outcomes += p.outcomes;
    total.captures += p.captures;
    total.largestStateBytes = std::max(total.largestStateBytes, p.largestStateBytes);
    total.layerGroups = std::max(total.layerGroups, p.layerGroups);
  }
  return total;
}

void writeNoiseImageFolder(const std::string& dir, int count, int side) {
  SeededRandom random(20261130);
  for (int i = 0; i < count; ++i) {
    const std::string cls = dir + (i % 2 ? "/b" : "/a");
    std::filesystem::create_directories(cls);
    cv::Mat image(side, side, CV_8UC3);
    for (int y = 0; y < side; ++y)
      for (int x = 0; x < side; ++x)
        for (int c = 0; c < 3; ++c) image.at<cv::Vec3b>(y, x)[c] = static_cast<unsigned char>(random.below(256));
    char name[32];
    std::snprintf(name, sizeof name, "/%03d.png", i);
    writeFileAtomically(cls + name, encodePng(image, cls + name));  // noise: RGB and BGR alike
  }
}

/// What a process pays once per model, before its first campaign batch: the cut of every
/// layer (built and probed), the capture graph, the first run of every graph (the
/// TorchScript executor prepares a graph on its first call) and the first touch of the
/// heap one chunk's states take. Seconds.
double prepare(Model& model, const Dataset& data, int batchSize) {
  const auto start = Clock::now();
  std::vector<TapPoint> points;
  for (const auto& l : model.layers())
    if (l.executed && l.perImage) points.push_back(l.index);
  std::vector<std::size_t> rows;
  for (int i = 0; i < batchSize && i < static_cast<int>(data.size()); ++i) rows.push_back(static_cast<std::size_t>(i));
  const auto captured = model.captureStates(points, makeBatch(data, rows, model.input()).images);
  for (const auto& state : captured.states) model.resume(*state);
  return since(start);
}

void benchCampaign(const CampaignBenchCase& c) {
  double preparation = 0.0;
  for (Model* m : c.models) preparation += prepare(*m, *c.data, c.batchSize);
  CampaignConfig config;
  config.injectionsPerLayer = c.injectionsPerLayer;
  config.batchSize = c.batchSize;
  config.imageEnd = c.images;
  config.seed = 7;
  // The floor and the naive method run on the campaign's own plans (a session whose
  // directory is never run). Floor and campaign alternate twice, so neither profits from
  // going second (heap and caches already warm); each keeps its faster run.
  const std::string planDir = tempDirectory("plan");
  CampaignSession plans(planDir, c.models, *c.data, config);
  const std::int64_t injections = plans.plannedInjections();
  double floor = 1e300, endToEnd = 1e300, peak = -1.0;
  long floorFaults = 0, campaignFaults = 0;  // minor page faults of the last run of each
  std::vector<CampaignRunProfile> profiles;
  for (int rep = 0; rep < 2; ++rep) {
    // Both start from a heap with its free memory returned, as a campaign process starts
    // (and as every campaign leaves it): both pay the first touch of their memory.
    double floorRep = 0.0;
    releaseFreeMemory();
    long faults = minorFaults();
    for (std::size_t m = 0; m < c.models.size(); ++m)
      floorRep += floorSeconds(*c.models[m], *c.data, plans.runner(m), c.batchSize);
    floorFaults = minorFaults() - faults;
    floor = std::min(floor, floorRep);
    const std::string dir = tempDirectory("campaign");
    std::atomic<bool> never{false};
    releaseFreeMemory();
    resetPeakMemory();
    faults = minorFaults();
    const auto start = Clock::now();
    CampaignSession session(dir, c.models, *c.data, config);
    session.run({}, never);
    const double seconds = since(start);
    peak = std::max(peak, peakMemoryMiB());
    campaignFaults = minorFaults() - faults;
    std::filesystem::remove_all(dir);
    if (seconds < endToEnd) {
      endToEnd = seconds;
      profiles = session.profiles();
    }
  }
  double naive = 0.0;
  for (std::size_t m = 0; m < c.models.size(); ++m)
    naive += naiveSecondsPerInjection(*c.models[m], *c.data, plans.runner(m), c.naivePerLayer) *
             static_cast<double>(plans.runner(m).plannedInjections());
  std::filesystem::remove_all(planDir);

  const CampaignRunProfile total = totalProfile(profiles);
  std::printf("  %s: %lld injections, batch %d\n", c.title.c_str(), static_cast<long long>(injections), c.batchSize);
  std::printf("    preparation, once per model and process (cuts, capture graph, first runs; untimed below) %.2f s\n",
              preparation);
  std::printf("    end to end (CampaignSession: decoding, captures, faulty passes, records; best of 2) %8.2f s = %7.1f "
              "injections/s\n",
              endToEnd, injections / endToEnd);
  std::printf("    floor (the same faulty batches alone; best of 2)                          %8.2f s   -> end to end "
              "/ floor %.2f (goal <= 1.3)\n",
              floor, endToEnd / floor);
  std::printf("    naive (full forward per injection, batch 1; %d per layer timed, scaled)   %8.2f s   -> speed-up "
              "%.1fx (goal >= 3.5)\n",
              c.naivePerLayer, naive, naive / endToEnd);
  std::printf("    where the time went: faulty passes %.2f s, %lld captures %.2f s, decoding images %.2f s, "
              "outcomes and records %.2f s, other %.2f s; largest capture %.1f MiB, %d layer group(s)\n",
              total.faulty, static_cast<long long>(total.captures), total.capture, total.data, total.outcomes,
              endToEnd - total.faulty - total.capture - total.data - total.outcomes,
              total.largestStateBytes / 1048576.0, total.layerGroups);
  std::printf("    peak memory of the process during the campaign (VmHWM, model and LibTorch included) %.0f MiB; "
              "memory budget for captured states %lld MiB; minor page faults: campaign %ld, floor %ld\n",
              peak, static_cast<long long>(kDefaultCampaignMemoryBudget >> 20), campaignFaults, floorFaults);
  if (c.smallBudgetMiB > 0) {
    const std::string dir = tempDirectory("campaign-budget");
    std::atomic<bool> never{false};
    releaseFreeMemory();
    resetPeakMemory();
    const auto start = Clock::now();
    CampaignSession session(dir, c.models, *c.data, config, {}, {}, nullptr,
                            static_cast<std::int64_t>(c.smallBudgetMiB) << 20);
    session.run({}, never);
    const double seconds = since(start);
    std::filesystem::remove_all(dir);
    std::printf("    the same campaign under a %d MiB budget: %d layer groups, largest capture %.1f MiB, peak memory "
                "%.0f MiB, end to end %.2f s (%.2fx the 2 GiB run)\n",
                c.smallBudgetMiB, session.profiles()[0].layerGroups,
                session.profiles()[0].largestStateBytes / 1048576.0, peakMemoryMiB(), seconds, seconds / endToEnd);
  }
}

void benchWeightCampaign(const CampaignBenchCase& c) {
  for (Model* m : c.models) prepare(*m, *c.data, c.batchSize);
  CampaignConfig config;
  config.kind = FaultKind::Weight;
  config.injectionsPerLayer = c.injectionsPerLayer;
  config.batchSize = c.batchSize;
  config.imageEnd = c.images;
  config.seed = 7;
  const std::string dir = tempDirectory("weights");
  std::atomic<bool> never{false};
  releaseFreeMemory();
  const auto start = Clock::now();
  CampaignSession session(dir, c.models, *c.data, config);
  session.run({}, never);
  const double endToEnd = since(start);
  const std::int64_t injections = session.plannedInjections();
  double naive = 0.0;
  for (std::size_t m = 0; m < c.models.size(); ++m)
    naive += naiveWeightSecondsPerInjection(*c.models[m], *c.data, session.runner(m), c.naivePerLayer) *
             static_cast<double>(session.runner(m).plannedInjections());
  std::filesystem::remove_all(dir);
  std::printf("  %s, weight faults: %lld injections, images in chunks of %d\n", c.title.c_str(),
              static_cast<long long>(injections), c.batchSize);
  std::printf("    end to end (CampaignSession: every image of a chunk carries its own weight fault, added to the "
              "layer's output; the network after the layer runs batched) %.2f s = %.1f injections/s\n",
              endToEnd, injections / endToEnd);
  std::printf("    naive (image decoded, weight flipped, full forward at batch 1; %d per layer timed, scaled) %.2f s "
              "-> speed-up %.2fx\n",
              c.naivePerLayer, naive, naive / endToEnd);
}

void benchFormatCost(const CampaignBenchCase& c, const std::vector<std::string>& paths, const std::string& inputShape) {
  ModelLoadOptions options;
  if (!inputShape.empty()) options.input = parseInputShape(inputShape);
  const char* names[] = {"fp32", "bf16", "fp16", "fp8-e4m3", "int8"};
  std::map<std::string, double> best;
  std::int64_t injections = 0;
  for (int rep = 0; rep < 2; ++rep)
    for (const char* name : names) {
      const NumberFormat format = NumberFormat::parse(name);
      std::vector<std::unique_ptr<Model>> owned;
      std::vector<Model*> models;
      for (const auto& path : paths) {
        owned.push_back(Model::load(path, options));
        std::vector<double> scales;
        if (format.needsScale())
          for (const auto& r : profileActivationRanges(*owned.back(), *c.data, 0, c.images, c.batchSize))
            scales.push_back(r.stats.absMax > 0.0 ? r.stats.absMax : 1.0);
        owned.back()->useNumberFormat(format, scales);
        models.push_back(owned.back().get());
        prepare(*owned.back(), *c.data, c.batchSize);
      }
      CampaignConfig config;
      config.injectionsPerLayer = c.injectionsPerLayer;
      config.batchSize = c.batchSize;
      config.imageEnd = c.images;
      config.seed = 7;
      config.format = format;
      config.bits = {0, format.bitWidth() - 1};
      const std::string dir = tempDirectory("format");
      std::atomic<bool> never{false};
      releaseFreeMemory();
      const auto start = Clock::now();
      CampaignSession session(dir, models, *c.data, config);
      injections = session.plannedInjections();
      session.run({}, never);
      const double seconds = since(start);
      std::filesystem::remove_all(dir);
      if (!best.count(name) || seconds < best[name]) best[name] = seconds;
    }
  std::printf("  %s: the same campaign in each number format, %lld injections, batch %d (best of 2)\n", c.title.c_str(),
              static_cast<long long>(injections), c.batchSize);
  for (const char* name : names)
    std::printf("    %-9s %8.2f s  -> %s / fp32 %.2f%s\n", name, best[name], name, best[name] / best["fp32"],
                std::string(name) == "fp32" ? "" : " (goal <= 1.3)");
}

}  // namespace faultlens::bench
