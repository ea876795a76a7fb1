#include "core/faults/FloatBits.h"

#include <cmath>
#include <cstring>

#include "core/Error.h"

namespace faultlens {

void requireValidBit(int bit) {
  if (bit < 0 || bit >= kFloatBits) throw Error("bit " + std::to_string(bit) + " is outside 0..31 of a float32");
}

BitField bitField(int bit) {
  requireValidBit(bit);
  if (bit == kSignBit) return BitField::Sign;
  if (bit >= kExponentLowBit) return BitField::Exponent;
  return BitField::Mantissa;
}

const char* bitFieldName(BitField field) {
  switch (field) {
    case BitField::Mantissa: return "mantissa";
    case BitField::Exponent: return "exponent";
    case BitField::Sign: return "sign";
  }
  return "?";
}

std::uint32_t floatToBits(float value) {
  std::uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

float bitsToFloat(std::uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

float flipBit(float value, int bit) {
  requireValidBit(bit);
  return bitsToFloat(floatToBits(value) ^ (1u << bit));
}

float setBit(float value, int bit, bool one) {
  requireValidBit(bit);
  const std::uint32_t mask = 1u << bit;
  const std::uint32_t bits = floatToBits(value);
  return bitsToFloat(one ? (bits | mask) : (bits & ~mask));
}

const char* errorModelName(ErrorModel model) {
  switch (model) {
    case ErrorModel::BitFlip: return "flip";
    case ErrorModel::StuckAt0: return "stuck0";
    case ErrorModel::StuckAt1: return "stuck1";
    case ErrorModel::RandomValue: return "random";
  }
  return "?";
}

ErrorModel parseErrorModel(const std::string& text) {
  for (ErrorModel m : {ErrorModel::BitFlip, ErrorModel::StuckAt0, ErrorModel::StuckAt1, ErrorModel::RandomValue})
    if (text == errorModelName(m)) return m;
  throw Error("unknown error model '" + text + "' (expected flip, stuck0, stuck1 or random)");
}

float applyErrorModel(float value, ErrorModel model, int bit, float randomValue) {
  switch (model) {
    case ErrorModel::BitFlip: return flipBit(value, bit);
    case ErrorModel::StuckAt0: return setBit(value, bit, false);
    case ErrorModel::StuckAt1: return setBit(value, bit, true);
    case ErrorModel::RandomValue: return randomValue;
  }
  return value;
}

float clampToRange(float value, double absMax) {
  // The bound in float32, rounded towards zero, so a clamped value never exceeds it.
  float bound = static_cast<float>(absMax);
  if (static_cast<double>(bound) > absMax) bound = std::nextafter(bound, 0.0f);
  if (std::isnan(value)) return bound;
  if (std::fabs(static_cast<double>(value)) > absMax) return std::copysign(bound, value);
  return value;
}

FloatFields splitFloat(float value) {
  const std::uint32_t bits = floatToBits(value);
  FloatFields f;
  f.sign = (bits >> kSignBit) & 1u;
  f.exponent = (bits >> kExponentLowBit) & 0xFFu;
  f.mantissa = bits & 0x7FFFFFu;
  return f;
}

std::string formatFloatBits(float value) {
  const std::uint32_t bits = floatToBits(value);
  std::string out;
  for (int b = kFloatBits - 1; b >= 0; --b) {
    out += ((bits >> b) & 1u) ? '1' : '0';
    if (b == kSignBit || b == kExponentLowBit) out += ' ';
  }
  return out;
}

}  // namespace faultlens
