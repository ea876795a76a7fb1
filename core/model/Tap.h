#pragma once
// Taps: the one hook point after every conv2d / linear output and every block output
// (docs/architecture.md). FaultLens
// rewrites a model's inlined forward graph so that each layer output passes through the
// custom operator faultlens::tap(Tensor, int layer). While a forward runs, that operator
// hands the tensor to the TapHandler installed for the calling thread; whatever the handler
// returns flows on through the network. Fault injection, statistics, capture and channel
// ablation are all TapHandlers, so there is exactly one mechanism to get right.
#include <ATen/core/Tensor.h>

#include <vector>

namespace faultlens {

class TapHandler {
 public:
  virtual ~TapHandler() = default;
  /// Called once per execution of layer `layer` with its output. Return `output` itself
  /// to leave it unchanged, or a new tensor to replace it. Do not modify `output` in place:
  /// return a modified clone (the interpreter or an earlier handler may still hold the
  /// original). FormatRounding alone rounds in place, and only a tensor whose sole reference
  /// is `output` and whose memory no view shares.
  virtual at::Tensor onLayerOutput(int layer, const at::Tensor& output) = 0;
  /// Called with the output of module output `module` (Model::moduleOutputs(): block
  /// outputs, CAM targets). Same contract; most handlers ignore these.
  virtual at::Tensor onModuleOutput(int /*module*/, const at::Tensor& output) { return output; }
};

/// Tap ids in the graph: a layer's id is its index; a module output's id is this base plus
/// its index, so the two never collide and one operator serves both.
constexpr int kModuleTapBase = 1 << 24;

/// Forwards to several handlers in order, each seeing the previous one's result.
class TapChain : public TapHandler {
 public:
  explicit TapChain(std::vector<TapHandler*> handlers) : handlers_(std::move(handlers)) {}
  at::Tensor onLayerOutput(int layer, const at::Tensor& output) override;
  at::Tensor onModuleOutput(int module, const at::Tensor& output) override;

 private:
  std::vector<TapHandler*> handlers_;
};

/// Installs a handler for the current thread for the lifetime of the scope (nestable: the
/// previous handler is restored). Model::forward uses it; tests may too.
class ScopedTapHandler {
 public:
  explicit ScopedTapHandler(TapHandler* handler);
  ~ScopedTapHandler();
  ScopedTapHandler(const ScopedTapHandler&) = delete;
  ScopedTapHandler& operator=(const ScopedTapHandler&) = delete;

 private:
  TapHandler* previous_;
};

/// The handler installed for this thread, or nullptr.
TapHandler* currentTapHandler();

}  // namespace faultlens
