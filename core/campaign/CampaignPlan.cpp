#include "core/campaign/CampaignPlan.h"

#include "core/Error.h"

namespace faultlens {
namespace {

/// SplitMix64: decorrelates the per-layer streams derived from one campaign seed.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

}  // namespace

const char* faultKindName(FaultKind kind) { return kind == FaultKind::Activation ? "activation" : "weight"; }

const char* protocolName(Protocol p) { return p == Protocol::Paper ? "paper" : "raw"; }

Protocol parseProtocol(const std::string& name) {
  if (name == "raw") return Protocol::Raw;
  if (name == "paper") return Protocol::Paper;
  throw Error("unknown protocol '" + name + "' (expected paper or raw)");
}

std::vector<int> campaignLayers(const std::vector<LayerInfo>& layers, FaultKind kind) {
  std::vector<int> out;
  for (const auto& l : layers)
    if (kind == FaultKind::Activation ? (l.executed && l.perImage) : !l.weightShape.empty()) out.push_back(l.index);
  return out;
}

std::vector<PlannedInjection> planLayer(const LayerInfo& layer, const CampaignConfig& config) {
  return planLayer(layer, config, static_cast<std::uint64_t>(layer.index), {});
}

std::vector<PlannedInjection> planLayer(const LayerInfo& layer, const CampaignConfig& config, std::uint64_t sequenceKey,
                                        const std::vector<std::int64_t>& imagePool) {
  config.bits.validate();
  if (config.imageEnd <= config.imageBegin) throw Error("campaign needs at least one image");
  if (config.batchSize < 1) throw Error("campaign batch size must be positive");
  if (config.shardCount < 1 || config.shardIndex < 0 || config.shardIndex >= config.shardCount)
    throw Error("shard " + std::to_string(config.shardIndex) + "/" + std::to_string(config.shardCount) + " is invalid");
  const std::int64_t elements = config.kind == FaultKind::Activation ? layer.outputElements() : layer.weightElements();
  if (config.kind == FaultKind::Activation && !(layer.executed && layer.perImage))
    throw Error("layer " + layer.name + " cannot take activation faults in a campaign (not executed per image)");
  if (elements <= 0) throw Error("layer " + layer.name + " has no " + faultKindName(config.kind) + " sites");
  SeededRandom random(mix(config.seed ^ mix(sequenceKey + 1)));
  const auto images =
      static_cast<std::uint64_t>(imagePool.empty() ? config.imageEnd - config.imageBegin : imagePool.size());
  std::vector<PlannedInjection> out;
  for (std::int64_t i = 0; i < config.injectionsPerLayer; ++i) {
    // Every injection draws the same numbers whichever shard runs it.
    PlannedInjection p;
    p.layer = layer.index;
    p.injection = i;
    // One draw either way, so the site and bit streams stay those of the sequence key.
    const std::uint64_t draw = random.below(images);
    p.image = imagePool.empty() ? static_cast<std::int64_t>(config.imageBegin + draw) : imagePool[draw];
    p.element = static_cast<std::int64_t>(random.below(static_cast<std::uint64_t>(elements)));
    p.bit = static_cast<int>(random.between(config.bits.low, config.bits.high));
    p.randomValue = static_cast<float>(random.unit() * 2.0 - 1.0);
    if ((i / config.batchSize) % config.shardCount == config.shardIndex) out.push_back(p);
  }
  return out;
}

}  // namespace faultlens
