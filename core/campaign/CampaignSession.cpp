#include "core/campaign/CampaignSession.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <filesystem>
#include <limits>
#include <set>
#include <map>

#include "core/Error.h"
#include "core/analysis/Evaluation.h"
#include "core/model/LayerAlignment.h"
#include "core/model/Model.h"
#include "core/Runtime.h"
#include "core/campaign/AdaptiveStopping.h"
#include "core/campaign/RecordFile.h"
#include "core/data/Dataset.h"
#include "core/data/DatasetDigest.h"

namespace faultlens {

namespace {

/// Every record must be one the plan contains (layer, injection, image, site and bit as
/// planned), once: a record appended by hand or copied from another campaign would
/// otherwise count as done and be summed. `path` and the record's number name it.
void requirePlannedRecords(const CampaignRunner& runner, const std::vector<InjectionOutcome>& recorded,
                           const std::string& path) {
  std::map<int, std::map<std::int64_t, const PlannedInjection*>> planned;
  for (int layer : runner.layers())
    for (const PlannedInjection& p : runner.plan(layer)) planned[layer][p.injection] = &p;
  std::set<std::pair<int, std::int64_t>> seen;
  for (std::size_t i = 0; i < recorded.size(); ++i) {
    const InjectionOutcome& o = recorded[i];
    const std::string where = "record " + std::to_string(i + 1) + " (injection " + std::to_string(o.injection) +
                              " of layer #" + std::to_string(o.layer) + ") ";
    const auto layer = planned.find(o.layer);
    const auto p = layer == planned.end() ? nullptr : [&]() -> const PlannedInjection* {
      const auto it = layer->second.find(o.injection);
      return it == layer->second.end() ? nullptr : it->second;
    }();
    if (!p)
      throw fileError(path, where + "is not in this campaign's plan: a record from elsewhere; remove it or start a new "
                                    "campaign");
    if (p->image != o.image || p->element != o.element || p->bit != o.bit)
      throw fileError(path, where + "differs from the plan (image " + std::to_string(o.image) + " instead of " +
                                std::to_string(p->image) + ", element " + std::to_string(o.element) + " instead of " +
                                std::to_string(p->element) + ", bit " + std::to_string(o.bit) + " instead of " +
                                std::to_string(p->bit) + "): it was not computed by this campaign");
    if (!seen.insert({o.layer, o.injection}).second) throw fileError(path, where + "is recorded twice");
  }
}

}  // namespace

CampaignSession::CampaignSession(std::string dir, std::vector<Model*> models, const Dataset& data,
                                 CampaignConfig config, std::vector<RangeProfileUse> ranges,
                                 std::vector<RangeProfileUse> clampRanges, const LayerAlignment* alignment,
                                 std::int64_t memoryBudgetBytes)
    : dir_(std::move(dir)), models_(std::move(models)) {
  if (models_.empty() || models_.size() > 2) throw Error("a campaign has one or two models");
  if (!ranges.empty() && ranges.size() != models_.size())
    throw Error("range restriction needs one profile per model (" + std::to_string(models_.size()) + ")");
  if ((config.protocol == Protocol::Paper) != !clampRanges.empty() ||
      (!clampRanges.empty() && clampRanges.size() != models_.size()))
    throw Error("the paper's protocol needs one range profile per model (" + std::to_string(models_.size()) + ")");
  if (const std::string problem = stoppingRuleProblem(config); !problem.empty()) throw Error(problem);
  manifest_.data = data.source();
  manifest_.config = config;
  manifest_.restrictRanges = ranges;
  manifest_.clampRanges = clampRanges;
  for (const Model* m : models_) {
    manifest_.models.push_back(m->path());
    manifest_.inputDigests.models.push_back(m->contentDigest());
    std::vector<std::string> names;
    for (const auto& l : m->layers()) names.push_back(l.name);
    manifest_.layerNames.push_back(std::move(names));
    if (config.format.needsScale()) {
      std::vector<double> scales;
      for (const auto& l : m->layers())
        scales.push_back(l.executed ? l.outputEncoding.scale : std::numeric_limits<double>::quiet_NaN());
      manifest_.formatScales.push_back(std::move(scales));
    }
  }
  // Each model's own configuration: the second injects into the partners of the baseline
  // layers, and its layers draw the fault sequences of their partners.
  std::vector<CampaignConfig> configs(models_.size(), config);
  std::vector<ModelCampaignOptions> options(models_.size());
  if (models_.size() == 2) {
    const LayerAlignment aligned = alignment ? *alignment
                                             : LayerAlignment::automatic(models_[0]->layers(), models_[1]->layers());
    for (const auto& row : aligned.rows())
      if (row.baseline >= 0 && row.guided >= 0) manifest_.layerPairs.emplace_back(row.baseline, row.guided);
    if (!config.layers.empty()) {
      configs[1].layers.clear();
      for (int l : config.layers)
        if (const int g = aligned.guidedFor(l); g >= 0) configs[1].layers.push_back(g);
      if (configs[1].layers.empty())
        throw Error(models_[1]->path() + ": none of the chosen layers has a corresponding layer in this model");
    }
    // Layers without a partner get keys no baseline layer can have.
    for (const auto& l : models_[1]->layers()) {
      const int partner = aligned.baselineFor(l.index);
      options[1].sequenceKeys[l.index] = partner >= 0 ? static_cast<std::uint64_t>(partner)
                                                      : (std::uint64_t{1} << 32) + static_cast<std::uint64_t>(l.index);
    }
  }
  // The images the runner will use: [0, imageEnd), the whole set when imageEnd is 0.
  const std::size_t images = config.imageEnd == 0 ? data.size() : std::min(config.imageEnd, data.size());
  // Before campaign.json exists: labels that name other classes than a model's would give
  // cross-entropies of the wrong classes (or abort midway on a label the model lacks).
  for (const Model* m : models_) requireLabelsFitModel(*m, data, 0, images);
  manifest_.inputDigests.data = datasetDigest(data, 0, images);
  inputsPinned_ = openCampaignDirectory(dir_, manifest_);
  lock_ = std::make_unique<ShardWriterLock>(dir_, config.shardIndex, config.shardCount);
  const bool absolute = config.protocol == Protocol::Paper;
  for (std::size_t m = 0; m < models_.size(); ++m) {
    if (!ranges.empty()) options[m].restrictBounds = ranges[m].bounds;
    if (!clampRanges.empty()) options[m].clampBounds = clampRanges[m].bounds;
    options[m].memoryBudgetBytes = memoryBudgetBytes;
    runners_.push_back(std::make_unique<CampaignRunner>(*models_[m], data, configs[m], options[m]));
    std::set<std::pair<int, std::int64_t>> done;
    const std::string recordPath = campaignRecordPath(dir_, m, config.shardIndex, config.shardCount);
    const auto recorded = readRecords(recordPath);
    requirePlannedRecords(*runners_.back(), recorded, recordPath);
    for (const auto& o : recorded) done.insert({o.layer, o.injection});
    running_.emplace_back(manifest_.layerNames[m], absolute);
    running_.back().add(recorded);
    if (config.stopping.enabled()) recordedOutcomes_.push_back(recorded);
    recorded_ += static_cast<std::int64_t>(done.size());
    done_.push_back(std::move(done));
  }
}

CampaignSession::~CampaignSession() = default;

std::int64_t CampaignSession::plannedInjections() const {
  std::int64_t total = 0;
  for (const auto& r : runners_) total += r->plannedInjections();
  return total;
}

bool CampaignSession::run(const Observer& observer, const std::atomic<bool>& stop) {
  // Rounds keep the runners' cached blocks; freed once, however the run ends.
  struct FreeAtEnd {
    ~FreeAtEnd() { releaseFreeMemory(); }
  } freeAtEnd;
  const auto start = std::chrono::steady_clock::now();
  const CampaignConfig& c = manifest_.config;
  std::int64_t doneHere = 0, total = 0;  // this run's injections
  // One writer per model for the whole run: opening one validates the file so far, which
  // per round would cost a read of every record (rounds: interleaving, adaptive stopping).
  std::vector<std::unique_ptr<RecordWriter>> writers(runners_.size());
  const auto runModel = [&](std::size_t m, const CampaignRunner::BatchLimits* limits) {
    if (!writers[m])
      writers[m] = std::make_unique<RecordWriter>(campaignRecordPath(dir_, m, c.shardIndex, c.shardCount));
    RecordWriter& writer = *writers[m];
    return runners_[m]->run(
        done_[m],
        [&](const std::vector<InjectionOutcome>& outcomes) {
          writer.append(outcomes);  // on disk before anyone sees it
          // The runner reads `done` only when it starts, so this keeps a later run() exact.
          for (const auto& o : outcomes) done_[m].insert({o.layer, o.injection});
          running_[m].add(outcomes);
          if (c.stopping.enabled())
            recordedOutcomes_[m].insert(recordedOutcomes_[m].end(), outcomes.begin(), outcomes.end());
          doneHere += static_cast<std::int64_t>(outcomes.size());
          if (observer.onOutcomes) observer.onOutcomes(m, outcomes);
        },
        [&](const CampaignProgress&) {
          if (!observer.onProgress) return;
          CampaignProgress all;
          all.done = doneHere;
          all.total = total;
          all.elapsedSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
          observer.onProgress(all);
        },
        stop, limits);
  };
  if (!c.stopping.enabled()) {
    total = plannedInjections() - recorded_;
    if (runners_.size() == 1) return runModel(0, nullptr);
    // Two models take turns, round by round up to the same injection number of every layer,
    // so a run cancelled at any point leaves both models' results for the same injections
    // (a paired partial result) instead of a finished baseline and nothing to compare it to.
    for (const std::int64_t checkpoint : interleavedCheckpoints(c))
      for (std::size_t m = 0; m < runners_.size(); ++m) {
        CampaignRunner::BatchLimits round;
        for (int layer : runners_[m]->layers()) round[layer] = checkpoint;
        if (!runModel(m, &round)) return false;
      }
    return true;
  }
  // Adaptive: round by round, both models up to the same checkpoint, then the decisions.
  for (const std::int64_t checkpoint : stopCheckpoints(c)) {
    const std::vector<std::set<int>> active = activeLayers();
    std::vector<CampaignRunner::BatchLimits> round(runners_.size()), rest(runners_.size());
    total = doneHere;
    for (std::size_t m = 0; m < runners_.size(); ++m) {
      for (int layer : active[m]) {
        round[m][layer] = checkpoint;
        rest[m][layer] = c.injectionsPerLayer;
      }
      total += runners_[m]->remainingInjections(done_[m], &rest[m]);
    }
    for (std::size_t m = 0; m < runners_.size(); ++m)
      if (!round[m].empty() && !runModel(m, &round[m])) return false;
  }
  return true;
}

std::vector<std::set<int>> CampaignSession::activeLayers() const {
  const CampaignConfig& c = manifest_.config;
  // Other shards' records count once they cover a checkpoint; until then this shard goes on.
  std::vector<std::vector<InjectionOutcome>> withOtherShards;
  if (c.shardCount > 1) {
    withOtherShards = recordedOutcomes_;
    for (std::size_t m = 0; m < withOtherShards.size(); ++m)
      for (int shard = 0; shard < c.shardCount; ++shard)
        if (shard != c.shardIndex) {
          const auto theirs = readRecords(campaignRecordPath(dir_, m, shard, c.shardCount));
          withOtherShards[m].insert(withOtherShards[m].end(), theirs.begin(), theirs.end());
        }
  }
  const StopPoints stops =
      findStopPoints(c.shardCount > 1 ? withOtherShards : recordedOutcomes_, manifest_.correspondingLayers(), c);
  std::vector<std::set<int>> active(runners_.size());
  for (std::size_t m = 0; m < runners_.size(); ++m)
    for (int layer : runners_[m]->layers()) {
      const auto it = stops[m].find(layer);
      if (it == stops[m].end() || !it->second.decided) active[m].insert(layer);
    }
  return active;
}

std::vector<CampaignSummary> CampaignSession::summaries() const {
  const CampaignConfig& c = manifest_.config;
  std::vector<std::vector<InjectionOutcome>> outcomes;
  for (std::size_t m = 0; m < models_.size(); ++m)
    outcomes.push_back(readRecords(campaignRecordPath(dir_, m, c.shardIndex, c.shardCount)));
  if (c.stopping.enabled()) dropPastStopPoints(outcomes, findStopPoints(outcomes, manifest_.correspondingLayers(), c));
  std::vector<CampaignSummary> out;
  for (std::size_t m = 0; m < models_.size(); ++m)
    out.push_back(summarize(std::move(outcomes[m]), manifest_.layerNames[m], c.protocol == Protocol::Paper));
  return out;
}

std::vector<CampaignRunProfile> CampaignSession::profiles() const {
  std::vector<CampaignRunProfile> out;
  for (const auto& r : runners_) out.push_back(r->profile());
  return out;
}

std::vector<CampaignSummary> CampaignSession::liveSummaries() const {
  std::vector<CampaignSummary> out;
  for (const auto& r : running_) out.push_back(r.summary());
  return out;
}

void requireCampaignInputs(const std::string& dir, const CampaignManifest& manifest,
                           const std::vector<const Model*>& models, const Dataset& data) {
  namespace fs = std::filesystem;
  const std::string source = dir + "/campaign.json";
  if (manifest.models.size() != models.size())
    throw fileError(source, "this campaign ran on " + std::to_string(manifest.models.size()) + " model(s), not " +
                                std::to_string(models.size()));
  const std::size_t images = manifest.config.imageEnd;
  if (data.size() < images)
    throw fileError(source, "this campaign ran on " + std::to_string(images) + " images; " + data.source() +
                                " has only " + std::to_string(data.size()));
  const auto role = [&](std::size_t m) { return models.size() == 2 ? (m == 0 ? "baseline" : "text-guided") : "model"; };
  if (manifest.inputDigests.empty()) {
    // Written before digests: the paths are all there is to compare.
    const auto same = [](const std::string& a, const std::string& b) {
      std::error_code ec1, ec2;
      return a == b || fs::weakly_canonical(a, ec1) == fs::weakly_canonical(b, ec2);
    };
    for (std::size_t m = 0; m < models.size(); ++m)
      if (!same(manifest.models[m], models[m]->path()))
        throw fileError(source, std::string("this campaign's ") + role(m) + " was " + manifest.models[m] + ", not " +
                                    models[m]->path());
    if (manifest.data != data.source())
      throw fileError(source, "this campaign ran on " + manifest.data + ", not " + data.source());
    return;
  }
  for (std::size_t m = 0; m < models.size(); ++m) {
    if (manifest.inputDigests.models[m] == models[m]->contentDigest()) continue;
    if (models.size() == 2 && manifest.inputDigests.models[1 - m] == models[m]->contentDigest())
      throw fileError(source, "this campaign ran with the models the other way round: " + models[m]->path() +
                                  " was its " + role(1 - m) + " model, not its " + role(m) + " one");
    throw fileError(source, std::string("this campaign's ") + role(m) + " model (" + manifest.models[m] + ") is not " +
                                models[m]->path() + ": their contents differ");
  }
  if (manifest.inputDigests.data != datasetDigest(data, 0, images))
    throw fileError(source, "this campaign ran on other images than the first " + std::to_string(images) + " of " +
                                data.source() + " (it ran on " + manifest.data + ")");
}

}  // namespace faultlens
