#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <map>
#include <optional>

#include <sys/resource.h>
#include <set>
#include <iostream>
#include <unistd.h>

#include "app/cli/Commands.h"
#include "app/cli/ProgressLine.h"
#include "app/cli/MpiRanks.h"
#include "core/Error.h"
#include "core/io/FileIO.h"
#include "core/model/Devices.h"
#include "core/model/LayerAlignment.h"
#include "core/analysis/ActivationRanges.h"
#include "core/campaign/AdaptiveStopping.h"
#include "core/campaign/CampaignSession.h"
#include "core/campaign/PairedStats.h"
#include "core/campaign/PaperProtocol.h"
#include "core/data/Dataset.h"

namespace faultlens::cli {
namespace {
std::atomic<bool> gStop{false};
extern "C" void onCampaignInterrupt(int) { gStop = true; }

/// An environment variable as a whole non-negative number; nullopt when unset.
std::optional<long> envNumber(const char* name) {
  const char* text = std::getenv(name);
  if (!text) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const long v = std::strtol(text, &end, 10);
  if (*text == '\0' || *end != '\0' || errno == ERANGE || v < 0)
    throw UsageError(std::string(name) + " is '" + text + "', not a whole number");
  return v;
}

/// "i/n", or the Slurm job array's task (SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN of
/// SLURM_ARRAY_TASK_COUNT, so arrays numbered from 1 work too), or 0/1. Slurm variables
/// that do not describe one task of a contiguous array are an error: two tasks that both
/// took themselves for shard 0 would compute the same injections.
std::pair<int, int> parseShard(std::string text) {
  if (text.empty()) {
    const auto id = envNumber("SLURM_ARRAY_TASK_ID"), count = envNumber("SLURM_ARRAY_TASK_COUNT");
    const auto min = envNumber("SLURM_ARRAY_TASK_MIN"), max = envNumber("SLURM_ARRAY_TASK_MAX");
    if (id && !count)
      throw UsageError("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not: cannot tell which shard this "
                       "task is; give --shard i/n");
    if (id) {
      const long first = min.value_or(0);
      if (max && *max - first + 1 != *count)
        throw UsageError("the Slurm array is not contiguous (SLURM_ARRAY_TASK_MIN..MAX has not COUNT tasks); give "
                         "--shard i/n");
      if (*id < first || *id - first >= *count)
        throw UsageError("SLURM_ARRAY_TASK_ID " + std::to_string(*id) + " is not one of the " + std::to_string(*count) +
                         " tasks from " + std::to_string(first) + "; give --shard i/n");
      text = std::to_string(*id - first) + "/" + std::to_string(*count);
    }
  }
  if (text.empty()) return {0, 1};
  int i = -1, n = -1;
  char extra;
  if (std::sscanf(text.c_str(), "%d/%d%c", &i, &n, &extra) != 2 || n < 1 || i < 0 || i >= n)
    throw UsageError("--shard expects i/n with 0 <= i < n, got '" + text + "'");
  return {i, n};
}

BitRange parseBits(const std::string& text) {
  BitRange r;
  char extra;
  if (std::sscanf(text.c_str(), "%d-%d%c", &r.low, &r.high, &extra) != 2) {
    if (std::sscanf(text.c_str(), "%d%c", &r.low, &extra) != 1)
      throw UsageError("--bits expects LO-HI or BIT, got '" + text + "'");
    r.high = r.low;
  }
  try {
    r.validate();
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  return r;
}

/// Prints the per-layer table: mismatch rate and mean ΔLoss per model, corresponding
/// layers of two models on one row (`pairs`: baseline index, text-guided index), and the
/// improvement factor.
void printCampaignTable(const std::vector<CampaignSummary>& summaries, const std::vector<std::pair<int, int>>& pairs,
                        const CampaignConfig& config) {
  const Protocol protocol = config.protocol;
  const bool adaptive = config.stopping.enabled();
  std::printf("protocol: %s (%s)\n", protocolName(protocol),
              protocol == Protocol::Paper ? "golden images only, faults clamped to the profiled range, |ΔCE|"
                                          : "all images, faults as they are, signed ΔCE");
  if (config.format != NumberFormat{} || config.flips.count > 1)
    std::printf(
        "values: %s, faults of %d bit(s)%s within bits %d-%d\n", config.format.name().c_str(), config.flips.count,
        config.flips.count > 1 ? (std::string(" (") + bitPlacementName(config.flips.placement) + ")").c_str() : "",
        config.bits.low, config.bits.high);
  if (adaptive)
    std::printf("stopping: each layer (pair) until its 99 %% %s half-width <= %g, checked every %lld injections, at "
                "most %lld\n",
                config.stopping.metric == StopMetric::MismatchRate ? "mismatch-rate" : "relative dLoss",
                config.stopping.halfWidth, static_cast<long long>(config.stopping.step),
                static_cast<long long>(config.injectionsPerLayer));
  std::printf("%-36s", "layer");
  if (adaptive) std::printf(" %6s", "n");
  for (std::size_t m = 0; m < summaries.size(); ++m)
    std::printf("  %8s %10s", m ? "mism.B" : "mism.A", m ? "dLoss.B" : "dLoss.A");
  if (summaries.size() == 2) std::printf("  %8s", "factor");
  std::printf("\n");
  const auto cells = [](const LayerSummary* l) {
    if (l) std::printf("  %7.3f%% %10.4g", 100 * l->mismatchRate(), l->meanDeltaLoss);
    else std::printf("  %8s %10s", "-", "-");
  };
  const auto rows = alignedLayerRows(summaries, pairs);
  for (const auto& [a, b] : rows) {
    std::string name = a ? a->name : b->name;
    if (a && b && a->name != b->name) name += " / " + b->name;
    std::printf("%-36s", name.c_str());
    if (adaptive) std::printf(" %6lld", static_cast<long long>((a ? a : b)->injections));
    cells(a);
    if (summaries.size() == 2) {
      cells(b);
      if (a && b) std::printf("  %8.4g", improvementFactor(a->meanDeltaLoss, b->meanDeltaLoss));
    }
    std::printf("\n");
  }
  std::printf(adaptive ? "%-43s  %7.3f%% %10.4g" : "%-36s  %7.3f%% %10.4g", "network (mean over layers)",
              100 * summaries[0].networkMismatchRate, summaries[0].networkDeltaLoss);
  if (summaries.size() == 2)
    std::printf("  %7.3f%% %10.4g  %8.4g", 100 * summaries[1].networkMismatchRate, summaries[1].networkDeltaLoss,
                improvementFactor(summaries[0].networkDeltaLoss, summaries[1].networkDeltaLoss));
  std::printf("\n");
  // A mean carried by a few overflowed injections describes those, not the model: said next
  // to the number, as the workbench's Campaign dock says it.
  for (std::size_t m = 0; m < summaries.size(); ++m) {
    const CampaignSummary& s = summaries[m];
    const char* const model = m ? "B" : "A";
    if (s.deltaLossCarriedByOverflows())
      std::printf("warning: dLoss.%s is carried by overflows: %lld injections with dLoss >= 1e4 hold %.1f %% of it "
                  "(the top 1 %% of injections: %.1f %%)\n",
                  model, static_cast<long long>(s.networkOverflowCount), 100.0 * s.networkOverflowShare,
                  100.0 * s.networkTopShare);
    if (s.lossExcluded() > 0)
      std::printf("note: model %s: %lld injections with a NaN/Inf loss are counted apart (mismatches, not in dLoss)\n",
                  model, static_cast<long long>(s.lossExcluded()));
  }
  if (summaries.size() == 2 && !summaries[0].layers.empty() && !summaries[1].layers.empty()) {
    const auto& a = summaries[0].layers.back();
    const auto& b = summaries[1].layers.back();
    std::printf("last layer (%s / %s): improvement factor %.4g\n", a.name.c_str(), b.name.c_str(),
                improvementFactor(a.meanDeltaLoss, b.meanDeltaLoss));
  }
  if (adaptive) {
    std::int64_t used = 0, fixed = 0;
    for (const auto& s : summaries)
      for (const auto& l : s.layers) used += l.injections, fixed += config.injectionsPerLayer;
    std::printf("adaptive stopping: %lld injections instead of %lld at a fixed %lld per layer (%.1f %% fewer)\n",
                static_cast<long long>(used), static_cast<long long>(fixed),
                static_cast<long long>(config.injectionsPerLayer),
                fixed ? 100.0 * static_cast<double>(fixed - used) / static_cast<double>(fixed) : 0.0);
  }
}

/// The paired comparison of two models (same sites, bits and, raw protocol, images per
/// injection number): differences with 99 % intervals, p-values, factors with intervals.
void printPairedComparison(const PairedComparison& c) {
  std::printf("\npaired comparison, baseline - text-guided (99 %% intervals; mismatch: Newcombe, exact McNemar p; "
              "dLoss: normal; factor and network: bootstrap over injection numbers, %d resamples, seed %llu)\n",
              c.resamples, static_cast<unsigned long long>(c.seed));
  std::printf("%-36s %9s %-22s %9s %10s %-24s %8s %-20s\n", "layer", "mism.diff", "[99 % CI]", "McNemar p",
              "dLoss diff", "[99 % CI]", "factor", "[99 % CI]");
  const auto row = [](const std::string& name, const PairedLayerComparison& p) {
    std::printf(
        "%-36s %8.3f%% %-22s %9.3g %10.4g %-24s %8.4g %-20s\n", name.c_str(), 100 * p.mismatchDifference,
        formatInterval({100 * p.mismatchDifferenceInterval.low, 100 * p.mismatchDifferenceInterval.high}, "%.3f%%")
            .c_str(),
        p.mcnemarP, p.deltaLossDifference, formatInterval(p.deltaLossDifferenceInterval).c_str(), p.factor,
        formatInterval(p.factorInterval).c_str());
  };
  for (const auto& p : c.layers)
    row(p.baselineName == p.guidedName ? p.baselineName : p.baselineName + " / " + p.guidedName, p);
  if (c.lastLayer)
    row("last layer (" + c.lastLayer->baselineName + " / " + c.lastLayer->guidedName + ")", *c.lastLayer);
  const auto& n = c.network;
  std::printf(
      "%-36s %8.3f%% %-22s %9s %10.4g %-24s %8.4g %-20s\n", "network (mean over layers)", 100 * n.mismatchDifference,
      formatInterval({100 * n.mismatchDifferenceInterval.low, 100 * n.mismatchDifferenceInterval.high}, "%.3f%%")
          .c_str(),
      "-", n.deltaLossDifference, formatInterval(n.deltaLossDifferenceInterval).c_str(), n.factor,
      formatInterval(n.factorInterval).c_str());
  std::printf("network: bootstrap p = %.3g (mismatch rates), %.3g (dLoss)\n", n.mismatchP, n.deltaLossP);
}

/// Prints the campaign's table and, for two models, the paired comparison, and writes the
/// summary files, all from records read once.
void printAndWriteSummary(const std::string& dir, const CampaignManifest& manifest,
                          const std::vector<CampaignSummary>& summaries,
                          const std::vector<std::vector<InjectionOutcome>>& outcomes) {
  printCampaignTable(summaries, manifest.correspondingLayers(), manifest.config);
  std::optional<PairedComparison> paired;
  if (summaries.size() == 2) printPairedComparison(*(paired = compareCampaignOutcomes(outcomes, manifest)));
  writeCampaignSummary(dir, manifest, summaries, paired ? &*paired : nullptr, &outcomes);
  std::cerr << "wrote " << dir << "/summary.json, summary.csv, bits.csv, fragile_images_ranked.csv"
            << (paired ? " and paired.csv\n" : "\n");
}

/// What one rank (or the only process) did: its campaign directory (empty after --help)
/// and exit status.
struct RankResult {
  std::string dir;
  int exitCode = 0;
};

struct CampaignOptions {
  std::vector<std::string> models;
  std::string data = "fashion-mnist", out, layers, restrictRanges, profile, layerMap, shard;
  int injections = 4096;
  double margin = 0.0, untilHalfWidth = 0.0;
  std::string stopMetric = "mismatch-rate";
  int checkEvery = static_cast<int>(StoppingRule{}.step);
  std::string kind = "activation", bits = "0-31", errorModel = "flip", flipPlacement = "burst";
  int flips = 1;
  NumberFormatOptions format;
  std::uint64_t images = 0;
  int memoryBudgetMiB = static_cast<int>(kDefaultCampaignMemoryBudget >> 20);
  CampaignConfig config;  ///< --seed and --batch-size, with the engine's defaults
  ProtocolOptions protocol;
  ModelOptions modelOptions;
};

/// --margin: a number strictly between 0 and 1. Anything else, a non-number too, gets
/// the one message that says what the option wants.
CLI::Validator errorMargin() {
  return CLI::Validator(
      [](std::string& text) {
        double margin = 0.0;
        std::size_t used = 0;
        try {
          margin = std::stod(text, &used);
        } catch (const std::exception&) {
        }
        if (used == 0 || used != text.size() || !(margin > 0.0 && margin < 1.0))
          throw UsageError("--margin expects an error margin between 0 and 1, e.g. 0.01");
        return std::string();
      },
      "between 0 and 1");
}

RankResult runCampaignShard(const std::vector<std::string>& args, const MpiRanks& mpi) {
  CampaignOptions o;
  ArgParser p("campaign", "Statistical fault-injection campaign: for every layer, N single faults, each compared\n"
                          "with the fault-free inference of the same image. Reports per layer and model the\n"
                          "mismatch rate (99 % Wilson interval), non-finite outputs and mean ΔLoss (99 % normal\n"
                          "interval), and the network mean. With two models (first: baseline, second:\n"
                          "text-guided) corresponding layers (same path up to a wrapper prefix, same shape; the\n"
                          "two last layers) get identical site/bit sequences, and the improvement factor\n"
                          "baseline ΔLoss / text-guided ΔLoss is reported per layer, for the last layer and\n"
                          "for the network. --protocol paper measures as the paper did: images drawn only from\n"
                          "the correctly classified ones with Top2Diff > 0, a faulty value beyond the layer's\n"
                          "profiled abs-max (or NaN/Inf) clamped to it, ΔLoss = |CE(faulty) - CE(clean)|.\n"
                          "Results are appended to DIR/records-*.csv as they complete; rerunning the same\n"
                          "command resumes and ends with the numbers of an uninterrupted run.");
  p.repeatable("--model", o.models, "MODEL", "TorchScript classifier (give twice: baseline, then text-guided)");
  p.option("--data", o.data, "SPEC", "data set")->capture_default_str();
  p.option("--out", o.out, "DIR", "output directory (created; holds records, summary.json, summary.csv)")->required();
  p.option("--injections", o.injections, "N", "injections per layer; the default is the paper's setting")
      ->capture_default_str();
  // In front of the check for a number (transform puts it there): "--margin abc" gets
  // this option's own message too.
  p.option("--margin", o.margin, "E", "derive injections per layer from the Leveugle formula for error margin E (99 %)")
      ->transform(errorMargin());
  p.option("--until-halfwidth", o.untilHalfWidth, "E",
           "adaptive stopping: each layer stops once its 99 % interval half-width is at most E\n"
           "      (checked every --check-every injections; --injections is the maximum). Two models:\n"
           "      corresponding layers stop together, when both are that narrow")
      ->transform(CLI::Validator(
          [](std::string& text) {
            try {
              std::size_t used = 0;
              const double e = std::stod(text, &used);
              if (used == text.size() && e > 0.0 && std::isfinite(e)) return std::string();
            } catch (const std::exception&) {
            }
            throw UsageError("--until-halfwidth expects a positive number, e.g. 0.01");
          },
          "positive"));
  p.option("--stop-metric", o.stopMetric, "M",
           "what --until-halfwidth measures: mismatch-rate (Wilson half-width) or\n"
           "      relative-delta-loss (half-width of the mean ΔLoss over |mean|)")
      ->capture_default_str()
      ->check(oneOf({"mismatch-rate", "relative-delta-loss"},
                    "--stop-metric must be mismatch-rate or relative-delta-loss"));
  p.option("--check-every", o.checkEvery, "N",
           "adaptive stopping: injections per layer between two checks (a multiple of\n"
           "      --batch-size wastes nothing)")
      ->capture_default_str()
      ->check(atLeast(1, "--check-every must be at least 1"));
  p.option("--layers", o.layers, "L1,L2", "layer names (default: all conv/linear layers)");
  p.option("--kind", o.kind, "K", "activation or weight")
      ->capture_default_str()
      ->check(oneOf({"activation", "weight"}, "--kind must be activation or weight"));
  p.option("--bits", o.bits, "LO-HI",
           "bit positions to draw from (default: every bit of the --format's code, 0-31 for fp32)");
  p.option("--error-model", o.errorModel, "M", "flip, stuck0, stuck1 or random")->capture_default_str();
  p.option("--flips", o.flips, "K", "bits one fault changes in its value (multi-bit faults)")
      ->capture_default_str()
      ->check(inRange(1, 32, "--flips must be from 1 to 32"));
  p.option("--flip-placement", o.flipPlacement, "P",
           "--flips K > 1: burst (K adjacent bits) or anywhere (K distinct bits of --bits, seeded)")
      ->capture_default_str()
      ->check(oneOf({"burst", "anywhere"}, "--flip-placement must be burst or anywhere"));
  addNumberFormatOptions(p, o.format, "in --model order");
  p.option("--seed", o.config.seed, "N", "campaign seed")->capture_default_str();
  p.option("--images", o.images, "N", "use the first N images of the data set (default: all)");
  p.option("--batch-size", o.config.batchSize, "N",
           "faults per forward pass; part of the campaign's identity: shards and resumed runs\n"
           "      compute each batch exactly as one uninterrupted run does")
      ->capture_default_str()
      ->check(atLeast(1, "--batch-size must be at least 1"));
  p.option("--memory-budget", o.memoryBudgetMiB, "MIB",
           "memory (MiB) each model's captured layer states may take; over it the layers are\n"
           "      captured in groups, one forward pass each (speed only, never a result);\n"
           "      default 2048 on the CPU, half the GPU's free memory on cuda:N")
      ->check(atLeast(1, "--memory-budget must be at least 1 MiB"));
  p.option("--restrict-ranges", o.restrictRanges, "R1[,R2]",
           "Ranger-style range detector: clip every layer output to the range in\n"
           "      this profile (`faultlens-cli ranges --out`), one per --model, in order");
  addProtocolOptions(p, o.protocol, Protocol::Raw);
  p.option("--profile", o.profile, "R1[,R2]",
           "--protocol paper: range profiles to clamp to (`faultlens-cli ranges --out`), one\n"
           "      per --model; default: DIR/ranges-M.json, made from --profile-data if missing");
  p.option("--layer-map", o.layerMap, "FILE",
           "two models: which layers correspond, {\"pairs\": [[baseline, text-guided], ...]}\n"
           "      (default: matched by name and shape; `faultlens-cli layers A B` shows it)");
  p.option("--shard", o.shard, "i/n",
           "run shard i of n (default from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT);\n"
           "      under `mpirun -n K` (MPI builds) the ranks are the shards and rank 0 merges");
  addModelOptions(p, o.modelOptions);
  if (!p.parse(args)) return {};
  if (o.models.empty() || o.models.size() > 2) throw UsageError("give one or two --model");
  const std::string& dir = o.out;
  if (p.has("--injections") && p.has("--margin")) throw UsageError("give --injections or --margin, not both");

  std::vector<std::unique_ptr<Model>> models;
  for (const auto& path : o.models) models.push_back(loadModelForCommand(path, modelLoadOptions(p, o.modelOptions)));
  auto data = openDataSetForCommand(o.data);

  CampaignConfig& config = o.config;
  config.kind = o.kind == "activation" ? FaultKind::Activation : FaultKind::Weight;
  try {
    config.errorModel = parseErrorModel(o.errorModel);
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  config.format = numberFormatOption(p, o.format);
  config.bits = p.has("--bits") ? parseBits(o.bits) : BitRange{0, config.format.bitWidth() - 1};
  if (p.has("--flip-placement") && !p.has("--flips")) throw UsageError("--flip-placement goes with --flips");
  config.flips.count = o.flips;
  config.flips.placement = parseBitPlacement(o.flipPlacement);
  try {
    requireValidBits(config);
  } catch (const Error& e) {
    throw UsageError(std::string(p.has("--bits") ? "--bits: " : "--flips: ") + e.what());
  }
  config.imageBegin = 0;
  config.imageEnd = p.has("--images") ? std::min<std::size_t>(data->size(), o.images) : data->size();
  if (config.imageEnd == 0) throw UsageError("--images must be at least 1");
  std::tie(config.shardIndex, config.shardCount) = parseShard(o.shard);
  if (mpi.size() > 1) {
    if (config.shardCount > 1)
      throw UsageError("under mpirun the ranks are the shards: leave out --shard and SLURM_ARRAY_TASK_*");
    config.shardIndex = mpi.rank();
    config.shardCount = mpi.size();
  }
  const ProtocolChoice protocol = protocolOptions(p, o.protocol, o.data);
  config.protocol = protocol.protocol;
  if (config.protocol == Protocol::Paper && config.kind != FaultKind::Activation)
    throw UsageError("--protocol paper injects activation faults; leave out --kind weight");
  if (config.protocol != Protocol::Paper && p.has("--profile")) throw UsageError("--profile is for --protocol paper");
  if (p.has("--layer-map") && models.size() != 2) throw UsageError("--layer-map needs two --model");
  if (p.has("--layers"))
    for (const auto& name : listItems("--layers", o.layers)) config.layers.push_back(models.front()->layerIndex(name));
  const auto& first = models.front()->layers();
  if (p.has("--margin")) {
    // Population of the largest layer: elements × bits × images (docs/architecture.md).
    double population = 0;
    for (int l : config.layers.empty() ? campaignLayers(first, config.kind) : config.layers) {
      const double sites = config.kind == FaultKind::Activation ? first[l].outputElements() : first[l].weightElements();
      population = std::max(population, sites * (config.bits.high - config.bits.low + 1) *
                                            static_cast<double>(config.imageEnd - config.imageBegin));
    }
    config.injectionsPerLayer = leveugleSampleSize(population, o.margin);
  } else {
    config.injectionsPerLayer = o.injections;
  }
  if (config.injectionsPerLayer < 1) throw UsageError("--injections must be at least 1");
  if (!p.has("--until-halfwidth") && (p.has("--stop-metric") || p.has("--check-every")))
    throw UsageError("--stop-metric and --check-every go with --until-halfwidth");
  if (p.has("--until-halfwidth")) {
    config.stopping.halfWidth = o.untilHalfWidth;
    config.stopping.metric = parseStopMetric(o.stopMetric);
    config.stopping.step = o.checkEvery;
    if (const std::string problem = stoppingRuleProblem(config); !problem.empty())
      throw UsageError("--check-every: " + problem);
  }
  std::optional<LayerAlignment> alignment;
  if (models.size() == 2)
    alignment = p.has("--layer-map") ? LayerAlignment::fromMapping(models[0]->layers(), models[1]->layers(),
                                                                   readFileBytes(o.layerMap), o.layerMap)
                                     : LayerAlignment::automatic(models[0]->layers(), models[1]->layers());

  std::vector<RangeProfileUse> ranges;
  if (p.has("--restrict-ranges")) {
    const auto files = listItems("--restrict-ranges", o.restrictRanges);
    if (files.size() != models.size())
      throw UsageError("--restrict-ranges needs one profile per --model (" + std::to_string(models.size()) + ")");
    for (std::size_t m = 0; m < models.size(); ++m) {
      RangeProfileUse use{files[m], profileBoundsFor(*models[m], files[m], o.format.rangesOfAnotherModel)};
      // A layer the profile lacks would run unclipped without a word.
      std::string missing;
      for (const auto& l : models[m]->layers())
        if (l.executed && std::isnan(use.bounds[l.index])) missing += (missing.empty() ? "" : ", ") + l.name;
      if (!missing.empty())
        throw fileError(files[m], "has no range for layer(s) " + missing + " of " + models[m]->path() +
                                      " (profile this model with `faultlens-cli ranges`)");
      ranges.push_back(std::move(use));
    }
  }

  // Before a profile is written into it: the directory is this campaign's, or empty.
  for (const auto& leftover : prepareCampaignDirectory(dir))
    if (mpi.rank() == 0)
      std::cerr << "note: removed " << leftover << ", left by a start that never wrote campaign.json\n";
  std::vector<RangeProfileUse> clampRanges;
  if (config.protocol == Protocol::Paper) {
    std::vector<std::string> files;
    if (p.has("--profile")) {
      files = listItems("--profile", o.profile);
      if (files.size() != models.size())
        throw UsageError("--profile needs one profile per --model (" + std::to_string(models.size()) + ")");
    } else {
      for (std::size_t m = 0; m < models.size(); ++m) files.push_back(paperClampProfilePath(dir, m));
    }
    std::unique_ptr<Dataset> profileData;
    const std::string& profileSpec = protocol.profileData;
    for (std::size_t m = 0; m < models.size(); ++m) {
      std::error_code ec;
      if (!p.has("--profile") && !std::filesystem::exists(files[m], ec)) {
        if (profileSpec.empty())
          throw UsageError(
              "--protocol paper clamps faults to ranges profiled on training data: give --profile-data SPEC "
              "(or --profile FILES from `faultlens-cli ranges`)");
        if (!profileData) profileData = openDataSetForCommand(profileSpec);
        std::filesystem::create_directories(dir, ec);
        if (mpi.rank() == 0) std::cerr << "profiling " << models[m]->path() << " on " << profileData->source() << "\n";
      }
      clampRanges.push_back(paperClampProfile(*models[m], files[m], profileData.get(), protocol.profileImages, {},
                                              o.format.rangesOfAnotherModel));
    }
  }

  // In the format only now: range profiles (clamp bounds, int8 scales) are float32
  // profiles, taken before.
  if (config.format != NumberFormat{}) {
    std::vector<std::string> scaleFiles = formatRangesPerModel(p, o.format, models.size());
    if (!p.has("--ranges") && config.format.needsScale() && !clampRanges.empty()) {
      for (std::size_t m = 0; m < models.size(); ++m) scaleFiles[m] = clampRanges[m].file;
    }
    for (std::size_t m = 0; m < models.size(); ++m)
      useNumberFormatForCommand(*models[m], config.format, scaleFiles[m], o.format.rangesOfAnotherModel);
  }

  std::vector<Model*> modelPointers;
  for (auto& m : models) modelPointers.push_back(m.get());
  // On a GPU the states live in its memory, so the default budget follows that memory.
  const std::int64_t memoryBudget = p.has("--memory-budget") ? static_cast<std::int64_t>(o.memoryBudgetMiB) << 20
                                                             : defaultMemoryBudget(models.front()->device());
  CampaignSession session(dir, modelPointers, *data, config, ranges, clampRanges, alignment ? &*alignment : nullptr,
                          memoryBudget);
  // Under mpirun only rank 0 talks; the others report errors only.
  const bool talk = mpi.rank() == 0;
  const std::string who = mpi.size() > 1 ? "rank 0 of " + std::to_string(mpi.size()) + ": " : "";
  if (talk && !session.inputsPinnedByContent())
    std::cerr << who << "note: " << dir
              << "/campaign.json predates content digests; this resume checks the models and data by path only\n";
  if (talk)
    std::cerr << who << (config.stopping.enabled() ? "at most " : "") << session.plannedInjections()
              << " injections for " << models.size() << " model(s)"
              << (session.recordedInjections() ? ", " + std::to_string(session.recordedInjections()) + " already done"
                                               : "")
              << "\n";

  std::signal(SIGINT, onCampaignInterrupt);
  std::signal(SIGTERM, onCampaignInterrupt);
  CampaignSession::Observer observer;
  ProgressLine progress(stderr);
  if (talk)
    observer.onProgress = [&progress, lastLine = -1.0, who](const CampaignProgress& pr) mutable {
      // A terminal gets one updating line; logs a line every 10 s.
      if (!progress.interactive() && pr.done < pr.total && pr.elapsedSeconds - lastLine < 10.0) return;
      lastLine = pr.elapsedSeconds;
      const double rate = pr.done / std::max(pr.elapsedSeconds, 1e-9);
      char line[200];
      std::snprintf(line, sizeof line, "  %s%lld/%lld injections  %.0f/s  ETA %.0f s", who.c_str(),
                    static_cast<long long>(pr.done), static_cast<long long>(pr.total), rate,
                    (pr.total - pr.done) / std::max(rate, 1e-9));
      progress.update(line);
    };
  const bool complete = session.run(observer, gStop);
  progress.finish();
  if (talk) {
    // What a user sizes --memory-budget and a cluster job by.
    std::int64_t largest = 0;
    for (const auto& profile : session.profiles()) largest = std::max(largest, profile.largestStateBytes);
    struct rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    std::cerr << who << "peak memory " << usage.ru_maxrss / 1024 << " MiB; largest capture of one chunk's layer states "
              << (largest >> 20) << " MiB (budget " << (memoryBudget >> 20) << " MiB)\n";
  }
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  if (!complete) {
    std::cerr << "interrupted: finished injections are in " << dir << "; rerun the same command to resume\n";
    return {dir, 130};
  }
  if (mpi.size() > 1) return {dir, 0};  // rank 0 writes the summary once every rank is done

  const auto summaries = session.summaries();
  if (config.shardCount == 1) {
    printAndWriteSummary(dir, session.manifest(), summaries, readCampaignOutcomes(dir, session.manifest()));
  } else {
    printCampaignTable(summaries, session.manifest().correspondingLayers(), config);
    std::cerr << "shard " << config.shardIndex << "/" << config.shardCount
              << " done; when all shards are, combine them with: faultlens-cli merge " << dir << "\n";
  }
  return {dir, 0};
}

/// Summary of every shard's records: what `merge` and rank 0 of an MPI job write.
void mergeShards(const std::string& dir) {
  const CampaignManifest manifest = readCampaignManifest(dir);
  auto outcomes = readCampaignOutcomes(dir, manifest, /*requireComplete=*/true);
  const auto summaries = summarizeCampaignOutcomes(outcomes, manifest, dir, /*requireComplete=*/true);
  printAndWriteSummary(dir, manifest, summaries, outcomes);
}

}  // namespace

int runCampaign(const std::vector<std::string>& args) {
  MpiRanks mpi;
  if (mpi.size() == 1) return runCampaignShard(args, mpi).exitCode;
  // Every rank must reach the collective below, also one that failed: the others would
  // wait for it for ever.
  RankResult result;
  std::exception_ptr error;
  try {
    result = runCampaignShard(args, mpi);
  } catch (...) {
    error = std::current_exception();
    result.exitCode = 1;
  }
  const bool everyRankDone = mpi.allSucceeded(result.exitCode == 0);
  if (error) std::rethrow_exception(error);
  if (result.dir.empty()) return result.exitCode;  // --help
  if (!everyRankDone) {
    if (mpi.rank() == 0)
      std::cerr << "not every rank finished; finished injections are on disk and the same mpirun command resumes\n";
    return result.exitCode ? result.exitCode : 1;
  }
  if (mpi.rank() == 0) mergeShards(result.dir);
  return 0;
}

int runMerge(const std::vector<std::string>& args) {
  std::string dir;
  ArgParser p("merge", "Combine the shards of a campaign (run with --shard i/n into one directory) into the\n"
                       "summary a single run gives: DIR/summary.json and summary.csv.");
  p.positional("DIR", dir, "campaign directory holding campaign.json and every shard's records");
  if (!p.parse(args)) return 0;
  mergeShards(dir);
  return 0;
}

}  // namespace faultlens::cli
