#pragma once
// A text encoder that runs offline: fastText skip-gram word vectors (Debian's
// libfasttext) trained with a fixed seed on one thread, so the same corpus gives the same
// vectors. A text's embedding is the mean of its content words' L2-normalised vectors
// (fastText's sentence vector without stop words; unknown words are skipped), each less
// the vocabulary's mean unit vector.
#include <memory>
#include <string>
#include <vector>

namespace faultlens {

struct TextEncoderOptions {
  int dimension = 64;
  int epochs = 10;
  int minCount = 2;
  int window = 5;
  int seed = 1;
};

/// Lower-case, every run of characters other than a-z and 0-9 becomes one space.
std::string normalizeText(const std::string& text);

class TextEncoder {
 public:
  /// Trains on `corpus` (one text per line; normalised here). Single-threaded for determinism.
  static std::unique_ptr<TextEncoder> train(const std::string& corpus, const TextEncoderOptions& options);
  ~TextEncoder();

  std::vector<float> embed(const std::string& text) const;
  int dimension() const;
  std::size_t vocabularySize() const;
  /// True when at least one content word of `text` is in the vocabulary.
  bool knows(const std::string& text) const;

 private:
  struct Impl;
  explicit TextEncoder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace faultlens
