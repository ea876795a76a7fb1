#include "core/campaign/CampaignRunner.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "core/Error.h"
#include "core/analysis/Metrics.h"
#include "core/model/Model.h"
#include "core/Runtime.h"
#include "core/model/TapHandlers.h"
#include "core/faults/WeightFaults.h"
#include "core/analysis/ActivationRanges.h"
#include "core/data/Preprocess.h"

namespace faultlens {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

/// Weight faults are added to a layer's output from its input, so weight campaigns keep it.
LayerInputs layerInputsFor(FaultKind kind) { return kind == FaultKind::Weight ? LayerInputs::Keep : LayerInputs::Drop; }

}  // namespace

/// One forward pass of a chunk: its clean logits and the states of one group of layers.
struct CampaignRunner::ChunkStates {
  std::map<int, std::unique_ptr<LayerState>> states;  ///< layer → state
  std::vector<std::vector<float>> clean;              ///< logits per row of the chunk
  std::int64_t bytes = 0;
};

CampaignRunner::CampaignRunner(Model& model, const Dataset& data, CampaignConfig config,
                               std::vector<double> rangeBounds)
    : CampaignRunner(model, data, std::move(config), ModelCampaignOptions{std::move(rangeBounds), {}, {}}) {}

CampaignRunner::CampaignRunner(Model& model, const Dataset& data, CampaignConfig config, ModelCampaignOptions options)
    : model_(model),
      data_(data),
      config_(std::move(config)),
      memoryBudget_(options.memoryBudgetBytes),
      clampBounds_(std::move(options.clampBounds)) {
  const auto layerCount = model.layers().size();
  if (!options.restrictBounds.empty()) {
    if (options.restrictBounds.size() != layerCount)
      throw Error(model.path() + ": range restriction needs one bound per layer (" + std::to_string(layerCount) +
                  "), got " + std::to_string(options.restrictBounds.size()));
    restriction_ = std::make_unique<RangeRestriction>(std::move(options.restrictBounds));
  }
  if (config_.batchSize < 1) throw Error("campaign batch size must be positive");
  if (memoryBudget_ < 1) throw Error("the campaign's memory budget must be positive");
  if (config_.imageEnd == 0 || config_.imageEnd > data.size()) config_.imageEnd = data.size();
  if (config_.injectionsPerLayer < 1) throw Error("campaign needs at least one injection per layer");
  // The model rounds every pass itself; a campaign only checks it computes in the format
  // its faults' bits refer to.
  if (model.numberFormat() != config_.format)
    throw Error(model.path() + " computes in " + model.numberFormat().name() + ", but the campaign runs in " +
                config_.format.name());
  const auto usable = campaignLayers(model.layers(), config_.kind);
  layers_ = config_.layers.empty() ? usable : config_.layers;
  for (int l : layers_)
    if (l < 0 || l >= static_cast<int>(layerCount))
      throw Error(model.path() + ": campaign layer #" + std::to_string(l) + " does not exist");
  std::sort(layers_.begin(), layers_.end());
  layers_.erase(std::unique(layers_.begin(), layers_.end()), layers_.end());
  layerGroups_ = {layers_};
  if (config_.protocol == Protocol::Paper) {
    if (config_.kind != FaultKind::Activation)
      throw Error("the paper's protocol injects activation faults (neurons), not weight faults");
    if (clampBounds_.size() != layerCount)
      throw Error(model.path() + ": the paper's protocol needs the profiled abs-max of every layer (" +
                  std::to_string(layerCount) + "), got " + std::to_string(clampBounds_.size()));
    for (int l : layers_)
      if (!(clampBounds_[l] > 0.0) || !std::isfinite(clampBounds_[l]))
        throw Error(model.path() + ": layer " + model.layers()[l].name +
                    " has no positive, finite profiled abs-max to clamp faults to");
    golden_ = goldenSet();
    if (golden_.empty())
      throw Error(model.path() + ": no image of " + data.source() +
                  " is classified correctly with Top2Diff > 0; the paper's protocol has nothing to inject into");
  } else if (!clampBounds_.empty()) {
    throw Error("clamp bounds are part of the paper's protocol only");
  }
  const ImageChunks chunks = golden_.empty() ? ImageChunks(config_) : ImageChunks(config_, golden_);
  for (int l : layers_) {
    auto key = options.sequenceKeys.find(l);
    plans_[l] = planLayer(model.layers()[l], config_,
                          key == options.sequenceKeys.end() ? static_cast<std::uint64_t>(l) : key->second, chunks);
  }
}

CampaignRunner::~CampaignRunner() = default;

std::vector<std::int64_t> CampaignRunner::chunkImages(std::int64_t chunk) const {
  const ImageChunks chunks(config_);
  std::vector<std::int64_t> images;
  for (int r = 0; r < chunks.chunkSize(chunk); ++r) images.push_back(chunks.firstImage(chunk) + r);
  return images;
}

at::Tensor CampaignRunner::loadChunk(std::int64_t chunk) {
  // Once per chunk, not per batch. A decoding thread running ahead was tried: on 2 cores
  // its OpenMP and OpenCV threads competed with the passes and made the demo campaign
  // about twice as slow, while waiting for images took under 1 % of a campaign here.
  const auto start = Clock::now();
  std::vector<std::size_t> rows;
  for (auto i : chunkImages(chunk)) rows.push_back(static_cast<std::size_t>(i));
  at::Tensor images = makeBatch(data_, rows, model_.input()).images;
  profile_.data += secondsSince(start);
  return images;
}

std::unique_ptr<CampaignRunner::ChunkStates> CampaignRunner::capture(std::int64_t chunk, const at::Tensor& input,
                                                                     std::size_t group) {
  const auto start = Clock::now();
  std::vector<TapPoint> points(layerGroups_.at(group).begin(), layerGroups_.at(group).end());
  CapturedStates captured = model_.captureStates(points, input, restriction_.get(), layerInputsFor(config_.kind));
  auto out = std::make_unique<ChunkStates>();
  out->clean = logitRows(captured.logits);
  out->bytes = captured.bytes;
  for (std::size_t i = 0; i < points.size(); ++i) out->states[points[i].index] = std::move(captured.states[i]);
  const auto images = chunkImages(chunk);
  for (std::size_t r = 0; r < images.size(); ++r) clean_.emplace(images[r], out->clean[r]);
  profile_.capture += secondsSince(start);
  ++profile_.captures;
  profile_.largestStateBytes = std::max(profile_.largestStateBytes, out->bytes);
  return out;
}

void CampaignRunner::planLayerGroups(const at::Tensor& chunkInput) {
  // Measured on one image of the chunk and scaled to the chunk (batched values grow with
  // the images), so not even the measurement exceeds the budget. Greedy in graph order: a
  // group takes layers while the distinct tensors their states hold fit the budget; a
  // layer too large on its own gets a group of its own.
  groupsPlanned_ = true;
  std::vector<TapPoint> points(layers_.begin(), layers_.end());
  const CapturedStates probe =
      model_.captureStates(points, chunkInput.narrow(0, 0, 1), restriction_.get(), layerInputsFor(config_.kind));
  const std::int64_t images = chunkInput.size(0);
  if (probe.bytes * images <= memoryBudget_) return;
  std::vector<std::vector<int>> groups(1);
  std::set<const void*> held;
  std::int64_t bytes = 0;
  const auto newBytes = [&](const std::vector<std::pair<const void*, std::int64_t>>& storages) {
    std::set<const void*> counted;
    std::int64_t extra = 0;
    for (const auto& [storage, size] : storages)
      if (!held.count(storage) && counted.insert(storage).second) extra += size * images;
    return extra;
  };
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto storages = probe.states[i]->storages();
    if (!groups.back().empty() && bytes + newBytes(storages) > memoryBudget_) {
      groups.emplace_back();
      held.clear();
      bytes = 0;
    }
    bytes += newBytes(storages);
    for (const auto& entry : storages) held.insert(entry.first);
    groups.back().push_back(points[i].index);
  }
  layerGroups_ = std::move(groups);
  profile_.layerGroups = static_cast<int>(layerGroups_.size());
}

std::vector<std::int64_t> CampaignRunner::goldenSet() {
  // The golden run of every image in the range, chunk by chunk. The captures of the first
  // chunks are kept while they fit half the budget, so the injections into those chunks
  // reuse them. Only a leading run of chunks is kept: they are injected first and freed
  // before any other chunk is captured, so kept and captured states never add up.
  const ImageChunks chunks(config_);
  std::int64_t keptBytes = 0;
  bool keeping = true;
  for (std::int64_t c = 0; c < chunks.chunkCount(); ++c) {
    const at::Tensor input = loadChunk(c);
    if (!groupsPlanned_) planLayerGroups(input);
    auto states = capture(c, input, 0);
    keeping = keeping && layerGroups_.size() == 1 && keptBytes + states->bytes <= memoryBudget_ / 2;
    if (keeping) {
      keptBytes += states->bytes;
      kept_[c] = std::move(states);
    }
  }
  std::vector<std::int64_t> golden;
  for (std::int64_t i = static_cast<std::int64_t>(config_.imageBegin); i < static_cast<std::int64_t>(config_.imageEnd);
       ++i) {
    const int label = data_.label(static_cast<std::size_t>(i));
    if (label < 0)
      throw Error(data_.source() +
                  ": the paper's protocol needs labels (it injects only into correctly classified images)");
    const auto& logits = clean_.at(i);
    if (allFinite(logits) && argmax(logits) == label && top2Diff(logits) > 0.0) golden.push_back(i);
  }
  return golden;
}

std::int64_t CampaignRunner::plannedInjections() const {
  std::int64_t n = 0;
  for (const auto& [l, plan] : plans_) n += static_cast<std::int64_t>(plan.size());
  return n;
}

InjectionOutcome CampaignRunner::outcome(const PlannedInjection& p, float before, float after,
                                         const std::vector<float>& faulty, const std::vector<float>& clean) {
  InjectionOutcome o;
  o.layer = p.layer;
  o.injection = p.injection;
  o.image = p.image;
  o.element = p.element;
  o.bit = p.bit;
  o.before = before;
  o.after = after;
  o.cleanTop1 = argmax(clean);
  // ΔLoss uses the ground truth; without labels the clean top-1 stands in (docs/architecture.md).
  const int label = data_.label(static_cast<std::size_t>(p.image));
  o.label = label >= 0 ? label : o.cleanTop1;
  o.finite = allFinite(faulty);
  o.faultyTop1 = argmax(faulty);
  o.cleanLoss = crossEntropy(clean, o.label);
  o.faultyLoss = crossEntropy(faulty, o.label);
  o.cleanTop2Diff = clean.size() >= 2 && allFinite(clean) ? top2Diff(clean) : std::nan("");
  return o;
}

std::vector<InjectionOutcome> CampaignRunner::runActivationBatch(const std::vector<PlannedInjection>& batch,
                                                                 const LayerState& state,
                                                                 const std::vector<std::vector<float>>& clean) {
  std::vector<ActivationFault> faults;
  for (const auto& p : batch) {
    ActivationFault f;
    f.layer = p.layer;
    f.batchIndex = p.row;  // the image's row in its chunk carries its fault
    f.element = p.element;
    f.bit = p.bit;
    f.mask = p.mask;
    f.model = config_.errorModel;
    f.randomValue = p.randomValue;
    if (!clampBounds_.empty()) f.clampAbsMax = clampBounds_[static_cast<std::size_t>(f.layer)];
    faults.push_back(f);
  }
  ActivationFaultInjector injector(model_.layers(), faults);
  const auto faulty = resumeFaulty(state, injector);
  return batchOutcomes(batch, injector.applied(), faulty, clean);
}

std::vector<std::vector<float>> CampaignRunner::resumeFaulty(const LayerState& state, TapHandler& fault) {
  // The fault strikes the layer output first; a range detector then sees the faulty value.
  TapChain faultThenRestrict({&fault, restriction_.get()});
  const auto start = Clock::now();
  // The floor: only the network after the layer, from the chunk's captured state (a
  // layer without a cut re-runs the whole chunk). Clean logits are the capture's, from
  // the same batch, so a masked fault gives ΔLoss 0.
  auto faulty = logitRows(model_.resume(state, restriction_ ? static_cast<TapHandler*>(&faultThenRestrict) : &fault));
  profile_.faulty += secondsSince(start);
  return faulty;
}

template <class Applied>
std::vector<InjectionOutcome> CampaignRunner::batchOutcomes(const std::vector<PlannedInjection>& batch,
                                                            const std::vector<Applied>& applied,
                                                            const std::vector<std::vector<float>>& faulty,
                                                            const std::vector<std::vector<float>>& clean) {
  const auto start = Clock::now();
  std::vector<InjectionOutcome> out;
  for (std::size_t k = 0; k < batch.size(); ++k) {
    const auto row = static_cast<std::size_t>(batch[k].row);
    out.push_back(outcome(batch[k], applied[k].before, applied[k].after, faulty[row], clean[row]));
  }
  profile_.outcomes += secondsSince(start);
  return out;
}

std::vector<InjectionOutcome> CampaignRunner::runWeightBatch(const std::vector<PlannedInjection>& batch,
                                                             const LayerState& state,
                                                             const std::vector<std::vector<float>>& clean) {
  std::vector<WeightFaultContributions::RowFault> faults;
  for (const auto& p : batch) faults.push_back({weightFault(p), p.row});
  // Like an activation batch: every image of the chunk carries its own weight fault.
  WeightFaultContributions contributions(model_, state, faults);
  const auto faulty = resumeFaulty(state, contributions);
  return batchOutcomes(batch, contributions.applied(), faulty, clean);
}

WeightFault CampaignRunner::weightFault(const PlannedInjection& p) const {
  WeightFault f;
  f.layer = p.layer;
  f.element = p.element;
  f.bit = p.bit;
  f.mask = p.mask;
  f.model = config_.errorModel;
  f.randomValue = p.randomValue;
  return f;
}

InjectionOutcome CampaignRunner::runWeightInjection(const PlannedInjection& p, const at::Tensor& image) {
  const auto start = Clock::now();
  ScopedWeightFaults scope(model_, {weightFault(p)});
  const auto rows = logitRows(model_.forward(image, restriction_.get()));
  profile_.faulty += secondsSince(start);
  return outcome(p, scope.applied()[0].before, scope.applied()[0].after, rows[0], clean_.at(p.image));
}

std::vector<InjectionOutcome> CampaignRunner::runBatch(const std::vector<PlannedInjection>& batch,
                                                       const ChunkStates& states, const at::Tensor& input,
                                                       const std::set<std::pair<int, std::int64_t>>& done) {
  const LayerState& state = *states.states.at(batch.front().layer);
  if (config_.kind == FaultKind::Activation) return runActivationBatch(batch, state, states.clean);
  if (state.layerInput().defined() && model_.layers()[state.layer()].perImage)
    return runWeightBatch(batch, state, states.clean);
  // A weight layer that cannot be cut, whose geometry is unknown, or whose output is
  // shared by the batch: one full pass per fault with the weight written into the model
  // (the clean logits still come from the chunk's pass).
  std::vector<InjectionOutcome> outcomes;
  for (const auto& p : batch)
    if (!done.count({p.layer, p.injection})) outcomes.push_back(runWeightInjection(p, input.narrow(0, p.row, 1)));
  return outcomes;
}

bool CampaignRunner::runChunks(const BatchesByChunk& byChunk, const std::set<std::pair<int, std::int64_t>>& done,
                               const OutcomeSink& sink, const std::function<void()>& finished,
                               const std::atomic<bool>& stop) {
  // Kept golden captures of chunks this run does not inject into (other shards' or done)
  // would only hold memory.
  for (auto it = kept_.begin(); it != kept_.end();) it = byChunk.count(it->first) ? std::next(it) : kept_.erase(it);
  for (const auto& [chunk, chunkBatches] : byChunk) {
    if (stop) return false;
    at::Tensor input;
    if (!kept_.count(chunk)) {
      input = loadChunk(chunk);
      if (!groupsPlanned_) planLayerGroups(input);
    }
    for (std::size_t g = 0; g < layerGroups_.size(); ++g) {
      const std::set<int> group(layerGroups_[g].begin(), layerGroups_[g].end());
      std::vector<const std::vector<PlannedInjection>*> batches;
      for (const auto& b : chunkBatches)
        if (group.count(b.front().layer)) batches.push_back(&b);
      if (batches.empty()) continue;
      const ChunkStates* states = nullptr;
      std::unique_ptr<ChunkStates> owned;
      if (g == 0 && kept_.count(chunk)) states = kept_.at(chunk).get();
      else states = (owned = capture(chunk, input, g)).get();
      for (const auto* batch : batches) {
        if (stop) return false;
        auto outcomes = runBatch(*batch, *states, input, done);
        const auto start = Clock::now();
        outcomes.erase(std::remove_if(outcomes.begin(), outcomes.end(),
                                      [&](const InjectionOutcome& o) {
                                        return done.count({o.layer, o.injection}) != 0;
                                      }),
                       outcomes.end());
        sink(outcomes);
        profile_.outcomes += secondsSince(start);
        finished();
      }
    }
    kept_.erase(chunk);
  }
  return true;
}

std::vector<std::vector<PlannedInjection>> CampaignRunner::selectBatches(const Done& done,
                                                                         const BatchLimits* limits) const {
  std::vector<std::vector<PlannedInjection>> out;
  for (int l : layers_) {
    std::int64_t limit = std::numeric_limits<std::int64_t>::max();
    if (limits) {
      const auto it = limits->find(l);
      if (it == limits->end()) continue;
      limit = it->second;
    }
    for (auto& batch : splitIntoBatches(plans_.at(l))) {
      if (batch.front().injection >= limit) break;  // a layer's batches come in injection order
      const bool missing = std::any_of(batch.begin(), batch.end(), [&](const PlannedInjection& p) {
        return !done.count({p.layer, p.injection});
      });
      if (missing) out.push_back(std::move(batch));
    }
  }
  return out;
}

std::int64_t CampaignRunner::remainingInjections(const Done& done, const BatchLimits* limits) const {
  std::int64_t total = 0;
  for (const auto& batch : selectBatches(done, limits))
    for (const auto& p : batch) total += !done.count({p.layer, p.injection});
  return total;
}

bool CampaignRunner::run(const Done& done, const std::function<void(const std::vector<InjectionOutcome>&)>& sink,
                         const std::function<void(const CampaignProgress&)>& onProgress, const std::atomic<bool>& stop,
                         const BatchLimits* limits) {
  // A batch is one chunk's injections of a layer (CampaignPlan.h). A batch that is partly
  // recorded (a crash can cut the last append short) still runs whole, and only its
  // missing outcomes are kept: results never depend on where a run was cut.
  BatchesByChunk byChunk;
  CampaignProgress progress;
  for (auto& batch : selectBatches(done, limits)) {
    for (const auto& p : batch) progress.total += !done.count({p.layer, p.injection});
    byChunk[batch.front().chunk].push_back(std::move(batch));
  }
  const auto start = Clock::now();
  const auto finished = [&] {
    if (!onProgress) return;
    progress.elapsedSeconds = secondsSince(start);
    onProgress(progress);
  };
  // Progress counts outcomes as the sink receives them.
  const auto counting = [&](const std::vector<InjectionOutcome>& outcomes) {
    sink(outcomes);
    progress.done += static_cast<std::int64_t>(outcomes.size());
  };
  const bool complete = runChunks(byChunk, done, counting, finished, stop);
  kept_.clear();
  // A run in rounds (limits) keeps its cached blocks for the next round: freeing them each
  // time made every round fault its buffers in again. The caller frees after the last.
  if (!limits) releaseFreeMemory();
  return complete;
}

}  // namespace faultlens
