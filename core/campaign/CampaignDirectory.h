#pragma once
// A campaign's directory: campaign.json (the manifest that pins which campaign the
// directory holds, so a resumed or sharded run can never mix two campaigns), one record
// file per model and shard (RecordFile.h), and summary.json / summary.csv once complete.
// Torch-free: the CLI's campaign and merge verbs and the GUI's campaign view share it.
#include <string>
#include <vector>

#include "core/campaign/CampaignPlan.h"
#include "core/campaign/CampaignStats.h"
#include "core/campaign/PairedStats.h"

namespace faultlens {

/// A Ranger-style range profile in use: its file and, per layer of the model, the bound
/// (NaN: that layer unbounded). The bounds are pinned, not only the file name, so a
/// profile edited between runs cannot be mixed into one campaign.
struct RangeProfileUse {
  std::string file;
  std::vector<double> bounds;
};

/// The inputs of a campaign by content (core/io/ContentDigest.h): one "sha256:…" per model
/// (file and metadata) and one for images [0, images) of the data set. Empty in
/// directories written before digests existed; those are checked by path only.
struct InputDigests {
  std::vector<std::string> models;
  std::string data;
  bool empty() const { return models.empty() && data.empty(); }
};

/// What campaign.json records. Images are always [0, images) of the data set.
struct CampaignManifest {
  std::vector<std::string> models;  ///< paths; the first is the baseline
  std::string data;                 ///< data-set source
  CampaignConfig config;
  std::vector<std::vector<std::string>> layerNames;  ///< per model, in layer order
  std::vector<RangeProfileUse> restrictRanges;       ///< empty, or one per model
  /// Protocol::Paper: the profile each model's faulty values are clamped to, one per model.
  std::vector<RangeProfileUse> clampRanges;
  /// Two models: corresponding layers (baseline index, text-guided index), which share
  /// their fault sequences and sit on one row of every table (core/model/LayerAlignment.h).
  std::vector<std::pair<int, int>> layerPairs;
  InputDigests inputDigests;
  /// int8 campaigns: per model, every layer's output scale (its profiled abs-max; NaN for a
  /// layer that never runs), so a resume quantises exactly as the start did.
  ScalesPerModel formatScales;

  /// layerPairs, or index-to-index pairs for campaigns written before alignments existed.
  std::vector<std::pair<int, int>> correspondingLayers() const;
};

/// campaign.json's text.
std::string campaignManifestJson(const CampaignManifest& manifest);
/// Reads campaign.json text; errors name `source`. Unknown keys are errors.
CampaignManifest parseCampaignManifest(const std::string& text, const std::string& source);
CampaignManifest readCampaignManifest(const std::string& dir);

/// Readies `dir` for a campaign before anything is written into it. With a campaign.json
/// there, this is a resume: nothing changes and the result is empty. Without one, the
/// directory must be absent, empty, or hold only what a start that never reached its
/// manifest leaves behind (range profiles ranges-M.json, writer locks): nothing pins
/// those yet, so they are removed and their paths returned for the caller to mention.
/// Anything else is not this campaign's: throws naming the directory and a file in it.
std::vector<std::string> prepareCampaignDirectory(const std::string& dir);

/// Creates `dir` and writes campaign.json into it, or, when it already holds one, checks
/// that it describes this very campaign, inputs included (else throws naming what
/// differs: use another directory). Returns false when the directory predates input
/// digests, so its models and data could be checked by path only.
bool openCampaignDirectory(const std::string& dir, const CampaignManifest& manifest);

/// An exclusive claim on one shard of a campaign directory, held while a process reads
/// and appends that shard's record files: a second process (or a second Slurm task that
/// thinks it is the same shard) is refused with a message naming the holder instead of
/// appending duplicates. An flock on DIR/writer[-shardI-of-N].lock: the kernel releases
/// it when the process ends, so a crash never leaves a stale lock.
class ShardWriterLock {
 public:
  ShardWriterLock(const std::string& dir, int shard, int shards);
  ~ShardWriterLock();
  ShardWriterLock(const ShardWriterLock&) = delete;
  ShardWriterLock& operator=(const ShardWriterLock&) = delete;

 private:
  std::string path_;
  int fd_ = -1;
};

/// DIR/records-M.csv, or DIR/records-M-shardI-of-N.csv for a sharded campaign.
std::string campaignRecordPath(const std::string& dir, std::size_t model, int shard, int shards);

/// Per-model summaries from every shard's records. With `requireComplete`, throws naming
/// the directory when a shard's file is missing or a layer lacks injections.
std::vector<CampaignSummary> summarizeCampaignDirectory(const std::string& dir, const CampaignManifest& manifest,
                                                        bool requireComplete);

/// The same from outcomes already read (readCampaignOutcomes); `dir` names the campaign in
/// errors.
std::vector<CampaignSummary> summarizeCampaignOutcomes(std::vector<std::vector<InjectionOutcome>> outcomes,
                                                       const CampaignManifest& manifest, const std::string& dir,
                                                       bool requireComplete);

/// Every model's outcomes from all shards' records (any order), refusing an injection
/// that two shards recorded. A shard that has not run reads as empty, or with
/// `requireComplete` is an error naming its file.
std::vector<std::vector<InjectionOutcome>> readCampaignOutcomes(const std::string& dir,
                                                                const CampaignManifest& manifest,
                                                                bool requireComplete = false);

/// The paired comparison of a two-model campaign from its outcomes (readCampaignOutcomes;
/// PairedStats.h): the paper protocol's |ΔCE| when it ran with it, resampled from the
/// campaign's seed, so a merge of shards gives the numbers of one run.
PairedComparison compareCampaignOutcomes(const std::vector<std::vector<InjectionOutcome>>& outcomes,
                                         const CampaignManifest& manifest);

/// Writes DIR/summary.json (manifest, protocol, per-layer numbers with their per-bit
/// breakdown, improvement factors for corresponding layers, the last layer and the network
/// for two models, and for two models the paired comparison; per model its fragile
/// inputs), DIR/summary.csv, DIR/bits.csv, DIR/fragile_images_ranked.csv and for two
/// models DIR/paired.csv atomically. `paired` and `outcomes`: the comparison and the
/// records when the caller has them already (else they are computed from the records).
void writeCampaignSummary(const std::string& dir, const CampaignManifest& manifest,
                          const std::vector<CampaignSummary>& summaries, const PairedComparison* paired = nullptr,
                          const std::vector<std::vector<InjectionOutcome>>* outcomes = nullptr);

/// The summary of layer index `layer`, or null when the campaign did not inject into it.
const LayerSummary* findLayerSummary(const CampaignSummary& summary, int layer);

/// The rows of a table or plot of one or two models' campaign layers: the baseline's
/// layers in order, each beside its partner in `pairs` (baseline index, text-guided index)
/// or null, and a layer only the second model has (null beside it) where it runs.
using AlignedLayerRow = std::pair<const LayerSummary*, const LayerSummary*>;
std::vector<AlignedLayerRow> alignedLayerRows(const std::vector<CampaignSummary>& summaries,
                                              const std::vector<std::pair<int, int>>& pairs);

}  // namespace faultlens
