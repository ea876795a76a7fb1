#include "core/formats/NumberFormatTensor.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <cmath>
#include <string>

#include "core/Error.h"
#include "core/faults/FloatBits.h"
#include "core/formats/RoundingKernels.h"

namespace faultlens {

namespace {

/// False when `x` certainly holds no NaN and no ±Inf: one vectorised sum, which NaN and ±Inf turn
/// into NaN or ±Inf (a finite sum that overflows only sends us down the exact, slower path). The
/// masks below cost a fresh allocation and a scalar loop each on CPU, more than the rounding;
/// on other devices allocations are cached, and a host check would synchronise, so masks always.
bool mayHoldNonFinite(const at::Tensor& x) {
  if (!x.is_cpu()) return true;
  return !std::isfinite(x.sum().item<float>());
}

/// Every NaN becomes the float32 quiet NaN 0x7FC00000, as decode() gives for the canonical NaN
/// code (torch's own conversions leave various NaN patterns: bf16 gives 0xFFFF0000 on CPU).
void canonicaliseNaNs(at::Tensor& out) { out.masked_fill_(at::isnan(out), bitsToFloat(0x7FC00000u)); }

/// A small float with `mantissaBits`, normal exponents minExponent..maxExponent (unbiased) and
/// subnormals, rounded to nearest even with float32 ops only: the quantum of |x| is
/// 2^(clamp(floor(log2 |x|), minExponent, maxExponent) - mantissaBits), built directly as float32
/// bits from x's exponent field; x / quantum and round(.) * quantum are exact (powers of two, no
/// overflow or underflow), and torch's round is half to even. Finite overflow saturates to
/// ±maxFinite; ±Inf saturates too unless keepInfinity.
at::Tensor quantizeSmallFloat(const at::Tensor& x, int mantissaBits, int minExponent, int maxExponent, double maxFinite,
                              bool keepInfinity) {
  const at::Tensor bits = x.view(at::kInt);
  at::Tensor scratch = bits.bitwise_and(0x7F800000)
                           .clamp_((minExponent + 127) << 23, (maxExponent + 127) << 23)
                           .sub_(mantissaBits << 23);
  const at::Tensor quantum = scratch.view(at::kFloat);
  at::Tensor out = at::div(x, quantum).round_().mul_(quantum).clamp_(-maxFinite, maxFinite);
  if (!mayHoldNonFinite(x)) return out;
  if (keepInfinity) {
    // Undo the saturation of ±Inf without a mask (masks are slow here): in the scratch buffer, a
    // factor that is 1.0 (0x3F800000) for finite x and +Inf (0x7F800000) for non-finite x; the
    // saturated ±maxFinite times Inf is ±Inf, finite values are unchanged, NaNs stay NaN.
    scratch.copy_(bits).bitwise_and_(0x7FFFFFFF).sub_(0x7F7FFFFF).clamp_(0, 1).mul_(0x40000000).add_(0x3F800000);
    out.mul_(scratch.view(at::kFloat));
  }
  canonicaliseNaNs(out);
  return out;
}

/// Two's complement codes in [lo, hi] scaled by toCode (±Inf saturates), back to values with
/// toValue; `+ 0` turns the -0 of round(-0.3) into the +0 that code 0 stands for, and NaN -> 0.
at::Tensor quantizeInteger(const at::Tensor& x, double toCode, double lo, double hi, double toValue) {
  at::Tensor out = x.mul(toCode).clamp_(lo, hi).round_().mul_(toValue).add_(0.0);
  if (mayHoldNonFinite(x)) out.masked_fill_(at::isnan(out), 0.0);
  return out;
}

at::Tensor quantizeIeee(const at::Tensor& x, at::ScalarType type) {
  at::Tensor out = x.to(type).to(at::kFloat);
  if (mayHoldNonFinite(x)) canonicaliseNaNs(out);
  return out;
}

/// The integer formats' constants, shared by the torch-op path and the vector loops.
RoundingKernelParams integerParams(const NumberFormat& format, double scale) {
  RoundingKernelParams p;
  p.kind = RoundingKernelParams::Kind::Integer;
  if (format.kind == NumberFormatKind::Int8) {
    // The same two float32 multiplications as encode()/decode().
    const Int8Factors factors = int8Factors(scale);
    p.toCode = factors.toCode;
    p.toValue = factors.toValue;
    p.lo = -127.0f;
    p.hi = 127.0f;
    return p;
  }
  const int width = format.bitWidth();  // validates
  const double hi = std::ldexp(1.0, width - 1) - 1.0;
  // Multiplying by 2^±F is exact in float32. Above 24 bits the bound 2^(w-1)-1 rounds to
  // 2^(w-1) in float32, which is also what decode() of the top code rounds to.
  p.toCode = static_cast<float>(std::ldexp(1.0, format.fractionBits));
  p.toValue = static_cast<float>(std::ldexp(1.0, -format.fractionBits));
  p.lo = static_cast<float>(-hi - 1.0);
  p.hi = static_cast<float>(hi);
  return p;
}

RoundingKernelParams smallFloatParams(int mantissaBits, int minExponent, int maxExponent, float maxFinite,
                                      bool keepInfinity) {
  RoundingKernelParams p;
  p.kind = RoundingKernelParams::Kind::SmallFloat;
  p.mantissaBits = mantissaBits;
  p.minExponent = minExponent;
  p.maxExponent = maxExponent;
  p.maxFinite = maxFinite;
  p.keepInfinity = keepInfinity;
  return p;
}

/// The rounding of every format but fp32, as the vector loops' parameters.
RoundingKernelParams kernelParams(const NumberFormat& format, double scale) {
  RoundingKernelParams p;
  switch (format.kind) {
    case NumberFormatKind::Float32: break;
    case NumberFormatKind::Float16: p.kind = RoundingKernelParams::Kind::Half; return p;
    case NumberFormatKind::BFloat16: p.kind = RoundingKernelParams::Kind::BFloat16; return p;
    case NumberFormatKind::Fp8E4M3:
    case NumberFormatKind::Fp8E5M2: {
      const MiniFloatLayout& f = miniFloatLayout(format.kind);  // the scalar codes' layout
      return smallFloatParams(f.mantissaBits, f.minNormalExponent(), f.maxNormalExponent(),
                              static_cast<float>(f.maxFinite()), f.hasInfinity);
    }
    case NumberFormatKind::Int8:
    case NumberFormatKind::Fixed: return integerParams(format, scale);
  }
  throw Error("quantizeTensor: unknown number format");
}

at::Tensor quantizeWithTorchOps(const RoundingKernelParams& p, const at::Tensor& values) {
  switch (p.kind) {
    // IEEE conversions, round to nearest even (tested against the scalar path bit for bit).
    case RoundingKernelParams::Kind::Half: return quantizeIeee(values, at::kHalf);
    case RoundingKernelParams::Kind::BFloat16: return quantizeIeee(values, at::kBFloat16);
    case RoundingKernelParams::Kind::SmallFloat:
      return quantizeSmallFloat(values, p.mantissaBits, p.minExponent, p.maxExponent, p.maxFinite, p.keepInfinity);
    case RoundingKernelParams::Kind::Integer: return quantizeInteger(values, p.toCode, p.lo, p.hi, p.toValue);
  }
  throw Error("quantizeTensor: unknown number format");
}

void requireFloat32(const at::Tensor& values) {
  if (!values.defined()) throw Error("quantizeTensor: undefined tensor");
  if (values.scalar_type() != at::kFloat)
    throw Error(std::string("quantizeTensor needs a float32 tensor, got ") + c10::toString(values.scalar_type()));
}

}  // namespace

at::Tensor quantizeTensor(const NumberFormat& format, const at::Tensor& values, double scale) {
  requireFloat32(values);
  if (format.kind == NumberFormatKind::Float32) return values;
  return quantizeWithTorchOps(kernelParams(format, scale), values);
}

void quantizeTensorInPlace(const NumberFormat& format, at::Tensor& values, double scale, RoundingPath path) {
  requireFloat32(values);
  if (!values.is_cpu() || values.layout() != at::kStrided || !values.is_contiguous())
    throw Error("quantizeTensorInPlace needs a contiguous CPU tensor");
  if (format.kind == NumberFormatKind::Float32) return;
  const RoundingKernelParams params = kernelParams(format, scale);
  if (path == RoundingPath::TorchOps || !vectorRoundingAvailable()) {
    values.copy_(quantizeWithTorchOps(params, values));
    return;
  }
  float* data = values.data_ptr<float>();
  // Element-wise, so how the range is split cannot change a result.
  at::parallel_for(0, values.numel(), 1 << 15, [&](std::int64_t begin, std::int64_t end) {
    roundInPlaceVectorised(params, data + begin, end - begin);
  });
}

}  // namespace faultlens
