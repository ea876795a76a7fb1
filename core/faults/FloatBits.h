#pragma once
// IEEE-754 float32 bit manipulation and the error models applied at one fault site.
// Torch-free on purpose: the GUI's bit editor and the fault parser both use it.
#include <cstdint>
#include <string>

namespace faultlens {

/// Bit positions of an IEEE-754 binary32 value (docs/architecture.md): 0..22 mantissa (22 = MSB),
/// 23..30 exponent, 31 sign.
inline constexpr int kFloatBits = 32;
inline constexpr int kSignBit = 31;
inline constexpr int kExponentLowBit = 23;
inline constexpr int kMantissaHighBit = 22;

enum class BitField { Mantissa, Exponent, Sign };
BitField bitField(int bit);
const char* bitFieldName(BitField field);

std::uint32_t floatToBits(float value);
float bitsToFloat(std::uint32_t bits);

/// v' = bitcast<float>(bitcast<uint32>(v) XOR (1u << bit)).
float flipBit(float value, int bit);
float setBit(float value, int bit, bool one);

/// What can go wrong at one site (docs/architecture.md, "Vocabulary").
enum class ErrorModel { BitFlip, StuckAt0, StuckAt1, RandomValue };
const char* errorModelName(ErrorModel model);
/// Parses "flip", "stuck0", "stuck1" or "random"; throws faultlens::Error otherwise.
ErrorModel parseErrorModel(const std::string& text);

/// Applies one error model to one value. `randomValue` is only read for RandomValue; it is
/// drawn when the fault is sampled, so that re-applying a fault is deterministic.
float applyErrorModel(float value, ErrorModel model, int bit, float randomValue = 0.0f);

/// The paper's range clamp after a fault (docs/architecture.md, "The paper's protocol"): a
/// NaN becomes +absMax, a value larger in magnitude than absMax (±Inf included) becomes
/// absMax with its sign, anything else is kept. absMax must be positive.
float clampToRange(float value, double absMax);

/// The three IEEE-754 fields of a value, for display.
struct FloatFields {
  bool sign = false;
  std::uint32_t exponent = 0;  ///< biased, 8 bits
  std::uint32_t mantissa = 0;  ///< 23 bits
};
FloatFields splitFloat(float value);
/// "0 10000010 01000000000000000000000" (sign, exponent, mantissa MSB first).
std::string formatFloatBits(float value);

void requireValidBit(int bit);

}  // namespace faultlens
