#include "core/text/ClassDescriptions.h"

#include <ATen/ATen.h>

#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "core/FileIO.h"
#include "core/text/ClassEmbeddings.h"
#include "core/text/TextEncoder.h"
#include "core/text/WordNet.h"

namespace faultlens {
using nlohmann::json;

namespace {

json parseJson(const std::string& path) {
  try {
    return json::parse(readFileBytes(path));
  } catch (const json::exception& e) {
    throw fileError(path, std::string("invalid JSON (") + e.what() + ")");
  }
}

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

std::vector<ClassDescription> readSynsetChoices(const std::string& path) {
  const json j = parseJson(path);
  if (!j.is_array() || j.empty()) throw fileError(path, "expected a non-empty list of {\"class\", \"synset\"} objects");
  std::vector<ClassDescription> out;
  for (const auto& e : j) {
    if (!e.is_object() || !e.contains("class") || !e["class"].is_string() || !e.contains("synset") ||
        !e["synset"].is_string())
      throw fileError(path, "entry " + std::to_string(out.size()) + " needs string fields \"class\" and \"synset\"");
    out.push_back({e["class"].get<std::string>(), e["synset"].get<std::string>(), {}});
  }
  return out;
}

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

std::vector<ClassDescription> readClassDescriptions(const std::string& path) {
  const json j = parseJson(path);
  if (!j.is_object() || !j.contains("classes") || !j["classes"].is_array() || j["classes"].empty())
    throw fileError(path, "expected {\"classes\": [{\"class\", \"descriptions\": [...]}, ...]}");
  std::vector<ClassDescription> out;
  for (const auto& e : j["classes"]) {
    const std::string where = "class entry " + std::to_string(out.size());
    if (!e.is_object() || !e.contains("class") || !e["class"].is_string())
      throw fileError(path, where + " needs a string \"class\"");
    ClassDescription c{e["class"].get<std::string>(), e.value("synset", std::string()), {}};
    if (!e.contains("descriptions") || !e["descriptions"].is_array() || e["descriptions"].empty())
      throw fileError(path, where + " ('" + c.name + "') needs a non-empty \"descriptions\" list");
    for (const auto& d : e["descriptions"]) {
      if (!d.is_string() || d.get<std::string>().empty())
        throw fileError(path, where + " ('" + c.name + "'): descriptions must be non-empty strings");
      c.descriptions.push_back(d.get<std::string>());
    }
    out.push_back(std::move(c));
  }
  return out;
}

void writeClassDescriptions(const std::string& path, const std::vector<ClassDescription>& classes) {
  json j;
  j["classes"] = json::array();
  for (const auto& c : classes)
    j["classes"].push_back({{"class", c.name}, {"synset", c.synset}, {"descriptions", c.descriptions}});
  writeFileAtomically(path, j.dump(2) + "\n");
}

void checkClassNames(const std::vector<ClassDescription>& classes, const std::vector<std::string>& expected,
                     const std::string& source) {
  if (classes.size() != expected.size())
    throw fileError(source, "describes " + std::to_string(classes.size()) + " classes, the data set has " +
                                std::to_string(expected.size()));
  for (std::size_t i = 0; i < classes.size(); ++i)
    if (classes[i].name != expected[i])
      throw fileError(source, "class " + std::to_string(i) + " is '" + classes[i].name + "', the data set calls it '" +
                                  expected[i] + "'");
}

at::Tensor embedClasses(const TextEncoder& encoder, const std::vector<ClassDescription>& classes,
                        EmbeddingSource source) {
  at::Tensor out = at::zeros({static_cast<std::int64_t>(classes.size()), encoder.dimension()});
  for (std::size_t i = 0; i < classes.size(); ++i) {
    const auto& c = classes[i];
    const std::vector<std::string> texts =
        source == EmbeddingSource::ClassName ? std::vector<std::string>{c.name} : c.descriptions;
    int used = 0;
    for (const auto& t : texts) {
      if (!encoder.knows(t)) continue;
      out[static_cast<std::int64_t>(i)] += at::tensor(encoder.embed(t));
      ++used;
    }
    if (used == 0)
      throw Error("class '" + c.name + "': none of its " + std::string(source == EmbeddingSource::ClassName ? "name's words" : "descriptions") +
                  " are in the text encoder's vocabulary");
    out[static_cast<std::int64_t>(i)] /= used;
  }
  return normalizeRows(out);
}

}  // namespace faultlens
