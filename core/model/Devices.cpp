#include "core/model/Devices.h"

#include <c10/core/Device.h>
#include <c10/util/Exception.h>
#include <dlfcn.h>
#include <torch/cuda.h>

#include <algorithm>
#include <cstddef>

#include "core/campaign/CampaignRunner.h"

namespace faultlens {
namespace {

/// The CUDA runtime's own queries, found in the process at run time (LibTorch's CUDA
/// build loads libcudart); a CPU-only build links and runs without them.
struct CudaRuntimeApi {
  using GetDevice = int (*)(int*);
  using SetDevice = int (*)(int);
  using MemGetInfo = int (*)(std::size_t*, std::size_t*);
  GetDevice getDevice = reinterpret_cast<GetDevice>(dlsym(RTLD_DEFAULT, "cudaGetDevice"));
  SetDevice setDevice = reinterpret_cast<SetDevice>(dlsym(RTLD_DEFAULT, "cudaSetDevice"));
  MemGetInfo memGetInfo = reinterpret_cast<MemGetInfo>(dlsym(RTLD_DEFAULT, "cudaMemGetInfo"));
  bool present() const { return getDevice && setDevice && memGetInfo; }
};

std::optional<c10::Device> parseDevice(const std::string& device) {
  try {
    return c10::Device(device);
  } catch (const c10::Error&) {
    return std::nullopt;
  }
}

}  // namespace

std::vector<std::string> availableDevices() {
  std::vector<std::string> out{"cpu"};
  const auto gpus = static_cast<int>(torch::cuda::device_count());
  for (int i = 0; i < gpus; ++i) out.push_back("cuda:" + std::to_string(i));
  return out;
}

std::string preferredDevice() {
  const auto devices = availableDevices();
  return devices.size() > 1 ? devices[1] : devices[0];
}

bool isCpuDevice(const std::string& device) {
  const auto d = parseDevice(device);
  return d && d->is_cpu();
}

std::optional<DeviceMemory> deviceMemory(const std::string& device) {
  const auto d = parseDevice(device);
  if (!d || !d->is_cuda()) return std::nullopt;
  static const CudaRuntimeApi cuda;
  if (!cuda.present()) return std::nullopt;
  int previous = 0;
  if (cuda.getDevice(&previous) != 0) return std::nullopt;
  const int index = d->has_index() ? d->index() : previous;
  std::size_t freeBytes = 0, totalBytes = 0;
  // cudaMemGetInfo answers for the calling thread's current device: switch, ask, switch back.
  const bool ok = cuda.setDevice(index) == 0 && cuda.memGetInfo(&freeBytes, &totalBytes) == 0;
  cuda.setDevice(previous);
  if (!ok) return std::nullopt;
  return DeviceMemory{static_cast<std::int64_t>(freeBytes), static_cast<std::int64_t>(totalBytes)};
}

std::int64_t defaultMemoryBudget(const std::string& device) {
  const auto memory = deviceMemory(device);
  if (!memory) return kDefaultCampaignMemoryBudget;
  return std::max<std::int64_t>(memory->freeBytes / 2, std::int64_t{1} << 20);
}

void synchronizeDevice(const std::string& device) {
  const auto d = parseDevice(device);
  if (!d || !d->is_cuda()) return;
  torch::cuda::synchronize(d->has_index() ? d->index() : -1);
}

}  // namespace faultlens
