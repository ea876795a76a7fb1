#include "core/io/ProjectFile.h"

#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "core/io/FileIO.h"
#include "core/io/JsonFormat.h"

namespace faultlens {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {
constexpr const char* kFormat = "faultlens-project";
constexpr int kVersion = 1;

/// Model paths are files; a relative one is relative to the project's directory.
std::string resolvePath(const std::string& stored, const std::string& source) {
  if (stored.empty() || fs::path(stored).is_absolute()) return stored;
  return (fs::path(source).parent_path() / stored).lexically_normal().string();
}

/// Data specs may be built-in names ("fashion-mnist") rather than paths: only specs that
/// name an existing file or folder next to the project are resolved.
std::string resolveDataSpec(const std::string& stored, const std::string& source) {
  if (stored.empty() || fs::path(stored).is_absolute()) return stored;
  const fs::path candidate = fs::path(source).parent_path() / stored;
  std::error_code ec;
  return fs::exists(candidate, ec) ? candidate.lexically_normal().string() : stored;
}

std::string relativeIfBelow(const std::string& stored, const std::string& projectPath) {
  if (stored.empty() || !fs::path(stored).is_absolute()) return stored;
  const fs::path base = fs::absolute(fs::path(projectPath)).parent_path().lexically_normal();
  const fs::path rel = fs::path(stored).lexically_normal().lexically_relative(base);
  if (rel.empty() || *rel.begin() == "..") return stored;
  return rel.string();
}

}  // namespace

Project parseProject(const std::string& jsonText, const std::string& source) {
  const json j = parseFormatJson(jsonText, source, kFormat, kVersion, "project");
  rejectUnknownKeys(j,
                    {"format", "version", "baseline", "guided", "data", "image", "seed", "faults", "fault_layers_of",
                     "cam", "number_format"},
                    source, "top level");
  Project p;
  p.baselinePath = resolvePath(stringField(j, "baseline", source), source);
  p.guidedPath = resolvePath(stringField(j, "guided", source), source);
  p.dataSpec = resolveDataSpec(stringField(j, "data", source), source);
  if (j.contains("image")) {
    if (!j["image"].is_number_integer() || j["image"].get<std::int64_t>() < 0 ||
        j["image"].get<std::int64_t>() > std::numeric_limits<int>::max())
      throw fileError(source, "\"image\" must be a non-negative image index");
    p.image = static_cast<int>(j["image"].get<std::int64_t>());
  }
  if (j.contains("number_format")) {
    const std::string name = stringField(j, "number_format", source);
    try {
      p.numberFormat = NumberFormat::parse(name);
    } catch (const Error& e) {
      throw fileError(source, std::string("\"number_format\": ") + e.what());
    }
  }
  if (j.contains("seed")) {
    if (!j["seed"].is_number_unsigned()) throw fileError(source, "\"seed\" must be a non-negative integer");
    p.seed = j["seed"].get<std::uint64_t>();
  }
  if (j.contains("faults")) p.faults = faultEntriesFromJson(j["faults"], source);
  p.faultLayersOf = faultLayersOfFromJson(j, source);
  if (j.contains("cam")) {
    const json& cam = j["cam"];
    if (!cam.is_object()) throw fileError(source, "\"cam\" must be an object");
    rejectUnknownKeys(cam, {"layer", "colour_map", "scale", "opacity", "colour_bar"}, source, "\"cam\"");
    p.cam.layer = stringField(cam, "layer", source);
    if (cam.contains("colour_map")) p.cam.colourMap = stringField(cam, "colour_map", source);
    if (cam.contains("scale")) p.cam.scale = stringField(cam, "scale", source);
    if (p.cam.colourMap != "jet" && p.cam.colourMap != "viridis" && p.cam.colourMap != "cividis")
      throw fileError(source, "\"cam.colour_map\" must be jet, viridis or cividis");
    if (p.cam.scale != "map" && p.cam.scale != "model" && p.cam.scale != "shared" && p.cam.scale != "clean")
      throw fileError(source, "\"cam.scale\" must be map, model, shared or clean");
    // Both optional: projects written before they existed keep the defaults.
    if (cam.contains("opacity")) {
      if (!cam["opacity"].is_number() || !(cam["opacity"].get<double>() >= 0.0 && cam["opacity"].get<double>() <= 1.0))
        throw fileError(source, "\"cam.opacity\" must be a number from 0 to 1");
      p.cam.opacity = cam["opacity"].get<double>();
    }
    if (cam.contains("colour_bar")) {
      if (!cam["colour_bar"].is_boolean()) throw fileError(source, "\"cam.colour_bar\" must be true or false");
      p.cam.colourBar = cam["colour_bar"].get<bool>();
    }
  }
  return p;
}

std::string projectToJson(const Project& p, const std::string& path) {
  json j{{"format", kFormat},
         {"version", kVersion},
         {"baseline", relativeIfBelow(p.baselinePath, path)},
         {"guided", relativeIfBelow(p.guidedPath, path)},
         {"data", relativeIfBelow(p.dataSpec, path)},
         {"image", p.image},
         {"seed", p.seed},
         {"faults", faultEntriesToJson(p.faults)},
         {"cam",
          {{"layer", p.cam.layer},
           {"colour_map", p.cam.colourMap},
           {"scale", p.cam.scale},
           {"opacity", p.cam.opacity},
           {"colour_bar", p.cam.colourBar}}}};
  // Written only when it is not fp32, so a float32 project still opens in builds that
  // predate number formats (they reject keys they do not know).
  if (p.numberFormat != NumberFormat{}) j["number_format"] = p.numberFormat.name();
  faultLayersOfToJson(j, p.faultLayersOf);  // likewise only for the guided model's layers
  return jsonText(j) + "\n";
}

Project readProject(const std::string& path) { return parseProject(readFileBytes(path), path); }

void writeProject(const std::string& path, const Project& project) {
  writeFileAtomically(path, projectToJson(project, path));
}

}  // namespace faultlens
