#pragma once
// One campaign run into its directory, for one or two models: opens (or resumes) the
// directory, skips the injections its record files already hold, runs the rest model by
// model with a CampaignRunner, appends every finished batch to the records before the
// next starts, and reports progress over all models. The CLI's `campaign` verb and the
// GUI's campaign view are thin front ends over this class.
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/campaign/CampaignDirectory.h"
#include "core/campaign/CampaignRunner.h"

namespace faultlens {

class Model;
class Dataset;
class LayerAlignment;

class CampaignSession {
 public:
  /// `models`: baseline first. `ranges`: empty, or one profile per model (the range
  /// detector). `clampRanges`: for Protocol::Paper, one profile per model (the profiled
  /// abs-max a faulty value is clamped to). `alignment`: which layers of two models
  /// correspond (null: LayerAlignment::automatic); config.layers names baseline layers, and
  /// the second model injects into their partners. `memoryBudgetBytes`: what each model's
  /// captured layer states may hold (ModelCampaignOptions). Throws when `dir` holds a
  /// different campaign or its records are unreadable.
  CampaignSession(std::string dir, std::vector<Model*> models, const Dataset& data, CampaignConfig config,
                  std::vector<RangeProfileUse> ranges = {}, std::vector<RangeProfileUse> clampRanges = {},
                  const LayerAlignment* alignment = nullptr,
                  std::int64_t memoryBudgetBytes = kDefaultCampaignMemoryBudget);
  ~CampaignSession();

  const CampaignManifest& manifest() const { return manifest_; }
  const std::string& directory() const { return dir_; }
  /// False when the directory was written before campaigns pinned their inputs by content:
  /// a resume into it checks the models and data by path only.
  bool inputsPinnedByContent() const { return inputsPinned_; }
  /// Injections of this shard over all models, and how many of them are already recorded.
  std::int64_t plannedInjections() const;
  std::int64_t recordedInjections() const { return recorded_; }

  struct Observer {
    /// Every finished batch of model `model`, after it is on disk.
    std::function<void(std::size_t model, const std::vector<InjectionOutcome>&)> onOutcomes;
    /// done/total over all models, counting only this run's injections.
    std::function<void(const CampaignProgress&)> onProgress;
  };
  /// Runs every unrecorded injection: all planned ones (two models taking turns, round by
  /// round up to the same injection number, see interleavedCheckpoints), or with a stopping
  /// rule round by round (both models up to a checkpoint, then each layer pair's decision
  /// from the records) until every layer has stopped. Returns false when `stop` ended it early; what
  /// finished is on disk and a new session on the same directory resumes from there,
  /// replaying the decisions from the records.
  bool run(const Observer& observer, const std::atomic<bool>& stop);

  /// Per-model summaries of this shard's records so far, exact (reads the record files);
  /// with a stopping rule, without the injections past a layer's stop.
  std::vector<CampaignSummary> summaries() const;
  /// The same from running totals kept as batches finish: O(layers), for live views of
  /// long campaigns (means may differ from summaries() in the last digits).
  std::vector<CampaignSummary> liveSummaries() const;
  /// The runner of model `model` (its plans, its profile).
  const CampaignRunner& runner(std::size_t model) const { return *runners_.at(model); }
  /// Where each model's run spent its time so far (one per model).
  std::vector<CampaignRunProfile> profiles() const;

 private:
  /// Per model, the campaign layers that have not stopped yet (AdaptiveStopping.h).
  std::vector<std::set<int>> activeLayers() const;

  std::string dir_;
  std::unique_ptr<ShardWriterLock> lock_;  // held from reading the records to the last append
  std::vector<Model*> models_;
  CampaignManifest manifest_;
  std::vector<std::unique_ptr<CampaignRunner>> runners_;
  std::vector<std::set<std::pair<int, std::int64_t>>> done_;
  std::vector<RunningSummary> running_;
  /// Adaptive stopping: this shard's outcomes per model, recorded and new, for the decisions.
  std::vector<std::vector<InjectionOutcome>> recordedOutcomes_;
  std::int64_t recorded_ = 0;
  bool inputsPinned_ = true;
};

/// Throws naming `dir` unless its campaign ran on exactly these models, in this order
/// (baseline first), and on these images: by content digest, or by path for a directory
/// written before digests existed. For commands that read a finished campaign beside
/// their own inputs (`report --campaign`), so a table never pairs one model's numbers
/// with another's name.
void requireCampaignInputs(const std::string& dir, const CampaignManifest& manifest,
                           const std::vector<const Model*>& models, const Dataset& data);

}  // namespace faultlens
