#include "core/Runtime.h"

#include <ATen/Parallel.h>
#include <dlfcn.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <torch/csrc/jit/runtime/graph_executor.h>
#include <torch/version.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <string>
#include <thread>

#include "core/Error.h"

namespace faultlens {
namespace {

/// OpenBLAS's own queries, looked up at run time: LibTorch loads libopenblas, but a build
/// on another BLAS must still link and run.
struct OpenBlasApi {
  using GetParallel = int (*)();
  using GetConfig = char* (*)();
  using SetThreads = void (*)(int);
  using GetThreads = int (*)();
  GetParallel getParallel = reinterpret_cast<GetParallel>(dlsym(RTLD_DEFAULT, "openblas_get_parallel"));
  GetConfig getConfig = reinterpret_cast<GetConfig>(dlsym(RTLD_DEFAULT, "openblas_get_config"));
  SetThreads setThreads = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  GetThreads getThreads = reinterpret_cast<GetThreads>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
  bool present() const { return getParallel && getConfig && setThreads && getThreads; }
  /// openblas_get_parallel(): 0 sequential, 1 pthreads, 2 OpenMP.
  bool ownThreads() const { return present() && getParallel() == 1; }
};

/// glibc serves every allocation above 32 MB (and, by default, many smaller ones) with a
/// fresh mmap and unmaps it on free, so a batched pass page-faults and zeroes each large
/// activation again: faultlens-bench's ResNet-18 all-layer campaign gained 2.8x -> 3.7x
/// and 4.4x over naive from keeping them in the heap (2 cores). Keep them, and give
/// memory back only when a whole GiB at the top of the heap is free.
void keepLargeBlocksInTheHeap() {
#ifdef __GLIBC__
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

}  // namespace

int parseThreadCount(const std::string& text, const std::string& what) {
  const int hardware = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  const int most = 4 * hardware;
  char* end = nullptr;
  errno = 0;
  const long value = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno == ERANGE || value < 1 || value > most)
    throw Error(what + " must be a whole number from 1 to " + std::to_string(most) + " (this machine has " +
                std::to_string(hardware) + " hardware threads), got '" + text + "'");
  return static_cast<int>(value);
}

int configureRuntime(int requested) {
  int threads = requested;
  if (threads <= 0) {
    if (const char* env = std::getenv("FAULTLENS_THREADS")) threads = parseThreadCount(env, "FAULTLENS_THREADS");
  }
  if (threads <= 0) threads = static_cast<int>(std::thread::hardware_concurrency());
  if (threads <= 0) threads = 1;
  at::set_num_threads(threads);
  const OpenBlasApi blas;
  if (blas.ownThreads()) blas.setThreads(1);
  keepLargeBlocksInTheHeap();
  torch::jit::getProfilingMode() = false;
  torch::jit::getExecutorMode() = false;
  return threads;
}

std::string libtorchVersion() {
  return std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
         std::to_string(TORCH_VERSION_PATCH);
}

std::string blasRuntime() {
  const OpenBlasApi blas;
  if (!blas.present()) return "not OpenBLAS";
  std::string config = blas.getConfig();
  while (!config.empty() && config.back() == ' ') config.pop_back();
  switch (blas.getParallel()) {
    case 0: return config + " (sequential)";
    case 1: return config + " (pthreads: " + std::to_string(blas.getThreads()) + " of its own threads)";
    default: return config + " (OpenMP threads)";
  }
}

}  // namespace faultlens
