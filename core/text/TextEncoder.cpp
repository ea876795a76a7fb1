#include "core/text/TextEncoder.h"

#include <fasttext/fasttext.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <set>
#include <sstream>

#include "core/Error.h"
#include "core/io/FileIO.h"

namespace faultlens {

std::string normalizeText(const std::string& text) {
  std::string out;
  bool space = false;
  for (unsigned char c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (space && !out.empty()) out += ' ';
      out += static_cast<char>(c);
      space = false;
    } else {
      space = true;
    }
  }
  return out;
}

namespace {

/// Function words carry no class meaning but dominate an average of word vectors (they
/// pushed the mean cosine similarity between Fashion-MNIST classes to 0.93); they are
/// skipped when embedding. A common English stop-word list.
bool isStopWord(const std::string& w) {
  static const std::set<std::string> words{
      "a",       "about",      "above", "after",  "again", "against", "all",     "also",   "am",    "an",    "and",
      "any",     "are",        "as",    "at",     "be",    "because", "been",    "before", "being", "below", "between",
      "both",    "but",        "by",    "can",    "could", "did",     "do",      "does",   "doing", "down",  "during",
      "each",    "especially", "etc",   "few",    "for",   "from",    "further", "had",    "has",   "have",  "having",
      "he",      "her",        "here",  "hers",   "him",   "his",     "how",     "i",      "if",    "in",    "into",
      "is",      "it",         "its",   "itself", "just",  "may",     "me",      "more",   "most",  "my",    "no",
      "nor",     "not",        "now",   "of",     "off",   "often",   "on",      "once",   "one",   "only",  "or",
      "other",   "our",        "out",   "over",   "own",   "same",    "she",     "should", "so",    "some",  "such",
      "than",    "that",       "the",   "their",  "them",  "then",    "there",   "these",  "they",  "this",  "those",
      "through", "to",         "too",   "under",  "until", "up",      "usually", "very",   "was",   "we",    "were",
      "what",    "when",       "where", "which",  "while", "who",     "whom",    "why",    "will",  "with",  "would",
      "you",     "your"};
  return words.count(w) != 0;
}

}  // namespace

struct TextEncoder::Impl {
  fasttext::FastText model;
  /// Mean unit word vector of the vocabulary. Skip-gram vectors share a large common
  /// direction; subtracting it (the first step of Mu & Viswanath's "all-but-the-top",
  /// ICLR 2018) keeps texts about different things from looking alike.
  std::vector<float> commonDirection;

  void computeCommonDirection() {
    const int dim = model.getDimension();
    commonDirection.assign(dim, 0.0f);
    const auto dict = model.getDictionary();
    fasttext::Vector v(dim);
    for (int32_t id = 0; id < dict->nwords(); ++id) {
      model.getWordVector(v, dict->getWord(id));
      const float norm = v.norm();
      if (norm <= 0.0f) continue;
      for (int i = 0; i < dim; ++i) commonDirection[i] += v[i] / norm;
    }
    for (float& x : commonDirection) x /= static_cast<float>(std::max(1, dict->nwords()));
  }

  /// Words of `text` the vocabulary knows, stop words removed.
  std::vector<std::string> contentWords(const std::string& text) const {
    std::vector<std::string> out;
    std::istringstream words(normalizeText(text));
    std::string w;
    while (words >> w)
      if (!isStopWord(w) && model.getDictionary()->getId(w) >= 0) out.push_back(w);
    return out;
  }
};

TextEncoder::TextEncoder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TextEncoder::~TextEncoder() = default;

std::unique_ptr<TextEncoder> TextEncoder::train(const std::string& corpus, const TextEncoderOptions& options) {
  if (options.dimension < 2 || options.dimension > 1024) throw Error("text encoder dimension must be in 2..1024");
  // fastText reads its training text from a file.
  std::string normalized;
  std::istringstream in(corpus);
  std::string line;
  while (std::getline(in, line)) normalized += normalizeText(line) + "\n";
  std::random_device rd;
  const auto path = std::filesystem::temp_directory_path() / ("faultlens-corpus-" + std::to_string(rd()) + ".txt");
  writeFileAtomically(path.string(), normalized);
  fasttext::Args args;
  args.input = path.string();
  args.model = fasttext::model_name::sg;
  args.dim = options.dimension;
  args.epoch = options.epochs;
  args.minCount = options.minCount;
  args.ws = options.window;
  args.thread = 1;  // fastText's Hogwild threads make results depend on scheduling
  args.seed = options.seed;
  args.minn = 0;  // whole words only: small, and the corpus is dictionary text
  args.maxn = 0;
  args.bucket = 0;
  args.verbose = 0;
  auto impl = std::make_unique<Impl>();
  try {
    impl->model.train(args);
  } catch (const std::exception& e) {
    std::filesystem::remove(path);
    throw Error(std::string("fastText training failed: ") + e.what());
  }
  std::filesystem::remove(path);
  impl->computeCommonDirection();
  return std::unique_ptr<TextEncoder>(new TextEncoder(std::move(impl)));
}

std::vector<float> TextEncoder::embed(const std::string& text) const {
  // The mean of the content words' unit vectors (fastText's sentence vector without stop
  // words), each less the vocabulary's common direction.
  const int dim = impl_->model.getDimension();
  std::vector<float> sum(dim, 0.0f);
  fasttext::Vector v(dim);
  const auto words = impl_->contentWords(text);
  for (const auto& w : words) {
    impl_->model.getWordVector(v, w);
    const float norm = v.norm();
    if (norm <= 0.0f) continue;
    for (int i = 0; i < dim; ++i) sum[i] += v[i] / norm - impl_->commonDirection[i];
  }
  if (!words.empty())
    for (float& x : sum) x /= static_cast<float>(words.size());
  return sum;
}

int TextEncoder::dimension() const { return impl_->model.getDimension(); }

std::size_t TextEncoder::vocabularySize() const {
  return static_cast<std::size_t>(impl_->model.getDictionary()->nwords());
}

bool TextEncoder::knows(const std::string& text) const { return !impl_->contentWords(text).empty(); }

}  // namespace faultlens
