#include "core/text/ClassDescriptions.h"

#include <ATen/ATen.h>

#include "core/Error.h"
#include "core/text/ClassEmbeddings.h"
#include "core/text/TextEncoder.h"
#include "core/text/WordNet.h"

namespace faultlens {

namespace {

std::string joinLemmas(const std::vector<std::string>& lemmas, std::size_t limit) {
  std::string out;
  for (std::size_t i = 0; i < lemmas.size() && i < limit; ++i) out += (i ? ", " : "") + lemmas[i];
  return out;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

void describeFromWordNet(const WordNet& wordnet, std::vector<ClassDescription>& classes) {
  for (auto& c : classes) {
    const Synset& s = wordnet.synset(c.synset);
    const std::string name = lower(c.name);
    auto& d = c.descriptions;
    d.clear();
    d.push_back("a " + name + " (" + joinLemmas(s.lemmas, 4) + ") is " + s.definition);
    for (const auto& example : s.examples) d.push_back(example);
    for (const auto& h : s.hypernyms) {
      const Synset& hyper = wordnet.synset(h);
      d.push_back("a " + name + " is a kind of " + hyper.lemmas.front() + ": " + hyper.definition);
    }
    if (s.lemmas.size() > 1) d.push_back("a " + name + " is also called " + joinLemmas(s.lemmas, 6));
    std::vector<std::string> kinds, parts;
    for (const auto& h : s.hyponyms) kinds.push_back(wordnet.synset(h).lemmas.front());
    for (const auto& p : s.partMeronyms) parts.push_back(wordnet.synset(p).lemmas.front());
    if (!kinds.empty()) d.push_back("kinds of " + name + " include " + joinLemmas(kinds, 8));
    if (!parts.empty()) d.push_back("a " + name + " has " + joinLemmas(parts, 8));
  }
}

at::Tensor embedClasses(const TextEncoder& encoder, const std::vector<ClassDescription>& classes,
                        EmbeddingSource source) {
  at::Tensor out = at::zeros({static_cast<std::int64_t>(classes.size()), encoder.dimension()});
  for (std::size_t i = 0; i < classes.size(); ++i) {
    const auto& c = classes[i];
    const std::vector<std::string> texts = source == EmbeddingSource::ClassName ? std::vector<std::string>{c.name}
                                                                                : c.descriptions;
    int used = 0;
    for (const auto& t : texts) {
      if (!encoder.knows(t)) continue;
      out[static_cast<std::int64_t>(i)] += at::tensor(encoder.embed(t));
      ++used;
    }
    if (used == 0)
      throw Error("class '" + c.name + "': none of its " +
                  std::string(source == EmbeddingSource::ClassName ? "name's words" : "descriptions") +
                  " are in the text encoder's vocabulary");
    out[static_cast<std::int64_t>(i)] /= used;
  }
  return normalizeRows(out);
}

}  // namespace faultlens
