#pragma once
// Fault-list files: the faults a user injected in the workbench (or wants injected in a
// batch run), saved as JSON so an experiment can be repeated exactly. Torch-free.
//
//   {"format": "faultlens-fault-list", "version": 1,
//    "faults": [{"target": "activation", "site": "layer3.conv2@5,3,3:30", "error_model": "flip"},
//               {"target": "weight", "site": "fc@3,17:30"}]}
//
// Sites use the command-line syntax of parseFaultSpec; they are checked against a model's
// layers only when applied (the same list fits the baseline and the text-guided model).
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

/// Throws faultlens::Error naming `source` and the entry for anything malformed.
std::vector<FaultListEntry> parseFaultList(const std::string& jsonText, const std::string& source);
std::string faultListToJson(const std::vector<FaultListEntry>& faults);

std::vector<FaultListEntry> readFaultList(const std::string& path);
/// Atomic (temporary file + rename).
void writeFaultList(const std::string& path, const std::vector<FaultListEntry>& faults);

/// The "faults" array alone, shared with project files.
std::vector<FaultListEntry> faultEntriesFromJson(const nlohmann::json& array, const std::string& source);
nlohmann::json faultEntriesToJson(const std::vector<FaultListEntry>& faults);

}  // namespace faultlens
