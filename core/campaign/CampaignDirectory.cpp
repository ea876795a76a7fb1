#include "core/campaign/CampaignDirectory.h"

#include "core/analysis/LayerRanges.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <regex>
#include <set>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/Error.h"
#include "core/io/FileIO.h"
#include "core/faults/FloatBits.h"
#include "core/io/JsonFormat.h"
#include "core/campaign/AdaptiveStopping.h"
#include "core/campaign/FragileInputs.h"
#include "core/campaign/RecordFile.h"

namespace faultlens {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

// The manifest's "image_draws" for the way this version draws images (see campaignManifestJson).
constexpr const char* kImageDraws = "shared-chunks";
// The manifest's "weight_faults" for how this version computes a weight fault's effect.
constexpr const char* kWeightFaults = "added-to-layer-output";

json profileJson(const RangeProfileUse& r) {
  json bounds = json::array();
  for (double b : r.bounds) bounds.push_back(std::isfinite(b) ? b : -1.0);
  return {{"file", r.file}, {"abs_max", bounds}};
}

RangeProfileUse parseProfile(const json& r) {
  RangeProfileUse use{r.at("file").get<std::string>(), {}};
  for (double b : r.at("abs_max").get<std::vector<double>>())
    use.bounds.push_back(b < 0 ? std::numeric_limits<double>::quiet_NaN() : b);
  return use;
}

/// Index-to-index pairs: what two models with the same layer list (or a campaign written
/// before alignments existed) use.
std::vector<std::pair<int, int>> identityPairs(const CampaignManifest& m) {
  std::vector<std::pair<int, int>> pairs;
  if (m.layerNames.size() != 2) return pairs;
  for (int i = 0; i < static_cast<int>(std::min(m.layerNames[0].size(), m.layerNames[1].size())); ++i)
    pairs.emplace_back(i, i);
  return pairs;
}

json manifestObject(const CampaignManifest& m) {
  const CampaignConfig& c = m.config;
  json j{{"models", m.models},
         {"data", m.data},
         {"kind", faultKindName(c.kind)},
         {"error_model", errorModelName(c.errorModel)},
         {"bits", {c.bits.low, c.bits.high}},
         {"seed", c.seed},
         {"images", c.imageEnd - c.imageBegin},
         {"injections_per_layer", c.injectionsPerLayer},
         {"layers", c.layers},
         {"shards", c.shardCount},
         {"batch_size", c.batchSize},
         {"layer_names", m.layerNames},
         // How images are drawn (CampaignPlan.h): "shared-chunks", batch k of every layer on
         // the same chunk. Earlier versions wrote "chunks" (a chunk drawn per layer and batch)
         // or nothing (each injection's image drawn on its own).
         {"image_draws", kImageDraws}};
  // Weight campaigns add each fault's change to its layer's output (WeightFaults.h); earlier
  // versions wrote nothing and ran one pass per fault with the weight written: the results
  // differ in float32 rounding, so one campaign must not mix them.
  if (c.kind == FaultKind::Weight) j["weight_faults"] = kWeightFaults;
  // Only when used, so campaign directories written before range restriction existed still
  // compare equal and resume. -1 stands for an unbounded layer (JSON has no NaN).
  for (const auto& r : m.restrictRanges) j["restrict_ranges"].push_back(profileJson(r));
  // The same rule for what later versions added: absent means the old behaviour.
  if (c.protocol != Protocol::Raw) j["protocol"] = protocolName(c.protocol);
  for (const auto& r : m.clampRanges) j["clamp_ranges"].push_back(profileJson(r));
  if (c.stopping.enabled())
    j["until_halfwidth"] = {
        {"half_width", c.stopping.halfWidth}, {"metric", stopMetricName(c.stopping.metric)}, {"step", c.stopping.step}};
  if (c.format != NumberFormat{}) j["number_format"] = c.format.name();
  for (const auto& scales : m.formatScales) {
    json row = json::array();
    for (double b : scales) row.push_back(std::isfinite(b) ? b : -1.0);
    j["format_scales"].push_back(row);
  }
  if (c.flips.count > 1) j["flips"] = {{"count", c.flips.count}, {"placement", bitPlacementName(c.flips.placement)}};
  if (m.layerPairs != identityPairs(m)) j["layer_pairs"] = m.layerPairs;
  if (!m.inputDigests.empty()) j["input_digests"] = {{"models", m.inputDigests.models}, {"data", m.inputDigests.data}};
  return j;
}

json parseJsonFile(const std::string& text, const std::string& source) {
  try {
    return json::parse(text);
  } catch (const json::exception& e) {  // parse_error, or out_of_range for 1e999
    throw fileError(source, std::string("invalid JSON (") + e.what() + ")");
  }
}

json layerJson(const LayerSummary& s) {
  json byBit = json::array();
  for (std::size_t b = 0; b < s.byBit.size(); ++b)
    if (s.byBit[b].injections)
      byBit.push_back({{"bit", b},
                       {"injections", s.byBit[b].injections},
                       {"mismatches", s.byBit[b].mismatches},
                       {"mismatch_rate", s.byBit[b].mismatchRate()},
                       {"mean_delta_loss", s.byBit[b].meanDeltaLoss()}});
  return {{"by_bit", byBit},
          {"layer_index", s.layer},
          {"layer", s.name},
          {"injections", s.injections},
          {"mismatches", s.mismatches},
          {"mismatch_rate", s.mismatchRate()},
          {"mismatch_ci99", {s.mismatchInterval.low, s.mismatchInterval.high}},
          {"non_finite", s.nonFinite},
          {"loss_excluded", s.lossExcluded},
          {"mean_delta_loss", s.meanDeltaLoss},
          {"delta_loss_ci99", {s.deltaLossInterval.low, s.deltaLossInterval.high}}};
}

/// A non-negative integer field no larger than `max` (nlohmann would silently wrap a
/// negative number or truncate a large one in get<int>()).
std::uint64_t countField(const json& j, const char* key, std::uint64_t max, const std::string& source) {
  const json& v = j.at(key);
  if (!v.is_number_unsigned() || v.get<std::uint64_t>() > max)
    throw fileError(source, std::string(key) + " must be a whole number from 0 to " + std::to_string(max));
  return v.get<std::uint64_t>();
}

json factorJson(double f) { return std::isnan(f) ? json(nullptr) : json(f); }

json intervalJson(const Interval& i) { return json::array({factorJson(i.low), factorJson(i.high)}); }

json pairedLayerJson(const PairedLayerComparison& p) {
  return {{"layer", p.baselineName},
          {"text_guided_layer", p.guidedName},
          {"pairs", p.pairs},
          {"both_mismatch", p.bothMismatch},
          {"baseline_only_mismatch", p.baselineOnly},
          {"text_guided_only_mismatch", p.guidedOnly},
          {"mismatch_difference", p.mismatchDifference},
          {"mismatch_difference_ci", intervalJson(p.mismatchDifferenceInterval)},
          {"mcnemar_exact_p", p.mcnemarP},
          {"delta_loss_pairs", p.lossPairs},
          {"delta_loss_difference", factorJson(p.deltaLossDifference)},
          {"delta_loss_difference_ci", intervalJson(p.deltaLossDifferenceInterval)},
          {"delta_loss_difference_p", factorJson(p.deltaLossP)},
          {"improvement_factor", factorJson(p.factor)},
          {"improvement_factor_ci", intervalJson(p.factorInterval)}};
}

/// The paired comparison as summary.json's "paired" object (docs/file-formats.md).
json pairedJson(const PairedComparison& c) {
  json layers = json::array();
  for (const auto& p : c.layers) layers.push_back(pairedLayerJson(p));
  json out{{"confidence", 0.99},
           {"bootstrap", {{"resamples", c.resamples}, {"seed", c.seed}, {"unit", "injection number, all layers"}}},
           {"layers", layers},
           {"network",
            {{"mismatch_difference", c.network.mismatchDifference},
             {"mismatch_difference_ci", intervalJson(c.network.mismatchDifferenceInterval)},
             {"mismatch_difference_p", c.network.mismatchP},
             {"delta_loss_difference", factorJson(c.network.deltaLossDifference)},
             {"delta_loss_difference_ci", intervalJson(c.network.deltaLossDifferenceInterval)},
             {"delta_loss_difference_p", c.network.deltaLossP},
             {"improvement_factor", factorJson(c.network.factor)},
             {"improvement_factor_ci", intervalJson(c.network.factorInterval)}}}};
  if (c.lastLayer) out["last_layer"] = pairedLayerJson(*c.lastLayer);
  return out;
}

/// A model's fragile inputs in summary.json: the rank correlation and the ten most fragile.
json fragileJson(const std::vector<ImageFragility>& images) {
  json top = json::array();
  for (const auto& f : rankByFragility(images)) {
    if (top.size() == 10) break;
    top.push_back({{"image", f.image},
                   {"injections", f.injections},
                   {"mismatches", f.mismatches},
                   {"clean_top2diff", factorJson(f.cleanTop2Diff)}});
  }
  return {{"images", images.size()},
          {"spearman_mismatch_rate_vs_clean_top2diff", factorJson(fragilityTop2DiffCorrelation(images))},
          {"most_fragile", top}};
}

/// paired.csv: one row per corresponding layer pair, then the last layer and the network.
std::string pairedCsvText(const PairedComparison& c) {
  std::string csv =
      "scope,layer,text_guided_layer,pairs,both_mismatch,baseline_only_mismatch,text_guided_only_mismatch,"
      "mismatch_difference,mismatch_difference_low,mismatch_difference_high,mismatch_p,delta_loss_difference,"
      "delta_loss_difference_low,delta_loss_difference_high,delta_loss_p,improvement_factor,improvement_factor_low,"
      "improvement_factor_high\n";
  char line[1024];
  const auto row = [&](const char* scope, const PairedLayerComparison& p) {
    std::snprintf(
        line, sizeof line, "%s,%s,%s,%lld,%lld,%lld,%lld,%.9g,%.9g,%.9g,%.6g,%.9g,%.9g,%.9g,%.6g,%.9g,%.9g,%.9g\n",
        scope, p.baselineName.c_str(), p.guidedName.c_str(), static_cast<long long>(p.pairs),
        static_cast<long long>(p.bothMismatch), static_cast<long long>(p.baselineOnly),
        static_cast<long long>(p.guidedOnly), p.mismatchDifference, p.mismatchDifferenceInterval.low,
        p.mismatchDifferenceInterval.high, p.mcnemarP, p.deltaLossDifference, p.deltaLossDifferenceInterval.low,
        p.deltaLossDifferenceInterval.high, p.deltaLossP, p.factor, p.factorInterval.low, p.factorInterval.high);
    csv += line;
  };
  for (const auto& p : c.layers) row("layer", p);
  if (c.lastLayer) row("last_layer", *c.lastLayer);
  const auto& n = c.network;
  std::snprintf(line, sizeof line, "network,,,,,,,%.9g,%.9g,%.9g,%.6g,%.9g,%.9g,%.9g,%.6g,%.9g,%.9g,%.9g\n",
                n.mismatchDifference, n.mismatchDifferenceInterval.low, n.mismatchDifferenceInterval.high, n.mismatchP,
                n.deltaLossDifference, n.deltaLossDifferenceInterval.low, n.deltaLossDifferenceInterval.high,
                n.deltaLossP, n.factor, n.factorInterval.low, n.factorInterval.high);
  return csv + line;
}

/// Throws naming `dir` unless every layer of an adaptive campaign reached its stop.
void requireStopped(const StopPoints& stops, const CampaignManifest& manifest, const std::string& dir) {
  for (std::size_t m = 0; m < stops.size(); ++m)
    for (const auto& [layer, stop] : stops[m])
      if (!stop.decided) {
        const auto& names = manifest.layerNames.at(m);
        const std::string name =
            layer >= 0 && static_cast<std::size_t>(layer) < names.size() ? names[layer] : "#" + std::to_string(layer);
        throw fileError(dir, "layer " + name + " of model " + std::to_string(m) + " has not reached its stop (" +
                                 std::to_string(stop.injections) +
                                 " injections checked without a gap): a shard is unfinished (rerun it to resume)");
      }
}

}  // namespace

std::string campaignManifestJson(const CampaignManifest& manifest) { return jsonText(manifestObject(manifest)) + "\n"; }

CampaignManifest parseCampaignManifest(const std::string& text, const std::string& source) {
  const json j = parseJsonFile(text, source);
  if (!j.is_object()) throw fileError(source, "not a campaign manifest (expected a JSON object)");
  rejectUnknownKeys(j,
                    {"models",
                     "data",
                     "kind",
                     "error_model",
                     "bits",
                     "seed",
                     "images",
                     "injections_per_layer",
                     "layers",
                     "shards",
                     "batch_size",
                     "layer_names",
                     "restrict_ranges",
                     "protocol",
                     "clamp_ranges",
                     "layer_pairs",
                     "input_digests",
                     "image_draws",
                     "weight_faults",
                     "until_halfwidth",
                     "number_format",
                     "format_scales",
                     "flips"},
                    source, "campaign manifest");
  CampaignManifest m;
  CampaignConfig& c = m.config;
  try {
    m.models = j.at("models").get<std::vector<std::string>>();
    m.data = j.at("data").get<std::string>();
    const auto kind = j.at("kind").get<std::string>();
    if (kind != "activation" && kind != "weight") throw fileError(source, "kind must be activation or weight");
    c.kind = kind == "activation" ? FaultKind::Activation : FaultKind::Weight;
    c.errorModel = parseErrorModel(j.at("error_model").get<std::string>());
    const json& bits = j.at("bits");
    if (!bits.is_array() || bits.size() != 2 || !bits[0].is_number_unsigned() || !bits[1].is_number_unsigned() ||
        bits[0].get<std::uint64_t>() > 31 || bits[1].get<std::uint64_t>() > 31)
      throw fileError(source, "bits must be [low, high] within 0..31");
    c.bits = {bits[0].get<int>(), bits[1].get<int>()};
    c.bits.validate();
    constexpr std::uint64_t kMaxInt = std::numeric_limits<int>::max();
    c.seed = countField(j, "seed", std::numeric_limits<std::uint64_t>::max(), source);
    c.imageBegin = 0;
    c.imageEnd = countField(j, "images", std::uint64_t(1) << 40, source);
    c.injectionsPerLayer =
        static_cast<std::int64_t>(countField(j, "injections_per_layer", std::uint64_t(1) << 40, source));
    for (const auto& layer : j.at("layers")) {
      if (!layer.is_number_unsigned() || layer.get<std::uint64_t>() > kMaxInt)
        throw fileError(source, "layers must hold layer indices");
      c.layers.push_back(layer.get<int>());
    }
    c.shardCount = static_cast<int>(countField(j, "shards", kMaxInt, source));
    c.batchSize = static_cast<int>(countField(j, "batch_size", kMaxInt, source));
    m.layerNames = j.at("layer_names").get<std::vector<std::vector<std::string>>>();
    if (j.contains("image_draws") && j.at("image_draws") != kImageDraws && j.at("image_draws") != "chunks")
      throw fileError(source, std::string("image_draws must be \"") + kImageDraws + "\" or \"chunks\"");
    if (j.contains("weight_faults") && j.at("weight_faults") != kWeightFaults)
      throw fileError(source, std::string("weight_faults must be \"") + kWeightFaults + "\"");
    if (j.contains("restrict_ranges"))
      for (const auto& r : j.at("restrict_ranges")) m.restrictRanges.push_back(parseProfile(r));
    if (j.contains("protocol")) c.protocol = parseProtocol(j.at("protocol").get<std::string>());
    if (j.contains("clamp_ranges"))
      for (const auto& r : j.at("clamp_ranges")) m.clampRanges.push_back(parseProfile(r));
    if (j.contains("until_halfwidth")) {
      const json& u = j.at("until_halfwidth");
      if (!u.is_object()) throw fileError(source, "until_halfwidth must be an object with half_width, metric and step");
      rejectUnknownKeys(u, {"half_width", "metric", "step"}, source, "until_halfwidth");
      const json& e = u.at("half_width");
      if (!e.is_number() || !(e.get<double>() > 0.0) || !std::isfinite(e.get<double>()))
        throw fileError(source, "until_halfwidth.half_width must be a positive number");
      c.stopping.halfWidth = e.get<double>();
      c.stopping.metric = parseStopMetric(u.at("metric").get<std::string>());
      c.stopping.step = static_cast<std::int64_t>(countField(u, "step", std::uint64_t(1) << 40, source));
      if (const std::string problem = stoppingRuleProblem(c); !problem.empty()) throw fileError(source, problem);
    }
    if (j.contains("number_format")) c.format = NumberFormat::parse(j.at("number_format").get<std::string>());
    if (j.contains("format_scales"))
      for (const auto& row : j.at("format_scales")) {
        m.formatScales.emplace_back();
        for (double b : row.get<std::vector<double>>())
          m.formatScales.back().push_back(b < 0 ? std::numeric_limits<double>::quiet_NaN() : b);
      }
    if (j.contains("flips")) {
      const json& f = j.at("flips");
      if (!f.is_object()) throw fileError(source, "flips must be an object with count and placement");
      rejectUnknownKeys(f, {"count", "placement"}, source, "flips");
      c.flips.count = static_cast<int>(countField(f, "count", 32, source));
      c.flips.placement = parseBitPlacement(f.at("placement").get<std::string>());
    }
    requireValidBits(c);
    if (j.contains("input_digests")) {
      const json& d = j.at("input_digests");
      if (!d.is_object()) throw fileError(source, "input_digests must be an object with models and data");
      rejectUnknownKeys(d, {"models", "data"}, source, "input_digests");
      m.inputDigests.models = d.at("models").get<std::vector<std::string>>();
      m.inputDigests.data = d.at("data").get<std::string>();
      if (m.inputDigests.models.size() != m.models.size())
        throw fileError(source, "input_digests needs one model digest per model");
    }
    m.layerPairs = j.contains("layer_pairs") ? j.at("layer_pairs").get<std::vector<std::pair<int, int>>>()
                                             : identityPairs(m);
  } catch (const json::exception& e) {
    throw fileError(source, std::string("malformed campaign manifest (") + e.what() + ")");
  } catch (const Error& e) {
    const std::string what = e.what();
    throw what.rfind(source, 0) == 0 ? e : fileError(source, what);
  }
  if (m.models.empty() || m.models.size() > 2) throw fileError(source, "a campaign has one or two models");
  if (m.layerNames.size() != m.models.size()) throw fileError(source, "layer_names needs one list per model");
  if (!m.restrictRanges.empty() && m.restrictRanges.size() != m.models.size())
    throw fileError(source, "restrict_ranges needs one profile per model");
  if ((c.protocol == Protocol::Paper) != !m.clampRanges.empty() ||
      (!m.clampRanges.empty() && m.clampRanges.size() != m.models.size()))
    throw fileError(source, "the paper protocol needs clamp_ranges, one profile per model (and only it has them)");
  if (c.format.needsScale() != !m.formatScales.empty() ||
      (!m.formatScales.empty() && m.formatScales.size() != m.models.size()))
    throw fileError(source, "an int8 campaign needs format_scales, one list per model (and only it has them)");
  for (const auto& [a, b] : m.layerPairs)
    if (m.layerNames.size() != 2 || a < 0 || b < 0 || static_cast<std::size_t>(a) >= m.layerNames[0].size() ||
        static_cast<std::size_t>(b) >= m.layerNames[1].size())
      throw fileError(source, "layer_pairs must pair layer indices of the two models");
  if (c.imageEnd < 1 || c.injectionsPerLayer < 1 || c.shardCount < 1 || c.batchSize < 1)
    throw fileError(source, "images, injections_per_layer, shards and batch_size must be at least 1");
  for (int layer : c.layers)
    if (static_cast<std::size_t>(layer) >= m.layerNames.front().size())
      throw fileError(source, "layer index " + std::to_string(layer) + " is out of range");
  return m;
}

std::vector<std::pair<int, int>> CampaignManifest::correspondingLayers() const {
  return layerPairs.empty() && layerNames.size() == 2 ? identityPairs(*this) : layerPairs;
}

CampaignManifest readCampaignManifest(const std::string& dir) {
  const std::string path = dir + "/campaign.json";
  return parseCampaignManifest(readFileBytes(path), path);
}

namespace {

/// What a start writes before campaign.json: the paper protocol's range profiles, the
/// writer locks, and the atomic-write temporaries of either and of campaign.json itself
/// (another process, an MPI rank, may be writing the manifest at this moment).
bool writtenBeforeManifest(const std::string& name) {
  static const std::regex pattern(
      R"((\.)?(ranges-[0-9]+\.json|campaign\.json|writer(-shard[0-9]+-of-[0-9]+)?\.lock)(\.tmp[0-9]+)?)");
  return std::regex_match(name, pattern);
}

/// An atomic-write temporary of campaign.json: another process's manifest in the making.
bool manifestInTheMaking(const std::string& name) { return name.rfind(".campaign.json.tmp", 0) == 0; }

/// The first entry of `dir` that no campaign start writes, or "" when there is none.
std::string firstForeignEntry(const std::string& dir) {
  std::error_code ec;
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir, ec)) names.push_back(entry.path().filename().string());
  if (ec) throw fileError(dir, "cannot list the campaign directory (" + ec.message() + ")");
  std::sort(names.begin(), names.end());
  for (const auto& name : names)
    if (!writtenBeforeManifest(name)) return name;
  return "";
}

/// Throws unless `dir` holds nothing but what a campaign start writes before its manifest.
void refuseForeignEntries(const std::string& dir) {
  if (const std::string foreign = firstForeignEntry(dir); !foreign.empty())
    throw fileError(dir, "holds " + foreign +
                             " but no campaign.json: it is not a campaign directory, and a campaign "
                             "never takes or overwrites files it did not write; give an empty or new directory");
}

}  // namespace

std::vector<std::string> prepareCampaignDirectory(const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return {};
  if (!fs::is_directory(dir, ec)) throw fileError(dir, "is not a directory; a campaign needs a directory of its own");
  if (fs::exists(dir + "/campaign.json", ec)) return {};
  refuseForeignEntries(dir);
  std::vector<std::string> removed;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    // A lock another starting process may hold, or the manifest it is writing.
    if (name.rfind("writer", 0) == 0 || manifestInTheMaking(name)) continue;
    // A profile by its name alone could be anyone's file: only one that reads as the
    // range profile a start writes is removed; anything else is refused untouched.
    if (name[0] != '.') {
      const std::string path = entry.path().string();
      try {
        parseActivationRangesJson(readFileBytes(path), path);
      } catch (const Error& e) {
        throw fileError(path, std::string("is not a range profile a campaign start wrote (") + e.what() +
                                  "), and no campaign.json is beside it; a campaign never removes a file it "
                                  "cannot recognise: move it away, or give an empty or new directory");
      }
    }
    fs::remove(entry.path(), ec);
    removed.push_back(entry.path().string());
  }
  std::sort(removed.begin(), removed.end());
  return removed;
}

bool openCampaignDirectory(const std::string& dir, const CampaignManifest& manifest) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw fileError(dir, "cannot create the campaign directory: " + ec.message());
  const std::string path = dir + "/campaign.json";
  // A new campaign starts in a directory holding nothing but what this start wrote.
  if (!fs::exists(path, ec)) refuseForeignEntries(dir);
  // Created exclusively: of two processes starting campaigns here at once, one writes the
  // manifest and the other compares against it.
  if (createFileAtomically(path, campaignManifestJson(manifest))) return true;
  // Compared as JSON values, not re-parsed structs: every field, including ones a newer
  // version might add, must agree before records are appended to this directory.
  json existing = parseJsonFile(readFileBytes(path), path);
  // Through text and back, as the file went: names with invalid UTF-8 compare as written.
  json ours = json::parse(campaignManifestJson(manifest));
  if (existing == ours) return true;
  if (!existing.is_object()) throw fileError(path, "not a campaign manifest (expected a JSON object)");
  const json existingDigests = existing.value("input_digests", json());
  const json ourDigests = ours.value("input_digests", json());
  existing.erase("input_digests");
  ours.erase("input_digests");
  if (existing.value("image_draws", json()) != kImageDraws)
    throw fileError(path, "this campaign was started by an earlier FaultLens that drew its images differently (" +
                              std::string(existing.contains("image_draws") ? "a chunk per layer and batch"
                                                                           : "every injection's image on its own") +
                              "); this version draws the same chunk for batch k of every layer and cannot continue it. "
                              "Its records stay readable (summary, report, merge); start the campaign again in a new "
                              "directory");
  if (ours.contains("weight_faults") && !existing.contains("weight_faults") &&
      existing.value("kind", json()) == ours.at("kind"))
    throw fileError(path, "this weight campaign was started by an earlier FaultLens that ran one inference per "
                          "fault with the weight written into the model; this version adds each fault's change to "
                          "the layer's output (equal up to float32 rounding) and cannot continue it without mixing "
                          "the two. Its records stay readable (summary, report, merge); start the campaign again in "
                          "a new directory");
  if (existing != ours) {
    std::string keys;
    for (const auto& [key, value] : ours.items())
      if (!existing.contains(key) || existing.at(key) != value) keys += (keys.empty() ? "" : ", ") + key;
    for (const auto& [key, value] : existing.items())
      if (!ours.contains(key)) keys += (keys.empty() ? "" : ", ") + key;
    throw fileError(path, "this directory holds a different campaign (it differs in: " + keys +
                              "); use another directory or the same settings");
  }
  if (existingDigests.is_null()) return false;  // written before digests: paths only
  if (ourDigests.is_null()) return true;        // a caller that does not pin inputs (tests)
  const auto& theirModels = existingDigests.at("models");
  for (std::size_t m = 0; m < manifest.models.size(); ++m)
    if (m >= theirModels.size() || theirModels[m] != ourDigests.at("models")[m])
      throw fileError(path, "model " + std::to_string(m) + " (" + manifest.models[m] +
                                ") is not the model this campaign ran with: the file or its metadata changed. "
                                "Use another directory, or the original model");
  throw fileError(path, "the data set (" + manifest.data +
                            ") is not the one this campaign ran on: its images, labels or class names changed. "
                            "Use another directory, or the original data");
}

ShardWriterLock::ShardWriterLock(const std::string& dir, int shard, int shards) {
  path_ = dir + "/writer" + (shards > 1 ? "-shard" + std::to_string(shard) + "-of-" + std::to_string(shards) : "") +
          ".lock";
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw fileError(path_, std::string("cannot open the writer lock (") + std::strerror(errno) + ")");
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    std::string holder(256, '\0');
    const ssize_t n = ::pread(fd_, holder.data(), holder.size(), 0);
    holder.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    while (!holder.empty() && (holder.back() == '\n' || holder.back() == '\0')) holder.pop_back();
    ::close(fd_);
    fd_ = -1;
    if (err != EWOULDBLOCK) throw fileError(path_, std::string("cannot lock (") + std::strerror(err) + ")");
    throw fileError(dir, "another process is writing this campaign" + std::string(shards > 1 ? " shard" : "") +
                             (holder.empty() ? "" : " (" + holder + ")") +
                             "; wait for it to finish, or give this run another directory or shard");
  }
  char host[256] = "?";
  ::gethostname(host, sizeof host - 1);
  const std::string who = "process " + std::to_string(::getpid()) + " on " + host + "\n";
  if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, who.data(), who.size(), 0) != static_cast<ssize_t>(who.size())) {
    // The lock holds without the note; only the message to a second writer is poorer.
  }
}

ShardWriterLock::~ShardWriterLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the flock
}

std::string campaignRecordPath(const std::string& dir, std::size_t model, int shard, int shards) {
  return dir + "/records-" + std::to_string(model) +
         (shards > 1 ? "-shard" + std::to_string(shard) + "-of-" + std::to_string(shards) : "") + ".csv";
}

std::vector<std::vector<InjectionOutcome>> readCampaignOutcomes(const std::string& dir,
                                                                const CampaignManifest& manifest,
                                                                bool requireComplete) {
  const int shards = manifest.config.shardCount;
  std::vector<std::vector<InjectionOutcome>> out;
  for (std::size_t m = 0; m < manifest.models.size(); ++m) {
    std::vector<InjectionOutcome> all;
    std::map<std::pair<int, std::int64_t>, std::string> fileOf;  // each injection belongs to one shard
    for (int shard = 0; shard < shards; ++shard) {
      const std::string path = campaignRecordPath(dir, m, shard, shards);
      if (requireComplete && !fs::exists(path))
        throw fileError(path, "missing: shard " + std::to_string(shard) + " has not run");
      for (const auto& o : readRecords(path)) {
        // A record the campaign cannot have planned (appended by hand, copied from another
        // campaign) would be summed like the others: refused, named, before any number.
        const bool knownLayer = o.layer >= 0 && static_cast<std::size_t>(o.layer) < manifest.layerNames[m].size();
        if (!knownLayer || o.injection < 0 || o.injection >= manifest.config.injectionsPerLayer)
          throw fileError(path, "records injection " + std::to_string(o.injection) + " of layer #" +
                                    std::to_string(o.layer) + ", which this campaign does not plan (" +
                                    std::to_string(manifest.config.injectionsPerLayer) +
                                    " injections per layer of model " + std::to_string(m) +
                                    "'s layers): a record from elsewhere; remove it or start a new campaign");
        const auto [it, fresh] = fileOf.emplace(std::make_pair(o.layer, o.injection), path);
        if (!fresh)
          throw fileError(path, "records injection " + std::to_string(o.injection) + " of layer #" +
                                    std::to_string(o.layer) + ", which " + it->second +
                                    " records too: two shards computed it; the results cannot be trusted");
        all.push_back(o);
      }
    }
    out.push_back(std::move(all));
  }
  if (manifest.config.stopping.enabled()) {
    const StopPoints stops = findStopPoints(out, manifest.correspondingLayers(), manifest.config);
    if (requireComplete) requireStopped(stops, manifest, dir);
    dropPastStopPoints(out, stops);
  }
  return out;
}

std::vector<CampaignSummary> summarizeCampaignDirectory(const std::string& dir, const CampaignManifest& manifest,
                                                        bool requireComplete) {
  return summarizeCampaignOutcomes(readCampaignOutcomes(dir, manifest, requireComplete), manifest, dir,
                                   requireComplete);
}

std::vector<CampaignSummary> summarizeCampaignOutcomes(std::vector<std::vector<InjectionOutcome>> outcomes,
                                                       const CampaignManifest& manifest, const std::string& dir,
                                                       bool requireComplete) {
  std::vector<CampaignSummary> summaries;
  StopPoints stops;
  if (requireComplete && manifest.config.stopping.enabled()) {
    stops = findStopPoints(outcomes, manifest.correspondingLayers(), manifest.config);
    requireStopped(stops, manifest, dir);
  }
  for (std::size_t m = 0; m < outcomes.size(); ++m) {
    CampaignSummary s =
        summarize(std::move(outcomes[m]), manifest.layerNames[m], manifest.config.protocol == Protocol::Paper);
    if (requireComplete && manifest.config.stopping.enabled()) {
      for (const auto& l : s.layers)
        if (const auto it = stops[m].find(l.layer); it == stops[m].end() || l.injections != it->second.injections)
          throw fileError(dir, "layer " + l.name + " of model " + std::to_string(m) + " has " +
                                   std::to_string(l.injections) + " injections, not the " +
                                   std::to_string(it == stops[m].end() ? 0 : it->second.injections) +
                                   " its stopping rule asks for: a shard is unfinished (rerun it to resume)");
    } else if (requireComplete)
      for (const auto& l : s.layers)
        if (l.injections != manifest.config.injectionsPerLayer)
          throw fileError(dir, "layer " + l.name + " of model " + std::to_string(m) + " has " +
                                   std::to_string(l.injections) + " of " +
                                   std::to_string(manifest.config.injectionsPerLayer) +
                                   " injections: a shard is unfinished (rerun it to resume)");
    summaries.push_back(std::move(s));
  }
  return summaries;
}

PairedComparison compareCampaignOutcomes(const std::vector<std::vector<InjectionOutcome>>& outcomes,
                                         const CampaignManifest& manifest) {
  if (outcomes.size() != 2 || manifest.models.size() != 2)
    throw Error("a paired comparison needs the outcomes of a two-model campaign");
  PairedOptions options;
  options.absoluteDeltaLoss = manifest.config.protocol == Protocol::Paper;
  options.seed = manifest.config.seed;  // a rerun, a resumed run and a merge resample alike
  return comparePaired(outcomes[0], outcomes[1], manifest.correspondingLayers(), manifest.layerNames, options);
}

void writeCampaignSummary(const std::string& dir, const CampaignManifest& manifest,
                          const std::vector<CampaignSummary>& summaries, const PairedComparison* paired,
                          const std::vector<std::vector<InjectionOutcome>>* recorded) {
  json summary{{"campaign", manifestObject(manifest)},
               {"protocol", protocolName(manifest.config.protocol)},
               {"models", json::array()}};
  std::string csv = "model,layer_index,layer,injections,mismatches,mismatch_rate,mismatch_low,mismatch_high,non_finite,"
                    "loss_excluded,mean_delta_loss,delta_loss_low,delta_loss_high\n";
  std::string bits = "model,layer_index,layer,bit,injections,mismatches,mismatch_rate,losses,mean_delta_loss\n";
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
      for (std::size_t b = 0; b < s.byBit.size(); ++b) {
        const BitSummary& bit = s.byBit[b];
        if (!bit.injections) continue;
        std::snprintf(line, sizeof line, "%zu,%d,%s,%zu,%lld,%lld,%.9g,%lld,%.9g\n", m, s.layer, s.name.c_str(), b,
                      static_cast<long long>(bit.injections), static_cast<long long>(bit.mismatches),
                      bit.mismatchRate(), static_cast<long long>(bit.losses), bit.meanDeltaLoss());
        bits += line;
      }
    }
    summary["models"].push_back({{"path", manifest.models.at(m)},
                                 {"layers", layers},
                                 {"network_delta_loss", summaries[m].networkDeltaLoss},
                                 {"network_mismatch_rate", summaries[m].networkMismatchRate}});
  }
  if (summaries.size() == 2) {
    json factors = json::array();
    for (const auto& [a, b] : manifest.correspondingLayers()) {
      const LayerSummary* x = findLayerSummary(summaries[0], a);
      const LayerSummary* y = findLayerSummary(summaries[1], b);
      if (!x || !y) continue;
      factors.push_back({{"layer", x->name},
                         {"text_guided_layer", y->name},
                         {"improvement_factor", factorJson(improvementFactor(x->meanDeltaLoss, y->meanDeltaLoss))}});
    }
    summary["improvement"] = {
        {"layers", factors},
        {"network", factorJson(improvementFactor(summaries[0].networkDeltaLoss, summaries[1].networkDeltaLoss))}};
    if (!summaries[0].layers.empty() && !summaries[1].layers.empty()) {
      const auto& x = summaries[0].layers.back();
      const auto& y = summaries[1].layers.back();
      summary["improvement"]["last_layer"] = {
          {"layer", x.name},
          {"text_guided_layer", y.name},
          {"improvement_factor", factorJson(improvementFactor(x.meanDeltaLoss, y.meanDeltaLoss))}};
    }
  }
  // Pair by pair and image by image, from the records of every shard.
  std::vector<std::vector<InjectionOutcome>> read;
  if (!recorded) read = readCampaignOutcomes(dir, manifest);
  const auto& outcomes = recorded ? *recorded : read;
  std::string pairedCsv;
  if (summaries.size() == 2) {
    const PairedComparison comparison = paired ? *paired : compareCampaignOutcomes(outcomes, manifest);
    summary["paired"] = pairedJson(comparison);
    pairedCsv = pairedCsvText(comparison);
  }
  std::vector<std::vector<ImageFragility>> fragility;
  for (std::size_t m = 0; m < outcomes.size(); ++m) {
    fragility.push_back(imageFragility(outcomes[m]));
    if (m < summary["models"].size()) summary["models"][m]["fragile_inputs"] = fragileJson(fragility.back());
  }
  writeFileAtomically(dir + "/summary.json", jsonText(summary) + "\n");
  writeFileAtomically(dir + "/summary.csv", csv);
  writeFileAtomically(dir + "/bits.csv", bits);
  writeFileAtomically(dir + "/fragile_images_ranked.csv", fragileImagesCsv(fragility));
  if (!pairedCsv.empty()) writeFileAtomically(dir + "/paired.csv", pairedCsv);
}

std::vector<AlignedLayerRow> alignedLayerRows(const std::vector<CampaignSummary>& summaries,
                                              const std::vector<std::pair<int, int>>& pairs) {
  std::vector<AlignedLayerRow> rows;
  if (summaries.empty()) return rows;
  if (summaries.size() == 1) {
    for (const auto& l : summaries[0].layers) rows.emplace_back(&l, nullptr);
    return rows;
  }
  const std::map<int, int> partner(pairs.begin(), pairs.end());
  std::set<int> pairedGuided;
  for (const auto& p : pairs) pairedGuided.insert(p.second);
  auto guided = summaries[1].layers.begin();
  const auto flushUnpairedBefore = [&](int end) {
    for (; guided != summaries[1].layers.end() && guided->layer < end; ++guided)
      if (!pairedGuided.count(guided->layer)) rows.emplace_back(nullptr, &*guided);
  };
  for (const auto& a : summaries[0].layers) {
    const auto it = partner.find(a.layer);
    const LayerSummary* b = it == partner.end() ? nullptr : findLayerSummary(summaries[1], it->second);
    if (b) flushUnpairedBefore(b->layer);
    rows.emplace_back(&a, b);
  }
  flushUnpairedBefore(std::numeric_limits<int>::max());
  return rows;
}

const LayerSummary* findLayerSummary(const CampaignSummary& summary, int layer) {
  for (const auto& l : summary.layers)
    if (l.layer == layer) return &l;
  return nullptr;
}

}  // namespace faultlens
