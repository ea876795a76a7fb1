#pragma once
// Class descriptions for the text-guided head. The paper asks a language model "describe
// a [CLASS]" several times; offline, FaultLens builds several descriptions per class from
// a hand-checked WordNet synset (definition, usage examples, hypernym, synonyms, kinds,
// parts). Both the synset choice and the descriptions are readable JSON files that users
// can edit or replace.
#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

namespace faultlens {

class WordNet;
class TextEncoder;

struct ClassDescription {
  std::string name;                       ///< class name as the data set spells it
  std::string synset;                     ///< WordNet id, e.g. "n03595614"; may be empty
  std::vector<std::string> descriptions;
};

/// [{"class": "T-shirt/top", "synset": "n03595614"}, ...] — descriptions left empty.
std::vector<ClassDescription> readSynsetChoices(const std::string& path);
/// Fills `descriptions` of every entry from WordNet.
void describeFromWordNet(const WordNet& wordnet, std::vector<ClassDescription>& classes);

/// {"classes": [{"class": ..., "synset": ..., "descriptions": [...]}, ...]}
std::vector<ClassDescription> readClassDescriptions(const std::string& path);
void writeClassDescriptions(const std::string& path, const std::vector<ClassDescription>& classes);

/// Throws naming `source` unless the names equal `expected` in order.
void checkClassNames(const std::vector<ClassDescription>& classes, const std::vector<std::string>& expected,
                     const std::string& source);

enum class EmbeddingSource { Descriptions, ClassName };

/// [C, E]: each class's embedding is the mean of its descriptions' embeddings (or the
/// embedding of its name alone), L2-normalised. Throws when a class has no text the
/// encoder knows.
at::Tensor embedClasses(const TextEncoder& encoder, const std::vector<ClassDescription>& classes,
                        EmbeddingSource source);

}  // namespace faultlens
