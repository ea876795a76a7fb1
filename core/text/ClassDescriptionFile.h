#pragma once
// The class-description files as data: which WordNet synset names each class, and the
// descriptions the text-guided head is embedded from. Torch-free (the fuzz targets and
// any front end read them without LibTorch); the parse* forms take text already in memory,
// `source` naming it in errors.
#include <string>
#include <vector>

namespace faultlens {

struct ClassDescription {
  std::string name;    ///< class name as the data set spells it
  std::string synset;  ///< WordNet id, e.g. "n03595614"; may be empty
  std::vector<std::string> descriptions;
};

/// [{"class": "T-shirt/top", "synset": "n03595614"}, ...] — descriptions left empty.
std::vector<ClassDescription> readSynsetChoices(const std::string& path);
std::vector<ClassDescription> parseSynsetChoices(const std::string& text, const std::string& source);

/// {"classes": [{"class": ..., "synset": ..., "descriptions": [...]}, ...]}
std::vector<ClassDescription> readClassDescriptions(const std::string& path);
std::vector<ClassDescription> parseClassDescriptions(const std::string& text, const std::string& source);
void writeClassDescriptions(const std::string& path, const std::vector<ClassDescription>& classes);

/// Throws naming `source` unless the names equal `expected` in order.
void checkClassNames(const std::vector<ClassDescription>& classes, const std::vector<std::string>& expected,
                     const std::string& source);

}  // namespace faultlens
