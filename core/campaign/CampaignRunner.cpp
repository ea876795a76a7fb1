#include "core/campaign/CampaignRunner.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/Error.h"
#include "core/Metrics.h"
#include "core/Model.h"
#include "core/TapHandlers.h"
#include "core/WeightFaults.h"
#include "core/analysis/ActivationRanges.h"
#include "core/data/Preprocess.h"

namespace faultlens {

CampaignRunner::CampaignRunner(Model& model, const Dataset& data, CampaignConfig config,
                               std::vector<double> rangeBounds)
    : CampaignRunner(model, data, std::move(config), ModelCampaignOptions{std::move(rangeBounds), {}, {}}) {}

CampaignRunner::CampaignRunner(Model& model, const Dataset& data, CampaignConfig config, ModelCampaignOptions options)
    : model_(model), data_(data), config_(std::move(config)), clampBounds_(std::move(options.clampBounds)) {
  const auto layerCount = model.layers().size();
  if (!options.restrictBounds.empty()) {
    if (options.restrictBounds.size() != layerCount)
      throw Error(model.path() + ": range restriction needs one bound per layer (" + std::to_string(layerCount) +
                  "), got " + std::to_string(options.restrictBounds.size()));
    restriction_ = std::make_unique<RangeRestriction>(std::move(options.restrictBounds));
  }
  if (config_.batchSize < 1) throw Error("campaign batch size must be positive");
  if (config_.imageEnd == 0 || config_.imageEnd > data.size()) config_.imageEnd = data.size();
  if (config_.injectionsPerLayer < 1) throw Error("campaign needs at least one injection per layer");
  const auto usable = campaignLayers(model.layers(), config_.kind);
  layers_ = config_.layers.empty() ? usable : config_.layers;
  for (int l : layers_)
    if (l < 0 || l >= static_cast<int>(layerCount))
      throw Error(model.path() + ": campaign layer #" + std::to_string(l) + " does not exist");
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
  for (int l : layers_) {
    auto key = options.sequenceKeys.find(l);
    plans_[l] = planLayer(model.layers()[l], config_,
                          key == options.sequenceKeys.end() ? static_cast<std::uint64_t>(l) : key->second, golden_);
  }
}

std::vector<std::int64_t> CampaignRunner::goldenSet() {
  // The golden run of every image in the range, in canonical chunks (computeClean): the
  // same set whichever shard or resumed run computes it.
  std::vector<std::int64_t> all;
  for (auto i = static_cast<std::int64_t>(config_.imageBegin); i < static_cast<std::int64_t>(config_.imageEnd); ++i)
    all.push_back(i);
  computeClean(all);
  std::vector<std::int64_t> golden;
  for (auto i : all) {
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

void CampaignRunner::computeClean(const std::vector<std::int64_t>& images) {
  // Each image's clean logits are computed in its canonical chunk of the image range,
  // [kB, (k+1)B) of the data indices, never in whatever group happens to be missing:
  // CPU kernels round differently for different batch compositions, and the cache must
  // not make a resumed or sharded run differ from an uninterrupted one.
  const auto batch = static_cast<std::int64_t>(config_.batchSize);
  const auto begin = static_cast<std::int64_t>(config_.imageBegin), end = static_cast<std::int64_t>(config_.imageEnd);
  std::set<std::int64_t> chunks;
  for (auto i : images)
    if (!clean_.count(i)) chunks.insert((i - begin) / batch);
  for (auto c : chunks) {
    std::vector<std::size_t> chunk;
    for (auto i = begin + c * batch; i < std::min(end, begin + (c + 1) * batch); ++i)
      chunk.push_back(static_cast<std::size_t>(i));
    const auto rows = logitRows(model_.forward(makeBatch(data_, chunk, model_.input()).images, restriction_.get()));
    for (std::size_t k = 0; k < chunk.size(); ++k) clean_[static_cast<std::int64_t>(chunk[k])] = rows[k];
  }
}

const std::vector<float>& CampaignRunner::cleanLogits(std::int64_t image) {
  if (!clean_.count(image)) computeClean({image});
  return clean_.at(image);
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
  return o;
}

std::vector<InjectionOutcome> CampaignRunner::runActivationBatch(const std::vector<PlannedInjection>& batch) {
  std::vector<std::size_t> images;
  std::vector<ActivationFault> faults;
  for (std::size_t k = 0; k < batch.size(); ++k) {
    images.push_back(static_cast<std::size_t>(batch[k].image));
    ActivationFault f;
    f.layer = batch[k].layer;
    f.batchIndex = static_cast<std::int64_t>(k);  // image k of this batch carries fault k
    f.element = batch[k].element;
    f.bit = batch[k].bit;
    f.model = config_.errorModel;
    f.randomValue = batch[k].randomValue;
    if (!clampBounds_.empty()) f.clampAbsMax = clampBounds_[static_cast<std::size_t>(f.layer)];
    faults.push_back(f);
  }
  ActivationFaultInjector injector(model_.layers(), faults);
  // The fault strikes the layer output first; a range detector then sees the faulty value.
  TapChain injectThenRestrict({&injector, restriction_.get()});
  TapHandler* faultyHandler = restriction_ ? static_cast<TapHandler*>(&injectThenRestrict) : &injector;
  const at::Tensor input = makeBatch(data_, images, model_.input()).images;
  std::vector<std::vector<float>> clean, faulty;
  const int layer = batch.front().layer;
  if (model_.resumeSupport(layer).empty()) {
    // The cost floor (docs/architecture.md): the network up to the layer runs once, fault-free, and
    // its state serves both the clean and the faulty pass of the layers after it. Clean
    // and faulty logits thus come from the same batch, so a masked fault gives ΔLoss 0.
    auto state = model_.captureState(layer, input, restriction_.get());
    clean = logitRows(model_.resume(*state, restriction_.get()));
    faulty = logitRows(model_.resume(*state, faultyHandler));
  } else {
    computeClean(std::vector<std::int64_t>(images.begin(), images.end()));
    for (std::size_t k = 0; k < batch.size(); ++k) clean.push_back(cleanLogits(batch[k].image));
    faulty = logitRows(model_.forward(input, faultyHandler));
  }
  std::vector<InjectionOutcome> out;
  for (std::size_t k = 0; k < batch.size(); ++k)
    out.push_back(outcome(batch[k], injector.applied()[k].before, injector.applied()[k].after, faulty[k], clean[k]));
  return out;
}

InjectionOutcome CampaignRunner::runWeightInjection(const PlannedInjection& p) {
  WeightFault f;
  f.layer = p.layer;
  f.element = p.element;
  f.bit = p.bit;
  f.model = config_.errorModel;
  f.randomValue = p.randomValue;
  const at::Tensor input = makeBatch(data_, {static_cast<std::size_t>(p.image)}, model_.input()).images;
  ScopedWeightFaults scope(model_, {f});
  const auto rows = logitRows(model_.forward(input, restriction_.get()));
  return outcome(p, scope.applied()[0].before, scope.applied()[0].after, rows[0], cleanLogits(p.image));
}

CampaignRunner::~CampaignRunner() = default;

bool CampaignRunner::run(const std::set<std::pair<int, std::int64_t>>& done,
                         const std::function<void(const std::vector<InjectionOutcome>&)>& sink,
                         const std::function<void(const CampaignProgress&)>& onProgress,
                         const std::atomic<bool>& stop) {
  // A batch is the layer's injections [kB, (k+1)B) (see CampaignConfig::batchSize). A batch
  // that is partly recorded (a crash can cut the last append short) still runs whole, and
  // only its missing outcomes are kept: results never depend on where a run was cut.
  std::vector<std::vector<PlannedInjection>> batches;
  CampaignProgress progress;
  for (int l : layers_) {
    const auto& plan = plans_.at(l);
    for (std::size_t i = 0; i < plan.size();) {
      std::size_t end = i;
      while (end < plan.size() && plan[end].injection / config_.batchSize == plan[i].injection / config_.batchSize)
        ++end;
      std::int64_t missing = 0;
      for (std::size_t k = i; k < end; ++k) missing += !done.count({plan[k].layer, plan[k].injection});
      if (missing) batches.emplace_back(plan.begin() + i, plan.begin() + end);
      progress.total += missing;
      i = end;
    }
  }
  const auto start = std::chrono::steady_clock::now();
  for (const auto& batch : batches) {
    if (stop) return false;
    std::vector<InjectionOutcome> outcomes;
    if (config_.kind == FaultKind::Activation) {
      outcomes = runActivationBatch(batch);
    } else {
      std::vector<std::int64_t> images;
      for (const auto& p : batch) images.push_back(p.image);
      computeClean(images);
      for (const auto& p : batch)
        if (!done.count({p.layer, p.injection})) outcomes.push_back(runWeightInjection(p));
    }
    outcomes.erase(std::remove_if(outcomes.begin(), outcomes.end(),
                                  [&](const InjectionOutcome& o) {
                                    return done.count({o.layer, o.injection}) != 0;
                                  }),
                   outcomes.end());
    sink(outcomes);
    progress.done += static_cast<std::int64_t>(outcomes.size());
    progress.elapsedSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (onProgress) onProgress(progress);
  }
  return true;
}

}  // namespace faultlens
