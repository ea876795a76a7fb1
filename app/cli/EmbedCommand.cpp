#include <ATen/ATen.h>

#include <filesystem>
#include <iostream>

#include "app/cli/Commands.h"
#include "core/Error.h"
#include "core/text/ClassDescriptions.h"
#include "core/text/ClassEmbeddings.h"
#include "core/text/TextEncoder.h"
#include "core/text/WordNet.h"

namespace faultlens::cli {

namespace {

// A text embedding wider than this has no use and only costs memory (fastText's own
// vectors are 100-300 wide).
constexpr int kMaxDim = 4096;

struct EmbedOptions {
  std::string synsets, descriptions, descriptionsOut, out;
  std::string variant = "descriptions";
  TextEncoderOptions encoder;  ///< --dim, --encoder-epochs and --seed, with the encoder's defaults
  std::string wordnet = WordNet::defaultDirectory();
};

}  // namespace

int runEmbed(const std::vector<std::string>& args) {
  EmbedOptions o;
  ArgParser p("embed", "Compute class embeddings for a text-guided head (the paper's Table 3 variants):\n"
                       "  descriptions  mean of the embeddings of several descriptions per class (default)\n"
                       "  name          the embedding of the class name alone\n"
                       "  random        seeded random unit vectors (the random-projection ablation)\n"
                       "Descriptions come from --descriptions (JSON, editable) or are built from WordNet\n"
                       "synsets (--synsets) and written to --descriptions-out. The text encoder is a fastText\n"
                       "skip-gram model trained here, single-threaded with a fixed seed, on all WordNet glosses.");
  p.option("--synsets", o.synsets, "FILE", "JSON list of {\"class\", \"synset\"}: build descriptions from WordNet");
  p.option("--descriptions", o.descriptions, "FILE", "JSON class descriptions to use as they are");
  p.option("--descriptions-out", o.descriptionsOut, "FILE", "where to write the descriptions built from --synsets");
  p.option("--variant", o.variant, "V", "descriptions, name or random")
      ->capture_default_str()
      ->check(oneOf({"descriptions", "name", "random"}, "--variant must be descriptions, name or random"));
  p.option("--out", o.out, "FILE", "class embeddings CSV (class name, then E values per line)")->required();
  p.option("--dim", o.encoder.dimension, "N", "embedding width E")
      ->capture_default_str()
      ->check(inRange(1, kMaxDim, "--dim must be from 1 to " + std::to_string(kMaxDim)));
  p.option("--encoder-epochs", o.encoder.epochs, "N", "fastText epochs")
      ->capture_default_str()
      ->check(inRange(1, 1000, "--encoder-epochs must be from 1 to 1000"));
  p.option("--seed", o.encoder.seed, "N", "seed for the encoder or the random variant")->capture_default_str();
  p.option("--wordnet", o.wordnet, "DIR", "WordNet database directory")->capture_default_str();
  if (!p.parse(args)) return 0;
  if (p.has("--synsets") == p.has("--descriptions"))
    throw UsageError("give exactly one of --synsets and --descriptions");
  checkOutputPaths({{"--out", o.out}, {"--descriptions-out", o.descriptionsOut}},
                   {{"--synsets", o.synsets}, {"--descriptions", o.descriptions}});

  std::vector<ClassDescription> classes;
  std::unique_ptr<WordNet> wordnet;
  const auto loadWordNet = [&] {
    if (!wordnet) wordnet = std::make_unique<WordNet>(o.wordnet);
    return wordnet.get();
  };
  if (p.has("--synsets")) {
    classes = readSynsetChoices(o.synsets);
    describeFromWordNet(*loadWordNet(), classes);
    if (p.has("--descriptions-out")) {
      writeClassDescriptions(o.descriptionsOut, classes);
      std::cout << "wrote descriptions to " << o.descriptionsOut << "\n";
    }
  } else {
    classes = readClassDescriptions(o.descriptions);
  }
  std::vector<std::string> names;
  for (const auto& c : classes) names.push_back(c.name);

  at::Tensor embeddings;
  if (o.variant == "random") {
    embeddings = randomClassEmbeddings(static_cast<int>(classes.size()), o.encoder.dimension,
                                       static_cast<std::uint64_t>(o.encoder.seed));
  } else {
    std::cout << "training the fastText encoder on " << loadWordNet()->size() << " WordNet glosses ..." << std::flush;
    auto encoder = TextEncoder::train(wordnet->glossCorpus(), o.encoder);
    std::cout << " vocabulary " << encoder->vocabularySize() << " words\n";
    embeddings = embedClasses(*encoder, classes,
                              o.variant == "name" ? EmbeddingSource::ClassName : EmbeddingSource::Descriptions);
  }
  saveClassEmbeddingsCsv(o.out, embeddings, names);
  // Cosine similarity between classes: a quick look at what the head starts from.
  const at::Tensor sim = at::matmul(embeddings, embeddings.t());
  std::cout << "wrote " << embeddings.size(0) << "x" << embeddings.size(1) << " " << o.variant << " embeddings to "
            << o.out << "\nmean cosine similarity between different classes: "
            << ((sim.sum() - sim.diagonal().sum()) / (sim.size(0) * (sim.size(0) - 1))).item<double>() << "\n";
  return 0;
}

}  // namespace faultlens::cli
