#pragma once
// A classifier under study: a TorchScript module, its instrumented forward graph, its
// layers and its metadata. Heavy torch headers stay in Model.cpp (pimpl), so including
// this header costs only ATen's Tensor.
#include <ATen/core/Tensor.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/model/LayerInfo.h"
#include "core/model/ModelMetadata.h"
#include "core/formats/NumberFormat.h"

namespace faultlens {

class TapHandler;
class Model;

/// The fault-free state of a batch at one layer: everything the network after that layer
/// needs, captured once so that faults at the layer (or channel ablations) re-run only the
/// rest of the network (docs/architecture.md, "The cost floor"). Made by Model::captureState.
class LayerState {
 public:
  ~LayerState();
  LayerState(const LayerState&) = delete;
  LayerState& operator=(const LayerState&) = delete;
  int layer() const;  ///< the index of point()
  TapPoint point() const;
  std::int64_t images() const;
  /// The clean output at the tap for the whole batch (as the tap sees it).
  const at::Tensor& layerOutput() const;
  /// False when the model could not be cut at this layer and resume() re-runs the full
  /// network (see Model::resumeSupport); results are the same, only slower.
  bool isCut() const;
  /// The layer's own input for the whole batch, as the layer read it: kept when the
  /// capture asked for layer inputs (Model::captureStates) and the cut sits on a conv2d /
  /// linear node whose geometry is known; undefined otherwise.
  const at::Tensor& layerInput() const;
  /// How the layer computes its output from layerInput(); empty when layerInput() is.
  const std::optional<LayerGeometry>& geometry() const;
  /// The memory this state holds, as (storage, bytes) pairs: states from one
  /// Model::captureStates share storages, which then appear in each of them.
  std::vector<std::pair<const void*, std::int64_t>> storages() const;

 private:
  friend class Model;
  struct Data;
  explicit LayerState(std::unique_ptr<Data> d);
  std::unique_ptr<Data> d_;
};

/// Whether Model::captureStates keeps each layer's own input as well.
enum class LayerInputs { Drop, Keep };

/// The fault-free states of one batch at several tap points, from one forward pass, and
/// that pass's logits. Made by Model::captureStates.
struct CapturedStates {
  at::Tensor logits;
  std::vector<std::unique_ptr<LayerState>> states;  ///< one per requested point, in order
  std::int64_t bytes = 0;  ///< memory the states hold (tensors shared between states count once)
};

struct ModelLoadOptions {
  /// Overrides input geometry / normalisation from embedded or sidecar metadata.
  std::optional<InputSpec> input;
  std::vector<float> mean, std;
  /// Class list file (one per line); overrides other sources.
  std::string classListPath;
  /// "cpu" or "cuda:N"; anything LibTorch accepts as a device string.
  std::string device = "cpu";
  /// When nothing gives the input shape: use proposeInputSpec() for the first convolution's
  /// channel count (metadata().inputProposed tells) instead of refusing the model.
  bool proposeMissingInput = false;
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
  /// "sha256:…" of the TorchScript file and the effective input/class metadata: what a
  /// campaign pins, so a file replaced at the same path is recognised as another model.
  const std::string& contentDigest() const;
  const ModelMetadata& metadata() const;
  const InputSpec& input() const { return metadata().input; }
  int numClasses() const;
  /// Class name, or "class N" when the model came without names.
  std::string className(int index) const;

  const std::vector<LayerInfo>& layers() const;
  /// Block and stage outputs (not fault sites; CAM targets), in discovery order.
  const std::vector<ModuleOutputInfo>& moduleOutputs() const;
  /// Index of the layer with this module path, or of the last layer for "last-layer"
  /// (core/model/LayerAlignment.h); throws naming the model if unknown.
  int layerIndex(const std::string& name) const;
  std::int64_t parameterCount() const;

  /// Logits [N, classes] for a preprocessed batch [N, C, H, W] (moved to the model's
  /// device). `handler`, when given, sees and may change every layer output.
  at::Tensor forward(const at::Tensor& batch, TapHandler* handler = nullptr);

  /// The live weight tensor of a layer (shares storage with the module: weight faults
  /// write into it). Throws when the layer's weight is computed, not a parameter.
  at::Tensor weight(int layer);
  /// The live bias tensor of a layer; undefined when it has none (or computes it).
  at::Tensor bias(int layer);

  const std::string& device() const;
  /// Makes the model compute in `format` from now on (docs/architecture.md, "Number
  /// formats"): rounds the conv/linear weights and biases once, and in every pass rounds
  /// every layer output before any handler sees it, and again after a handler changed it
  /// (a fault, a clamp, an ablation), so every value the network passes on is one the
  /// format holds. Layer encodings (LayerInfo::outputEncoding, weightEncoding) tell faults
  /// which bits they flip. `outputAbsMax`: int8 only, every executed layer's profiled
  /// abs-max (one per layer), the scale of its output's quantisation. Throws
  /// faultlens::Error naming the model when it already computes in another format (load
  /// it again) or a scale is missing.
  void useNumberFormat(const NumberFormat& format, const std::vector<double>& outputAbsMax = {});
  /// fp32 unless useNumberFormat chose another.
  const NumberFormat& numberFormat() const;

  /// Empty when forward passes can be cut at a layer or module output; otherwise why not
  /// (the tap sits in a prim::If/Loop block, runs twice, or its state depends on the batch size).
  std::string resumeSupport(TapPoint at);
  /// Runs the network up to (not including) the tap at `at` and keeps the state the rest
  /// needs. `handler` sees the layers before the cut.
  std::unique_ptr<LayerState> captureState(TapPoint at, const at::Tensor& batch, TapHandler* handler = nullptr);
  /// The states at every point of `points` and the clean logits, from one forward pass:
  /// each state equals captureState(point, batch, handler), and resume(state) equals the
  /// returned logits bit for bit. `handler` sees every layer once.
  /// `layerInputs`: also keep each layer's own input (LayerState::layerInput), which weight
  /// faults need; off by default, as it holds more memory.
  CapturedStates captureStates(const std::vector<TapPoint>& points, const at::Tensor& batch,
                               TapHandler* handler = nullptr, LayerInputs layerInputs = LayerInputs::Drop);
  /// Logits of the network after the cut, from `state`, with every captured image repeated
  /// `repeat` times (image i's copies are rows [i*repeat, (i+1)*repeat)). `handler` sees the
  /// cut layer and every later one. Equal to forward() on the same batch.
  at::Tensor resume(const LayerState& state, TapHandler* handler = nullptr, std::int64_t repeat = 1);

 private:
  void checkBatchShape(const at::Tensor& batch) const;
  struct Impl;
  explicit Model(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace faultlens

namespace faultlens {
/// Logits [N, classes] → one float vector per image (copied to the CPU).
std::vector<std::vector<float>> logitRows(const at::Tensor& logits);
}  // namespace faultlens
