#pragma once
// One Ablation-CAM and one CAM change as JSON, the same fields wherever FaultLens writes
// them: `faultlens-cli cam --json`, the report's CAM sidecars, the workbench's CAM export.
// Non-finite numbers are written as null.
#include <nlohmann/json_fwd.hpp>

#include "core/analysis/AblationCam.h"
#include "core/analysis/CamChange.h"

namespace faultlens {

class Model;

/// Target, class (index and name), y, y_k, w_k, guard flags and non-finite pixel count.
/// `withScores`: false leaves out the per-channel y_k and w_k (sidecars of many panels).
nlohmann::json camJson(const Model& model, const AblationCam& cam, bool withScores = true);

/// Pearson r, top-region IoU (with the fraction), centre shift in pixels, and why any is null.
nlohmann::json camChangeJson(const CamChange& change);

}  // namespace faultlens
