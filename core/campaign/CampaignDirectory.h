#pragma once
// A campaign's directory: campaign.json (the manifest that pins which campaign the
// directory holds, so a resumed or sharded run can never mix two campaigns), one record
// file per model and shard (RecordFile.h), and summary.json / summary.csv once complete.
// Torch-free: the CLI's campaign and merge verbs and the GUI's campaign view share it.
#include <string>
#include <vector>

#include "core/campaign/CampaignPlan.h"
#include "core/campaign/CampaignStats.h"

namespace faultlens {

/// A Ranger-style range profile in use: its file and, per layer of the model, the bound
/// (NaN: that layer unbounded). The bounds are pinned, not only the file name, so a
/// profile edited between runs cannot be mixed into one campaign.
struct RangeProfileUse {
  std::string file;
  std::vector<double> bounds;
};

/// What campaign.json records. Images are always [0, images) of the data set.
struct CampaignManifest {
  std::vector<std::string> models;  ///< paths; the first is the baseline
  std::string data;                 ///< data-set source
  CampaignConfig config;
  std::vector<std::vector<std::string>> layerNames;  ///< per model, in layer order
  std::vector<RangeProfileUse> restrictRanges;       ///< empty, or one per model
};

/// campaign.json's text.
std::string campaignManifestJson(const CampaignManifest& manifest);
/// Reads campaign.json text; errors name `source`. Unknown keys are errors.
CampaignManifest parseCampaignManifest(const std::string& text, const std::string& source);
CampaignManifest readCampaignManifest(const std::string& dir);

/// Creates `dir` and writes campaign.json into it, or, when it already holds one, checks
/// that it describes this very campaign (else throws: use another directory).
void openCampaignDirectory(const std::string& dir, const CampaignManifest& manifest);

/// DIR/records-M.csv, or DIR/records-M-shardI-of-N.csv for a sharded campaign.
std::string campaignRecordPath(const std::string& dir, std::size_t model, int shard, int shards);

/// Per-model summaries from every shard's records. With `requireComplete`, throws naming
/// the directory when a shard's file is missing or a layer lacks injections.
std::vector<CampaignSummary> summarizeCampaignDirectory(const std::string& dir, const CampaignManifest& manifest,
                                                        bool requireComplete);

/// Writes DIR/summary.json (manifest, per-layer numbers, improvement factors for two
/// models) and DIR/summary.csv atomically.
void writeCampaignSummary(const std::string& dir, const CampaignManifest& manifest,
                          const std::vector<CampaignSummary>& summaries);

}  // namespace faultlens
