#pragma once
// Runs a campaign's planned injections on one model. Activation faults are batched: every
// image of a pass carries a different fault (DESIGN.md). The network before the faulted
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

class CampaignRunner {
 public:
  /// `rangeBounds` (one per layer of `model`, NaN for none; empty: off) switches on a
  /// Ranger-style range detector: every pass, clean and faulty, clips each layer output to
  /// its profiled range (RangeRestriction), after the fault is injected.
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
  std::map<std::int64_t, std::vector<float>> clean_;
  std::unique_ptr<TapHandler> restriction_;  // null: no range detector
};

}  // namespace faultlens
