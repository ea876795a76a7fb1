#include <chrono>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/cli/Commands.h"
#include "app/cli/ProgressLine.h"
#include "core/Error.h"
#include "core/io/FileIO.h"
#include "core/io/JsonFormat.h"
#include "core/campaign/BitErrorRate.h"

namespace faultlens::cli {

/// A sweep of 1e9 trials would run for years at seconds per 100: the bound says so at once.
constexpr int kMaxBerTrials = 10000;
namespace {

struct BerOptions {
  std::vector<std::string> models;
  std::string data = "fashion-mnist", rates = "1e-9:1e-4:6", out;
  int trials = 10, batchSize = 256;
  std::uint64_t images = 1000, seed = 1;
  NumberFormatOptions format;
  ModelOptions modelOptions;
  bool json = false;
};

std::string percent(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", 100 * v);
  return buf;
}

}  // namespace

std::vector<double> parseBitErrorRates(const std::string& option, const std::string& text) {
  try {
    return faultlens::parseBitErrorRates(text);
  } catch (const Error& e) {
    throw UsageError(option + ": " + e.what());
  }
}

int runBer(const std::vector<std::string>& args) {
  BerOptions o;
  ArgParser p("ber", "Accuracy under bit-error-rate faults on the weights: every bit of every conv/linear\n"
                     "weight (in the --format's code) flips independently with probability p, for each\n"
                     "rate in --rates; --trials independent draws per rate, each evaluated on the same\n"
                     "images. Reports per model and rate the mean accuracy with its 99 % Student-t\n"
                     "interval over the trials and the mean number of flipped bits. Two models (baseline,\n"
                     "text-guided) get draws from the same seeds.");
  p.repeatable("--model", o.models, "MODEL", "TorchScript classifier (give twice: baseline, then text-guided)");
  p.option("--data", o.data, "SPEC", "labelled data set")->capture_default_str();
  p.option("--rates", o.rates, "LO:HI:N|R1,R2", "bit-error rates: N log-spaced from LO to HI, or a list")
      ->capture_default_str();
  p.option("--trials", o.trials, "N", "independent draws per rate (at least 2 for an interval)")
      ->capture_default_str()
      ->check(inRange(1, kMaxBerTrials, "--trials takes 1 to 10000 draws per rate"));
  p.option("--images", o.images, "N", "evaluate on the first N images of the data set")
      ->capture_default_str()
      ->check(atLeast(1, "--images must be at least 1"));
  p.option("--seed", o.seed, "N", "seed of the draws")->capture_default_str();
  p.option("--batch-size", o.batchSize, "N", "images per forward pass")
      ->capture_default_str()
      ->check(atLeast(1, "--batch-size must be at least 1"));
  addNumberFormatOptions(p, o.format, "in --model order");
  p.option("--out", o.out, "FILE",
           "also write the table as CSV (model,rate,trials,mean_flips,accuracy,ci99_low,ci99_high)");
  addModelOptions(p, o.modelOptions);
  p.flag("--json", o.json, "print machine-readable JSON, every trial included");
  if (!p.parse(args)) return 0;
  if (o.models.empty() || o.models.size() > 2) throw UsageError("give one or two --model");

  BitErrorRateSweepConfig config;
  config.rates = parseBitErrorRates("--rates", o.rates);
  config.trials = o.trials;
  config.seed = o.seed;
  config.batchSize = o.batchSize;
  const NumberFormat format = numberFormatOption(p, o.format);
  const std::vector<std::string> scaleFiles = formatRangesPerModel(p, o.format, o.models.size());
  std::vector<NamedPath> inputs;
  for (const auto& m : o.models) inputs.push_back({"--model", m});
  checkOutputPaths({{"--out", o.out}}, inputs);
  std::vector<std::unique_ptr<Model>> models;
  for (std::size_t m = 0; m < o.models.size(); ++m) {
    models.push_back(loadModelForCommand(o.models[m], modelLoadOptions(p, o.modelOptions)));
    useNumberFormatForCommand(*models.back(), format, scaleFiles[m], o.format.rangesOfAnotherModel);
  }
  auto data = openDataSetForCommand(o.data);
  config.imageEnd = std::min<std::size_t>(data->size(), o.images);

  std::vector<std::vector<BitErrorRatePoint>> results;
  ProgressLine progress(stderr);
  const auto start = std::chrono::steady_clock::now();
  double lastLine = -1.0;
  for (std::size_t m = 0; m < models.size(); ++m)
    results.push_back(sweepBitErrorRates(*models[m], *data, config, [&](int done, int total) {
      // A terminal gets one updating line; logs a line every 10 s, each with the ETA.
      const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (!progress.interactive() && done < total && elapsed - lastLine < 10.0) return;
      lastLine = elapsed;
      const double all = static_cast<double>(total) * static_cast<double>(models.size());
      const double finished = static_cast<double>(m) * total + done;
      char eta[64];
      std::snprintf(eta, sizeof eta, "  ETA %.0f s", finished > 0 ? elapsed / finished * (all - finished) : 0.0);
      progress.update("  " + models[m]->path() + ": " + std::to_string(done) + "/" + std::to_string(total) + " trials" +
                      eta);
    }));
  progress.finish();

  std::ostringstream csv;
  csv << "model,rate,trials,mean_flips,accuracy,ci99_low,ci99_high\n";
  for (std::size_t m = 0; m < models.size(); ++m)
    for (const auto& pt : results[m]) {
      char line[256];
      std::snprintf(line, sizeof line, "%zu,%.6g,%zu,%.6g,%.6f,%.6f,%.6f\n", m, pt.rate, pt.accuracy.size(),
                    pt.meanFlips, pt.meanAccuracy, pt.accuracyInterval.low, pt.accuracyInterval.high);
      csv << line;
    }
  if (!o.out.empty()) writeFileAtomically(o.out, csv.str());

  if (o.json) {
    nlohmann::json j{{"data", data->source()},  {"images", config.imageEnd}, {"format", format.name()},
                     {"trials", config.trials}, {"seed", config.seed},       {"models", nlohmann::json::array()}};
    for (std::size_t m = 0; m < models.size(); ++m) {
      nlohmann::json points = nlohmann::json::array();
      for (const auto& pt : results[m])
        points.push_back({{"rate", pt.rate},
                          {"accuracy", pt.meanAccuracy},
                          {"accuracy_ci99", {pt.accuracyInterval.low, pt.accuracyInterval.high}},
                          {"mean_flips", pt.meanFlips},
                          {"trial_accuracy", pt.accuracy},
                          {"trial_flips", pt.flips}});
      j["models"].push_back(
          {{"model", models[m]->path()}, {"weight_bits", weightBitCount(*models[m])}, {"points", points}});
    }
    std::cout << jsonText(j) << "\n";
    return 0;
  }
  std::printf("data: %s, first %zu images; format %s; %d trial(s) per rate, seed %llu\n", data->source().c_str(),
              config.imageEnd, format.name().c_str(), config.trials, static_cast<unsigned long long>(config.seed));
  for (std::size_t m = 0; m < models.size(); ++m)
    std::printf("model %s: %s (%lld weight bits)\n", m ? "B" : "A", models[m]->path().c_str(),
                static_cast<long long>(weightBitCount(*models[m])));
  std::printf("%-10s", "rate");
  for (std::size_t m = 0; m < models.size(); ++m)
    std::printf("  %9s %-26s", m ? "flips.B" : "flips.A", m ? "accuracy.B [99% CI]" : "accuracy.A [99% CI]");
  std::printf("\n");
  for (std::size_t r = 0; r < config.rates.size(); ++r) {
    std::printf("%-10.3g", config.rates[r]);
    for (std::size_t m = 0; m < models.size(); ++m) {
      const auto& pt = results[m][r];
      const std::string cell = percent(pt.meanAccuracy) + "% [" + percent(pt.accuracyInterval.low) + ", " +
                               percent(pt.accuracyInterval.high) + "]";
      std::printf("  %9.1f %-26s", pt.meanFlips, cell.c_str());
    }
    std::printf("\n");
  }
  return 0;
}

}  // namespace faultlens::cli
