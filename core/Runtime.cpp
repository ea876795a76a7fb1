#include "core/Runtime.h"

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <c10/core/CPUAllocator.h>
#include <c10/core/impl/alloc_cpu.h>
#include <dlfcn.h>
#ifdef __GLIBC__
#include <malloc.h>
#include <sys/mman.h>
#endif
#include <torch/csrc/jit/runtime/graph_executor.h>
#include <torch/version.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <cstdlib>
#include <map>
#include <mutex>
#include <new>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>
#include <limits>
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
/// memory back only when 2 GiB at the top of the heap are free: a campaign frees one
/// chunk's captured layer states (up to its 2 GiB budget) and captures the next one's at
/// once, which would otherwise page-fault and zero the same memory again every chunk.
/// Campaigns return the memory when they end (releaseFreeMemory).
void keepLargeBlocksInTheHeap() {
#ifdef __GLIBC__
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, std::numeric_limits<int>::max());
#endif
}

/// LibTorch's CPU allocator, keeping freed large blocks for a later request of the same
/// size. A campaign frees one chunk's captured layer states and captures the next chunk's
/// at once: the same sizes, in the same order. Returned to glibc, those blocks shared the
/// heap with the small allocations made in between (records, outcome lists), which split
/// them; the next capture then grew the heap and page-faulted fresh memory. In
/// faultlens-bench the demo campaign reached 2.2 GB with 34 MB of states, and ResNet-50's
/// 6 GB with 1.8 GB. Large blocks therefore come from their own mappings and wait here,
/// up to kMaxCachedBytes, for their next use.
class LargeBlockCache final : public c10::Allocator {
 public:
  static constexpr std::size_t kLargeBlock = std::size_t{1} << 20;
  static constexpr std::size_t kMaxCachedBytes = std::size_t{3} << 30;

  static LargeBlockCache& instance() {
    static LargeBlockCache* cache = new LargeBlockCache;  // never destroyed: tensors may outlive main
    return *cache;
  }
  // LibTorch 1.13 declares allocate() const, LibTorch 2.x non-const and adds copy_data():
  // both forms are defined (without `override`, which one of them could not carry), so
  // each generation finds the one it declares and the engine builds against either.
  c10::DataPtr allocate(std::size_t bytes) const {  // NOLINT(modernize-use-override)
    void* data = bytes >= kLargeBlock ? const_cast<LargeBlockCache*>(this)->take(bytes) : c10::alloc_cpu(bytes);
    return {data, data, &release, c10::Device(c10::DeviceType::CPU)};
  }
  c10::DataPtr allocate(std::size_t bytes) { return std::as_const(*this).allocate(bytes); }
  void copy_data(void* dest, const void* src, std::size_t count) const { std::memcpy(dest, src, count); }
  c10::DeleterFnPtr raw_deleter() const override { return &release; }
  void clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& [bytes, blocks] : free_)
      for (void* block : blocks) munmap(block, bytes);
    free_.clear();
    cached_ = 0;
  }

 private:
  void* take(std::size_t bytes) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = free_.find(bytes);
      if (it != free_.end() && !it->second.empty()) {
        void* block = it->second.back();
        it->second.pop_back();
        cached_ -= bytes;
        live_[block] = bytes;
        return block;
      }
    }
    void* block = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (block == MAP_FAILED) throw std::bad_alloc();
    std::lock_guard<std::mutex> lock(mutex_);
    live_[block] = bytes;
    return block;
  }
  static void release(void* data) {
    if (!data) return;
    LargeBlockCache& cache = instance();
    std::unique_lock<std::mutex> lock(cache.mutex_);
    auto it = cache.live_.find(data);
    if (it == cache.live_.end()) {
      lock.unlock();
      c10::free_cpu(data);
      return;
    }
    const std::size_t bytes = it->second;
    cache.live_.erase(it);
    if (cache.cached_ + bytes > kMaxCachedBytes) {
      lock.unlock();
      munmap(data, bytes);
      return;
    }
    cache.free_[bytes].push_back(data);
    cache.cached_ += bytes;
  }

  std::mutex mutex_;
  std::unordered_map<void*, std::size_t> live_;
  std::map<std::size_t, std::vector<void*>> free_;
  std::size_t cached_ = 0;
};

/// float32 on a GPU means float32: cuDNN's convolutions would otherwise run on TF32 tensor
/// cores (10-bit mantissas) from Ampere on, and a bit flip would strike values the model
/// never holds in float32. Deterministic cuDNN algorithms, no auto-tuning and cuBLAS's
/// fixed workspace make a seeded campaign's records the same run after run. The CUDA
/// runtime reads CUBLAS_WORKSPACE_CONFIG when cuBLAS starts, after this; a value the user
/// set is kept. Nothing here changes CPU arithmetic.
void useExactDeterministicGpuArithmetic() {
  auto& context = at::globalContext();
  context.setAllowTF32CuDNN(false);
  context.setAllowTF32CuBLAS(false);
  context.setDeterministicCuDNN(true);
  context.setBenchmarkCuDNN(false);
  setenv("CUBLAS_WORKSPACE_CONFIG", ":4096:8", /*overwrite=*/0);
}

}  // namespace

void releaseFreeMemory() {
  LargeBlockCache::instance().clear();
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}

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
  c10::SetCPUAllocator(&LargeBlockCache::instance(), /*priority=*/1);
  torch::jit::getProfilingMode() = false;
  torch::jit::getExecutorMode() = false;
  useExactDeterministicGpuArithmetic();
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
