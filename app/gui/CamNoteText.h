#pragma once
// The CAM notes of the window in its own language: core states why a map's weights or a
// change metric are unreliable as facts (CamReliability, CamChange's counts and flags),
// and these functions word them with tr(), so German users read German notes.
#include <QString>

#include "core/analysis/AblationCam.h"
#include "core/analysis/CamChange.h"

namespace faultlens::app {

/// Why the map's weights are meaningless or change sign; empty when they are reliable.
QString camReliabilityNote(const AblationCam& cam);
/// Why CamChange's undefined metrics are NaN; empty when all three are defined.
QString camUndefinedNote(const CamChange& change);

}  // namespace faultlens::app
