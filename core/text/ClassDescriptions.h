#pragma once
// Class descriptions for the text-guided head. The paper asks a language model "describe
// a [CLASS]" several times; offline, FaultLens builds several descriptions per class from
// a hand-checked WordNet synset (definition, usage examples, hypernym, synonyms, kinds,
// parts). Both the synset choice and the descriptions are readable JSON files that users
// can edit or replace.
#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

#include "core/text/ClassDescriptionFile.h"

namespace faultlens {

class WordNet;
class TextEncoder;

/// Fills `descriptions` of every entry from WordNet.
void describeFromWordNet(const WordNet& wordnet, std::vector<ClassDescription>& classes);

enum class EmbeddingSource { Descriptions, ClassName };

/// [C, E]: each class's embedding is the mean of its descriptions' embeddings (or the
/// embedding of its name alone), L2-normalised. Throws when a class has no text the
/// encoder knows.
at::Tensor embedClasses(const TextEncoder& encoder, const std::vector<ClassDescription>& classes,
                        EmbeddingSource source);

}  // namespace faultlens
