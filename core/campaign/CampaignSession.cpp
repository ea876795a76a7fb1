#include "core/campaign/CampaignSession.h"

#include <chrono>

#include "core/Error.h"
#include "core/Model.h"
#include "core/campaign/RecordFile.h"
#include "core/data/Dataset.h"

namespace faultlens {

CampaignSession::CampaignSession(std::string dir, std::vector<Model*> models, const Dataset& data,
                                 CampaignConfig config, std::vector<RangeProfileUse> ranges)
    : dir_(std::move(dir)), models_(std::move(models)) {
  if (models_.empty() || models_.size() > 2) throw Error("a campaign has one or two models");
  if (!ranges.empty() && ranges.size() != models_.size())
    throw Error("range restriction needs one profile per model (" + std::to_string(models_.size()) + ")");
  manifest_.data = data.source();
  manifest_.config = config;
  manifest_.restrictRanges = ranges;
  for (const Model* m : models_) {
    manifest_.models.push_back(m->path());
    std::vector<std::string> names;
    for (const auto& l : m->layers()) names.push_back(l.name);
    manifest_.layerNames.push_back(std::move(names));
  }
  openCampaignDirectory(dir_, manifest_);
  for (std::size_t m = 0; m < models_.size(); ++m) {
    runners_.push_back(std::make_unique<CampaignRunner>(*models_[m], data, config,
                                                        ranges.empty() ? std::vector<double>{} : ranges[m].bounds));
    std::set<std::pair<int, std::int64_t>> done;
    const auto recorded = readRecords(campaignRecordPath(dir_, m, config.shardIndex, config.shardCount));
    for (const auto& o : recorded) done.insert({o.layer, o.injection});
    running_.emplace_back(manifest_.layerNames[m]);
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
    out.push_back(summarize(readRecords(campaignRecordPath(dir_, m, c.shardIndex, c.shardCount)), manifest_.layerNames[m]));
  return out;
}

std::vector<CampaignSummary> CampaignSession::liveSummaries() const {
  std::vector<CampaignSummary> out;
  for (const auto& r : running_) out.push_back(r.summary());
  return out;
}

}  // namespace faultlens
