#pragma once
// Workbench project files: everything needed to bring a figure back later — the two
// models, the data set, the selected image, the injected faults, seeds and view
// settings — as JSON. Paths are stored relative to the project file when they lie
// beside or below it, so a project folder can be moved or shared. Torch-free.
//
//   {"format": "faultlens-project", "version": 1,
//    "baseline": "models/baseline.pt", "guided": "models/guided.pt", "data": "fashion-mnist",
//    "image": 6, "seed": 1, "faults": [ ...as in fault lists... ], "fault_layers_of": "guided",
//    "cam": {"layer": "", "colour_map": "jet", "scale": "shared", "opacity": 0.5, "colour_bar": true}}
#include <cstdint>
#include <string>
#include <vector>

#include "core/faults/FaultList.h"
#include "core/formats/NumberFormat.h"

namespace faultlens {

struct ProjectCamSettings {
  std::string layer;              ///< empty: the model's default CAM layer
  std::string colourMap = "jet";  ///< jet | viridis | cividis
  std::string scale = "clean";    ///< map | model | shared | clean
  double opacity = 0.5;           ///< of the map over the image, 0..1
  bool colourBar = true;
  bool operator==(const ProjectCamSettings& o) const {
    return layer == o.layer && colourMap == o.colourMap && scale == o.scale && opacity == o.opacity &&
           colourBar == o.colourBar;
  }
};

struct Project {
  std::string baselinePath;  ///< absolute (or as given) after reading; empty: slot unused
  std::string guidedPath;
  std::string dataSpec;  ///< a data-set spec (core/data/Dataset.h): a path or a built-in name
  int image = 0;
  std::uint64_t seed = 1;
  std::vector<FaultListEntry> faults;
  /// The model whose layer names the activation faults use (the other model takes its
  /// corresponding layer). "fault_layers_of": "baseline" | "guided"; absent: baseline.
  ProjectModel faultLayersOf = ProjectModel::Baseline;
  ProjectCamSettings cam;
  NumberFormat numberFormat;  ///< the format the models compute in ("number_format"; fp32 if absent)
};

/// Parses project JSON; relative paths are resolved against `source`'s directory.
/// Throws faultlens::Error naming `source` and the key for anything malformed.
Project parseProject(const std::string& jsonText, const std::string& source);
/// JSON for `project` saved at `path` (paths under path's directory become relative).
std::string projectToJson(const Project& project, const std::string& path);

Project readProject(const std::string& path);
/// Atomic (temporary file + rename).
void writeProject(const std::string& path, const Project& project);

}  // namespace faultlens
