// Campaign manifests (campaign.json), which resuming, merging and the GUI's campaign view
// read back, with a write/read round trip.
#include "core/campaign/CampaignDirectory.h"
#include "fuzz/FuzzTarget.h"

namespace faultlens::fuzz {

void fuzzOne(const std::string& input) {
  const CampaignManifest manifest = parseCampaignManifest(input, "campaign.json");
  const std::string text = campaignManifestJson(manifest);
  check(campaignManifestJson(parseCampaignManifest(text, "again.json")) == text);
}

}  // namespace faultlens::fuzz
