#pragma once
// The vectorised half of NumberFormat.h: rounds a whole float32 tensor to a number format, for
// every conv/linear output of clean and faulty runs alike. Kept apart so that NumberFormat.h
// stays torch-free (widgets/ include it).
#include <ATen/core/Tensor.h>

#include "core/NumberFormat.h"

namespace faultlens {

/// quantize() of every element, with torch ops only (no per-element C++ loop; any device, any
/// strides). Returns a new tensor of the same shape, or `values` itself for fp32 (as Tensor::to
/// returns self when nothing changes). Agrees bit for bit with the scalar quantize(), NaNs
/// included: every NaN becomes 0x7FC00000 for every format but fp32, which passes values through.
/// `values` must be float32; `scale` is the layer's abs-max for int8 and ignored otherwise.
/// Throws faultlens::Error for another dtype or an unusable scale.
at::Tensor quantizeTensor(const NumberFormat& format, const at::Tensor& values, double scale = 1.0);

}  // namespace faultlens
