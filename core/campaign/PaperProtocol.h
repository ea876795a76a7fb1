#pragma once
// What the paper's protocol (Protocol::Paper) needs before a campaign starts: the range
// profile every faulty value is clamped to, taken from training data as the paper did, and
// kept in the campaign directory so that a resumed or sharded run clamps to the same bounds.
#include <cstddef>
#include <functional>
#include <string>

#include "core/campaign/CampaignDirectory.h"

namespace faultlens {

class Model;
class Dataset;

/// The training split to profile on for a data-set spec: "fashion-mnist:train" for
/// "fashion-mnist" and "fashion-mnist:test"; empty when FaultLens knows none (the user
/// names one).
std::string defaultProfileDataFor(const std::string& dataSpec);

/// Where a paper-protocol campaign in `dir` keeps model `m`'s clamp profile
/// (DIR/ranges-M.json), so the CLI, the report and the window resume each other's runs.
std::string paperClampProfilePath(const std::string& dir, std::size_t m);

/// The clamp bounds of `model` from the profile in `file` when it exists (written by
/// `faultlens-cli ranges` or by an earlier run); otherwise profiles the first `images` of
/// `profileData` (0: all), writes the profile to `file` atomically and uses it. Throws
/// naming the file when the profile lacks one of the model's layers or has a bound that is
/// not positive and finite, or when there is no file and no data to profile, or when the
/// profile records another model (profileBoundsFor) and not `anyModel`.
RangeProfileUse paperClampProfile(Model& model, const std::string& file, const Dataset* profileData,
                                  std::size_t images = 0,
                                  const std::function<void(std::size_t, std::size_t)>& onBatch = {},
                                  bool anyModel = false);

}  // namespace faultlens
