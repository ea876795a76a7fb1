#include "core/JsonFormat.h"

#include <nlohmann/json.hpp>

#include "core/Error.h"

namespace faultlens {
using nlohmann::json;

json parseFormatJson(const std::string& text, const std::string& source, const char* format, int version,
                     const std::string& what) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {  // parse_error, or out_of_range for 1e999
    throw fileError(source, std::string("invalid JSON (") + e.what() + ")");
  }
  if (!j.is_object() || !j.contains("format") || j["format"] != format)
    throw fileError(source, "not a FaultLens " + what + " (expected \"format\": \"" + format + "\")");
  if (!j.contains("version") || !j["version"].is_number_integer() || j["version"].get<std::int64_t>() != version)
    throw fileError(source, "unsupported " + what + " version (this FaultLens reads version " +
                                std::to_string(version) + ")");
  return j;
}

void rejectUnknownKeys(const json& object, std::initializer_list<const char*> known, const std::string& source,
                       const std::string& where) {
  for (const auto& item : object.items()) {
    bool ok = false;
    for (const char* k : known) ok = ok || item.key() == k;
    if (ok) continue;
    std::string list;
    for (const char* k : known) list += std::string(list.empty() ? "" : ", ") + k;
    // A misspelt key would otherwise silently fall back to a default (a typo in
    // "error_model" would quietly inject bit flips): refuse it.
    throw fileError(source, where + ": unknown key \"" + item.key() + "\" (expected " + list + ")");
  }
}

}  // namespace faultlens
