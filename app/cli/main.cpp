// faultlens-cli: the headless front end of FaultLens. Exit codes: 0 success, 1 runtime
// error (bad file, failed inference), 2 usage error.
#include <iostream>
#include <map>
#include <optional>
#include <string>

#include "app/cli/ProgressLine.h"
#include "app/cli/Commands.h"
#include "app/cli/MpiRanks.h"
#include "core/Error.h"
#include "core/Runtime.h"

namespace {

struct Verb {
  int (*run)(const std::vector<std::string>&);
  const char* summary;
};

const std::map<std::string, Verb>& verbs() {
  static const std::map<std::string, Verb> v{
      {"layers", {faultlens::cli::runLayers, "list conv2d/linear layers of a TorchScript model"}},
      {"predict", {faultlens::cli::runPredict, "predict an input, clean and with activation/weight faults"}},
      {"cam", {faultlens::cli::runCam, "Ablation-CAM of an input, clean or under faults, and how far it moved"}},
      {"train", {faultlens::cli::runTrain, "train a baseline or text-guided classifier and save it as TorchScript"}},
      {"campaign",
       {faultlens::cli::runCampaign, "statistical fault-injection campaign: mismatch rate and ΔLoss per layer"}},
      {"ber", {faultlens::cli::runBer, "accuracy under bit-error-rate faults on the weights, over a range of rates"}},
      {"merge", {faultlens::cli::runMerge, "combine the shards of a campaign into one summary"}},
      {"embed", {faultlens::cli::runEmbed, "class descriptions (WordNet) and class embeddings for a text-guided head"}},
      {"eval", {faultlens::cli::runEval, "clean accuracy, mean Top2Diff and confusion matrix on a data set"}},
      {"ranges", {faultlens::cli::runRanges, "per-layer activation ranges (abs-max, abs-mean) for --restrict-ranges"}},
#ifdef FAULTLENS_HAVE_REPORT
      {"report", {faultlens::cli::runReport, "the paper's figures and Table 1 for a baseline and a text-guided model"}},
#endif
  };
  return v;
}

void printUsage(std::ostream& out) {
  out << "usage: faultlens-cli [--threads N] VERB [options]\n\nverbs:\n";
  for (const auto& [name, verb] : verbs())
    out << "  " << name << std::string(10 - name.size(), ' ') << verb.summary << "\n";
  out << "\n'faultlens-cli VERB --help' describes a verb.\n";
}

/// An error line as printed: a run of over 300 non-blank characters (a 130 kB argument
/// echoed back) is cut to its start and end with its length, so the line stays readable.
std::string readableMessage(const std::string& message) {
  constexpr std::size_t kLongest = 300, kHead = 120, kTail = 40;
  std::string out;
  std::size_t i = 0;
  while (i < message.size()) {
    std::size_t end = i;
    while (end < message.size() && message[end] != ' ' && message[end] != '\n') ++end;
    if (end - i > kLongest)
      out += message.substr(i, kHead) + "…[" + std::to_string(end - i) + " characters]…" +
             message.substr(end - kTail, kTail);
    else out += message.substr(i, end - i);
    if (end < message.size()) out += message[end];
    i = end + 1;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  // Given or not is kept apart from the value: --threads "" is a mistake, not "the default".
  std::optional<std::string> threadsText;
  if (!args.empty() && args[0].rfind("--threads=", 0) == 0) {
    threadsText = args[0].substr(std::string("--threads=").size());
    args.erase(args.begin());
  } else if (!args.empty() && args[0] == "--threads") {
    if (args.size() < 2) {
      std::cerr << "faultlens-cli: --threads needs a number\n";
      return 2;
    }
    threadsText = args[1];
    args.erase(args.begin(), args.begin() + 2);
  }
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    printUsage(args.empty() ? std::cerr : std::cout);
    return args.empty() ? 2 : 0;
  }
  auto verb = verbs().find(args[0]);
  if (verb == verbs().end()) {
    std::cerr << "faultlens-cli: unknown verb '" << readableMessage(args[0]) << "'\n\n";
    printUsage(std::cerr);
    return 2;
  }
  try {
    int threads = 0;
    if (threadsText) {
      try {
        threads = faultlens::parseThreadCount(*threadsText, "--threads");
      } catch (const faultlens::Error& e) {
        faultlens::cli::endOpenProgressLine();
        throw faultlens::cli::UsageError(e.what());
      }
    }
    // Several MPI ranks on one node share its cores instead of each taking all of them.
    faultlens::configureRuntime(threads > 0 ? threads : faultlens::cli::threadsPerLocalRank());
    return verb->second.run(std::vector<std::string>(args.begin() + 1, args.end()));
  } catch (const faultlens::cli::UsageError& e) {
    faultlens::cli::endOpenProgressLine();
    std::cerr << "faultlens-cli " << args[0] << ": " << readableMessage(e.what()) << "\n";
    return 2;
  } catch (const faultlens::UnknownLayerError& e) {
    faultlens::cli::endOpenProgressLine();
    std::cerr << "faultlens-cli " << args[0] << ": error: " << readableMessage(e.what())
              << " (list them with `faultlens-cli layers MODEL`; 'last-layer' names each model's last layer)\n";
    return 1;
  } catch (const faultlens::Error& e) {
    faultlens::cli::endOpenProgressLine();
    std::cerr << "faultlens-cli " << args[0] << ": error: " << readableMessage(e.what()) << "\n";
    return 1;
  } catch (const std::exception& e) {
    faultlens::cli::endOpenProgressLine();
    // A library's own exception (no FaultLens message for it yet): its first line only,
    // never a C++ backtrace.
    std::string what = e.what();
    if (const auto newline = what.find('\n'); newline != std::string::npos) what.resize(newline);
    std::cerr << "faultlens-cli " << args[0] << ": unexpected error: " << readableMessage(what) << "\n";
    return 1;
  }
}
