#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include "app/cli/Commands.h"
#include "core/Error.h"
#include "core/FileIO.h"
#include "core/analysis/ActivationRanges.h"
#include "core/campaign/CampaignRunner.h"
#include "core/campaign/RecordFile.h"
#include "core/data/Dataset.h"

namespace faultlens::cli {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

std::atomic<bool> gStop{false};
extern "C" void onCampaignInterrupt(int) { gStop = true; }

/// "i/n", or SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT, or 0/1.
std::pair<int, int> parseShard(const ArgParser& p) {
  std::string text = p.valueOr("shard", "");
  if (text.empty()) {
    const char* id = std::getenv("SLURM_ARRAY_TASK_ID");
    const char* count = std::getenv("SLURM_ARRAY_TASK_COUNT");
    if (id && count) text = std::string(id) + "/" + count;
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
    if (std::sscanf(text.c_str(), "%d%c", &r.low, &extra) != 1) throw UsageError("--bits expects LO-HI or BIT, got '" + text + "'");
    r.high = r.low;
  }
  try {
    r.validate();
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  return r;
}

std::string recordPath(const std::string& dir, std::size_t model, int shard, int shards) {
  return dir + "/records-" + std::to_string(model) + (shards > 1 ? "-shard" + std::to_string(shard) + "-of-" + std::to_string(shards) : "") + ".csv";
}

json layerJson(const LayerSummary& s) {
  return {{"layer_index", s.layer},          {"layer", s.name},
          {"injections", s.injections},      {"mismatches", s.mismatches},
          {"mismatch_rate", s.mismatchRate()}, {"mismatch_ci99", {s.mismatchInterval.low, s.mismatchInterval.high}},
          {"non_finite", s.nonFinite},       {"loss_excluded", s.lossExcluded},
          {"mean_delta_loss", s.meanDeltaLoss}, {"delta_loss_ci99", {s.deltaLossInterval.low, s.deltaLossInterval.high}}};
}


/// Prints the per-layer table and, when `write`, writes DIR/summary.json and summary.csv.
void reportCampaign(const std::string& dir, const json& manifest, const std::vector<CampaignSummary>& summaries,
                    bool write) {
  const std::vector<std::string> modelPaths = manifest.at("models").get<std::vector<std::string>>();
  json summary{{"campaign", manifest}, {"models", json::array()}};
  std::string csv = "model,layer_index,layer,injections,mismatches,mismatch_rate,mismatch_low,mismatch_high,non_finite,"
                    "loss_excluded,mean_delta_loss,delta_loss_low,delta_loss_high\n";
  for (std::size_t m = 0; m < summaries.size(); ++m) {
    json layers = json::array();
    for (const auto& s : summaries[m].layers) {
      layers.push_back(layerJson(s));
      char line[512];
      std::snprintf(line, sizeof line, "%zu,%d,%s,%lld,%lld,%.9g,%.9g,%.9g,%lld,%lld,%.9g,%.9g,%.9g\n", m, s.layer,
                    s.name.c_str(), static_cast<long long>(s.injections), static_cast<long long>(s.mismatches),
                    s.mismatchRate(), s.mismatchInterval.low, s.mismatchInterval.high,
                    static_cast<long long>(s.nonFinite), static_cast<long long>(s.lossExcluded), s.meanDeltaLoss,
                    s.deltaLossInterval.low, s.deltaLossInterval.high);
      csv += line;
    }
    summary["models"].push_back({{"path", modelPaths[m]},
                                 {"layers", layers},
                                 {"network_delta_loss", summaries[m].networkDeltaLoss},
                                 {"network_mismatch_rate", summaries[m].networkMismatchRate}});
  }
  std::printf("%-36s", "layer");
  for (std::size_t m = 0; m < summaries.size(); ++m) std::printf("  %8s %10s", m ? "mism.B" : "mism.A", m ? "dLoss.B" : "dLoss.A");
  if (summaries.size() == 2) std::printf("  %8s", "factor");
  std::printf("\n");
  json factors = json::array();
  for (std::size_t i = 0; i < summaries[0].layers.size(); ++i) {
    const auto& a = summaries[0].layers[i];
    std::printf("%-36s  %7.3f%% %10.4g", a.name.c_str(), 100 * a.mismatchRate(), a.meanDeltaLoss);
    if (summaries.size() == 2 && i < summaries[1].layers.size()) {
      const auto& b = summaries[1].layers[i];
      const double f = improvementFactor(a.meanDeltaLoss, b.meanDeltaLoss);
      std::printf("  %7.3f%% %10.4g  %8.4g", 100 * b.mismatchRate(), b.meanDeltaLoss, f);
      factors.push_back({{"layer", a.name}, {"improvement_factor", std::isnan(f) ? json(nullptr) : json(f)}});
    }
    std::printf("\n");
  }
  std::printf("%-36s  %7.3f%% %10.4g", "network (mean over layers)", 100 * summaries[0].networkMismatchRate,
              summaries[0].networkDeltaLoss);
  if (summaries.size() == 2) {
    const double f = improvementFactor(summaries[0].networkDeltaLoss, summaries[1].networkDeltaLoss);
    std::printf("  %7.3f%% %10.4g  %8.4g", 100 * summaries[1].networkMismatchRate, summaries[1].networkDeltaLoss, f);
    summary["improvement"] = {{"layers", factors}, {"network", std::isnan(f) ? json(nullptr) : json(f)}};
  }
  std::printf("\n");
  if (write) {
    writeFileAtomically(dir + "/summary.json", summary.dump(2) + "\n");
    writeFileAtomically(dir + "/summary.csv", csv);
    std::cerr << "wrote " << dir << "/summary.json and summary.csv\n";
  }
}

json readManifest(const std::string& path) {
  try {
    return json::parse(readFileBytes(path));
  } catch (const json::exception& e) {
    throw fileError(path, std::string("invalid JSON (") + e.what() + ")");
  }
}

}  // namespace

int runCampaign(const std::vector<std::string>& args) {
  ArgParser p("campaign",
              "Statistical fault-injection campaign: for every layer, N single faults, each compared\n"
              "with the fault-free inference of the same image. Reports per layer and model the\n"
              "mismatch rate (99 % Wilson interval), non-finite outputs and mean ΔLoss (99 % normal\n"
              "interval), and the network mean. With two models (first: baseline, second:\n"
              "text-guided) both get identical image/site/bit sequences wherever layer shapes agree,\n"
              "and the improvement factor baseline ΔLoss / text-guided ΔLoss is reported.\n"
              "Results are appended to DIR/records-*.csv as they complete; rerunning the same\n"
              "command resumes and ends with the numbers of an uninterrupted run.");
  p.option("model", "MODEL", "TorchScript classifier (give twice: baseline, then text-guided)", true);
  p.option("data", "SPEC", "data set (default fashion-mnist)");
  p.option("out", "DIR", "output directory (created; holds records, summary.json, summary.csv)");
  p.option("injections", "N", "injections per layer (default 4096, the paper's setting)");
  p.option("margin", "E", "derive injections per layer from the Leveugle formula for error margin E (99 %)");
  p.option("layers", "L1,L2", "layer names (default: all conv/linear layers)");
  p.option("kind", "K", "activation (default) or weight");
  p.option("bits", "LO-HI", "bit positions to draw from (default 0-31)");
  p.option("error-model", "M", "flip (default), stuck0, stuck1 or random");
  p.option("seed", "N", "campaign seed (default 1)");
  p.option("images", "N", "use the first N images of the data set (default: all)");
  p.option("batch-size", "N", "faults per forward pass (default 64); part of the campaign's identity: shards\n"
                              "      and resumed runs compute each batch exactly as one uninterrupted run does");
  p.option("restrict-ranges", "R1[,R2]", "Ranger-style range detector: clip every layer output to the range in\n"
                                         "      this profile (`faultlens-cli ranges --out`), one per --model, in order");
  p.option("shard", "i/n", "run shard i of n (default from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT)");
  addModelOptions(p);
  if (!p.parse(args)) return 0;
  const auto modelPaths = p.values("model");
  if (modelPaths.empty() || modelPaths.size() > 2) throw UsageError("give one or two --model");
  const std::string dir = p.value("out");
  const std::string kindName = p.valueOr("kind", "activation");
  if (kindName != "activation" && kindName != "weight") throw UsageError("--kind must be activation or weight");
  if (p.has("injections") && p.has("margin")) throw UsageError("give --injections or --margin, not both");

  std::vector<std::unique_ptr<Model>> models;
  for (const auto& path : modelPaths) models.push_back(Model::load(path, modelLoadOptions(p)));
  auto data = openDataset(p.valueOr("data", "fashion-mnist"));

  CampaignConfig config;
  config.kind = kindName == "activation" ? FaultKind::Activation : FaultKind::Weight;
  try {
    config.errorModel = parseErrorModel(p.valueOr("error-model", "flip"));
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  config.bits = parseBits(p.valueOr("bits", "0-31"));
  config.seed = p.uint64Value("seed", 1);
  config.imageBegin = 0;
  config.imageEnd = p.has("images") ? std::min<std::size_t>(data->size(), p.uint64Value("images", 0)) : data->size();
  if (config.imageEnd == 0) throw UsageError("--images must be at least 1");
  std::tie(config.shardIndex, config.shardCount) = parseShard(p);
  config.batchSize = p.intValue("batch-size", 64);
  if (config.batchSize < 1) throw UsageError("--batch-size must be at least 1");
  if (p.has("layers"))
    for (const auto& name : p.listValue("layers")) config.layers.push_back(models.front()->layerIndex(name));
  const auto& first = models.front()->layers();
  if (p.has("margin")) {
    // Population of the largest layer: elements × bits × images (DESIGN.md).
    double population = 0;
    for (int l : config.layers.empty() ? campaignLayers(first, config.kind) : config.layers) {
      const double sites = config.kind == FaultKind::Activation ? first[l].outputElements() : first[l].weightElements();
      population = std::max(population, sites * (config.bits.high - config.bits.low + 1) *
                                            static_cast<double>(config.imageEnd - config.imageBegin));
    }
    const UsageError badMargin("--margin expects an error margin between 0 and 1, e.g. 0.01");
    double margin = 0.0;
    try {
      margin = p.doubleValue("margin", 0.0);
    } catch (const UsageError&) {
      throw badMargin;
    }
    if (!(margin > 0.0 && margin < 1.0)) throw badMargin;
    config.injectionsPerLayer = leveugleSampleSize(population, margin);
  } else {
    config.injectionsPerLayer = p.intValue("injections", 4096);
  }
  if (config.injectionsPerLayer < 1) throw UsageError("--injections must be at least 1");
  if (models.size() == 2 && models[0]->layers().size() != models[1]->layers().size())
    std::cerr << "warning: the models have different layer lists; sequences agree only where shapes agree\n";

  std::vector<std::vector<double>> rangeBounds(models.size());
  std::vector<std::string> rangeFiles;
  if (p.has("restrict-ranges")) {
    rangeFiles = p.listValue("restrict-ranges");
    if (rangeFiles.size() != models.size())
      throw UsageError("--restrict-ranges needs one profile per --model (" + std::to_string(models.size()) + ")");
    for (std::size_t m = 0; m < models.size(); ++m)
      rangeBounds[m] = rangeBoundsFor(*models[m], parseActivationRangesJson(readFileBytes(rangeFiles[m]), rangeFiles[m]),
                                      rangeFiles[m]);
  }

  // The manifest pins what this directory holds: resuming a different campaign into it is refused.
  fs::create_directories(dir);
  json manifest{{"models", modelPaths},
                {"data", data->source()},
                {"kind", faultKindName(config.kind)},
                {"error_model", errorModelName(config.errorModel)},
                {"bits", {config.bits.low, config.bits.high}},
                {"seed", config.seed},
                {"images", config.imageEnd - config.imageBegin},
                {"injections_per_layer", config.injectionsPerLayer},
                {"layers", config.layers},
                {"shards", config.shardCount},
                {"batch_size", config.batchSize},
                {"layer_names", json::array()}};
  // Only when used, so campaign directories written before the option still resume. The
  // bounds themselves are pinned (-1: layer unbounded), not just the file names: a profile
  // edited between runs must not be mixed into one campaign.
  for (std::size_t m = 0; m < rangeFiles.size(); ++m) {
    json bounds = json::array();
    for (double b : rangeBounds[m]) bounds.push_back(std::isfinite(b) ? b : -1.0);
    manifest["restrict_ranges"].push_back({{"file", rangeFiles[m]}, {"abs_max", bounds}});
  }
  for (const auto& m : models) {
    std::vector<std::string> names;
    for (const auto& l : m->layers()) names.push_back(l.name);
    manifest["layer_names"].push_back(names);
  }
  const std::string manifestPath = dir + "/campaign.json";
  if (fs::exists(manifestPath)) {
    if (readManifest(manifestPath) != manifest)
      throw fileError(manifestPath, "this directory holds a different campaign; use another --out or the same arguments");
  } else {
    writeFileAtomically(manifestPath, manifest.dump(2) + "\n");
  }

  std::signal(SIGINT, onCampaignInterrupt);
  std::signal(SIGTERM, onCampaignInterrupt);
  std::vector<CampaignSummary> summaries;
  bool complete = true;
  for (std::size_t m = 0; m < models.size(); ++m) {
    CampaignRunner runner(*models[m], *data, config, rangeBounds[m]);
    const std::string records = recordPath(dir, m, config.shardIndex, config.shardCount);
    std::set<std::pair<int, std::int64_t>> done;
    for (const auto& o : readRecords(records)) done.insert({o.layer, o.injection});
    RecordWriter writer(records);
    std::cerr << models[m]->path() << ": " << runner.plannedInjections() << " injections in "
              << runner.layers().size() << " layers" << (done.empty() ? "" : ", " + std::to_string(done.size()) + " already done")
              << "\n";
    complete = runner.run(done, [&](const std::vector<InjectionOutcome>& o) { writer.append(o); },
                          [&, lastLine = -1.0](const CampaignProgress& pr) mutable {
                            // A terminal gets one updating line; logs a line every 10 s.
                            const bool tty = isatty(fileno(stderr));
                            if (!tty && pr.done < pr.total && pr.elapsedSeconds - lastLine < 10.0) return;
                            lastLine = pr.elapsedSeconds;
                            const double rate = pr.done / std::max(pr.elapsedSeconds, 1e-9);
                            std::fprintf(stderr, tty ? "\r  %lld/%lld injections  %.0f/s  ETA %.0f s   "
                                                     : "  %lld/%lld injections  %.0f/s  ETA %.0f s\n",
                                         static_cast<long long>(pr.done), static_cast<long long>(pr.total), rate,
                                         (pr.total - pr.done) / std::max(rate, 1e-9));
                          },
                          gStop) && complete;
    std::fprintf(stderr, "\n");
    if (!complete) break;
    std::vector<std::string> names;
    for (const auto& l : models[m]->layers()) names.push_back(l.name);
    summaries.push_back(summarize(readRecords(records), names));
  }
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  if (!complete) {
    std::cerr << "interrupted: finished injections are in " << dir << "; rerun the same command to resume\n";
    return 130;
  }

  reportCampaign(dir, manifest, summaries, /*write=*/config.shardCount == 1);
  if (config.shardCount > 1)
    std::cerr << "shard " << config.shardIndex << "/" << config.shardCount
              << " done; when all shards are, combine them with: faultlens-cli merge " << dir << "\n";
  return 0;
}

int runMerge(const std::vector<std::string>& args) {
  ArgParser p("merge", "Combine the shards of a campaign (run with --shard i/n into one directory) into the\n"
                       "summary a single run gives: DIR/summary.json and summary.csv.");
  p.positional("DIR", "campaign directory holding campaign.json and every shard's records");
  if (!p.parse(args)) return 0;
  const std::string dir = p.positionalValue("DIR");
  const json manifest = readManifest(dir + "/campaign.json");
  const int shards = manifest.at("shards").get<int>();
  const auto names = manifest.at("layer_names").get<std::vector<std::vector<std::string>>>();
  std::vector<CampaignSummary> summaries;
  for (std::size_t m = 0; m < names.size(); ++m) {
    std::vector<InjectionOutcome> all;
    for (int shard = 0; shard < shards; ++shard) {
      const std::string path = recordPath(dir, m, shard, shards);
      if (!fs::exists(path)) throw fileError(path, "missing: shard " + std::to_string(shard) + " has not run");
      const auto records = readRecords(path);
      all.insert(all.end(), records.begin(), records.end());
    }
    // Every shard must be complete: the expected count per layer is the plan's.
    const auto expected = manifest.at("injections_per_layer").get<std::int64_t>();
    CampaignSummary s = summarize(all, names[m]);
    for (const auto& l : s.layers)
      if (l.injections != expected)
        throw fileError(dir, "layer " + l.name + " of model " + std::to_string(m) + " has " +
                                 std::to_string(l.injections) + " of " + std::to_string(expected) +
                                 " injections: a shard is unfinished (rerun it to resume)");
    summaries.push_back(std::move(s));
  }
  reportCampaign(dir, manifest, summaries, true);
  return 0;
}

}  // namespace faultlens::cli
