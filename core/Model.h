#pragma once
// A classifier under study: a TorchScript module, its instrumented forward graph, its
// layers and its metadata. Heavy torch headers stay in Model.cpp (pimpl), so including
// this header costs only ATen's Tensor.
#include <ATen/core/Tensor.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/LayerInfo.h"
#include "core/ModelMetadata.h"

namespace faultlens {

class TapHandler;

struct ModelLoadOptions {
  /// Overrides input geometry / normalisation from embedded or sidecar metadata.
  std::optional<InputSpec> input;
  std::vector<float> mean, std;
  /// Class list file (one per line); overrides other sources.
  std::string classListPath;
  /// "cpu" or "cuda:N"; anything LibTorch accepts as a device string.
  std::string device = "cpu";
};

class Model {
 public:
  /// Loads and checks a TorchScript classifier. Never crashes on a bad file: every
  /// problem (missing, empty, truncated, not TorchScript, no forward, output not
  /// [N, classes], class count mismatch) throws faultlens::Error naming the file.
  static std::unique_ptr<Model> load(const std::string& path, const ModelLoadOptions& options = {});
  ~Model();
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  const std::string& path() const;
  const ModelMetadata& metadata() const;
  const InputSpec& input() const { return metadata().input; }
  int numClasses() const;
  /// Class name, or "class N" when the model came without names.
  std::string className(int index) const;

  const std::vector<LayerInfo>& layers() const;
  /// Index of the layer with this module path; throws naming the model if unknown.
  int layerIndex(const std::string& name) const;
  std::int64_t parameterCount() const;

  /// Logits [N, classes] for a preprocessed batch [N, C, H, W] (moved to the model's
  /// device). `handler`, when given, sees and may change every layer output.
  at::Tensor forward(const at::Tensor& batch, TapHandler* handler = nullptr);

  /// The live weight tensor of a layer (shares storage with the module: weight faults
  /// write into it). Throws when the layer's weight is computed, not a parameter.
  at::Tensor weight(int layer);

  const std::string& device() const;

 private:
  struct Impl;
  explicit Model(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace faultlens

namespace faultlens {
/// Logits [N, classes] → one float vector per image (copied to the CPU).
std::vector<std::vector<float>> logitRows(const at::Tensor& logits);
}  // namespace faultlens
