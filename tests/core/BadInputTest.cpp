// The bad-input catalogue (docs/untrusted-input.md): every kind of bad file or
// value a researcher can hand the tool ends in a faultlens::Error that names the file (or
// value) and the problem — never a crash, a hang, or a half-written output. Parsers with
// a format of their own are also fuzzed (fuzz/); the model and data-set loaders have
// further cases in ModelTest.cpp and DataTest.cpp.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <csignal>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "core/faults/FaultList.h"
#include "core/faults/FaultSites.h"
#include "core/io/FileIO.h"
#include "core/io/JsonFormat.h"
#include "core/model/ModelMetadata.h"
#include "core/io/NumericFiles.h"
#include "core/io/ProjectFile.h"
#include "core/text/ClassDescriptionFile.h"
#include "tests/core/ExpectError.h"
#include "tests/core/TestModels.h"

namespace faultlens {
namespace {
namespace fs = std::filesystem;
using test::expectErrorMentioning;

std::size_t filesIn(const std::string& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

TEST(BadInput, NamesThatAreNotUtf8NeverBreakAnOutputAndClassListsMustBeUtf8) {
  // A folder name in Latin-1 ("é" is 0xE9): JSON output replaces the byte instead of
  // throwing after the work, and the rest of the text is kept.
  const nlohmann::json j{{"class", std::string("caf\xE9")}, {"n", 1}};
  const std::string text = jsonText(j);
  EXPECT_NE(text.find("caf\xEF\xBF\xBD"), std::string::npos) << text;  // U+FFFD
  EXPECT_NO_THROW((void)nlohmann::json::parse(text));
  EXPECT_TRUE(isValidUtf8("T-shirt/top \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"));
  for (const char* bad : {"\xE9t\xE9", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "abc\xE2\x82"})
    EXPECT_FALSE(isValidUtf8(bad)) << bad;
  test::expectErrorMentioning([] { parseClassList("shirt\n\xE9t\xE9\n", "classes.txt"); }, "classes.txt",
                              "line 2: class name is not valid UTF-8");
}

TEST(BadInput, DevicesAndPipesAreRefusedInsteadOfReadForever) {
  expectErrorMentioning([] { readFileBytes("/dev/zero"); }, "/dev/zero", "not a regular file");
  const std::string fifo = test::tempDir("fifo") + "/model.pt";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // Opening a FIFO for reading blocks until a writer appears: this must not be reached.
  expectErrorMentioning([&] { readFileBytes(fifo); }, fifo, "not a regular file");
  expectErrorMentioning([&] { readFaultList(fifo); }, fifo, "not a regular file");
}

TEST(BadInput, UnwritableOutputsFailNamingTheFileAndLeaveNothingBehind) {
  const auto dir = test::tempDir("unwritable");
  expectErrorMentioning([&] { writeFileAtomically(dir + "/missing/out.csv", "x"); }, dir + "/missing/out.csv",
                        "does not exist");
  writeFileAtomically(dir + "/plain-file", "x");
  expectErrorMentioning([&] { writeFileAtomically(dir + "/plain-file/out.csv", "x"); }, dir + "/plain-file/out.csv",
                        "does not exist");
  // /proc refuses new files even to root (CI runs as root, so chmod 0500 proves nothing).
  expectErrorMentioning([] { writeFileAtomically("/proc/faultlens-out.csv", "x"); }, "/proc/faultlens-out.csv",
                        "cannot write");
}

TEST(BadInput, AFullDiskKeepsTheOldFileWholeAndRemovesTheTemporary) {
  const auto dir = test::tempDir("full");
  const std::string target = dir + "/summary.json";
  writeFileAtomically(target, "old, complete content\n");
  // A file-size limit makes write() fail with EFBIG exactly as a full disk fails with
  // ENOSPC, without needing a small file system (or root).
  std::signal(SIGXFSZ, SIG_IGN);
  rlimit saved{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &saved), 0);
  rlimit small = saved;
  small.rlim_cur = 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  expectErrorMentioning([&] { writeFileAtomically(target, std::string(1 << 20, 'y')); }, target, "write failed");
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &saved), 0);
  EXPECT_EQ(readFileBytes(target), "old, complete content\n");
  EXPECT_EQ(filesIn(dir), 1u) << "the temporary file must be removed";
}

TEST(BadInput, NpyWithAnAbsurdShapeIsAnErrorNotAnOverflow) {
  const auto npy = [](const std::string& shape) {
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
    header.resize(118, ' ');
    header += '\n';
    return std::string("\x93NUMPY\x01\x00", 8) + char(header.size() & 0xff) + char(header.size() >> 8) + header;
  };
  expectErrorMentioning([&] { parseNpyLayout(npy("(99999999999999999999999999,)"), "e.npy"); }, "e.npy",
                        "implausibly large");
  expectErrorMentioning([&] { parseNpyLayout(npy("(4294967296, 4294967296)"), "e.npy"); }, "e.npy",
                        "implausibly large");
  expectErrorMentioning([&] { parseNpyLayout(npy("(2, 3)"), "e.npy"); }, "e.npy", "truncated?");
  EXPECT_EQ(parseNpyLayout(npy("(2, 3)") + std::string(24, '\0'), "e.npy").elementCount, 6);
  expectErrorMentioning([] { parseNumericCsv("cat,1,2\ndog,1,x\n", "e.csv"); }, "e.csv", "line 2: 'x' is not a number");
  expectErrorMentioning([] { parseNumericCsv("cat,1,2\ndog,1\n", "e.csv"); }, "e.csv", "has 1 values");
}

TEST(BadInput, FaultSitesOutOfRangeNameTheLayerAndCoordinate) {
  LayerInfo conv;
  conv.name = "layer1.conv";
  conv.outputShape = {8, 4, 4};
  conv.weightShape = {8, 3, 3, 3};
  const std::vector<LayerInfo> layers{conv};
  expectErrorMentioning([&] { resolveActivationFault(layers, parseFaultSpec("layer1.conv@8,0,0:3"), 0); },
                        "layer1.conv", "coordinate 0 = 8 is out of range");
  expectErrorMentioning([&] { resolveActivationFault(layers, parseFaultSpec("layer1.conv@1,2:3"), 0); }, "layer1.conv",
                        "expected 3 coordinates, got 2");
  expectErrorMentioning([&] { resolveWeightFault(layers, parseFaultSpec("layer1.conv@0,3,0,0:3")); }, "layer1.conv",
                        "coordinate 1 = 3 is out of range");
  expectErrorMentioning([&] { resolveActivationFault(layers, parseFaultSpec("fc@1:3"), 0); }, "'fc'",
                        "no conv2d/linear layer");
  expectErrorMentioning([] { parseFaultSpec("fc@1:32"); }, "fc@1:32", "bit 32 is outside 0..31");
  expectErrorMentioning([] { parseFaultSpec("fc@99999999999999999999:3"); }, "fc@99999999999999999999:3",
                        "is not a number");
}

TEST(FaultList, RoundTripsEveryFieldAndRejectsMalformedFiles) {
  const auto dir = test::tempDir("faultlist");
  std::vector<FaultListEntry> faults(2);
  faults[0].site = parseFaultSpec("features.layer3.conv2@5,3,3:30");
  faults[1].target = FaultTarget::Weight;
  faults[1].site = parseFaultSpec("fc@3,17:1");
  faults[1].model = ErrorModel::RandomValue;
  faults[1].randomValue = -2.5f;
  writeFaultList(dir + "/faults.json", faults);
  EXPECT_EQ(readFaultList(dir + "/faults.json"), faults);
  EXPECT_EQ(readFaultListFile(dir + "/faults.json").layersOf, ProjectModel::Baseline);
  EXPECT_EQ(readFileBytes(dir + "/faults.json").find("fault_layers_of"), std::string::npos)
      << "a baseline list stays readable by builds that predate the key";
  writeFaultList(dir + "/guided.json", faults, ProjectModel::Guided);
  EXPECT_EQ(readFaultListFile(dir + "/guided.json").layersOf, ProjectModel::Guided);
  EXPECT_EQ(readFaultList(dir + "/guided.json"), faults);

  const auto bad = [&](const std::string& text, const std::string& what) {
    writeFileAtomically(dir + "/bad.json", text);
    expectErrorMentioning([&] { readFaultList(dir + "/bad.json"); }, dir + "/bad.json", what);
  };
  const std::string head = R"({"format": "faultlens-fault-list", "version": 1, "faults": )";
  bad("{\"format\": ", "invalid JSON");
  bad("[1, 2]", "not a FaultLens fault list");
  bad(R"({"format": "faultlens-fault-list", "version": 7, "faults": []})", "unsupported fault list version");
  bad(R"({"format": "faultlens-fault-list", "version": 1})", "lacks the \"faults\" list");
  bad(head + "{}}", "\"faults\" must be a list");
  bad(head + "[], \"fault_layers_of\": \"text\"}", "\"fault_layers_of\" must be baseline or guided, not 'text'");
  bad(head + "[{\"site\": 3}]}", "fault 1 needs a \"site\" string");
  bad(head + "[{\"site\": \"fc@1:3\"}, {\"site\": \"fc@1\"}]}", "fault 2: fault 'fc@1': expected LAYER@I,J,...:BIT");
  bad(head + "[{\"site\": \"fc@1:3\", \"target\": \"bias\"}]}", "\"target\" must be \"activation\" or \"weight\"");
  bad(head + "[{\"site\": \"fc@1:3\", \"error_model\": \"melt\"}]}", "unknown error model 'melt'");
  bad(head + "[{\"site\": \"fc@1:3\", \"error_model\": \"random\", \"random_value\": 1e300}]}",
      "not a finite float32 value");
  bad(head + "[{\"site\": \"fc@1:3\", \"random_value\": 2}]}", "only applies to \"error_model\": \"random\"");
  // No default value: a random-value fault without its value would write 0.0.
  bad(head + "[{\"site\": \"fc@1:3\", \"error_model\": \"random\"}]}", "\"random\" needs \"random_value\"");
  // A misspelt key must not silently fall back to the default (bit flips).
  bad(head + "[{\"site\": \"fc@1:3\", \"error_modes\": \"stuck0\"}]}", "fault 1: unknown key \"error_modes\"");
}

TEST(ProjectFile, KeepsPathsRelativeToTheProjectAndRejectsMalformedFiles) {
  const auto dir = test::tempDir("project");
  fs::create_directories(dir + "/models");
  Project p;
  p.baselinePath = dir + "/models/baseline.pt";
  p.guidedPath = "/elsewhere/guided.pt";
  p.dataSpec = "fashion-mnist";
  p.image = 6;
  p.seed = 42;
  p.faults.resize(1);
  p.faults[0].site = parseFaultSpec("fc@3:30");
  p.cam.colourMap = "viridis";
  p.numberFormat = NumberFormat::fixedPoint(3, 12);
  p.faultLayersOf = ProjectModel::Guided;
  writeProject(dir + "/study.faultlens.json", p);
  const std::string text = readFileBytes(dir + "/study.faultlens.json");
  EXPECT_NE(text.find("\"models/baseline.pt\""), std::string::npos) << "paths under the project are relative";
  EXPECT_NE(text.find("\"/elsewhere/guided.pt\""), std::string::npos) << "others stay absolute";

  // Moving the project folder keeps it working.
  fs::rename(dir, dir + "-moved");
  const Project back = readProject(dir + "-moved/study.faultlens.json");
  fs::rename(dir + "-moved", dir);
  EXPECT_EQ(back.baselinePath, dir + "-moved/models/baseline.pt");
  EXPECT_EQ(back.guidedPath, p.guidedPath);
  EXPECT_EQ(back.dataSpec, "fashion-mnist") << "a built-in data-set name is not a path";
  EXPECT_EQ(back.image, 6);
  EXPECT_EQ(back.seed, 42u);
  EXPECT_EQ(back.faults, p.faults);
  EXPECT_EQ(back.cam, p.cam);
  EXPECT_EQ(back.numberFormat, p.numberFormat);
  EXPECT_EQ(back.faultLayersOf, ProjectModel::Guided);

  const auto bad = [&](const std::string& text, const std::string& what) {
    writeFileAtomically(dir + "/bad.json", text);
    expectErrorMentioning([&] { readProject(dir + "/bad.json"); }, dir + "/bad.json", what);
  };
  const std::string head = R"({"format": "faultlens-project", "version": 1, )";
  bad("", "invalid JSON");
  bad(R"({"format": "faultlens-fault-list", "version": 1})", "not a FaultLens project");
  bad(head + R"("baseline": 5})", "\"baseline\" must be a string");
  bad(head + R"("image": -1})", "\"image\" must be a non-negative image index");
  bad(head + R"("seed": "x"})", "\"seed\" must be a non-negative integer");
  bad(head + R"("cam": {"colour_map": "rainbow"}})", "\"cam.colour_map\" must be jet, viridis or cividis");
  bad(head + R"("cam": {"opacity": 1.5}})", "\"cam.opacity\" must be a number from 0 to 1");
  bad(head + R"("cam": {"colour_bar": "yes"}})", "\"cam.colour_bar\" must be true or false");
  bad(head + R"("faults": [{"site": "fc@x:1"}]})", "fault 1: fault 'fc@x:1'");
  bad(head + R"("baseline": "a.pt", "gided": "b.pt"})", "top level: unknown key \"gided\"");
  bad(head + R"("number_format": "fp12"})", "\"number_format\": ");
  bad(head + R"("number_format": 16})", "\"number_format\" must be a string");
  bad(head + R"("fault_layers_of": "both"})", "\"fault_layers_of\" must be baseline or guided, not 'both'");
  // Projects written before formats existed compute in float32, and a float32 project is
  // written without the key, so that such builds open it.
  writeFileAtomically(dir + "/old.json", head + R"("data": "fashion-mnist"})");
  EXPECT_EQ(readProject(dir + "/old.json").numberFormat, NumberFormat{});
  EXPECT_EQ(readProject(dir + "/old.json").faultLayersOf, ProjectModel::Baseline);
  p.numberFormat = NumberFormat{};
  p.faultLayersOf = ProjectModel::Baseline;
  EXPECT_EQ(projectToJson(p, dir + "/fp32.json").find("number_format"), std::string::npos);
  EXPECT_EQ(projectToJson(p, dir + "/fp32.json").find("fault_layers_of"), std::string::npos);
}

TEST(BadInput, MetadataNumbersOutOfRangeAreErrorsNotWrappedOrInfinite) {
  // 4294967299 would wrap to 3 channels if read as a 32-bit int.
  expectErrorMentioning(
      [] { parseModelMetadata(R"({"input": {"channels": 4294967299, "height": 2, "width": 2}})", "m.json"); }, "m.json",
      "'channels' must be an integer between 0 and 1000000");
  expectErrorMentioning([] { parseModelMetadata(R"({"mean": [1e300]})", "m.json"); }, "m.json",
                        "'mean' must be a list of finite numbers");
  expectErrorMentioning([] { parseFloatList("0.5,nan", "--mean"); }, "--mean", "'nan' is not a finite number");
  expectErrorMentioning([] { parseInputShape("1e30,3,3"); }, "1e30,3,3", "sizes must be between 1 and 1000000");
  expectErrorMentioning([] { parseModelMetadata("[1e999]", "m.json"); }, "m.json", "invalid JSON");
}

TEST(BadInput, DescriptionFilesWithWrongTypesAreErrorsNotCrashes) {
  expectErrorMentioning(
      [] {
        parseClassDescriptions(R"({"classes": [{"class": "cat", "synset": 5, "descriptions": ["x"]}]})", "d.json");
      },
      "d.json", "\"synset\" must be a string");
  expectErrorMentioning([] { parseSynsetChoices(R"([{"class": "cat"}])", "s.json"); }, "s.json",
                        "needs string fields \"class\" and \"synset\"");
}

}  // namespace
}  // namespace faultlens
