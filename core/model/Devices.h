#pragma once
// The compute devices a model can run on, and what the engine needs to know about them.
// One engine serves every device: models, captured layer states, faults, rounding and
// CAM ablations stay on the model's device; only results (logits, records, maps) come back.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace faultlens {

/// "cpu", then "cuda:0", "cuda:1", … for every GPU this LibTorch sees (none with a
/// CPU-only LibTorch such as Debian's).
std::vector<std::string> availableDevices();

/// The device a workbench starts on: the first GPU where there is one, else "cpu".
std::string preferredDevice();

/// True for "cpu" (also "cpu:0"); false for any other device string.
bool isCpuDevice(const std::string& device);

/// Free and total memory of a GPU, bytes.
struct DeviceMemory {
  std::int64_t freeBytes = 0;
  std::int64_t totalBytes = 0;
};

/// What the CUDA runtime that LibTorch loaded reports for `device` ("cuda:N"); nullopt on
/// the CPU, and where no CUDA runtime is loaded or it answers with an error. Looked up at
/// run time, so the engine builds and runs against CPU-only LibTorch builds unchanged.
std::optional<DeviceMemory> deviceMemory(const std::string& device);

/// The default budget for a campaign's captured layer states on `device`: 2 GiB of host
/// memory on the CPU; on a GPU half its free memory when the campaign starts (a forward
/// pass of the faulty batches needs the other half), 2 GiB where that is unknown.
std::int64_t defaultMemoryBudget(const std::string& device);

/// Waits until every kernel queued on `device` has finished (nothing on the CPU): timings
/// of GPU work end here, not when the host has merely queued it.
void synchronizeDevice(const std::string& device);

}  // namespace faultlens
