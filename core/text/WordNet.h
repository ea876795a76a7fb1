#pragma once
// Reads Princeton WordNet 3.0 database files (Debian's wordnet-base, /usr/share/wordnet):
// synsets with lemmas, definition, usage examples and the pointers FaultLens uses to
// describe a class (hypernyms, hyponyms, part meronyms). Torch-free.
#include <map>
#include <string>
#include <vector>

namespace faultlens {

struct Synset {
  std::string id;                                              ///< part of speech + 8-digit offset, e.g. "n03595614"
  std::vector<std::string> lemmas;                             ///< underscores replaced by spaces
  std::string definition;                                      ///< gloss without its examples
  std::vector<std::string> examples;                           ///< the gloss's quoted usage examples
  std::vector<std::string> hypernyms, hyponyms, partMeronyms;  ///< synset ids
};

class WordNet {
 public:
  /// Loads data.noun, data.verb, data.adj and data.adv from `dir`. Throws faultlens::Error
  /// naming the file when it is missing or a line is malformed.
  explicit WordNet(const std::string& dir = defaultDirectory());
  static std::string defaultDirectory();  ///< FAULTLENS_WORDNET_DIR or /usr/share/wordnet

  /// Throws when the id is unknown.
  const Synset& synset(const std::string& id) const;
  bool contains(const std::string& id) const { return synsets_.count(id) != 0; }
  std::size_t size() const { return synsets_.size(); }

  /// One line per synset, "lemmas : definition ; examples", for training a text encoder.
  std::string glossCorpus() const;

 private:
  std::map<std::string, Synset> synsets_;
};

/// Parses one line of a WordNet data file (exposed for tests and fuzzing).
Synset parseWordNetDataLine(const std::string& line, char pos, const std::string& source);

}  // namespace faultlens
