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

}  // namespace faultlens
