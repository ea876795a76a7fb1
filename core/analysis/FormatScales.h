#pragma once
// Which int8 output scales a model computes with. Every front end (the workbench, its
// analyses, campaigns and reports, and the command line) takes them by one rule, so that
// the same model in the same format gives the same numbers wherever it runs.
#include <string>

#include "core/formats/NumberFormat.h"

namespace faultlens {

class Model;
class Dataset;

/// Where one model's int8 scales may come from, in the order they are taken: the first
/// that is there wins.
struct ScaleSources {
  /// What a stored campaign recorded: resuming it, or reporting on it, must compute with
  /// the scales its records were computed with.
  LayerScales recorded;
  /// A range profile the user gave for this model (`--ranges`).
  LayerScales given;
  /// The scales another copy of the same model file already computes with (the
  /// workbench's): a job then shows the numbers the window shows, without profiling again.
  LayerScales inUse;
  /// The paper protocol's clamp profile (each layer's abs-max on the training data).
  LayerScales clamp;
  /// Else each layer's abs-max over the first kInt8ScaleImages images of this data set.
  const Dataset* data = nullptr;

  /// Only the last resort: what the workbench does for the models it opens.
  static ScaleSources profiledOn(const Dataset* data) {
    ScaleSources sources;
    sources.data = data;
    return sources;
  }
};

/// The scales by that rule. Throws faultlens::Error(`missing`) when none is there.
LayerScales chooseScales(Model& model, const ScaleSources& sources, const std::string& missing);

/// Makes a float32 model compute in `format`; a format that needs scales (int8) takes
/// chooseScales's. Float32 leaves the model as it is.
void useNumberFormatFrom(Model& model, const NumberFormat& format, const ScaleSources& sources,
                         const std::string& missing);

/// The message for a front end that has a data set to profile on but none open.
std::string scalesNeedDataMessage(const NumberFormat& format);

}  // namespace faultlens
