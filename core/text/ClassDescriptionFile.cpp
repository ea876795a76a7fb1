#include "core/io/JsonFormat.h"
#include "core/text/ClassDescriptionFile.h"

#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "core/io/FileIO.h"

namespace faultlens {
using nlohmann::json;

namespace {

json parseJson(const std::string& text, const std::string& path) {
  try {
    return json::parse(text);
  } catch (const json::exception& e) {
    throw fileError(path, std::string("invalid JSON (") + e.what() + ")");
  }
}

}  // namespace

std::vector<ClassDescription> readSynsetChoices(const std::string& path) {
  return parseSynsetChoices(readFileBytes(path), path);
}

std::vector<ClassDescription> parseSynsetChoices(const std::string& text, const std::string& path) {
  const json j = parseJson(text, path);
  if (!j.is_array() || j.empty()) throw fileError(path, "expected a non-empty list of {\"class\", \"synset\"} objects");
  std::vector<ClassDescription> out;
  for (const auto& e : j) {
    if (!e.is_object() || !e.contains("class") || !e["class"].is_string() || !e.contains("synset") ||
        !e["synset"].is_string())
      throw fileError(path, "entry " + std::to_string(out.size()) + " needs string fields \"class\" and \"synset\"");
    out.push_back({e["class"].get<std::string>(), e["synset"].get<std::string>(), {}});
  }
  return out;
}

std::vector<ClassDescription> readClassDescriptions(const std::string& path) {
  return parseClassDescriptions(readFileBytes(path), path);
}

std::vector<ClassDescription> parseClassDescriptions(const std::string& text, const std::string& path) {
  const json j = parseJson(text, path);
  if (!j.is_object() || !j.contains("classes") || !j["classes"].is_array() || j["classes"].empty())
    throw fileError(path, "expected {\"classes\": [{\"class\", \"descriptions\": [...]}, ...]}");
  std::vector<ClassDescription> out;
  for (const auto& e : j["classes"]) {
    const std::string where = "class entry " + std::to_string(out.size());
    if (!e.is_object() || !e.contains("class") || !e["class"].is_string())
      throw fileError(path, where + " needs a string \"class\"");
    if (e.contains("synset") && !e["synset"].is_string())
      throw fileError(path, where + ": \"synset\" must be a string");
    ClassDescription c{e["class"].get<std::string>(), e.value("synset", std::string()), {}};
    if (!e.contains("descriptions") || !e["descriptions"].is_array() || e["descriptions"].empty())
      throw fileError(path, where + " ('" + c.name + "') needs a non-empty \"descriptions\" list");
    for (const auto& d : e["descriptions"]) {
      if (!d.is_string() || d.get<std::string>().empty())
        throw fileError(path, where + " ('" + c.name + "'): descriptions must be non-empty strings");
      c.descriptions.push_back(d.get<std::string>());
    }
    out.push_back(std::move(c));
  }
  return out;
}

void writeClassDescriptions(const std::string& path, const std::vector<ClassDescription>& classes) {
  json j;
  j["classes"] = json::array();
  for (const auto& c : classes)
    j["classes"].push_back({{"class", c.name}, {"synset", c.synset}, {"descriptions", c.descriptions}});
  writeFileAtomically(path, jsonText(j) + "\n");
}

void checkClassNames(const std::vector<ClassDescription>& classes, const std::vector<std::string>& expected,
                     const std::string& source) {
  if (classes.size() != expected.size())
    throw fileError(source, "describes " + std::to_string(classes.size()) + " classes, the data set has " +
                                std::to_string(expected.size()));
  for (std::size_t i = 0; i < classes.size(); ++i)
    if (classes[i].name != expected[i])
      throw fileError(source, "class " + std::to_string(i) + " is '" + classes[i].name + "', the data set calls it '" +
                                  expected[i] + "'");
}

}  // namespace faultlens
