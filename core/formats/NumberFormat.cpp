#include "core/formats/NumberFormat.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <utility>

#include "core/Error.h"
#include "core/faults/FloatBits.h"

namespace faultlens {

const MiniFloatLayout& miniFloatLayout(NumberFormatKind kind) {
  static constexpr MiniFloatLayout kHalf{5, 10, 15, true, false};
  static constexpr MiniFloatLayout kBFloat16{8, 7, 127, true, false};
  static constexpr MiniFloatLayout kE4M3{4, 3, 7, false, true};
  static constexpr MiniFloatLayout kE5M2{5, 2, 15, true, true};
  switch (kind) {
    case NumberFormatKind::Float16: return kHalf;
    case NumberFormatKind::BFloat16: return kBFloat16;
    case NumberFormatKind::Fp8E4M3: return kE4M3;
    case NumberFormatKind::Fp8E5M2: return kE5M2;
    default: break;
  }
  throw Error("internal: not a small float format");
}

namespace {

constexpr const char* kValidNames = "fp32, fp16, bf16, fp8-e4m3, fp8-e5m2, int8 or fixed:I.F";
constexpr std::uint32_t kQuietNaNBits = 0x7FC00000u;

/// Round half to even of a double holding an exact value (independent of the FPU rounding mode).
double roundHalfEven(double x) {
  const double down = std::floor(x);
  const double diff = x - down;  // exact: x and floor(x) share the binade or x is small
  if (diff > 0.5) return down + 1.0;
  if (diff < 0.5) return down;
  return std::fmod(down, 2.0) == 0.0 ? down : down + 1.0;
}

std::uint32_t encodeMiniFloat(const MiniFloatLayout& f, float value) {
  const std::uint32_t sign = (floatToBits(value) >> 31) << f.signShift();
  if (std::isnan(value)) return f.nanCode();
  if (std::isinf(value)) return sign | (f.hasInfinity ? f.infinityCode() : f.maxFiniteCode());
  const double magnitude = std::fabs(static_cast<double>(value));
  if (magnitude == 0.0) return sign;
  int e = 0;
  std::frexp(magnitude, &e);                         // magnitude = m * 2^e, m in [0.5, 1): floor(log2) = e - 1
  const int exponent = std::max(e - 1, 1 - f.bias);  // subnormals share the smallest normal exponent
  // Units of the last place at that exponent: exact (scaling by a power of two, 24 bits fit).
  const double units = roundHalfEven(std::ldexp(magnitude, f.mantissaBits - exponent));
  // Normal: ((exponent+bias) << M) + units - 2^M; subnormal (exponent field 0): units. A carry of
  // `units` into 2^(M+1) moves to the next exponent by itself.
  const std::int64_t code =
      (static_cast<std::int64_t>(exponent + f.bias - 1) << f.mantissaBits) + static_cast<std::int64_t>(units);
  if (code > static_cast<std::int64_t>(f.maxFiniteCode()))
    return sign | ((f.saturateFinite || !f.hasInfinity) ? f.maxFiniteCode() : f.infinityCode());
  return sign | static_cast<std::uint32_t>(code);
}

float decodeMiniFloat(const MiniFloatLayout& f, std::uint32_t code) {
  const bool negative = (code >> f.signShift()) & 1u;
  const std::uint32_t exponentField = (code >> f.mantissaBits) & f.exponentMask();
  const std::uint32_t mantissa = code & f.mantissaMask();
  if (exponentField == f.exponentMask()) {
    if (f.hasInfinity && mantissa == 0)
      return negative ? -std::numeric_limits<float>::infinity() : std::numeric_limits<float>::infinity();
    if (f.hasInfinity || mantissa == f.mantissaMask())
      return bitsToFloat((negative ? 0x80000000u : 0u) | kQuietNaNBits);
  }
  // Every value of these formats is a float32: the double is exact and so is the conversion.
  const double magnitude = exponentField == 0 ? std::ldexp(static_cast<double>(mantissa), 1 - f.bias - f.mantissaBits)
                                              : std::ldexp(static_cast<double>((1u << f.mantissaBits) | mantissa),
                                                           static_cast<int>(exponentField) - f.bias - f.mantissaBits);
  const float result = static_cast<float>(magnitude);
  return negative ? -result : result;
}

std::uint32_t widthMask(int width) { return width >= 32 ? 0xFFFFFFFFu : (1u << width) - 1u; }

/// The signed integer a width-bit two's complement code stands for.
std::int64_t twosComplement(std::uint32_t code, int width) {
  const std::int64_t value = static_cast<std::int64_t>(code);
  return (code >> (width - 1)) & 1u ? value - (std::int64_t{1} << width) : value;
}

/// Rounds `units` (already scaled to code units, NaN excluded) half to even and saturates to
/// [lo, hi]; returns the width-bit two's complement code.
std::uint32_t saturatedCode(double units, std::int64_t lo, std::int64_t hi, int width) {
  double clamped = units;
  if (!(clamped >= static_cast<double>(lo))) clamped = static_cast<double>(lo);
  if (clamped > static_cast<double>(hi)) clamped = static_cast<double>(hi);
  const auto q = static_cast<std::int64_t>(roundHalfEven(clamped));  // bounds are integers: stays inside
  return static_cast<std::uint32_t>(q) & widthMask(width);
}

void checkFixed(int integerBits, int fractionBits) {
  const std::string name = "fixed:" + std::to_string(integerBits) + "." + std::to_string(fractionBits);
  if (integerBits < 0 || fractionBits < 0) throw Error("bad number format '" + name + "': I and F must be >= 0");
  const long width = 1L + integerBits + fractionBits;
  if (width < 2 || width > 32)
    throw Error("number format '" + name + "' is " + std::to_string(width) + (width == 1 ? " bit" : " bits") +
                " wide; fixed:I.F needs 2..32 bits (1 sign bit + I integer bits + F fraction bits)");
}

/// Validates the fields a caller may have set by hand.
void checkFormat(const NumberFormat& format) {
  if (format.kind == NumberFormatKind::Fixed) checkFixed(format.integerBits, format.fractionBits);
}

bool allDigits(const std::string& s) {
  if (s.empty() || s.size() > 4) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

NumberFormat NumberFormat::parse(const std::string& text) {
  static const std::pair<const char*, NumberFormatKind> kNames[] = {
      {"fp32", NumberFormatKind::Float32},     {"fp16", NumberFormatKind::Float16},
      {"bf16", NumberFormatKind::BFloat16},    {"fp8-e4m3", NumberFormatKind::Fp8E4M3},
      {"fp8-e5m2", NumberFormatKind::Fp8E5M2}, {"int8", NumberFormatKind::Int8},
  };
  for (const auto& [name, kind] : kNames)
    if (text == name) {
      NumberFormat format;
      format.kind = kind;
      return format;
    }
  const std::string prefix = "fixed:";
  if (text.compare(0, prefix.size(), prefix) == 0) {
    const std::string rest = text.substr(prefix.size());
    const auto dot = rest.find('.');
    const std::string i = dot == std::string::npos ? rest : rest.substr(0, dot);
    const std::string f = dot == std::string::npos ? "" : rest.substr(dot + 1);
    if (!allDigits(i) || !allDigits(f))
      throw Error("bad number format '" + text +
                  "' (expected fixed:I.F, e.g. fixed:3.4: 1 sign bit, I integer bits, F fraction bits)");
    return fixedPoint(std::stoi(i), std::stoi(f));
  }
  throw Error("unknown number format '" + text + "' (expected " + kValidNames + ")");
}

NumberFormat NumberFormat::fixedPoint(int integerBits, int fractionBits) {
  checkFixed(integerBits, fractionBits);
  NumberFormat format;
  format.kind = NumberFormatKind::Fixed;
  format.integerBits = integerBits;
  format.fractionBits = fractionBits;
  return format;
}

std::string NumberFormat::name() const {
  switch (kind) {
    case NumberFormatKind::Float32: return "fp32";
    case NumberFormatKind::Float16: return "fp16";
    case NumberFormatKind::BFloat16: return "bf16";
    case NumberFormatKind::Fp8E4M3: return "fp8-e4m3";
    case NumberFormatKind::Fp8E5M2: return "fp8-e5m2";
    case NumberFormatKind::Int8: return "int8";
    case NumberFormatKind::Fixed: return "fixed:" + std::to_string(integerBits) + "." + std::to_string(fractionBits);
  }
  return "?";
}

int NumberFormat::bitWidth() const {
  switch (kind) {
    case NumberFormatKind::Float32: return 32;
    case NumberFormatKind::Float16:
    case NumberFormatKind::BFloat16: return 16;
    case NumberFormatKind::Fp8E4M3:
    case NumberFormatKind::Fp8E5M2:
    case NumberFormatKind::Int8: return 8;
    case NumberFormatKind::Fixed: checkFixed(integerBits, fractionBits); return 1 + integerBits + fractionBits;
  }
  return 0;
}

bool NumberFormat::needsScale() const { return kind == NumberFormatKind::Int8; }

std::vector<NumberField> NumberFormat::fields() const {
  switch (kind) {
    case NumberFormatKind::Float32: return {{"sign", 1}, {"exponent", 8}, {"mantissa", 23}};
    case NumberFormatKind::Int8: return {{"two's complement", 8}};
    case NumberFormatKind::Fixed: {
      checkFixed(integerBits, fractionBits);
      std::vector<NumberField> out{{"sign", 1}};
      if (integerBits > 0) out.push_back({"integer", integerBits});
      if (fractionBits > 0) out.push_back({"fraction", fractionBits});
      return out;
    }
    default: {
      const MiniFloatLayout& f = miniFloatLayout(kind);
      return {{"sign", 1}, {"exponent", f.exponentBits}, {"mantissa", f.mantissaBits}};
    }
  }
}

Int8Factors int8Factors(double absMax) {
  Int8Factors factors;
  if (std::isfinite(absMax) && absMax > 0.0) {
    factors.toCode = static_cast<float>(127.0 / absMax);
    factors.toValue = static_cast<float>(absMax / 127.0);
    if (std::isfinite(factors.toCode) && std::isfinite(factors.toValue) && factors.toCode != 0.0f &&
        factors.toValue != 0.0f)
      return factors;
  }
  char text[64];
  std::snprintf(text, sizeof text, "%g", absMax);
  throw Error(
      std::string("int8 needs the layer's abs-max as its scale, a positive finite number from about 4e-37 to 4e40; "
                  "got ") +
      text);
}

void requireValidScale(const NumberFormat& format, double scale) {
  if (format.needsScale()) int8Factors(scale);
}

void requireValidBit(const NumberFormat& format, int bit) {
  const int width = format.bitWidth();
  if (bit < 0 || bit >= width)
    throw Error("bit " + std::to_string(bit) + " is outside " + format.name() + " (bits 0.." +
                std::to_string(width - 1) + ")");
}

std::uint32_t encode(const NumberFormat& format, float value, double scale) {
  checkFormat(format);
  switch (format.kind) {
    case NumberFormatKind::Float32: return floatToBits(value);
    case NumberFormatKind::Int8: {
      const Int8Factors factors = int8Factors(scale);
      if (std::isnan(value)) return 0;
      // One float32 multiplication (what the tensor path computes); ±Inf saturates below.
      const float units = value * factors.toCode;
      return saturatedCode(units, -127, 127, 8);
    }
    case NumberFormatKind::Fixed: {
      if (std::isnan(value)) return 0;
      const int width = format.bitWidth();
      const std::int64_t hi = (std::int64_t{1} << (width - 1)) - 1;
      // value * 2^F is exact in double.
      return saturatedCode(std::ldexp(static_cast<double>(value), format.fractionBits), -hi - 1, hi, width);
    }
    default: return encodeMiniFloat(miniFloatLayout(format.kind), value);
  }
}

float decode(const NumberFormat& format, std::uint32_t code, double scale) {
  const int width = format.bitWidth();  // validates Fixed
  if ((code & ~widthMask(width)) != 0) {
    char text[64];
    std::snprintf(text, sizeof text, "0x%X", code);
    throw Error(std::string("code ") + text + " does not fit " + format.name() + " (" + std::to_string(width) +
                " bits)");
  }
  switch (format.kind) {
    case NumberFormatKind::Float32: return bitsToFloat(code);
    case NumberFormatKind::Int8: {
      const Int8Factors factors = int8Factors(scale);
      return static_cast<float>(twosComplement(code, 8)) * factors.toValue;
    }
    case NumberFormatKind::Fixed:
      // code * 2^-F is exact in double; the float conversion rounds to nearest even (only formats
      // wider than 24 bits have values that are not float32s).
      return static_cast<float>(std::ldexp(static_cast<double>(twosComplement(code, width)), -format.fractionBits));
    default: return decodeMiniFloat(miniFloatLayout(format.kind), code);
  }
}

float quantize(const NumberFormat& format, float value, double scale) {
  return decode(format, encode(format, value, scale), scale);
}

float flipBitIn(const NumberFormat& format, float value, int bit, double scale) {
  requireValidBit(format, bit);
  return decode(format, encode(format, value, scale) ^ (1u << bit), scale);
}

float flipBitsIn(const NumberFormat& format, float value, std::uint32_t mask, double scale) {
  const int width = format.bitWidth();
  if ((mask & ~widthMask(width)) != 0) {
    char text[64];
    std::snprintf(text, sizeof text, "0x%X", mask);
    throw Error(std::string("bit mask ") + text + " has bits outside " + format.name() + " (bits 0.." +
                std::to_string(width - 1) + ")");
  }
  return decode(format, encode(format, value, scale) ^ mask, scale);
}

std::string formatBits(const NumberFormat& format, std::uint32_t code) {
  std::string out;
  int bit = format.bitWidth() - 1;
  for (const NumberField& field : format.fields()) {
    if (!out.empty()) out += ' ';
    for (int i = 0; i < field.width; ++i, --bit) out += ((code >> bit) & 1u) ? '1' : '0';
  }
  return out;
}

}  // namespace faultlens
