#include "core/faults/SiteValues.h"

#include <ATen/ATen.h>

namespace faultlens {
namespace {

at::Tensor indexOn(const at::Tensor& flat, const std::vector<std::int64_t>& sites) {
  return at::tensor(sites, at::kLong).to(flat.device());
}

}  // namespace

std::vector<float> readSites(const at::Tensor& flat, const std::vector<std::int64_t>& sites) {
  if (sites.empty()) return {};
  const at::Tensor values = flat.index_select(0, indexOn(flat, sites)).to(at::kCPU).contiguous();
  return std::vector<float>(values.data_ptr<float>(), values.data_ptr<float>() + values.numel());
}

void writeSites(at::Tensor flat, const std::vector<std::int64_t>& sites, const std::vector<float>& values) {
  if (sites.empty()) return;
  flat.index_copy_(0, indexOn(flat, sites), at::tensor(values, at::kFloat).to(flat.device()));
}

}  // namespace faultlens
