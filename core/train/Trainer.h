#pragma once
// Trains a TorchScript classifier built by ModelBuilder: SGD with momentum and weight
// decay, step learning-rate decay, seeded shuffling. Resumable: a checkpoint is one
// TorchScript file that also carries the optimizer state and the position reached, so a
// stopped run continues exactly where it left off.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "core/model/ModelMetadata.h"
#include "core/data/Dataset.h"

namespace torch::jit {
struct Module;
}

namespace faultlens {

struct TrainConfig {
  int epochs = 8;
  int batchSize = 128;
  double learningRate = 0.05;
  double momentum = 0.9;
  double weightDecay = 5e-4;
  int lrStepEpochs = 3;  ///< multiply the learning rate by lrGamma every this many epochs
  double lrGamma = 0.1;
  std::uint64_t seed = 1;  ///< shuffling order (weights are seeded by ClassifierSpec::seed)
  /// The training data, as "SOURCE (N images)". Kept in checkpoints, so that a resume on
  /// other data is refused instead of silently continuing there. Empty: not recorded.
  std::string data;
  void validate() const;
};

/// Where a run stands: the next epoch and batch to train.
struct TrainPosition {
  int epoch = 0;
  std::int64_t batch = 0;
};

struct TrainProgress {
  int epoch = 0, epochs = 0;
  std::int64_t batch = 0, batches = 0;
  double loss = 0.0;      ///< mean training loss of this epoch so far
  double accuracy = 0.0;  ///< training accuracy of this epoch so far (0..1)
  double learningRate = 0.0;
  double elapsedSeconds = 0.0, remainingSeconds = 0.0;
  bool epochDone = false;
};

class Trainer {
 public:
  Trainer(torch::jit::Module& module, TrainConfig config);
  ~Trainer();

  /// Trains from `position` until all epochs are done or `stop` becomes true (checked
  /// after every batch). Returns the position reached.
  TrainPosition run(const Dataset& data, const InputSpec& input, TrainPosition position, const std::atomic<bool>& stop,
                    const std::function<void(const TrainProgress&)>& onProgress = {});

  /// One file: the module (train mode) + optimizer state + position + config, written atomically.
  void saveCheckpoint(const std::string& path, const TrainPosition& position, const ModelMetadata& metadata) const;
  /// Loads a checkpoint written by saveCheckpoint into `module` and this trainer's optimizer.
  static TrainPosition loadCheckpoint(const std::string& path, torch::jit::Module& module, TrainConfig& config,
                                      ModelMetadata& metadata);
  /// After loadCheckpoint has replaced the module: adopt its optimizer state.
  void restoreOptimizer(const std::string& checkpointPath);

  const TrainConfig& config() const { return config_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  TrainConfig config_;
};

}  // namespace faultlens
