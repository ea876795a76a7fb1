#include "core/campaign/CampaignPlan.h"

#include <algorithm>

#include "core/Error.h"
#include "core/SeededRandom.h"

namespace faultlens {

const char* faultKindName(FaultKind kind) { return kind == FaultKind::Activation ? "activation" : "weight"; }

const char* protocolName(Protocol p) { return p == Protocol::Paper ? "paper" : "raw"; }

Protocol parseProtocol(const std::string& name) {
  if (name == "raw") return Protocol::Raw;
  if (name == "paper") return Protocol::Paper;
  throw Error("unknown protocol '" + name + "' (expected paper or raw)");
}

const char* stopMetricName(StopMetric metric) {
  return metric == StopMetric::RelativeDeltaLoss ? "relative-delta-loss" : "mismatch-rate";
}

StopMetric parseStopMetric(const std::string& name) {
  if (name == "mismatch-rate") return StopMetric::MismatchRate;
  if (name == "relative-delta-loss") return StopMetric::RelativeDeltaLoss;
  throw Error("unknown stopping metric '" + name + "' (expected mismatch-rate or relative-delta-loss)");
}

const char* bitPlacementName(BitPlacement placement) {
  return placement == BitPlacement::Anywhere ? "anywhere" : "burst";
}

BitPlacement parseBitPlacement(const std::string& name) {
  if (name == "burst") return BitPlacement::Burst;
  if (name == "anywhere") return BitPlacement::Anywhere;
  throw Error("unknown bit placement '" + name + "' (expected burst or anywhere)");
}

void requireValidBits(const CampaignConfig& config) {
  config.bits.validate();
  requireValidBit(config.format, config.bits.low);
  requireValidBit(config.format, config.bits.high);
  const int range = config.bits.high - config.bits.low + 1;
  if (config.flips.count < 1 || config.flips.count > range)
    throw Error("a fault of " + std::to_string(config.flips.count) + " bits does not fit the bit range " +
                std::to_string(config.bits.low) + "-" + std::to_string(config.bits.high) + " (" +
                std::to_string(range) + " bits)");
}

std::vector<int> campaignLayers(const std::vector<LayerInfo>& layers, FaultKind kind) {
  std::vector<int> out;
  for (const auto& l : layers)
    if (kind == FaultKind::Activation ? (l.executed && l.perImage) : !l.weightShape.empty()) out.push_back(l.index);
  return out;
}

ImageChunks::ImageChunks(const CampaignConfig& config)
    : begin_(static_cast<std::int64_t>(config.imageBegin)),
      end_(static_cast<std::int64_t>(config.imageEnd)),
      size_(config.batchSize) {
  if (config.batchSize < 1) throw Error("campaign batch size must be positive");
  for (std::int64_t c = 0; c < chunkCount(); ++c) {
    chunks_.push_back(c);
    rows_.emplace_back();
    for (int r = 0; r < chunkSize(c); ++r) rows_.back().push_back(r);
  }
}

ImageChunks::ImageChunks(const CampaignConfig& config, const std::vector<std::int64_t>& eligible)
    : begin_(static_cast<std::int64_t>(config.imageBegin)),
      end_(static_cast<std::int64_t>(config.imageEnd)),
      size_(config.batchSize) {
  if (config.batchSize < 1) throw Error("campaign batch size must be positive");
  std::vector<std::int64_t> sorted(eligible);
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  for (auto image : sorted) {
    if (image < begin_ || image >= end_)
      throw Error("image " + std::to_string(image) + " is outside the campaign's range");
    const std::int64_t c = (image - begin_) / size_;
    if (chunks_.empty() || chunks_.back() != c) {
      chunks_.push_back(c);
      rows_.emplace_back();
    }
    rows_.back().push_back(static_cast<int>(image - firstImage(c)));
  }
}

std::int64_t ImageChunks::chunkCount() const { return end_ > begin_ ? (end_ - begin_ + size_ - 1) / size_ : 0; }
std::int64_t ImageChunks::firstImage(std::int64_t chunk) const { return begin_ + chunk * size_; }
int ImageChunks::chunkSize(std::int64_t chunk) const {
  return static_cast<int>(std::min(size_, end_ - firstImage(chunk)));
}

std::vector<PlannedInjection> planLayer(const LayerInfo& layer, const CampaignConfig& config) {
  return planLayer(layer, config, static_cast<std::uint64_t>(layer.index), ImageChunks(config));
}

std::vector<PlannedInjection> planLayer(const LayerInfo& layer, const CampaignConfig& config, std::uint64_t sequenceKey,
                                        const ImageChunks& images) {
  requireValidBits(config);
  if (config.imageEnd <= config.imageBegin) throw Error("campaign needs at least one image");
  if (config.batchSize < 1) throw Error("campaign batch size must be positive");
  if (config.shardCount < 1 || config.shardIndex < 0 || config.shardIndex >= config.shardCount)
    throw Error("shard " + std::to_string(config.shardIndex) + "/" + std::to_string(config.shardCount) + " is invalid");
  const std::int64_t elements = config.kind == FaultKind::Activation ? layer.outputElements() : layer.weightElements();
  if (config.kind == FaultKind::Activation && !(layer.executed && layer.perImage))
    throw Error("layer " + layer.name + " cannot take activation faults in a campaign (not executed per image)");
  if (elements <= 0) throw Error("layer " + layer.name + " has no " + faultKindName(config.kind) + " sites");
  if (images.eligibleChunks().empty()) throw Error("campaign has no image to inject into");
  // Sites and bits follow the layer's key; the chunks follow the campaign seed alone, so
  // batch k of every layer holds the same chunk: one clean pass of it serves them all.
  SeededRandom sites(mixSeed(config.seed ^ mixSeed(sequenceKey + 1)));
  SeededRandom chunks(mixSeed(mixSeed(config.seed) ^ 0x636875006B73ull));
  // The further bits of multi-bit faults come from a stream of their own, so the sites and
  // first bits stay those of single-bit campaigns (bursts aside: they draw their first bit
  // from the narrower range where the whole burst fits).
  SeededRandom moreBits(mixSeed(config.seed ^ mixSeed(sequenceKey + 1) ^ 0x6269747300000000ull));
  const int k = config.flips.count;
  const bool burst = k > 1 && config.flips.placement == BitPlacement::Burst;
  std::vector<PlannedInjection> out;
  std::int64_t injection = 0;
  for (std::int64_t batch = 0; injection < config.injectionsPerLayer; ++batch) {
    // Every batch and injection draws the same numbers whichever shard runs it.
    const auto pick = static_cast<std::size_t>(chunks.below(images.eligibleChunks().size()));
    const std::int64_t chunk = images.eligibleChunks()[pick];
    for (int row : images.eligibleRows(pick)) {
      if (injection == config.injectionsPerLayer) break;
      PlannedInjection p;
      p.layer = layer.index;
      p.injection = injection++;
      p.batch = batch;
      p.chunk = chunk;
      p.row = row;
      p.image = images.firstImage(chunk) + row;
      p.element = static_cast<std::int64_t>(sites.below(static_cast<std::uint64_t>(elements)));
      p.bit = static_cast<int>(sites.between(config.bits.low, burst ? config.bits.high - k + 1 : config.bits.high));
      p.randomValue = static_cast<float>(sites.unit() * 2.0 - 1.0);
      if (burst) {
        p.mask = static_cast<std::uint32_t>(((std::uint64_t{1} << k) - 1) << p.bit);
      } else if (k > 1) {
        p.mask = 1u << p.bit;
        while (__builtin_popcount(p.mask) < k)
          p.mask |= 1u << static_cast<int>(moreBits.between(config.bits.low, config.bits.high));
      }
      if (batch % config.shardCount == config.shardIndex) out.push_back(p);
    }
  }
  return out;
}

std::vector<std::vector<PlannedInjection>> splitIntoBatches(const std::vector<PlannedInjection>& plan) {
  std::vector<std::vector<PlannedInjection>> batches;
  for (const auto& p : plan) {
    if (batches.empty() || batches.back().front().batch != p.batch) batches.emplace_back();
    batches.back().push_back(p);
  }
  return batches;
}

}  // namespace faultlens
