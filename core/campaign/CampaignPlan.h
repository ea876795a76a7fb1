#pragma once
// Which faults a campaign injects: for every layer a fixed sequence of (image, site, bit)
// drawn from the campaign seed and the layer's sequence key (its position, or for the
// second model the position of the baseline layer it corresponds to). Corresponding layers
// of the same shape get identical sequences, so their outcomes compare injection by
// injection. Images come in canonical chunks (ImageChunks): a batch of a layer is one
// chunk drawn at random (batch k of every layer the same one), one fault per image of it,
// so every faulty pass has the batch composition of a clean pass computed once for the
// whole campaign. Torch-free.
#include <cstdint>
#include <string>
#include <vector>

#include "core/faults/FaultSampler.h"
#include "core/model/LayerInfo.h"
#include "core/formats/NumberFormat.h"

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

/// What an adaptive campaign's stopping rule measures per layer (AdaptiveStopping.h).
enum class StopMetric {
  MismatchRate,       ///< half-width of the 99 % Wilson interval of the mismatch rate
  RelativeDeltaLoss,  ///< half-width of the 99 % normal interval of the mean ΔLoss, over |mean|
};
const char* stopMetricName(StopMetric metric);        ///< "mismatch-rate", "relative-delta-loss"
StopMetric parseStopMetric(const std::string& name);  ///< throws for anything else

/// Adaptive stopping: at every checkpoint (every `step` injections of a layer) a layer
/// stops once its interval half-width is at most `halfWidth`; with two models a pair of
/// corresponding layers stops only when both do, so the pair keeps one sample size.
/// CampaignConfig::injectionsPerLayer is the maximum.
struct StoppingRule {
  double halfWidth = 0.0;  ///< 0: off, every layer runs injectionsPerLayer
  StopMetric metric = StopMetric::MismatchRate;
  std::int64_t step = 512;
  bool enabled() const { return halfWidth > 0.0; }
};

/// Where the bits of a multi-bit fault lie in the value's code.
enum class BitPlacement {
  Burst,     ///< adjacent bits b..b+k-1, b uniform over the positions where all k fit the bit range
  Anywhere,  ///< k distinct bits, each uniform over the bit range (seeded)
};
const char* bitPlacementName(BitPlacement placement);     ///< "burst", "anywhere"
BitPlacement parseBitPlacement(const std::string& name);  ///< throws for anything else

/// How many bits one fault changes (1: the single-bit fault of the paper).
struct BitsPerFault {
  int count = 1;
  BitPlacement placement = BitPlacement::Burst;
};

struct CampaignConfig {
  std::vector<int> layers;                 ///< empty: every layer the kind applies to
  std::int64_t injectionsPerLayer = 4096;  ///< the paper's setting
  FaultKind kind = FaultKind::Activation;
  ErrorModel errorModel = ErrorModel::BitFlip;
  BitRange bits;
  std::uint64_t seed = 1;
  std::size_t imageBegin = 0;  ///< images [imageBegin, imageEnd) of the data set
  std::size_t imageEnd = 0;
  /// Images per chunk, and so at most this many faults per forward pass. Chunk c holds the
  /// images [imageBegin + cB, imageBegin + (c+1)B). Every batch is one chunk, whole:
  /// shards take whole batches and resumed runs skip whole batches, so every injection is
  /// computed in the same batch, bit for bit, however the campaign is split or interrupted
  /// (CPU kernels round differently for different batch compositions).
  int batchSize = 64;
  int shardIndex = 0, shardCount = 1;  ///< this run does batches with index % count == shardIndex
  Protocol protocol = Protocol::Raw;
  StoppingRule stopping;  ///< off by default: a fixed number of injections per layer
  /// The number format both models compute in (Model::useNumberFormat); `bits` index the
  /// code of a value in it.
  NumberFormat format;
  BitsPerFault flips;
};

/// Throws faultlens::Error unless `bits` and `flips` fit the format's code (e.g. fp16 has
/// bits 0..15, and a burst of 4 needs 4 bits in the range).
void requireValidBits(const CampaignConfig& config);

struct PlannedInjection {
  int layer = 0;
  std::int64_t injection = 0;
  std::int64_t batch = 0;    ///< the layer's batch this injection belongs to (shards split by it)
  std::int64_t chunk = 0;    ///< the image chunk of that batch (ImageChunks)
  int row = 0;               ///< the image's row in its chunk
  std::int64_t image = 0;    ///< data-set index
  std::int64_t element = 0;  ///< activation: per-image output element; weight: weight element
  int bit = 0;
  /// Multi-bit faults: every bit the fault changes (`bit` among them); 0: `bit` alone.
  std::uint32_t mask = 0;
  float randomValue = 0.0f;
};

/// Layers a campaign of `kind` can target: executed per-image layers (activation) or
/// layers with a weight parameter (weight).
std::vector<int> campaignLayers(const std::vector<LayerInfo>& layers, FaultKind kind);

/// The images a campaign injects into, grouped in the canonical chunks of its image range
/// (CampaignConfig::batchSize images each, the last one possibly shorter). A chunk takes
/// part when at least one of its images is eligible.
class ImageChunks {
 public:
  /// Every image of the config's range is eligible (raw protocol).
  explicit ImageChunks(const CampaignConfig& config);
  /// Only the data-set indices in `eligible` (the paper protocol's golden set).
  ImageChunks(const CampaignConfig& config, const std::vector<std::int64_t>& eligible);

  std::int64_t chunkCount() const;  ///< chunks in the range, eligible or not
  std::int64_t firstImage(std::int64_t chunk) const;
  int chunkSize(std::int64_t chunk) const;
  /// Chunks with at least one eligible image, ascending.
  const std::vector<std::int64_t>& eligibleChunks() const { return chunks_; }
  /// Rows of eligible images in the i-th eligible chunk, ascending.
  const std::vector<int>& eligibleRows(std::size_t i) const { return rows_[i]; }

 private:
  std::int64_t begin_, end_, size_;
  std::vector<std::int64_t> chunks_;
  std::vector<std::vector<int>> rows_;
};

/// This shard's injections into one layer, in sequence order. Throws for a layer the
/// kind does not apply to, or when no image is eligible. `sequenceKey` picks the layer's
/// stream of sites, bits and random values (default: its index), so sites stay paired by
/// injection number whatever images the chunks hold. The chunks come from a stream of the
/// campaign seed alone, the same for every layer: batch k of every layer draws the k-th
/// chunk (uniformly among the eligible chunks; every eligible image of it gets the batch's
/// next fault). Within a layer the draws stay independent; across layers batch k shares
/// its images, and one clean pass of a chunk serves all of them.
std::vector<PlannedInjection> planLayer(const LayerInfo& layer, const CampaignConfig& config);
std::vector<PlannedInjection> planLayer(const LayerInfo& layer, const CampaignConfig& config, std::uint64_t sequenceKey,
                                        const ImageChunks& images);

/// A layer's plan cut into its batches (consecutive injections sharing PlannedInjection::batch).
std::vector<std::vector<PlannedInjection>> splitIntoBatches(const std::vector<PlannedInjection>& plan);

}  // namespace faultlens
