#include "core/Runtime.h"

#include <ATen/Parallel.h>
#include <torch/csrc/jit/runtime/graph_executor.h>

#include <cstdlib>
#include <string>
#include <thread>

namespace faultlens {

int configureRuntime(int requested) {
  int threads = requested;
  if (threads <= 0) {
    if (const char* env = std::getenv("FAULTLENS_THREADS")) threads = std::atoi(env);
  }
  if (threads <= 0) threads = static_cast<int>(std::thread::hardware_concurrency());
  if (threads <= 0) threads = 1;
  at::set_num_threads(threads);
  torch::jit::getProfilingMode() = false;
  torch::jit::getExecutorMode() = false;
  return threads;
}

}  // namespace faultlens

#include <torch/version.h>
namespace faultlens {
std::string libtorchVersion() {
  return std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
         std::to_string(TORCH_VERSION_PATCH);
}
}  // namespace faultlens
