#pragma once
// AVX2/F16C loops that round float32 arrays to a number format in place, for the layer outputs
// of every pass (the hot path of format emulation). Each loop computes exactly what the torch-op
// path in NumberFormatTensor.cpp computes, element by element: the same float32 operations in
// the same order, so the two agree bit for bit (a test compares them on every format).
#include <cstdint>

namespace faultlens {

/// What one rounding loop needs; built by NumberFormatTensor.cpp from a NumberFormat.
struct RoundingKernelParams {
  enum class Kind { Half, BFloat16, SmallFloat, Integer };
  Kind kind = Kind::Half;
  // SmallFloat: mantissa bits, the unbiased normal exponent range, the saturation bound, and
  // whether ±Inf stays ±Inf (fp8-e5m2) or saturates like any overflow (fp8-e4m3).
  int mantissaBits = 0;
  int minExponent = 0;
  int maxExponent = 0;
  float maxFinite = 0.0f;
  bool keepInfinity = false;
  // Integer: code = round(clamp(v * toCode, lo, hi)), value = code * toValue; NaN → 0.
  float toCode = 1.0f;
  float lo = 0.0f;
  float hi = 0.0f;
  float toValue = 1.0f;
};

/// True when this CPU runs the vector loops (AVX2 and F16C; x86-64 CPUs from about 2013 on)
/// and LibTorch's ATEN_CPU_CAPABILITY, when set, allows AVX2.
bool vectorRoundingAvailable();

/// Rounds values[0..count) in place. Only call when vectorRoundingAvailable().
void roundInPlaceVectorised(const RoundingKernelParams& params, float* values, std::int64_t count);

}  // namespace faultlens
