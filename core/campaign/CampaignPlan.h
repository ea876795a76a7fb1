#pragma once
// Which faults a campaign injects: for every layer a fixed sequence of (image, site, bit)
// drawn from the campaign seed and the layer's sequence key (its position, or for the
// second model the position of the baseline layer it corresponds to). Corresponding layers
// of the same shape get identical sequences, so their outcomes compare injection by
// injection. Torch-free.
#include <cstdint>
#include <string>
#include <vector>

#include "core/FaultSampler.h"
#include "core/LayerInfo.h"

namespace faultlens {

enum class FaultKind { Activation, Weight };
const char* faultKindName(FaultKind kind);

/// How injections are drawn and measured (docs/architecture.md, "Metrics" and "The
/// paper's protocol"). Raw: images drawn from the whole range, faulty values kept as they
/// are, ΔLoss = CE(faulty) − CE(clean). Paper: GoldenEye's protocol as the paper used it:
/// images drawn only from those the model classifies correctly with Top2Diff > 0, the
/// faulty value clamped to the layer's profiled abs-max, ΔLoss = |CE(faulty) − CE(clean)|.
enum class Protocol { Raw, Paper };
const char* protocolName(Protocol p);
Protocol parseProtocol(const std::string& name);  ///< "raw" or "paper"; throws otherwise

struct CampaignConfig {
  std::vector<int> layers;                 ///< empty: every layer the kind applies to
  std::int64_t injectionsPerLayer = 4096;  ///< the paper's setting
  FaultKind kind = FaultKind::Activation;
  ErrorModel errorModel = ErrorModel::BitFlip;
  BitRange bits;
  std::uint64_t seed = 1;
  std::size_t imageBegin = 0;  ///< images [imageBegin, imageEnd) of the data set
  std::size_t imageEnd = 0;
  /// Faults per forward pass. Batch k of a layer is always its injections [kB, (k+1)B):
  /// shards take whole batches and resumed runs skip whole batches, so every injection is
  /// computed in the same batch, bit for bit, however the campaign is split or interrupted
  /// (CPU kernels round differently for different batch compositions).
  int batchSize = 64;
  int shardIndex = 0, shardCount = 1;  ///< this run does batches with index % count == shardIndex
  Protocol protocol = Protocol::Raw;
};

struct PlannedInjection {
  int layer = 0;
  std::int64_t injection = 0;
  std::int64_t image = 0;    ///< data-set index
  std::int64_t element = 0;  ///< activation: per-image output element; weight: weight element
  int bit = 0;
  float randomValue = 0.0f;
};

/// Layers a campaign of `kind` can target: executed per-image layers (activation) or
/// layers with a weight parameter (weight).
std::vector<int> campaignLayers(const std::vector<LayerInfo>& layers, FaultKind kind);

/// This shard's injections into one layer, in sequence order. Throws for a layer the
/// kind does not apply to. `sequenceKey` picks the layer's random stream (default: its
/// index). `imagePool`, when not empty, holds the data-set indices images are drawn from
/// (the paper protocol's golden set); otherwise images come from the config's range.
std::vector<PlannedInjection> planLayer(const LayerInfo& layer, const CampaignConfig& config);
std::vector<PlannedInjection> planLayer(const LayerInfo& layer, const CampaignConfig& config, std::uint64_t sequenceKey,
                                        const std::vector<std::int64_t>& imagePool);

}  // namespace faultlens
