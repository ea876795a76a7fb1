#pragma once
// The vectorised half of NumberFormat.h: rounds a whole float32 tensor to a number format, for
// every conv/linear output of clean and faulty runs alike. Kept apart so that NumberFormat.h
// stays torch-free (widgets/ include it).
#include <ATen/core/Tensor.h>

#include "core/formats/NumberFormat.h"

namespace faultlens {

/// quantize() of every element, with torch ops only (no per-element C++ loop; any device, any
/// strides). Returns a new tensor of the same shape, or `values` itself for fp32 (as Tensor::to
/// returns self when nothing changes). Agrees bit for bit with the scalar quantize(), NaNs
/// included: every NaN becomes 0x7FC00000 for every format but fp32, which passes values through.
/// `values` must be float32; `scale` is the layer's abs-max for int8 and ignored otherwise.
/// Throws faultlens::Error for another dtype or an unusable scale.
at::Tensor quantizeTensor(const NumberFormat& format, const at::Tensor& values, double scale = 1.0);

/// Which code quantizeTensorInPlace runs. Both give quantizeTensor()'s result bit for bit.
enum class RoundingPath {
  Fastest,   ///< AVX2/F16C loops where the CPU has them, else TorchOps
  TorchOps,  ///< quantizeTensor() and a copy back (tests compare the two paths)
};

/// quantizeTensor() written into `values` itself: no allocation, one pass over memory. For the
/// layer outputs of a forward pass, where nothing else holds the tensor. `values` must be a
/// contiguous float32 CPU tensor (throws faultlens::Error otherwise, or for an unusable scale).
void quantizeTensorInPlace(const NumberFormat& format, at::Tensor& values, double scale = 1.0,
                           RoundingPath path = RoundingPath::Fastest);

}  // namespace faultlens
