#include "core/model/ModelMetadata.h"

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/Error.h"
#include "core/io/JsonFormat.h"
#include "core/io/FileIO.h"

namespace faultlens {
namespace fs = std::filesystem;
using nlohmann::json;

void InputSpec::validate(const std::string& source) const {
  if (channels != 1 && channels != 3)
    throw Error(source + ": input channels must be 1 or 3, got " + std::to_string(channels));
  if (height <= 0 || width <= 0 || height > 8192 || width > 8192)
    throw Error(source + ": input size " + std::to_string(height) + "x" + std::to_string(width) +
                " is out of range 1..8192");
  if (resize < 0 || resize > 16384) throw Error(source + ": resize " + std::to_string(resize) + " is out of range");
  if (!mean.empty() && mean.size() != static_cast<std::size_t>(channels))
    throw Error(source + ": mean has " + std::to_string(mean.size()) + " values for " + std::to_string(channels) +
                " channels");
  if (!std.empty() && std.size() != static_cast<std::size_t>(channels))
    throw Error(source + ": std has " + std::to_string(std.size()) + " values for " + std::to_string(channels) +
                " channels");
  for (float s : std)
    if (!(s > 0.0f)) throw Error(source + ": std values must be positive");
}

namespace {

int readInt(const json& j, const char* key, const std::string& source) {
  const auto& v = j.at(key);
  // Read as 64-bit and range-checked: get<int>() would silently wrap 4294967299 to 3.
  if (!v.is_number_integer() || v.get<std::int64_t>() < 0 || v.get<std::int64_t>() > 1'000'000)
    throw Error(source + ": '" + key + "' must be an integer between 0 and 1000000");
  return static_cast<int>(v.get<std::int64_t>());
}

std::vector<float> readFloats(const json& j, const char* key, const std::string& source) {
  const auto& v = j.at(key);
  if (!v.is_array()) throw Error(source + ": '" + key + "' must be a list of numbers");
  std::vector<float> out;
  for (const auto& x : v) {
    // Checked as double: converting 1e300 to float is undefined behaviour.
    if (!x.is_number() || !std::isfinite(x.get<double>()) || std::fabs(x.get<double>()) > 1e30)
      throw Error(source + ": '" + key + "' must be a list of finite numbers");
    out.push_back(static_cast<float>(x.get<double>()));
  }
  return out;
}

}  // namespace

ModelMetadata parseModelMetadata(const std::string& jsonText, const std::string& source) {
  json j;
  try {
    j = json::parse(jsonText);
  } catch (const json::exception& e) {  // parse_error, or out_of_range for 1e999
    throw Error(source + ": invalid JSON (" + e.what() + ")");
  }
  if (!j.is_object()) throw Error(source + ": expected a JSON object");
  // As strict as fault lists and projects: a misspelt "mena" would otherwise leave the
  // model unnormalised and every prediction quietly wrong.
  rejectUnknownKeys(j, {"name", "input", "mean", "std", "classes", "classes_file"}, source, "model metadata");
  ModelMetadata m;
  if (j.contains("name")) {
    if (!j["name"].is_string()) throw Error(source + ": 'name' must be a string");
    m.name = j["name"].get<std::string>();
  }
  if (j.contains("input")) {
    const auto& in = j["input"];
    if (!in.is_object()) throw Error(source + ": 'input' must be an object {channels, height, width}");
    rejectUnknownKeys(in, {"channels", "height", "width", "resize"}, source, "model metadata 'input'");
    for (const char* key : {"channels", "height", "width"})
      if (!in.contains(key)) throw Error(source + ": 'input' lacks '" + key + "'");
    m.input.channels = readInt(in, "channels", source);
    m.input.height = readInt(in, "height", source);
    m.input.width = readInt(in, "width", source);
    if (in.contains("resize")) m.input.resize = readInt(in, "resize", source);
  }
  if (j.contains("mean")) m.input.mean = readFloats(j, "mean", source);
  if (j.contains("std")) m.input.std = readFloats(j, "std", source);
  if (j.contains("classes") && j.contains("classes_file"))
    throw Error(source + ": give either 'classes' or 'classes_file', not both (one would be ignored)");
  if (j.contains("classes")) {
    if (!j["classes"].is_array()) throw Error(source + ": 'classes' must be a list of strings");
    std::set<std::string> seen;
    for (const auto& c : j["classes"]) {
      if (!c.is_string()) throw Error(source + ": 'classes' must be a list of strings");
      const std::string name = c.get<std::string>();
      const std::string entry = source + ": 'classes' entry " + std::to_string(m.classes.size() + 1);
      // The same rules as a class list file: a name picks a class, so it must be unique.
      if (name.find_first_not_of(" \t") == std::string::npos) throw Error(entry + " is an empty class name");
      if (!seen.insert(name).second) throw Error(entry + ": duplicate class name '" + name + "'");
      m.classes.push_back(name);
    }
  } else if (j.contains("classes_file")) {
    if (!j["classes_file"].is_string()) throw Error(source + ": 'classes_file' must be a path");
    fs::path p = j["classes_file"].get<std::string>();
    if (p.is_relative()) p = fs::path(source).parent_path() / p;
    m.classes = readClassList(p.string());
  }
  if (m.input.known()) m.input.validate(source);
  return m;
}

std::string modelMetadataToJson(const ModelMetadata& m) {
  json j;
  if (!m.name.empty()) j["name"] = m.name;
  if (m.input.known()) {
    j["input"] = {{"channels", m.input.channels}, {"height", m.input.height}, {"width", m.input.width}};
    if (m.input.resize) j["input"]["resize"] = m.input.resize;
  }
  if (!m.input.mean.empty()) j["mean"] = m.input.mean;
  if (!m.input.std.empty()) j["std"] = m.input.std;
  if (!m.classes.empty()) j["classes"] = m.classes;
  return jsonText(j) + "\n";
}

InputSpec proposeInputSpec(int channels) {
  InputSpec spec;
  spec.channels = channels;
  if (channels == 3) {
    spec.height = spec.width = 224;
    spec.resize = 256;
    spec.mean = {0.485f, 0.456f, 0.406f};
    spec.std = {0.229f, 0.224f, 0.225f};
  } else {
    spec.height = spec.width = channels == 1 ? 28 : 32;
    spec.mean.assign(static_cast<std::size_t>(channels), 0.0f);
    spec.std.assign(static_cast<std::size_t>(channels), 1.0f);
  }
  return spec;
}

void mergeMetadata(ModelMetadata& base, const ModelMetadata& over) {
  if (!over.name.empty()) base.name = over.name;
  if (over.input.known()) {
    base.input.channels = over.input.channels;
    base.input.height = over.input.height;
    base.input.width = over.input.width;
    base.input.resize = over.input.resize;
  }
  if (!over.input.mean.empty()) base.input.mean = over.input.mean;
  if (!over.input.std.empty()) base.input.std = over.input.std;
  if (!over.classes.empty()) base.classes = over.classes;
}

std::vector<std::string> readClassList(const std::string& path) { return parseClassList(readFileBytes(path), path); }

std::vector<std::string> parseClassList(const std::string& text, const std::string& path) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    std::size_t start = line.find_first_not_of(" \t");
    lines.push_back(start == std::string::npos ? "" : line.substr(start));
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.empty()) throw fileError(path, "class list is empty");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty()) throw fileError(path, "line " + std::to_string(i + 1) + ": empty class name");
    if (!isValidUtf8(lines[i]))
      throw fileError(path,
                      "line " + std::to_string(i + 1) + ": class name is not valid UTF-8 (save the file as UTF-8)");
    if (!seen.insert(lines[i]).second)
      throw fileError(path, "line " + std::to_string(i + 1) + ": duplicate class name '" + lines[i] + "'");
  }
  return lines;
}

std::string sidecarPathFor(const std::string& modelPath) {
  return fs::path(modelPath).replace_extension(".json").string();
}

std::vector<float> parseFloatList(const std::string& text, const std::string& what) {
  std::vector<float> out;
  std::stringstream ss(text);
  std::string tok;
  while (std::getline(ss, tok, ',')) {
    try {
      std::size_t used = 0;
      out.push_back(std::stof(tok, &used));
      if (used != tok.size() || !std::isfinite(out.back())) throw std::invalid_argument(tok);
    } catch (const std::exception&) {
      throw Error(what + ": '" + tok + "' is not a finite number");
    }
  }
  if (out.empty()) throw Error(what + ": empty list");
  return out;
}

InputSpec parseInputShape(const std::string& text) {
  const auto v = parseFloatList(text, "input shape '" + text + "'");
  if (v.size() != 3) throw Error("input shape '" + text + "': expected C,H,W");
  for (float x : v)
    if (!(x >= 0.0f && x <= 1e6f)) throw Error("input shape '" + text + "': sizes must be between 1 and 1000000");
  InputSpec s;
  s.channels = static_cast<int>(v[0]);
  s.height = static_cast<int>(v[1]);
  s.width = static_cast<int>(v[2]);
  for (int i = 0; i < 3; ++i)
    if (v[i] != static_cast<float>(static_cast<int>(v[i])))
      throw Error("input shape '" + text + "': sizes must be integers");
  s.validate("input shape '" + text + "'");
  return s;
}

}  // namespace faultlens
