// Class descriptions and embeddings: WordNet parsing, the fastText encoder's determinism,
// embedding files in three formats, and clear errors for malformed ones.
#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <torch/serialize.h>

#include "core/Error.h"
#include "core/io/FileIO.h"
#include "core/text/ClassDescriptions.h"
#include "core/text/ClassEmbeddings.h"
#include "core/text/TextEncoder.h"
#include "core/text/WordNet.h"
#include "tests/core/TestModels.h"

namespace faultlens {
namespace {

TEST(WordNet, ParsesADataLineWithGlossAndExamples) {
  const std::string line =
      "04489008 06 n 02 trouser 0 pant 0 002 @ 03419014 n 0000 ~ 02825442 n 0000 | (usually in the plural) a garment "
      "extending from the waist to the knee or ankle, covering each leg separately; \"he had a sharp crease in his "
      "trousers\"  ";
  const Synset s = parseWordNetDataLine(line, 'n', "test");
  EXPECT_EQ(s.id, "n04489008");
  EXPECT_EQ(s.lemmas, (std::vector<std::string>{"trouser", "pant"}));
  EXPECT_EQ(s.hypernyms, (std::vector<std::string>{"n03419014"}));
  EXPECT_EQ(s.hyponyms, (std::vector<std::string>{"n02825442"}));
  EXPECT_EQ(s.examples, (std::vector<std::string>{"he had a sharp crease in his trousers"}));
  EXPECT_NE(s.definition.find("covering each leg separately"), std::string::npos);
  EXPECT_THROW(parseWordNetDataLine("0448 06 n 02 trouser", 'n', "test"), Error);
  EXPECT_THROW(parseWordNetDataLine("04489008 06 n 05 trouser 0 | gloss", 'n', "test"), Error);
}

TEST(WordNet, DebianDatabaseHasTheShippedSynsets) {
  const WordNet wn;
  EXPECT_GT(wn.size(), 100000u);
  const Synset& tee = wn.synset("n03595614");
  EXPECT_NE(std::find(tee.lemmas.begin(), tee.lemmas.end(), "T-shirt"), tee.lemmas.end());
  EXPECT_THROW(wn.synset("n99999999"), Error);
  // Every hand-checked choice resolves, and descriptions mention the definition.
  auto classes = readSynsetChoices(FAULTLENS_RESOURCE_DIR "/fashion_mnist_synsets.json");
  ASSERT_EQ(classes.size(), 10u);
  describeFromWordNet(wn, classes);
  EXPECT_EQ(classes[7].name, "Sneaker");
  EXPECT_NE(classes[7].descriptions[0].find("canvas shoe with a pliable rubber sole"), std::string::npos);
  for (const auto& c : classes) EXPECT_GE(c.descriptions.size(), 3u) << c.name;
}

TEST(TextEncoder, SameSeedSameVectorsAndStopWordsIgnored) {
  std::string corpus;
  for (int i = 0; i < 200; ++i)
    corpus += "a shoe has a sole and laces; a boot covers the ankle; a shirt has sleeves and a collar\n"
              "trousers cover each leg; a dress is worn by women; a bag carries money and small items\n";
  TextEncoderOptions o;
  o.dimension = 8;
  o.epochs = 3;
  o.minCount = 1;
  auto a = TextEncoder::train(corpus, o);
  auto b = TextEncoder::train(corpus, o);
  EXPECT_EQ(a->dimension(), 8);
  EXPECT_EQ(a->embed("a boot covers the ankle"), b->embed("a boot covers the ankle"));
  EXPECT_EQ(a->embed("the boot"), a->embed("boot"));
  EXPECT_TRUE(a->knows("Boot!"));
  EXPECT_FALSE(a->knows("the of and"));
  EXPECT_FALSE(a->knows("zeppelin"));
  EXPECT_EQ(normalizeText("T-shirt/Top,  HELLO"), "t shirt top hello");

  std::vector<ClassDescription> classes{{"Boot", "", {"covers the ankle"}}, {"Unknown", "", {"zeppelin"}}};
  EXPECT_THROW(embedClasses(*a, classes, EmbeddingSource::Descriptions), Error);
  classes.pop_back();
  const at::Tensor e = embedClasses(*a, classes, EmbeddingSource::Descriptions);
  EXPECT_NEAR(e[0].norm().item<float>(), 1.0f, 1e-5);
}

TEST(ClassEmbeddings, LoadsNpyTensorAndCsvAndChecksShape) {
  const std::string dir = test::tempDir("emb");
  const at::Tensor e = randomClassEmbeddings(3, 4, 7);
  EXPECT_TRUE(at::allclose(e.norm(2, 1), at::ones({3})));
  saveClassEmbeddingsCsv(dir + "/e.csv", e, {"a", "b,c", "d"});
  EXPECT_TRUE(at::allclose(loadClassEmbeddings(dir + "/e.csv", 3), e, 1e-6, 1e-6));
  writeFileAtomically(dir + "/plain.csv", "1,2\n3,4\n5,6\n");
  EXPECT_EQ(loadClassEmbeddings(dir + "/plain.csv", 3).size(1), 2);
  {
    std::vector<char> bytes = torch::pickle_save(e);
    writeFileAtomically(dir + "/e.pt", std::string(bytes.begin(), bytes.end()));
  }
  EXPECT_TRUE(at::equal(loadClassEmbeddings(dir + "/e.pt", 3), e));

  const auto expectError = [&](const std::string& path, const std::string& what, int classes) {
    try {
      loadClassEmbeddings(path, classes);
      FAIL() << "expected " << what;
    } catch (const Error& err) {
      EXPECT_NE(std::string(err.what()).find(path), std::string::npos) << err.what();
      EXPECT_NE(std::string(err.what()).find(what), std::string::npos) << err.what();
    }
  };
  expectError(dir + "/e.csv", "has 3 class embeddings, the data set has 10 classes", 10);
  writeFileAtomically(dir + "/ragged.csv", "1,2\n3\n");
  expectError(dir + "/ragged.csv", "line 2 has 1 values", -1);
  writeFileAtomically(dir + "/word.csv", "a,1,x\n");
  expectError(dir + "/word.csv", "'x' is not a number", -1);
  writeFileAtomically(dir + "/nan.csv", "1,nan\n2,3\n");
  expectError(dir + "/nan.csv", "NaN or Inf", -1);
  writeFileAtomically(dir + "/zero.csv", "0,0\n2,3\n");
  expectError(dir + "/zero.csv", "all zeros", -1);
  writeFileAtomically(dir + "/e.txt", "1,2\n");
  expectError(dir + "/e.txt", "unknown embedding format", -1);
}

TEST(ClassDescriptions, RoundTripAndMalformedFiles) {
  const std::string dir = test::tempDir("desc");
  const std::vector<ClassDescription> classes{{"Bag", "n02774152", {"a bag carries things", "a purse"}},
                                              {"Coat", "", {"an outer garment"}}};
  writeClassDescriptions(dir + "/d.json", classes);
  const auto back = readClassDescriptions(dir + "/d.json");
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].descriptions, classes[0].descriptions);
  EXPECT_EQ(back[0].synset, "n02774152");
  EXPECT_NO_THROW(checkClassNames(back, {"Bag", "Coat"}, "d.json"));
  EXPECT_THROW(checkClassNames(back, {"Coat", "Bag"}, "d.json"), Error);
  for (const char* bad : {"[]", "{\"classes\": []}", "{\"classes\": [{\"class\": \"x\"}]}",
                          "{\"classes\": [{\"class\": \"x\", \"descriptions\": [\"\"]}]}", "{not json"}) {
    writeFileAtomically(dir + "/bad.json", bad);
    EXPECT_THROW(readClassDescriptions(dir + "/bad.json"), Error) << bad;
  }
  writeFileAtomically(dir + "/syn.json", "[{\"class\": \"x\"}]");
  EXPECT_THROW(readSynsetChoices(dir + "/syn.json"), Error);
}

}  // namespace
}  // namespace faultlens
