#include "core/io/JsonFormat.h"

#include <cstdint>

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
    throw fileError(source,
                    "unsupported " + what + " version (this FaultLens reads version " + std::to_string(version) + ")");
  return j;
}

std::string stringField(const json& object, const char* key, const std::string& source) {
  if (!object.contains(key)) return {};
  if (!object[key].is_string()) throw fileError(source, std::string("\"") + key + "\" must be a string");
  return object[key].get<std::string>();
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

bool isValidUtf8(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    // Lead byte: how many continuation bytes follow, and the smallest code point allowed
    // (overlong forms are invalid), per RFC 3629.
    int more = 0;
    std::uint32_t cp = 0, min = 0;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      more = 1;
      cp = c & 0x1F;
      min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      more = 2;
      cp = c & 0x0F;
      min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      more = 3;
      cp = c & 0x07;
      min = 0x10000;
    } else return false;
    if (i + more >= text.size()) return false;  // cut short
    for (int k = 1; k <= more; ++k) {
      const auto b = static_cast<unsigned char>(text[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += more + 1;
  }
  return true;
}

std::string jsonText(const nlohmann::json& value, int indent) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace faultlens
