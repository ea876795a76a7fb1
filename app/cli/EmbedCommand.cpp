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

int runEmbed(const std::vector<std::string>& args) {
  ArgParser p("embed",
              "Compute class embeddings for a text-guided head (the paper's Table 3 variants):\n"
              "  descriptions  mean of the embeddings of several descriptions per class (default)\n"
              "  name          the embedding of the class name alone\n"
              "  random        seeded random unit vectors (the random-projection ablation)\n"
              "Descriptions come from --descriptions (JSON, editable) or are built from WordNet\n"
              "synsets (--synsets) and written to --descriptions-out. The text encoder is a fastText\n"
              "skip-gram model trained here, single-threaded with a fixed seed, on all WordNet glosses.");
  p.option("synsets", "FILE", "JSON list of {\"class\", \"synset\"}: build descriptions from WordNet");
  p.option("descriptions", "FILE", "JSON class descriptions to use as they are");
  p.option("descriptions-out", "FILE", "where to write the descriptions built from --synsets");
  p.option("variant", "V", "descriptions (default), name or random");
  p.option("out", "FILE", "class embeddings CSV (class name, then E values per line)");
  p.option("dim", "N", "embedding width E (default 64)");
  p.option("encoder-epochs", "N", "fastText epochs (default 10)");
  p.option("seed", "N", "seed for the encoder or the random variant (default 1)");
  p.option("wordnet", "DIR", "WordNet database directory (default /usr/share/wordnet)");
  if (!p.parse(args)) return 0;
  const std::string variant = p.valueOr("variant", "descriptions");
  if (variant != "descriptions" && variant != "name" && variant != "random")
    throw UsageError("--variant must be descriptions, name or random");
  if (p.has("synsets") == p.has("descriptions")) throw UsageError("give exactly one of --synsets and --descriptions");
  const int dim = p.intValue("dim", 64);
  const int seed = p.intValue("seed", 1);
  // A text embedding wider than this has no use and only costs memory (fastText's own
  // vectors are 100-300 wide).
  constexpr int kMaxDim = 4096;
  if (dim < 1 || dim > kMaxDim) throw UsageError("--dim must be from 1 to " + std::to_string(kMaxDim));
  if (p.has("encoder-epochs") && (p.intValue("encoder-epochs", 1) < 1 || p.intValue("encoder-epochs", 1) > 1000))
    throw UsageError("--encoder-epochs must be from 1 to 1000");
  const std::string out = p.value("out");
  refuseCoincidingPaths({{"--out", out}, {"--descriptions-out", p.valueOr("descriptions-out", "")}},
                        {{"--synsets", p.valueOr("synsets", "")}, {"--descriptions", p.valueOr("descriptions", "")}});

  std::vector<ClassDescription> classes;
  std::unique_ptr<WordNet> wordnet;
  const auto loadWordNet = [&] {
    if (!wordnet) wordnet = std::make_unique<WordNet>(p.valueOr("wordnet", WordNet::defaultDirectory()));
    return wordnet.get();
  };
  if (p.has("synsets")) {
    classes = readSynsetChoices(p.value("synsets"));
    describeFromWordNet(*loadWordNet(), classes);
    if (p.has("descriptions-out")) {
      writeClassDescriptions(p.value("descriptions-out"), classes);
      std::cout << "wrote descriptions to " << p.value("descriptions-out") << "\n";
    }
  } else {
    classes = readClassDescriptions(p.value("descriptions"));
  }
  std::vector<std::string> names;
  for (const auto& c : classes) names.push_back(c.name);

  at::Tensor embeddings;
  if (variant == "random") {
    embeddings = randomClassEmbeddings(static_cast<int>(classes.size()), dim, static_cast<std::uint64_t>(seed));
  } else {
    TextEncoderOptions options;
    options.dimension = dim;
    options.epochs = p.intValue("encoder-epochs", options.epochs);
    options.seed = seed;
    std::cout << "training the fastText encoder on " << loadWordNet()->size() << " WordNet glosses ..." << std::flush;
    auto encoder = TextEncoder::train(wordnet->glossCorpus(), options);
    std::cout << " vocabulary " << encoder->vocabularySize() << " words\n";
    embeddings = embedClasses(*encoder, classes,
                              variant == "name" ? EmbeddingSource::ClassName : EmbeddingSource::Descriptions);
  }
  saveClassEmbeddingsCsv(out, embeddings, names);
  // Cosine similarity between classes: a quick look at what the head starts from.
  const at::Tensor sim = at::matmul(embeddings, embeddings.t());
  std::cout << "wrote " << embeddings.size(0) << "x" << embeddings.size(1) << " " << variant << " embeddings to " << out
            << "\nmean cosine similarity between different classes: "
            << ((sim.sum() - sim.diagonal().sum()) / (sim.size(0) * (sim.size(0) - 1))).item<double>() << "\n";
  return 0;
}

}  // namespace faultlens::cli
