#pragma once
// Fault-list files: the faults a user injected in the workbench (or wants injected in a
// batch run), saved as JSON so an experiment can be repeated exactly. Torch-free.
//
//   {"format": "faultlens-fault-list", "version": 1,
//    "faults": [{"target": "activation", "site": "layer3.conv2@5,3,3:30", "error_model": "flip"},
//               {"target": "weight", "site": "fc@3,17:30"}],
//    "fault_layers_of": "guided"}
//
// Sites use the command-line syntax of parseFaultSpec; they are checked against a model's
// layers only when applied (the same list fits the baseline and the text-guided model).
// "fault_layers_of" (written only as "guided") says the activation faults name the
// text-guided model's layers: its projection may share a name with a baseline layer.
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "core/faults/Fault.h"

namespace faultlens {

enum class FaultTarget { Activation, Weight };
const char* faultTargetName(FaultTarget target);

struct FaultListEntry {
  FaultTarget target = FaultTarget::Activation;
  FaultSpec site;
  ErrorModel model = ErrorModel::BitFlip;
  float randomValue = 0.0f;  ///< the value ErrorModel::RandomValue writes

  bool operator==(const FaultListEntry& o) const;
};

/// One of the two model slots: whose layers a fault names.
enum class ProjectModel { Baseline, Guided };

/// A fault list with whose layers its activation faults name.
struct FaultListFile {
  std::vector<FaultListEntry> faults;
  ProjectModel layersOf = ProjectModel::Baseline;
};

/// Throws faultlens::Error naming `source` and the entry for anything malformed.
FaultListFile parseFaultListFile(const std::string& jsonText, const std::string& source);
/// The faults alone (for one model, where whose layers they name is the caller's).
std::vector<FaultListEntry> parseFaultList(const std::string& jsonText, const std::string& source);
std::string faultListToJson(const std::vector<FaultListEntry>& faults, ProjectModel layersOf = ProjectModel::Baseline);

FaultListFile readFaultListFile(const std::string& path);
std::vector<FaultListEntry> readFaultList(const std::string& path);
/// Atomic (temporary file + rename).
void writeFaultList(const std::string& path, const std::vector<FaultListEntry>& faults,
                    ProjectModel layersOf = ProjectModel::Baseline);

/// "fault_layers_of" of a fault list or project object: absent or "baseline" is the
/// baseline; throws naming `source` for anything but "baseline" or "guided".
ProjectModel faultLayersOfFromJson(const nlohmann::json& object, const std::string& source);
/// Writes "fault_layers_of" for the guided model only: a build that predates the key would
/// apply such faults to the baseline's layers of the same name, so it had better refuse.
void faultLayersOfToJson(nlohmann::json& object, ProjectModel layersOf);

/// The "faults" array alone, shared with project files.
std::vector<FaultListEntry> faultEntriesFromJson(const nlohmann::json& array, const std::string& source);
nlohmann::json faultEntriesToJson(const std::vector<FaultListEntry>& faults);

}  // namespace faultlens
