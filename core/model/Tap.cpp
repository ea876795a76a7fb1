#include "core/model/Tap.h"

#include <torch/library.h>

namespace faultlens {
namespace {

thread_local TapHandler* tCurrentHandler = nullptr;

at::Tensor tapKernel(const at::Tensor& output, int64_t layer) {
  TapHandler* handler = tCurrentHandler;
  if (!handler) return output;
  if (layer >= kModuleTapBase) return handler->onModuleOutput(static_cast<int>(layer - kModuleTapBase), output);
  return handler->onLayerOutput(static_cast<int>(layer), output);
}

}  // namespace

// CONSERVATIVE alias analysis: the kernel may return its input or a new tensor, and must
// never be reordered, merged or removed by graph passes.
TORCH_LIBRARY(faultlens, m) {
  m.def(torch::schema("faultlens::tap(Tensor output, int layer) -> Tensor", c10::AliasAnalysisKind::CONSERVATIVE),
        tapKernel);
}

at::Tensor TapChain::onLayerOutput(int layer, const at::Tensor& output) {
  at::Tensor current = output;
  for (TapHandler* h : handlers_) current = h->onLayerOutput(layer, current);
  return current;
}

at::Tensor TapChain::onModuleOutput(int module, const at::Tensor& output) {
  at::Tensor current = output;
  for (TapHandler* h : handlers_) current = h->onModuleOutput(module, current);
  return current;
}

ScopedTapHandler::ScopedTapHandler(TapHandler* handler) : previous_(tCurrentHandler) { tCurrentHandler = handler; }

ScopedTapHandler::~ScopedTapHandler() { tCurrentHandler = previous_; }

TapHandler* currentTapHandler() { return tCurrentHandler; }

}  // namespace faultlens
