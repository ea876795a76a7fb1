#include "core/campaign/PaperProtocol.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/Error.h"
#include "core/io/FileIO.h"
#include "core/model/Model.h"
#include "core/analysis/ActivationRanges.h"
#include "core/data/Dataset.h"

namespace faultlens {

std::string defaultProfileDataFor(const std::string& dataSpec) {
  if (dataSpec == "fashion-mnist" || dataSpec == "fashion-mnist:test" || dataSpec == "fashion-mnist:train")
    return "fashion-mnist:train";
  return "";
}

std::string paperClampProfilePath(const std::string& dir, std::size_t m) {
  return dir + "/ranges-" + std::to_string(m) + ".json";
}

RangeProfileUse paperClampProfile(Model& model, const std::string& file, const Dataset* profileData, std::size_t images,
                                  const std::function<void(std::size_t, std::size_t)>& onBatch, bool anyModel) {
  std::error_code ec;
  std::vector<LayerRange> ranges;
  std::vector<double> given;
  if (std::filesystem::exists(file, ec)) {
    given = profileBoundsFor(model, file, anyModel);
  } else {
    if (!profileData)
      throw fileError(file, "no range profile here and no training data to make one (give a profile from "
                            "`faultlens-cli ranges`, or the data to profile on)");
    const std::size_t end = images == 0 ? profileData->size() : std::min(images, profileData->size());
    ranges = profileActivationRanges(model, *profileData, 0, end, 256, onBatch);
    writeFileAtomically(file, activationRangesJson(ranges, model.path(), model.contentDigest()));
  }
  RangeProfileUse use{file, given.empty() ? rangeBoundsFor(model, ranges, file) : given};
  for (const auto& l : model.layers())
    if (l.executed && l.perImage && !(use.bounds[l.index] > 0.0 && std::isfinite(use.bounds[l.index])))
      throw fileError(
          file, "layer " + l.name + " has no positive, finite abs_max (the profile " +
                    (std::isnan(use.bounds[l.index]) ? "lacks it" : "holds " + std::to_string(use.bounds[l.index])) +
                    "); the paper's protocol clamps every layer's faults to its profiled range");
  return use;
}

}  // namespace faultlens
