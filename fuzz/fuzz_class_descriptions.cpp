// Class-description files and synset choices (JSON) of the text-guided head.
#include "core/text/ClassDescriptionFile.h"
#include "fuzz/FuzzTarget.h"

namespace faultlens::fuzz {

void fuzzOne(const std::string& input) {
  try {
    parseSynsetChoices(input, "synsets.json");
  } catch (const Error&) {
  }
  const auto classes = parseClassDescriptions(input, "descriptions.json");
  std::vector<std::string> names;
  for (const auto& c : classes) names.push_back(c.name);
  checkClassNames(classes, names, "descriptions.json");
}

}  // namespace faultlens::fuzz
