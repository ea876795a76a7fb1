#include "core/campaign/CampaignSession.h"

#include <chrono>

#include "core/Error.h"
#include "core/LayerAlignment.h"
#include "core/Model.h"
#include "core/campaign/RecordFile.h"
#include "core/data/Dataset.h"

namespace faultlens {

CampaignSession::CampaignSession(std::string dir, std::vector<Model*> models, const Dataset& data,
                                 CampaignConfig config, std::vector<RangeProfileUse> ranges,
                                 std::vector<RangeProfileUse> clampRanges, const LayerAlignment* alignment)
    : dir_(std::move(dir)), models_(std::move(models)) {
  if (models_.empty() || models_.size() > 2) throw Error("a campaign has one or two models");
  if (!ranges.empty() && ranges.size() != models_.size())
    throw Error("range restriction needs one profile per model (" + std::to_string(models_.size()) + ")");
  if ((config.protocol == Protocol::Paper) != !clampRanges.empty() ||
      (!clampRanges.empty() && clampRanges.size() != models_.size()))
    throw Error("the paper's protocol needs one range profile per model (" + std::to_string(models_.size()) + ")");
  manifest_.data = data.source();
  manifest_.config = config;
  manifest_.restrictRanges = ranges;
  manifest_.clampRanges = clampRanges;
  for (const Model* m : models_) {
    manifest_.models.push_back(m->path());
    std::vector<std::string> names;
    for (const auto& l : m->layers()) names.push_back(l.name);
    manifest_.layerNames.push_back(std::move(names));
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
      options[1].sequenceKeys[l.index] =
          partner >= 0 ? static_cast<std::uint64_t>(partner) : (std::uint64_t{1} << 32) + static_cast<std::uint64_t>(l.index);
    }
  }
  openCampaignDirectory(dir_, manifest_);
  lock_ = std::make_unique<ShardWriterLock>(dir_, config.shardIndex, config.shardCount);
  const bool absolute = config.protocol == Protocol::Paper;
  for (std::size_t m = 0; m < models_.size(); ++m) {
    if (!ranges.empty()) options[m].restrictBounds = ranges[m].bounds;
    if (!clampRanges.empty()) options[m].clampBounds = clampRanges[m].bounds;
    runners_.push_back(std::make_unique<CampaignRunner>(*models_[m], data, configs[m], options[m]));
    std::set<std::pair<int, std::int64_t>> done;
    const auto recorded = readRecords(campaignRecordPath(dir_, m, config.shardIndex, config.shardCount));
    for (const auto& o : recorded) done.insert({o.layer, o.injection});
    running_.emplace_back(manifest_.layerNames[m], absolute);
    running_.back().add(recorded);
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
  const auto start = std::chrono::steady_clock::now();
  const std::int64_t total = plannedInjections() - recorded_;
  std::int64_t finishedModels = 0;  // this run's injections of the models already done
  for (std::size_t m = 0; m < runners_.size(); ++m) {
    const CampaignConfig& c = manifest_.config;
    RecordWriter writer(campaignRecordPath(dir_, m, c.shardIndex, c.shardCount));
    std::int64_t doneHere = 0;
    const bool complete = runners_[m]->run(
        done_[m],
        [&](const std::vector<InjectionOutcome>& outcomes) {
          writer.append(outcomes);  // on disk before anyone sees it
          // The runner reads `done` only when it starts, so this keeps a later run() exact.
          for (const auto& o : outcomes) done_[m].insert({o.layer, o.injection});
          running_[m].add(outcomes);
          if (observer.onOutcomes) observer.onOutcomes(m, outcomes);
        },
        [&](const CampaignProgress& p) {
          doneHere = p.done;
          if (!observer.onProgress) return;
          CampaignProgress all;
          all.done = finishedModels + p.done;
          all.total = total;
          all.elapsedSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
          observer.onProgress(all);
        },
        stop);
    if (!complete) return false;
    finishedModels += doneHere;
  }
  return true;
}

std::vector<CampaignSummary> CampaignSession::summaries() const {
  std::vector<CampaignSummary> out;
  const CampaignConfig& c = manifest_.config;
  for (std::size_t m = 0; m < models_.size(); ++m)
    out.push_back(summarize(readRecords(campaignRecordPath(dir_, m, c.shardIndex, c.shardCount)), manifest_.layerNames[m],
                            c.protocol == Protocol::Paper));
  return out;
}

std::vector<CampaignSummary> CampaignSession::liveSummaries() const {
  std::vector<CampaignSummary> out;
  for (const auto& r : running_) out.push_back(r.summary());
  return out;
}

}  // namespace faultlens
