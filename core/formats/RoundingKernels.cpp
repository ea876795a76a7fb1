#include "core/formats/RoundingKernels.h"

#include <cstdlib>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define FAULTLENS_HAVE_X86_KERNELS 1
#endif

namespace faultlens {

#if FAULTLENS_HAVE_X86_KERNELS

namespace {

// Compiled for AVX2/F16C regardless of the build's -march, and only called after the CPU check:
// the binary stays runnable on any x86-64 CPU.
#define FAULTLENS_AVX2 __attribute__((target("avx2,f16c")))

/// The float32 quiet NaN 0x7FC00000 wherever x is NaN, as the scalar decode() gives.
FAULTLENS_AVX2 inline __m256 canonicalNaNs(__m256 x, __m256 rounded) {
  const __m256 isNaN = _mm256_cmp_ps(x, x, _CMP_UNORD_Q);
  return _mm256_blendv_ps(rounded, _mm256_castsi256_ps(_mm256_set1_epi32(0x7FC00000)), isNaN);
}

FAULTLENS_AVX2 inline __m256 roundHalf(__m256 x) {
  // Immediate rounding mode (not MXCSR): round to nearest even, overflow to ±Inf, like c10::Half.
  const __m256 rounded = _mm256_cvtph_ps(_mm256_cvtps_ph(x, _MM_FROUND_TO_NEAREST_INT));
  return canonicalNaNs(x, rounded);
}

FAULTLENS_AVX2 inline __m256 roundBFloat16(__m256 x) {
  // Round to nearest even on the bits: add 0x7FFF plus the lowest kept bit, drop the low half.
  // Finite magnitudes carry at most into the exponent (0x7F7FFFFF rounds to Inf, as c10 does);
  // NaNs are replaced below.
  const __m256i bits = _mm256_castps_si256(x);
  const __m256i lowestKept = _mm256_and_si256(_mm256_srli_epi32(bits, 16), _mm256_set1_epi32(1));
  const __m256i sum = _mm256_add_epi32(bits, _mm256_add_epi32(lowestKept, _mm256_set1_epi32(0x7FFF)));
  const __m256 rounded = _mm256_castsi256_ps(_mm256_and_si256(sum, _mm256_set1_epi32(static_cast<int>(0xFFFF0000u))));
  return canonicalNaNs(x, rounded);
}

/// The torch-op path's quantizeSmallFloat, vectorised: the quantum 2^(clamp(exponent) - m) and its
/// exact reciprocal are built from x's exponent field, so x * (1/quantum) equals x / quantum.
FAULTLENS_AVX2 inline __m256 roundSmallFloat(const RoundingKernelParams& p, __m256 x) {
  const __m256i bits = _mm256_castps_si256(x);
  __m256i exponent = _mm256_and_si256(bits, _mm256_set1_epi32(0x7F800000));
  exponent = _mm256_max_epi32(exponent, _mm256_set1_epi32((p.minExponent + 127) << 23));
  exponent = _mm256_min_epi32(exponent, _mm256_set1_epi32((p.maxExponent + 127) << 23));
  const __m256i quantumBits = _mm256_sub_epi32(exponent, _mm256_set1_epi32(p.mantissaBits << 23));
  const __m256i inverseBits = _mm256_sub_epi32(_mm256_set1_epi32(254 << 23), quantumBits);
  __m256 v = _mm256_mul_ps(x, _mm256_castsi256_ps(inverseBits));
  v = _mm256_round_ps(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  v = _mm256_mul_ps(v, _mm256_castsi256_ps(quantumBits));
  v = _mm256_min_ps(v, _mm256_set1_ps(p.maxFinite));
  v = _mm256_max_ps(v, _mm256_set1_ps(-p.maxFinite));
  if (p.keepInfinity) {
    const __m256i magnitude = _mm256_and_si256(bits, _mm256_set1_epi32(0x7FFFFFFF));
    const __m256 isInf = _mm256_castsi256_ps(_mm256_cmpeq_epi32(magnitude, _mm256_set1_epi32(0x7F800000)));
    v = _mm256_blendv_ps(v, x, isInf);
  }
  return canonicalNaNs(x, v);
}

FAULTLENS_AVX2 inline __m256 roundInteger(const RoundingKernelParams& p, __m256 x) {
  __m256 v = _mm256_mul_ps(x, _mm256_set1_ps(p.toCode));
  v = _mm256_max_ps(v, _mm256_set1_ps(p.lo));
  v = _mm256_min_ps(v, _mm256_set1_ps(p.hi));
  v = _mm256_round_ps(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  v = _mm256_mul_ps(v, _mm256_set1_ps(p.toValue));
  v = _mm256_add_ps(v, _mm256_setzero_ps());                      // -0 → +0: code 0 stands for +0
  return _mm256_andnot_ps(_mm256_cmp_ps(x, x, _CMP_UNORD_Q), v);  // NaN → code 0
}

// One loop per kind, so that the kind is not tested per element. The last count % 8 values go
// through the same vector code via a zero-padded buffer: one code path, one rounding.
#define FAULTLENS_ROUNDING_LOOP(name, expression)                                          \
  FAULTLENS_AVX2 void name(const RoundingKernelParams& p, float* values, std::int64_t n) { \
    (void)p;                                                                               \
    std::int64_t i = 0;                                                                    \
    for (; i + 8 <= n; i += 8) {                                                           \
      const __m256 x = _mm256_loadu_ps(values + i);                                        \
      _mm256_storeu_ps(values + i, expression);                                            \
    }                                                                                      \
    if (i < n) {                                                                           \
      alignas(32) float tail[8] = {};                                                      \
      std::memcpy(tail, values + i, (n - i) * sizeof(float));                              \
      const __m256 x = _mm256_load_ps(tail);                                               \
      _mm256_store_ps(tail, expression);                                                   \
      std::memcpy(values + i, tail, (n - i) * sizeof(float));                              \
    }                                                                                      \
  }

FAULTLENS_ROUNDING_LOOP(roundHalfLoop, roundHalf(x))
FAULTLENS_ROUNDING_LOOP(roundBFloat16Loop, roundBFloat16(x))
FAULTLENS_ROUNDING_LOOP(roundSmallFloatLoop, roundSmallFloat(p, x))
FAULTLENS_ROUNDING_LOOP(roundIntegerLoop, roundInteger(p, x))

#undef FAULTLENS_ROUNDING_LOOP

}  // namespace

bool vectorRoundingAvailable() {
  // LibTorch's ATEN_CPU_CAPABILITY=default (or avx, sse...) asks for no AVX2 kernels: honoured
  // here too, so a run that emulates an older CPU runs the torch-op path as that CPU would.
  static const bool available = [] {
    const char* capability = std::getenv("ATEN_CPU_CAPABILITY");
    if (capability && std::strcmp(capability, "avx2") != 0 && std::strcmp(capability, "avx512") != 0) return false;
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("f16c");
  }();
  return available;
}

void roundInPlaceVectorised(const RoundingKernelParams& params, float* values, std::int64_t count) {
  switch (params.kind) {
    case RoundingKernelParams::Kind::Half: return roundHalfLoop(params, values, count);
    case RoundingKernelParams::Kind::BFloat16: return roundBFloat16Loop(params, values, count);
    case RoundingKernelParams::Kind::SmallFloat: return roundSmallFloatLoop(params, values, count);
    case RoundingKernelParams::Kind::Integer: return roundIntegerLoop(params, values, count);
  }
}

#else  // not x86: the torch-op path does all rounding

bool vectorRoundingAvailable() { return false; }
void roundInPlaceVectorised(const RoundingKernelParams&, float*, std::int64_t) {}

#endif

}  // namespace faultlens
