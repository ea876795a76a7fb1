#include "core/faults/FaultList.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "core/io/FileIO.h"
#include "core/io/JsonFormat.h"

namespace faultlens {
using nlohmann::json;

namespace {
constexpr const char* kFormat = "faultlens-fault-list";
constexpr int kVersion = 1;
}  // namespace

const char* faultTargetName(FaultTarget target) { return target == FaultTarget::Weight ? "weight" : "activation"; }

bool FaultListEntry::operator==(const FaultListEntry& o) const {
  return target == o.target && site.layerName == o.site.layerName && site.coords == o.site.coords &&
         site.bit == o.site.bit && site.mask == o.site.mask && model == o.model && randomValue == o.randomValue;
}

std::vector<FaultListEntry> faultEntriesFromJson(const json& array, const std::string& source) {
  if (!array.is_array()) throw fileError(source, "\"faults\" must be a list");
  std::vector<FaultListEntry> out;
  for (const auto& e : array) {
    const std::string where = "fault " + std::to_string(out.size() + 1);
    if (!e.is_object()) throw fileError(source, where + " is not an object");
    rejectUnknownKeys(e, {"target", "site", "error_model", "random_value"}, source, where);
    FaultListEntry entry;
    if (!e.contains("site") || !e["site"].is_string())
      throw fileError(source, where + " needs a \"site\" string such as \"layer@C,H,W:BIT\"");
    try {
      entry.site = parseFaultSpec(e["site"].get<std::string>());
    } catch (const Error& bad) {
      throw fileError(source, where + ": " + bad.what());
    }
    if (e.contains("target")) {
      const auto& t = e["target"];
      if (t == "activation") entry.target = FaultTarget::Activation;
      else if (t == "weight") entry.target = FaultTarget::Weight;
      else throw fileError(source, where + ": \"target\" must be \"activation\" or \"weight\"");
    }
    if (e.contains("error_model")) {
      if (!e["error_model"].is_string()) throw fileError(source, where + ": \"error_model\" must be a string");
      try {
        entry.model = parseErrorModel(e["error_model"].get<std::string>());
      } catch (const Error& bad) {
        throw fileError(source, where + ": " + bad.what());
      }
    }
    if (e.contains("random_value")) {
      if (!e["random_value"].is_number()) throw fileError(source, where + ": \"random_value\" must be a number");
      const double v = e["random_value"].get<double>();
      // Checked as double: converting an out-of-range double to float is undefined.
      if (!std::isfinite(v) || std::fabs(v) > 3.4028234663852886e38)
        throw fileError(source, where + ": \"random_value\" is not a finite float32 value");
      entry.randomValue = static_cast<float>(v);
      if (entry.model != ErrorModel::RandomValue)
        throw fileError(source, where + ": \"random_value\" only applies to \"error_model\": \"random\"");
    }
    // Values are never replaced by a default: a random-value fault without its value
    // would write 0.0 into the site.
    if (entry.model == ErrorModel::RandomValue && !e.contains("random_value"))
      throw fileError(source, where + ": \"error_model\": \"random\" needs \"random_value\" (the value the fault "
                                      "writes into the site)");
    out.push_back(std::move(entry));
  }
  return out;
}

json faultEntriesToJson(const std::vector<FaultListEntry>& faults) {
  json array = json::array();
  for (const auto& f : faults) {
    json e{{"target", faultTargetName(f.target)},
           {"site", formatFaultSpec(f.site)},
           {"error_model", errorModelName(f.model)}};
    if (f.model == ErrorModel::RandomValue) e["random_value"] = f.randomValue;
    array.push_back(std::move(e));
  }
  return array;
}

ProjectModel faultLayersOfFromJson(const json& object, const std::string& source) {
  if (!object.contains("fault_layers_of")) return ProjectModel::Baseline;
  const std::string model = stringField(object, "fault_layers_of", source);
  if (model != "baseline" && model != "guided")
    throw fileError(source, "\"fault_layers_of\" must be baseline or guided, not '" + model + "'");
  return model == "guided" ? ProjectModel::Guided : ProjectModel::Baseline;
}

void faultLayersOfToJson(json& object, ProjectModel layersOf) {
  if (layersOf == ProjectModel::Guided) object["fault_layers_of"] = "guided";
}

FaultListFile parseFaultListFile(const std::string& jsonText, const std::string& source) {
  const json j = parseFormatJson(jsonText, source, kFormat, kVersion, "fault list");
  if (!j.contains("faults")) throw fileError(source, "lacks the \"faults\" list");
  rejectUnknownKeys(j, {"format", "version", "faults", "fault_layers_of"}, source, "top level");
  return {faultEntriesFromJson(j["faults"], source), faultLayersOfFromJson(j, source)};
}

std::vector<FaultListEntry> parseFaultList(const std::string& jsonText, const std::string& source) {
  return parseFaultListFile(jsonText, source).faults;
}

std::string faultListToJson(const std::vector<FaultListEntry>& faults, ProjectModel layersOf) {
  json j{{"format", kFormat}, {"version", kVersion}, {"faults", faultEntriesToJson(faults)}};
  faultLayersOfToJson(j, layersOf);
  return jsonText(j) + "\n";
}

FaultListFile readFaultListFile(const std::string& path) { return parseFaultListFile(readFileBytes(path), path); }

std::vector<FaultListEntry> readFaultList(const std::string& path) { return readFaultListFile(path).faults; }

void writeFaultList(const std::string& path, const std::vector<FaultListEntry>& faults, ProjectModel layersOf) {
  writeFileAtomically(path, faultListToJson(faults, layersOf));
}

}  // namespace faultlens
