#include "core/NumberFormatTensor.h"

#include <ATen/ATen.h>

#include <cmath>
#include <string>

#include "core/Error.h"
#include "core/FloatBits.h"

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

}  // namespace

at::Tensor quantizeTensor(const NumberFormat& format, const at::Tensor& values, double scale) {
  if (!values.defined()) throw Error("quantizeTensor: undefined tensor");
  if (values.scalar_type() != at::kFloat)
    throw Error(std::string("quantizeTensor needs a float32 tensor, got ") + c10::toString(values.scalar_type()));
  switch (format.kind) {
    case NumberFormatKind::Float32: return values;
    // IEEE conversions, round to nearest even (tested against the scalar path bit for bit).
    case NumberFormatKind::Float16: return quantizeIeee(values, at::kHalf);
    case NumberFormatKind::BFloat16: return quantizeIeee(values, at::kBFloat16);
    case NumberFormatKind::Fp8E4M3: return quantizeSmallFloat(values, 3, -6, 8, 448.0, false);
    case NumberFormatKind::Fp8E5M2: return quantizeSmallFloat(values, 2, -14, 15, 57344.0, true);
    case NumberFormatKind::Int8: {
      // The same two float32 multiplications as encode()/decode().
      const Int8Factors factors = int8Factors(scale);
      return quantizeInteger(values, factors.toCode, -127.0, 127.0, factors.toValue);
    }
    case NumberFormatKind::Fixed: {
      const int width = format.bitWidth();  // validates
      const double hi = std::ldexp(1.0, width - 1) - 1.0;
      // Multiplying by 2^±F is exact in float32. Above 24 bits the bound 2^(w-1)-1 rounds to
      // 2^(w-1) in float32, which is also what decode() of the top code rounds to.
      return quantizeInteger(values, std::ldexp(1.0, format.fractionBits), -hi - 1.0, hi,
                             std::ldexp(1.0, -format.fractionBits));
    }
  }
  throw Error("quantizeTensor: unknown number format");
}

}  // namespace faultlens
