#pragma once
// The envelope every FaultLens-owned JSON format shares (fault lists, project files):
// {"format": NAME, "version": N, ...}, strict about keys so a misspelt one is an error
// rather than a silent default. Torch-free.
#include <initializer_list>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace faultlens {

/// Parses `text` and checks its format name and version; `what` ("fault list") and
/// `source` (the file) go into every error.
nlohmann::json parseFormatJson(const std::string& text, const std::string& source, const char* format, int version,
                               const std::string& what);

/// Throws naming `source` and `where` when `object` has a key outside `known`.
void rejectUnknownKeys(const nlohmann::json& object, std::initializer_list<const char*> known,
                       const std::string& source, const std::string& where);

/// `object[key]` as a string, empty when absent; throws naming `source` and the key when it
/// is not a string.
std::string stringField(const nlohmann::json& object, const char* key, const std::string& source);

/// True when `text` is well-formed UTF-8 (what JSON and the GUI need of a name).
bool isValidUtf8(const std::string& text);

/// JSON text, indented by `indent` spaces. Strings from outside (paths, folder names in a
/// legacy encoding) may hold invalid UTF-8: those bytes become U+FFFD instead of throwing,
/// so writing a result can never fail after the work that produced it.
std::string jsonText(const nlohmann::json& value, int indent = 2);

}  // namespace faultlens
