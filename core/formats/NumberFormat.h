#pragma once
// Number formats an accelerator may compute in, emulated at value level (as GoldenEye does): a
// float32 value is rounded to the format, and a fault flips bit b of the value's ENCODING in
// that format. Torch-free on purpose, like FloatBits.h: the GUI's bit view includes it. The
// vectorised tensor version lives in core/formats/NumberFormatTensor.h.
//
// Formats (names as parsed from the command line) and the choices made for each:
//
//   fp32      IEEE binary32, the identity: encode() is the float's bit pattern, bits 0..31 as in
//             FloatBits.h. NaNs keep their payload.
//   fp16      IEEE binary16 (1 sign, 5 exponent, 10 mantissa, bias 15), subnormals included.
//             Round to nearest, ties to even; overflow goes to ±Inf as IEEE does (|v| >= 65520).
//   bf16      bfloat16 (1/8/7, bias 127), the top half of a float32 rounded to nearest even;
//             float32 subnormals round to bf16 subnormals; overflow goes to ±Inf.
//   fp8-e4m3  OCP/NVIDIA FP8 E4M3 "fn" (bias 7): no infinities, S.1111.111 is NaN, max finite
//             448, subnormals down to 2^-9. Round to nearest even, and SATURATING: every finite
//             value beyond ±448, and ±Inf, becomes ±448 (the OCP "saturate" conversion mode and
//             NVIDIA's __NV_SATFINITE). Without saturation, 464..480 would round to the NaN code.
//   fp8-e5m2  OCP FP8 E5M2 (bias 15): IEEE-like, with ±Inf (S.11111.00) and NaNs (S.11111.xx,
//             xx != 0), max finite 57344, subnormals down to 2^-16. Round to nearest even;
//             finite overflow SATURATES to ±57344 (the OCP saturation mode), ±Inf stays ±Inf.
//   int8      symmetric per-layer quantisation with the caller's scale (the layer's profiled
//             abs-max, A > 0): code q = round_half_even(v * float(127/A)) clamped to [-127,127],
//             stored as 8-bit two's complement; value q * float(A/127). Both products are single
//             float32 multiplications by factors rounded to float32 once (int8Factors), the way
//             an accelerator's (de)quantiser applies a float scale; so a value within a few float
//             ulps of a tie may round differently from the exact real quotient. -128 (0x80) is
//             never produced by rounding: only a bit flip reaches it (e.g. bit 7 of 0), and it
//             decodes to -128 * float(A/127). ±Inf saturates to ±127; NaN becomes code 0 (as
//             saturating float-to-int conversions in PTX/CUDA and on Arm do).
//   fixed:I.F two's complement fixed point with 1 sign bit, I integer bits and F fraction bits:
//             width 1+I+F (2..32 bits), value = code * 2^-F, range [-2^I, 2^I - 2^-F]. I does NOT
//             include the sign bit: this follows GoldenEye (its fixed point with int_len = I and
//             frac_len = F is 1 + I + F bits wide, quantised with word length 1 + I + F and F
//             fraction bits), so fixed:0.4 is a valid 5-bit format covering [-1, 0.9375] and
//             fixed:3.4 is 8 bits wide. Round half to even, saturating to the range (±Inf too);
//             NaN becomes code 0.
//
// Common to all formats but fp32: a NaN input encodes to the format's canonical quiet NaN code
// (fp16 0x7E00, bf16 0x7FC0, e4m3 0x7F, e5m2 0x7E; the sign is dropped), and every NaN code
// decodes to the float32 quiet NaN 0x7FC00000 with the code's sign (payloads are not carried),
// so quantize() of any NaN is exactly 0x7FC00000. -0 is kept by the floating-point formats
// (rounding a small negative value to zero gives -0, code with only the sign bit set); int8 and
// fixed have no -0, so -0 and small negative values that round to zero give +0. Rounding to
// the format uses exact double arithmetic and an explicit round-half-even, so it does not depend
// on the FPU rounding mode (int8's two float32 products use the default, round to nearest).
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace faultlens {

enum class NumberFormatKind { Float32, Float16, BFloat16, Fp8E4M3, Fp8E5M2, Int8, Fixed };

/// One field of an encoding, for the GUI's bit view.
struct NumberField {
  std::string name;  ///< "sign", "exponent", "mantissa", "two's complement", "integer", "fraction"
  int width = 0;     ///< bits
};

struct NumberFormat {
  NumberFormatKind kind = NumberFormatKind::Float32;
  int integerBits = 0;   ///< Fixed only: integer bits after the sign bit (GoldenEye's int_len)
  int fractionBits = 0;  ///< Fixed only

  /// "fp32", "fp16", "bf16", "fp8-e4m3", "fp8-e5m2", "int8" or "fixed:I.F"; throws
  /// faultlens::Error naming the text and listing the valid names.
  static NumberFormat parse(const std::string& text);
  /// fixed:I.F, validated (I >= 0, F >= 0, 2 <= 1+I+F <= 32); throws faultlens::Error.
  static NumberFormat fixedPoint(int integerBits, int fractionBits);

  /// The name parse() reads back ("fixed:3.4").
  std::string name() const;
  /// Bits of one encoded value: 32, 16, 16, 8, 8, 8, or 1+I+F.
  int bitWidth() const;
  /// True for int8: encode/decode need the layer's abs-max as `scale`.
  bool needsScale() const;
  /// Field layout, MSB first: fp16 = sign 1, exponent 5, mantissa 10; int8 = two's complement 8;
  /// fixed:I.F = sign 1, integer I, fraction F (fields of width 0 left out; the whole word is
  /// one two's complement number, the sign bit weighing -2^I).
  std::vector<NumberField> fields() const;

  bool operator==(const NumberFormat& other) const {
    return kind == other.kind && integerBits == other.integerBits && fractionBits == other.fractionBits;
  }
  bool operator!=(const NumberFormat& other) const { return !(*this == other); }
};

/// int8 output scales of one model: each layer's abs-max, in layer order (NaN for a layer
/// never executed). Empty: none.
using LayerScales = std::vector<double>;
/// One LayerScales per model, in the order the models are given (baseline first).
using ScalesPerModel = std::vector<LayerScales>;

/// The bit layout of fp16, bf16 and the fp8 formats: 1 sign bit, `exponentBits`,
/// `mantissaBits`. The one description both the scalar codes (encode/decode) and the
/// tensor rounding kernels derive their constants from.
struct MiniFloatLayout {
  int exponentBits;
  int mantissaBits;
  int bias;
  bool hasInfinity;     ///< IEEE-like: all-ones exponent = Inf (mantissa 0) or NaN; else only S.1..1 is NaN
  bool saturateFinite;  ///< finite overflow gives max finite instead of Inf

  constexpr std::uint32_t exponentMask() const { return (1u << exponentBits) - 1u; }
  constexpr std::uint32_t mantissaMask() const { return (1u << mantissaBits) - 1u; }
  constexpr int signShift() const { return exponentBits + mantissaBits; }
  constexpr std::uint32_t infinityCode() const { return exponentMask() << mantissaBits; }
  constexpr std::uint32_t maxFiniteCode() const {
    return hasInfinity ? ((exponentMask() - 1u) << mantissaBits) | mantissaMask()
                       : (exponentMask() << mantissaBits) | (mantissaMask() - 1u);
  }
  /// Canonical quiet NaN: positive, mantissa MSB set (IEEE-like) or all ones (E4M3).
  constexpr std::uint32_t nanCode() const {
    return hasInfinity ? infinityCode() | (1u << (mantissaBits - 1)) : infinityCode() | mantissaMask();
  }
  /// Unbiased exponents of the normal numbers: 1 − bias up to that of maxFiniteCode().
  constexpr int minNormalExponent() const { return 1 - bias; }
  constexpr int maxNormalExponent() const { return static_cast<int>(maxFiniteCode() >> mantissaBits) - bias; }
  /// The largest finite value (448 for E4M3, 57344 for E5M2).
  double maxFinite() const {
    const double mantissa = static_cast<double>(maxFiniteCode() & mantissaMask()) / (1u << mantissaBits);
    return std::ldexp(1.0 + mantissa, maxNormalExponent());
  }
};

/// The layout of a small float kind (Float16, BFloat16, Fp8E4M3, Fp8E5M2); throws for others.
const MiniFloatLayout& miniFloatLayout(NumberFormatKind kind);

/// How one value is held: its number format and, for int8, the abs-max its symmetric
/// quantisation scales by (a layer output's profiled abs-max, or a weight tensor's own).
struct ValueEncoding {
  NumberFormat format;
  double scale = 1.0;
};

/// int8's two float32 factors for a layer's abs-max A: code = round_half_even(v * toCode),
/// value = code * toValue, with toCode = float(127/A) and toValue = float(A/127).
struct Int8Factors {
  float toCode = 1.0f;
  float toValue = 1.0f;
};
/// Throws faultlens::Error unless A is positive and finite with both factors finite and non-zero.
Int8Factors int8Factors(double absMax);

/// The value's code in `format`, in the low bitWidth() bits (rounded and saturated as described
/// above). `scale` is read by int8 only (the layer's abs-max) and ignored by the other formats.
std::uint32_t encode(const NumberFormat& format, float value, double scale = 1.0);
/// The value of a code; throws faultlens::Error if the code has bits above bitWidth().
float decode(const NumberFormat& format, std::uint32_t code, double scale = 1.0);
/// decode(encode(value)): the value as the format holds it.
float quantize(const NumberFormat& format, float value, double scale = 1.0);
/// quantize, flip bit `bit` (0 = LSB) of the code, decode.
float flipBitIn(const NumberFormat& format, float value, int bit, double scale = 1.0);
/// quantize, flip every bit set in `mask`, decode (multi-bit faults). Throws faultlens::Error
/// if the mask has bits above bitWidth().
float flipBitsIn(const NumberFormat& format, float value, std::uint32_t mask, double scale = 1.0);

/// Throws faultlens::Error("bit 12 is outside fp8-e4m3 (bits 0..7)") for a bit outside the code.
void requireValidBit(const NumberFormat& format, int bit);
/// Throws faultlens::Error if the format needs a scale and `scale` is not a usable abs-max.
void requireValidScale(const NumberFormat& format, double scale);

/// The code's bits MSB first, fields separated by a space: fp16 1.0 = "0 01111 0000000000".
std::string formatBits(const NumberFormat& format, std::uint32_t code);

}  // namespace faultlens
