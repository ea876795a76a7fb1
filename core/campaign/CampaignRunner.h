#pragma once
// Runs a campaign's planned injections on one model, at the cost floor of an activation
// campaign (docs/architecture.md, "Campaigns at the cost floor"): every batch is one
// canonical image chunk (CampaignPlan.h), so the work is ordered by chunk. Each chunk is
// decoded once, and one forward pass
// of it gives its clean logits and the fault-free state of every campaign layer; every
// batch of every layer on that chunk then runs only the faulty network after its layer.
// The clean logits come from the same batch as the faulty ones, so a masked fault gives
// ΔLoss exactly 0. Layers that cannot be cut re-run the whole chunk with the fault.
// Weight campaigns run the same way: the capture also keeps each layer's input, and every
// image of a batch carries its own weight fault, added to the layer's clean output
// (WeightFaultContributions) before the rest of the network runs. Layers that cannot be
// cut run one full inference per weight fault.
#include <ATen/core/Tensor.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "core/faults/Fault.h"
#include "core/campaign/CampaignPlan.h"
#include "core/campaign/CampaignStats.h"

namespace faultlens {

class Model;
class Dataset;
class TapHandler;
class LayerState;

struct CampaignProgress {
  std::int64_t done = 0, total = 0;  ///< injections, this run (resumed ones excluded)
  double elapsedSeconds = 0.0;
};

/// The default for ModelCampaignOptions::memoryBudgetBytes: 2 GiB.
constexpr std::int64_t kDefaultCampaignMemoryBudget = std::int64_t{2} << 30;

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
  /// Memory the captured layer states may hold at once. When one chunk's states for all
  /// layers exceed it, the layers are split into groups captured one after another (one
  /// forward pass more per group). Never changes a result, only the speed.
  std::int64_t memoryBudgetBytes = kDefaultCampaignMemoryBudget;
};

/// Where a run's time went (seconds), for the bench's profile.
struct CampaignRunProfile {
  double data = 0.0;      ///< decoding and preprocessing images (once per chunk)
  double capture = 0.0;   ///< clean forward passes that capture the layer states
  double faulty = 0.0;    ///< faulty passes (the floor's work)
  double outcomes = 0.0;  ///< outcomes and the sink (records written to disk)
  std::int64_t captures = 0;
  std::int64_t largestStateBytes = 0;  ///< the largest capture of one chunk (one group's layer states)
  int layerGroups = 1;                 ///< groups the layers were captured in (see memoryBudgetBytes)
};

class CampaignRunner {
 public:
  CampaignRunner(Model& model, const Dataset& data, CampaignConfig config, ModelCampaignOptions options);
  /// A campaign with only a range detector (`rangeBounds`, see ModelCampaignOptions).
  CampaignRunner(Model& model, const Dataset& data, CampaignConfig config, std::vector<double> rangeBounds = {});
  ~CampaignRunner();

  /// Which batches a run takes, when not all (adaptive stopping runs a campaign in rounds):
  /// layer index → a limit; a listed layer runs its batches whose first injection is below
  /// its limit, a layer not listed runs none.
  using BatchLimits = std::map<int, std::int64_t>;
  using Done = std::set<std::pair<int, std::int64_t>>;

  /// Runs every planned injection not in `done` (keys: layer, injection) of the batches
  /// `limits` selects (null: all). Each finished batch of outcomes goes to `sink` before the
  /// next starts. Returns false if `stop` ended the run early. A run with `limits` is one
  /// round of several and leaves freeing cached memory (releaseFreeMemory) to its caller.
  bool run(const Done& done, const std::function<void(const std::vector<InjectionOutcome>&)>& sink,
           const std::function<void(const CampaignProgress&)>& onProgress, const std::atomic<bool>& stop,
           const BatchLimits* limits = nullptr);
  /// The injections such a run would compute.
  std::int64_t remainingInjections(const Done& done, const BatchLimits* limits = nullptr) const;

  /// Planned injections of this shard (all layers), before skipping done ones.
  std::int64_t plannedInjections() const;
  /// This shard's planned injections of one layer, in sequence order.
  const std::vector<PlannedInjection>& plan(int layer) const { return plans_.at(layer); }
  const std::vector<int>& layers() const { return layers_; }
  /// Protocol::Paper: the data-set indices injections draw from (correct, Top2Diff > 0).
  const std::vector<std::int64_t>& goldenImages() const { return golden_; }
  const CampaignRunProfile& profile() const { return profile_; }

 private:
  struct ChunkStates;
  /// A chunk's batches (each one layer's injections on it), by chunk.
  using BatchesByChunk = std::map<std::int64_t, std::vector<std::vector<PlannedInjection>>>;
  using OutcomeSink = std::function<void(const std::vector<InjectionOutcome>&)>;
  /// The batches a run computes: those `limits` selects with an injection not in `done`.
  std::vector<std::vector<PlannedInjection>> selectBatches(const Done& done, const BatchLimits* limits) const;
  std::vector<std::int64_t> chunkImages(std::int64_t chunk) const;
  at::Tensor loadChunk(std::int64_t chunk);
  std::unique_ptr<ChunkStates> capture(std::int64_t chunk, const at::Tensor& input, std::size_t group);
  void planLayerGroups(const at::Tensor& chunkInput);
  std::vector<std::int64_t> goldenSet();
  /// Every batch of `byChunk`, chunk by chunk: one capture per chunk and layer group, then
  /// the chunk's batches of those layers.
  bool runChunks(const BatchesByChunk& byChunk, const std::set<std::pair<int, std::int64_t>>& done,
                 const OutcomeSink& sink, const std::function<void()>& finished, const std::atomic<bool>& stop);
  std::vector<InjectionOutcome> runBatch(const std::vector<PlannedInjection>& batch, const ChunkStates& states,
                                         const at::Tensor& input, const std::set<std::pair<int, std::int64_t>>& done);
  std::vector<InjectionOutcome> runActivationBatch(const std::vector<PlannedInjection>& batch, const LayerState& state,
                                                   const std::vector<std::vector<float>>& clean);
  std::vector<InjectionOutcome> runWeightBatch(const std::vector<PlannedInjection>& batch, const LayerState& state,
                                               const std::vector<std::vector<float>>& clean);
  /// Logits of the network after `state`'s layer with `fault` (then the range detector, if
  /// any) on the layer output.
  std::vector<std::vector<float>> resumeFaulty(const LayerState& state, TapHandler& fault);
  /// One outcome per injection of `batch`, from its row of `faulty` and `clean`; `applied`
  /// (before and after values) in the batch's order.
  template <class Applied>
  std::vector<InjectionOutcome> batchOutcomes(const std::vector<PlannedInjection>& batch,
                                              const std::vector<Applied>& applied,
                                              const std::vector<std::vector<float>>& faulty,
                                              const std::vector<std::vector<float>>& clean);
  InjectionOutcome runWeightInjection(const PlannedInjection& p, const at::Tensor& image);
  WeightFault weightFault(const PlannedInjection& p) const;

  InjectionOutcome outcome(const PlannedInjection& p, float before, float after, const std::vector<float>& faulty,
                           const std::vector<float>& clean);

  Model& model_;
  const Dataset& data_;
  CampaignConfig config_;
  std::int64_t memoryBudget_;
  std::vector<int> layers_;
  std::map<int, std::vector<PlannedInjection>> plans_;
  /// Clean logits per image, from its chunk's forward pass.
  std::map<std::int64_t, std::vector<float>> clean_;
  /// Layers captured together (memoryBudget_); one group of all layers until measured.
  std::vector<std::vector<int>> layerGroups_;
  bool groupsPlanned_ = false;
  /// Captures kept from the golden pass (the paper protocol), within the budget.
  std::map<std::int64_t, std::unique_ptr<ChunkStates>> kept_;
  std::unique_ptr<TapHandler> restriction_;  // null: no range detector
  std::vector<double> clampBounds_;          // empty: no clamp (raw protocol)
  std::vector<std::int64_t> golden_;
  CampaignRunProfile profile_;
};

}  // namespace faultlens
