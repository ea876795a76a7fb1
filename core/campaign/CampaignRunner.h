#pragma once
// Runs a campaign's planned injections on one model. Activation faults are batched: every
// image of a pass carries a different fault (docs/architecture.md). The network before the faulted
// layer runs once per batch, fault-free, and both the clean and the faulty logits are
// resumed from that state (Model::captureState). Layers that cannot be cut, and weight
// faults (one inference each), use clean logits computed once per image in a canonical
// batch, so results never depend on a run's history.
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "core/campaign/CampaignPlan.h"
#include "core/campaign/CampaignStats.h"

namespace faultlens {

class Model;
class Dataset;
class TapHandler;

struct CampaignProgress {
  std::int64_t done = 0, total = 0;  ///< injections, this run (resumed ones excluded)
  double elapsedSeconds = 0.0;
};

/// What one model of a campaign needs beyond the shared CampaignConfig.
struct ModelCampaignOptions {
  /// One per layer of the model, NaN for none; empty: off. A Ranger-style range detector:
  /// every pass, clean and faulty, clips each layer output to its profiled range
  /// (RangeRestriction), after the fault is injected.
  std::vector<double> restrictBounds;
  /// Protocol::Paper: the profiled abs-max of every layer (one per layer); a faulty value
  /// beyond it is clamped (clampToRange). Required for the paper protocol.
  std::vector<double> clampBounds;
  /// Layer index → key of its fault sequence (layers not listed use their own index): the
  /// second model's layers take the key of the baseline layer they correspond to.
  std::map<int, std::uint64_t> sequenceKeys;
};

class CampaignRunner {
 public:
  CampaignRunner(Model& model, const Dataset& data, CampaignConfig config, ModelCampaignOptions options);
  /// A campaign with only a range detector (`rangeBounds`, see ModelCampaignOptions).
  CampaignRunner(Model& model, const Dataset& data, CampaignConfig config, std::vector<double> rangeBounds = {});
  ~CampaignRunner();

  /// Runs every planned injection not in `done` (keys: layer, injection). Each finished
  /// batch of outcomes goes to `sink` before the next starts. Returns false if `stop`
  /// ended the run early.
  bool run(const std::set<std::pair<int, std::int64_t>>& done,
           const std::function<void(const std::vector<InjectionOutcome>&)>& sink,
           const std::function<void(const CampaignProgress&)>& onProgress, const std::atomic<bool>& stop);

  /// Planned injections of this shard (all layers), before skipping done ones.
  std::int64_t plannedInjections() const;
  const std::vector<int>& layers() const { return layers_; }
  /// Protocol::Paper: the data-set indices injections draw from (correct, Top2Diff > 0).
  const std::vector<std::int64_t>& goldenImages() const { return golden_; }

 private:
  const std::vector<float>& cleanLogits(std::int64_t image);
  void computeClean(const std::vector<std::int64_t>& images);
  std::vector<InjectionOutcome> runActivationBatch(const std::vector<PlannedInjection>& batch);
  InjectionOutcome runWeightInjection(const PlannedInjection& p);
  InjectionOutcome outcome(const PlannedInjection& p, float before, float after, const std::vector<float>& faulty,
                           const std::vector<float>& clean);

  Model& model_;
  const Dataset& data_;
  CampaignConfig config_;
  std::vector<int> layers_;
  std::map<int, std::vector<PlannedInjection>> plans_;
  std::vector<std::int64_t> goldenSet();
  std::map<std::int64_t, std::vector<float>> clean_;
  std::unique_ptr<TapHandler> restriction_;  // null: no range detector
  std::vector<double> clampBounds_;          // empty: no clamp (raw protocol)
  std::vector<std::int64_t> golden_;
};

}  // namespace faultlens
