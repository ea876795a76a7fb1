#include "core/text/WordNet.h"

#include <cstdlib>
#include <sstream>

#include "core/Error.h"
#include "core/io/FileIO.h"

namespace faultlens {
namespace {

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t");
  const auto b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

std::string readToken(std::istringstream& in, const std::string& source, const char* what) {
  std::string token;
  if (!(in >> token)) throw Error(source + ": malformed WordNet line (missing " + what + ")");
  return token;
}

long parseNumber(const std::string& token, int base, const std::string& source, const char* what) {
  char* end = nullptr;
  const long v = std::strtol(token.c_str(), &end, base);
  if (token.empty() || *end != '\0' || v < 0)
    throw Error(source + ": malformed WordNet line (bad " + what + " '" + token + "')");
  return v;
}

}  // namespace

std::string WordNet::defaultDirectory() {
  if (const char* env = std::getenv("FAULTLENS_WORDNET_DIR")) return env;
  return "/usr/share/wordnet";
}

Synset parseWordNetDataLine(const std::string& line, char pos, const std::string& source) {
  const auto bar = line.find(" | ");
  std::istringstream in(line.substr(0, bar));
  Synset s;
  const std::string offset = readToken(in, source, "offset");
  if (offset.size() != 8) throw Error(source + ": malformed WordNet line (offset '" + offset + "')");
  parseNumber(offset, 10, source, "offset");
  s.id = std::string(1, pos) + offset;
  readToken(in, source, "lexicographer file");
  readToken(in, source, "synset type");
  const long words = parseNumber(readToken(in, source, "word count"), 16, source, "word count");
  for (long i = 0; i < words; ++i) {
    std::string lemma = readToken(in, source, "word");
    readToken(in, source, "lexical id");
    const auto paren = lemma.find('(');  // adjective markers such as "(a)"
    if (paren != std::string::npos) lemma = lemma.substr(0, paren);
    for (char& c : lemma)
      if (c == '_') c = ' ';
    s.lemmas.push_back(lemma);
  }
  const long pointers = parseNumber(readToken(in, source, "pointer count"), 10, source, "pointer count");
  for (long i = 0; i < pointers; ++i) {
    const std::string symbol = readToken(in, source, "pointer symbol");
    const std::string target = readToken(in, source, "pointer target");
    const std::string targetPos = readToken(in, source, "pointer part of speech");
    readToken(in, source, "pointer source/target");
    const std::string id = (targetPos == "s" ? std::string("a") : targetPos) + target;
    if (symbol == "@" || symbol == "@i") s.hypernyms.push_back(id);
    else if (symbol == "~" || symbol == "~i") s.hyponyms.push_back(id);
    else if (symbol == "%p") s.partMeronyms.push_back(id);
  }
  if (bar != std::string::npos) {
    // Gloss: "definition; \"example\"; \"example\"" (definitions may themselves hold ';').
    std::string gloss = trim(line.substr(bar + 3));
    std::vector<std::string> definitionParts;
    std::size_t start = 0;
    while (start <= gloss.size()) {
      auto semi = gloss.find(';', start);
      if (semi == std::string::npos) semi = gloss.size();
      const std::string part = trim(gloss.substr(start, semi - start));
      if (part.size() >= 2 && part.front() == '"') {
        const auto close = part.find('"', 1);
        s.examples.push_back(part.substr(1, close == std::string::npos ? std::string::npos : close - 1));
      } else if (!part.empty() && s.examples.empty()) {
        definitionParts.push_back(part);
      }
      start = semi + 1;
    }
    for (std::size_t i = 0; i < definitionParts.size(); ++i) s.definition += (i ? "; " : "") + definitionParts[i];
  }
  return s;
}

WordNet::WordNet(const std::string& dir) {
  for (const auto& [file, pos] : {std::pair{"data.noun", 'n'}, std::pair{"data.verb", 'v'}, std::pair{"data.adj", 'a'},
                                  std::pair{"data.adv", 'r'}}) {
    const std::string path = dir + "/" + file;
    std::istringstream in(readFileBytes(path));
    std::string line;
    std::size_t lineNo = 0;
    while (std::getline(in, line)) {
      ++lineNo;
      if (line.empty() || line[0] == ' ') continue;  // licence header lines start with spaces
      Synset s = parseWordNetDataLine(line, pos, path + ":" + std::to_string(lineNo));
      synsets_.emplace(s.id, std::move(s));
    }
  }
  if (synsets_.empty()) throw fileError(dir, "no WordNet synsets found (install the Debian package wordnet-base)");
}

const Synset& WordNet::synset(const std::string& id) const {
  auto it = synsets_.find(id);
  if (it == synsets_.end()) throw Error("WordNet has no synset '" + id + "' (ids look like n03595614)");
  return it->second;
}

std::string WordNet::glossCorpus() const {
  std::string out;
  for (const auto& [id, s] : synsets_) {
    for (const auto& l : s.lemmas) out += l + " ";
    out += ": " + s.definition;
    for (const auto& e : s.examples) out += " ; " + e;
    out += "\n";
  }
  return out;
}

}  // namespace faultlens
