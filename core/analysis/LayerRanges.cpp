#include "core/io/JsonFormat.h"
#include "core/analysis/LayerRanges.h"

#include <cmath>
#include <limits>
#include <set>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/Error.h"

namespace faultlens {

std::string activationRangesCsv(const std::vector<LayerRange>& ranges) {
  std::string out = "layer,abs_max,abs_mean,values,non_finite\n";
  char buf[128];
  for (const auto& r : ranges) {
    std::snprintf(buf, sizeof buf, ",%.9g,%.9g,%lld,%lld\n", r.stats.absMax, r.stats.absMean(),
                  static_cast<long long>(r.stats.count), static_cast<long long>(r.stats.nonFinite));
    out += r.layer + buf;
  }
  return out;
}

std::string activationRangesJson(const std::vector<LayerRange>& ranges, const std::string& model,
                                 const std::string& modelDigest) {
  nlohmann::json j;
  j["model"] = model;
  // Which model by content: a profile of another model with the same layer names would
  // otherwise scale or clamp this one silently.
  if (!modelDigest.empty()) j["model_sha256"] = modelDigest;
  j["layers"] = nlohmann::json::array();
  for (const auto& r : ranges)
    j["layers"].push_back({{"layer", r.layer},
                           {"abs_max", r.stats.absMax},
                           {"abs_mean", r.stats.absMean()},
                           {"values", r.stats.count},
                           {"non_finite", r.stats.nonFinite}});
  return jsonText(j) + "\n";
}

std::vector<LayerRange> parseActivationRangesJson(const std::string& text, const std::string& source) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const std::exception& e) {
    throw fileError(source, std::string("not valid JSON: ") + e.what());
  }
  if (!j.is_object() || !j.contains("layers") || !j["layers"].is_array())
    throw fileError(source, "expected an object with a \"layers\" array (written by faultlens-cli ranges)");
  // A misspelt key would otherwise be ignored and a repeated layer silently take the last
  // bound: either changes what a campaign clamps to without a word.
  for (const auto& [key, value] : j.items())
    if (key != "model" && key != "model_sha256" && key != "layers")
      throw fileError(source,
                      "unknown key \"" + key + "\" (a range profile has \"model\", \"model_sha256\" and \"layers\")");
  std::vector<LayerRange> out;
  std::set<std::string> seen;
  for (const auto& l : j["layers"]) {
    if (!l.is_object() || !l.contains("layer") || !l["layer"].is_string() || !l.contains("abs_max") ||
        !l["abs_max"].is_number())
      throw fileError(source, "each layer entry needs \"layer\" (string) and \"abs_max\" (number)");
    LayerRange r;
    r.layer = l["layer"].get<std::string>();
    for (const auto& [key, value] : l.items())
      if (key != "layer" && key != "abs_max" && key != "abs_mean" && key != "values" && key != "non_finite")
        throw fileError(source, "layer " + r.layer + ": unknown key \"" + key +
                                    "\" (expected layer, abs_max, abs_mean, values, non_finite)");
    if (!seen.insert(r.layer).second)
      throw fileError(source, "layer " + r.layer + " is listed twice (which bound would apply?)");
    r.stats.absMax = l["abs_max"].get<double>();
    // Layer outputs are float32: a bound beyond its range cannot be a profiled maximum.
    if (!std::isfinite(r.stats.absMax) || r.stats.absMax < 0 ||
        r.stats.absMax > static_cast<double>(std::numeric_limits<float>::max()))
      throw fileError(source, "layer " + r.layer + ": abs_max must be a non-negative number within float32's range");
    out.push_back(r);
  }
  return out;
}

RangeProfileOrigin rangeProfileOrigin(const std::string& text, const std::string& source) {
  parseActivationRangesJson(text, source);  // the same checks, the same errors
  const nlohmann::json j = nlohmann::json::parse(text);
  RangeProfileOrigin origin;
  if (j.contains("model") && j["model"].is_string()) origin.model = j["model"].get<std::string>();
  if (j.contains("model_sha256")) {
    if (!j["model_sha256"].is_string()) throw fileError(source, "\"model_sha256\" must be a string");
    origin.modelDigest = j["model_sha256"].get<std::string>();
  }
  return origin;
}

}  // namespace faultlens
