#pragma once
// Part 4 of faultlens-bench: activation campaigns end to end, through CampaignSession as
// `faultlens-cli campaign` runs them (records written, images decoded from their files),
// against the floor (the same faulty batches resumed from captured states, nothing else)
// and the naive method (one full forward per injection at batch 1, golden outputs cached).
#include <string>
#include <vector>

#include "core/campaign/CampaignRunner.h"

namespace faultlens {
class Model;
class Dataset;
namespace bench {

struct CampaignBenchCase {
  std::string title;
  std::vector<Model*> models;  ///< one, or the demo pair (baseline first)
  const Dataset* data = nullptr;
  std::size_t images = 0;  ///< the campaign's image range [0, images)
  int injectionsPerLayer = 16;
  int batchSize = 16;
  int naivePerLayer = 2;  ///< injections per layer the naive method times (scaled to all)
  /// Also run the campaign once more under this memory budget (MiB; 0: no): the layers are
  /// then captured in groups, and the peak memory shows what the budget holds.
  int smallBudgetMiB = 0;
};

/// Runs one case and prints its rates, ratios and where the time went.
void benchCampaign(const CampaignBenchCase& c);
/// The case as a weight campaign, end to end against the naive method (a weight written,
/// a full forward at batch 1 per fault).
void benchWeightCampaign(const CampaignBenchCase& c);

/// The cost of number-format emulation: the same activation campaign end to end (the
/// case's models loaded afresh from `paths`) in fp32 and in bf16, fp16, fp8-e4m3 and int8,
/// each as a ratio to fp32 (best of 2 each, alternating). int8's scales are the layers'
/// abs-max over the case's images.
void benchFormatCost(const CampaignBenchCase& c, const std::vector<std::string>& paths,
                     const std::string& inputShape = "");

/// Times summed over models (the largest capture and group count: their maximum).
CampaignRunProfile totalProfile(const std::vector<CampaignRunProfile>& profiles);

/// Writes `count` deterministic noise PNGs (two classes) into `dir`/a and `dir`/b: an
/// image folder that exercises decoding and resizing like a user's data.
void writeNoiseImageFolder(const std::string& dir, int count, int side);

}  // namespace bench
}  // namespace faultlens
