#include "core/io/JsonFormat.h"
#include "core/train/Trainer.h"

#include <ATen/ATen.h>
#include <torch/optim/sgd.h>
#include <torch/script.h>
#include <torch/serialize.h>

#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>
#include <numeric>
#include <sstream>

#include "core/Error.h"
#include "core/SeededRandom.h"
#include "core/data/Preprocess.h"
#include "core/train/ModelBuilder.h"

namespace faultlens {
namespace {

constexpr const char* kStateFile = "faultlens_train_state.json";
constexpr const char* kOptimizerFile = "faultlens_optimizer.pt";

std::vector<at::Tensor> trainableParameters(torch::jit::Module& module) {
  std::vector<at::Tensor> params;
  for (const auto& p : module.parameters())
    if (p.requires_grad()) params.push_back(p);
  return params;
}

/// The shuffled order of one epoch: a Fisher-Yates shuffle seeded by (seed, epoch), so a
/// resumed run sees exactly the batches an uninterrupted one would.
std::vector<std::size_t> epochOrder(std::size_t n, std::uint64_t seed, int epoch) {
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  SeededRandom random(seed * 1000003ull + static_cast<std::uint64_t>(epoch));
  for (std::size_t i = n; i > 1; --i) std::swap(order[i - 1], order[random.below(i)]);
  return order;
}

nlohmann::json configJson(const TrainConfig& c) {
  nlohmann::json j{{"epochs", c.epochs},
                   {"batch_size", c.batchSize},
                   {"learning_rate", c.learningRate},
                   {"momentum", c.momentum},
                   {"weight_decay", c.weightDecay},
                   {"lr_step_epochs", c.lrStepEpochs},
                   {"lr_gamma", c.lrGamma},
                   {"seed", c.seed}};
  if (!c.data.empty()) j["data"] = c.data;
  return j;
}

}  // namespace

void TrainConfig::validate() const {
  if (epochs < 1) throw Error("epochs must be at least 1");
  if (batchSize < 1) throw Error("batch size must be at least 1");
  if (!(learningRate > 0)) throw Error("learning rate must be positive");
  if (momentum < 0 || momentum >= 1) throw Error("momentum must be in [0, 1)");
  if (weightDecay < 0) throw Error("weight decay must not be negative");
  if (lrStepEpochs < 1) throw Error("lr step must be at least 1 epoch");
  if (!(lrGamma > 0) || lrGamma > 1) throw Error("lr gamma must be in (0, 1]");
}

struct Trainer::Impl {
  torch::jit::Module& module;
  torch::optim::SGD optimizer;
  Impl(torch::jit::Module& m, const TrainConfig& c)
      : module(m),
        optimizer(trainableParameters(m),
                  torch::optim::SGDOptions(c.learningRate).momentum(c.momentum).weight_decay(c.weightDecay)) {}
};

Trainer::Trainer(torch::jit::Module& module, TrainConfig config) : config_(std::move(config)) {
  config_.validate();
  impl_ = std::make_unique<Impl>(module, config_);
}

Trainer::~Trainer() = default;

TrainPosition Trainer::run(const Dataset& data, const InputSpec& input, TrainPosition position,
                           const std::atomic<bool>& stop, const std::function<void(const TrainProgress&)>& onProgress) {
  if (data.size() == 0) throw Error(data.source() + ": no training images");
  for (std::size_t i = 0; i < std::min<std::size_t>(data.size(), 1000); ++i)
    if (data.label(i) < 0) throw Error(data.source() + ": training needs labelled data");
  const auto batches = static_cast<std::int64_t>((data.size() + config_.batchSize - 1) / config_.batchSize);
  const auto start = std::chrono::steady_clock::now();
  const std::int64_t totalBatches = batches * config_.epochs;
  const std::int64_t firstBatch = position.epoch * batches + position.batch;
  impl_->module.train(true);
  while (position.epoch < config_.epochs) {
    const double lr = config_.learningRate * std::pow(config_.lrGamma, position.epoch / config_.lrStepEpochs);
    for (auto& group : impl_->optimizer.param_groups()) static_cast<torch::optim::SGDOptions&>(group.options()).lr(lr);
    const auto order = epochOrder(data.size(), config_.seed, position.epoch);
    double lossSum = 0.0;
    std::int64_t seen = 0, correct = 0;
    for (; position.batch < batches; ++position.batch) {
      if (stop) return position;
      const std::size_t begin = static_cast<std::size_t>(position.batch) * config_.batchSize;
      const std::vector<std::size_t> indices(order.begin() + begin,
                                             order.begin() + std::min(order.size(), begin + config_.batchSize));
      const Batch batch = makeBatch(data, indices, input);
      const at::Tensor labels = at::tensor(std::vector<std::int64_t>(batch.labels.begin(), batch.labels.end()));
      impl_->optimizer.zero_grad();
      const at::Tensor logits = impl_->module.forward({batch.images}).toTensor();
      const at::Tensor loss = at::cross_entropy_loss(logits, labels);
      loss.backward();
      impl_->optimizer.step();
      const double batchLoss = loss.item<double>();
      if (!std::isfinite(batchLoss))
        throw Error(std::string("training diverged (loss is ") + (std::isnan(batchLoss) ? "NaN" : "infinite") +
                    " at epoch " + std::to_string(position.epoch + 1) + ", batch " +
                    std::to_string(position.batch + 1) + "); the model was not saved; lower the learning rate");
      lossSum += batchLoss * static_cast<double>(indices.size());
      seen += static_cast<std::int64_t>(indices.size());
      correct += logits.argmax(1).eq(labels).sum().item<std::int64_t>();
      if (onProgress) {
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const std::int64_t done = position.epoch * batches + position.batch + 1 - firstBatch;
        TrainProgress p;
        p.epoch = position.epoch + 1;
        p.epochs = config_.epochs;
        p.batch = position.batch + 1;
        p.batches = batches;
        p.loss = lossSum / static_cast<double>(seen);
        p.accuracy = static_cast<double>(correct) / static_cast<double>(seen);
        p.learningRate = lr;
        p.elapsedSeconds = elapsed;
        p.remainingSeconds = elapsed / static_cast<double>(done) *
                             static_cast<double>(totalBatches - (position.epoch * batches + position.batch + 1));
        p.epochDone = position.batch + 1 == batches;
        onProgress(p);
      }
    }
    ++position.epoch;
    position.batch = 0;
  }
  impl_->module.eval();
  return position;
}

void Trainer::saveCheckpoint(const std::string& path, const TrainPosition& position,
                             const ModelMetadata& metadata) const {
  std::ostringstream optimizerBytes;
  torch::save(impl_->optimizer, optimizerBytes);
  nlohmann::json state{{"epoch", position.epoch}, {"batch", position.batch}, {"config", configJson(config_)}};
  saveModuleAtomically(impl_->module, path,
                       {{kStateFile, jsonText(state)},
                        {kOptimizerFile, optimizerBytes.str()},
                        {kEmbeddedMetadataName, modelMetadataToJson(metadata)}});
}

TrainPosition Trainer::loadCheckpoint(const std::string& path, torch::jit::Module& module, TrainConfig& config,
                                      ModelMetadata& metadata) {
  torch::jit::ExtraFilesMap extra{{kStateFile, ""}, {kOptimizerFile, ""}, {kEmbeddedMetadataName, ""}};
  try {
    module = torch::jit::load(path, c10::nullopt, extra);
  } catch (const std::exception& e) {
    throw fileError(path, std::string("cannot read checkpoint: ") + e.what());
  }
  if (extra[kStateFile].empty() || extra[kOptimizerFile].empty())
    throw fileError(path, "not a FaultLens training checkpoint (no training state inside)");
  TrainPosition position;
  try {
    const auto state = nlohmann::json::parse(extra[kStateFile]);
    position.epoch = state.at("epoch").get<int>();
    position.batch = state.at("batch").get<std::int64_t>();
    const auto& c = state.at("config");
    config.epochs = c.at("epochs");
    config.batchSize = c.at("batch_size");
    config.learningRate = c.at("learning_rate");
    config.momentum = c.at("momentum");
    config.weightDecay = c.at("weight_decay");
    config.lrStepEpochs = c.at("lr_step_epochs");
    config.lrGamma = c.at("lr_gamma");
    config.seed = c.at("seed");
    config.data = c.contains("data") ? c.at("data").get<std::string>() : std::string();
  } catch (const std::exception& e) {
    throw fileError(path, std::string("malformed training state: ") + e.what());
  }
  if (!extra[kEmbeddedMetadataName].empty()) metadata = parseModelMetadata(extra[kEmbeddedMetadataName], path);
  return position;
}

void Trainer::restoreOptimizer(const std::string& checkpointPath) {
  torch::jit::ExtraFilesMap extra{{kOptimizerFile, ""}};
  torch::jit::load(checkpointPath, c10::nullopt, extra);
  std::istringstream in(extra[kOptimizerFile]);
  try {
    torch::load(impl_->optimizer, in);
  } catch (const std::exception& e) {
    throw fileError(checkpointPath, std::string("optimizer state does not fit the model: ") + e.what());
  }
}

}  // namespace faultlens
