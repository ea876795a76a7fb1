#pragma once
// Values at chosen elements of a float32 tensor on any device, moved between the device
// and the host in one piece: one gather and one copy out, one copy in and one scatter.
// Faults are host code on single values (error models, clamps); on a GPU a read and a
// write per site would wait for the device once per fault.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace faultlens {

/// The values of the 1-D float32 tensor `flat` at `sites`, in their order, on the host.
std::vector<float> readSites(const at::Tensor& flat, const std::vector<std::int64_t>& sites);

/// Writes `values` at `sites` (each site once: a repeated one would keep an unspecified
/// value) into `flat`, a 1-D float32 tensor or a view of one, on its device.
void writeSites(at::Tensor flat, const std::vector<std::int64_t>& sites, const std::vector<float>& values);

}  // namespace faultlens
