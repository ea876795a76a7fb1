#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/Error.h"
#include "core/faults/FloatBits.h"
#include "core/formats/NumberFormat.h"
#include "core/formats/NumberFormatTensor.h"
#include "tests/core/ExpectError.h"

// Every comparison in this file is exact (EXPECT_EQ on codes or on float bit patterns): all the
// formats' values are float32 numbers (or, for fixed-point wider than 24 bits, the float32
// nearest to one), rounding is a deterministic function, and the references below compute the
// same mathematical function by other means. No tolerance is needed or wanted.

namespace faultlens {
namespace {

using test::expectErrorMentioning;

const float kInf = std::numeric_limits<float>::infinity();
const float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr std::uint32_t kQuietNaN = 0x7FC00000u;

NumberFormat fmt(const std::string& name) { return NumberFormat::parse(name); }

// ---- independent references ---------------------------------------------------------------

#if defined(__FLT16_MAX__)
// The compiler's IEEE binary16 (_Float16: GCC >= 12 / Clang >= 15 on x86-64, conversions by
// libgcc's soft-fp or F16C, round to nearest even).
constexpr bool kHaveFloat16 = true;
std::uint32_t compilerHalfCode(float v) {
  const _Float16 h = static_cast<_Float16>(v);
  std::uint16_t code;
  std::memcpy(&code, &h, sizeof code);
  return code;
}
float compilerHalfValue(std::uint32_t code) {
  const auto c = static_cast<std::uint16_t>(code);
  _Float16 h;
  std::memcpy(&h, &c, sizeof h);
  return static_cast<float>(h);
}
#else
constexpr bool kHaveFloat16 = false;
std::uint32_t compilerHalfCode(float) { return 0; }
float compilerHalfValue(std::uint32_t) { return 0.0f; }
#endif

/// bfloat16 by the usual bit trick: add 0x7FFF plus the LSB that stays, keep the top half.
std::uint32_t bitTrickBf16Code(float v) {
  const std::uint32_t u = floatToBits(v);
  return (u + 0x7FFFu + ((u >> 16) & 1u)) >> 16;
}

/// FP8 straight from the definition: (-1)^s 2^(e-bias) (1 + m/2^M), subnormals 2^(1-bias) m/2^M.
/// `fn` = E4M3 "fn" (only S.1111.111 is NaN), else IEEE-like (all-ones exponent: Inf or NaN).
double definitionFp8(std::uint32_t code, int expBits, int manBits, int bias, bool fn) {
  const int s = (code >> 7) & 1;
  const int e = (code >> manBits) & ((1 << expBits) - 1);
  const int m = code & ((1 << manBits) - 1);
  const int allOnes = (1 << expBits) - 1;
  if (!fn && e == allOnes) return m == 0 ? (s ? -HUGE_VAL : HUGE_VAL) : std::nan("");
  if (fn && e == allOnes && m == (1 << manBits) - 1) return std::nan("");
  const double frac = m / std::pow(2.0, manBits);
  const double mag = e == 0 ? std::pow(2.0, 1 - bias) * frac : std::pow(2.0, e - bias) * (1.0 + frac);
  return s ? -mag : mag;
}
double e4m3(std::uint32_t code) { return definitionFp8(code, 4, 3, 7, true); }
double e5m2(std::uint32_t code) { return definitionFp8(code, 5, 2, 15, false); }

bool sameBits(float a, float b) { return floatToBits(a) == floatToBits(b); }

// ---- parse, name, layout ----------------------------------------------------------------------

TEST(NumberFormat, ParsesAndNamesRoundTrip) {
  for (const char* name : {"fp32", "fp16", "bf16", "fp8-e4m3", "fp8-e5m2", "int8", "fixed:3.4", "fixed:0.4",
                           "fixed:4.4", "fixed:0.1", "fixed:31.0", "fixed:16.15", "fixed:0.31"}) {
    const NumberFormat f = fmt(name);
    EXPECT_EQ(f.name(), name);
    EXPECT_EQ(NumberFormat::parse(f.name()), f);
  }
  EXPECT_EQ(fmt("fp32").kind, NumberFormatKind::Float32);
  EXPECT_EQ(fmt("fp8-e4m3").kind, NumberFormatKind::Fp8E4M3);
  const NumberFormat fixed = fmt("fixed:3.4");
  EXPECT_EQ(fixed.kind, NumberFormatKind::Fixed);
  EXPECT_EQ(fixed.integerBits, 3);
  EXPECT_EQ(fixed.fractionBits, 4);
  EXPECT_EQ(fixed, NumberFormat::fixedPoint(3, 4));
  EXPECT_NE(fixed, fmt("fixed:4.3"));
  EXPECT_EQ(fmt("fixed:03.04").name(), "fixed:3.4");  // leading zeros read, canonical name written
  EXPECT_EQ(NumberFormat{}.name(), "fp32");           // the default is today's behaviour
}

TEST(NumberFormat, WidthsScalesAndFields) {
  EXPECT_EQ(fmt("fp32").bitWidth(), 32);
  EXPECT_EQ(fmt("fp16").bitWidth(), 16);
  EXPECT_EQ(fmt("bf16").bitWidth(), 16);
  EXPECT_EQ(fmt("fp8-e4m3").bitWidth(), 8);
  EXPECT_EQ(fmt("fp8-e5m2").bitWidth(), 8);
  EXPECT_EQ(fmt("int8").bitWidth(), 8);
  EXPECT_EQ(fmt("fixed:3.4").bitWidth(), 8);  // GoldenEye's convention: 1 sign + I + F
  EXPECT_EQ(fmt("fixed:4.4").bitWidth(), 9);
  EXPECT_EQ(fmt("fixed:0.4").bitWidth(), 5);
  EXPECT_EQ(fmt("fixed:16.15").bitWidth(), 32);
  EXPECT_TRUE(fmt("int8").needsScale());
  for (const char* name : {"fp32", "fp16", "bf16", "fp8-e4m3", "fp8-e5m2", "fixed:3.4"})
    EXPECT_FALSE(fmt(name).needsScale()) << name;

  auto layout = [](const std::string& name) {
    std::string out;
    int total = 0;
    for (const NumberField& f : fmt(name).fields()) {
      out += f.name + " " + std::to_string(f.width) + ";";
      total += f.width;
    }
    EXPECT_EQ(total, fmt(name).bitWidth()) << name;
    return out;
  };
  EXPECT_EQ(layout("fp32"), "sign 1;exponent 8;mantissa 23;");
  EXPECT_EQ(layout("fp16"), "sign 1;exponent 5;mantissa 10;");
  EXPECT_EQ(layout("bf16"), "sign 1;exponent 8;mantissa 7;");
  EXPECT_EQ(layout("fp8-e4m3"), "sign 1;exponent 4;mantissa 3;");
  EXPECT_EQ(layout("fp8-e5m2"), "sign 1;exponent 5;mantissa 2;");
  EXPECT_EQ(layout("int8"), "two's complement 8;");
  EXPECT_EQ(layout("fixed:3.4"), "sign 1;integer 3;fraction 4;");
  EXPECT_EQ(layout("fixed:0.4"), "sign 1;fraction 4;");
  EXPECT_EQ(layout("fixed:7.0"), "sign 1;integer 7;");

  EXPECT_EQ(formatBits(fmt("fp16"), 0x3C00), "0 01111 0000000000");
  EXPECT_EQ(formatBits(fmt("fp8-e4m3"), 0xFE), "1 1111 110");
  EXPECT_EQ(formatBits(fmt("int8"), 0x81), "10000001");
  EXPECT_EQ(formatBits(fmt("fixed:3.4"), 0x90), "1 001 0000");
  EXPECT_EQ(formatBits(fmt("fp32"), floatToBits(-2.5f)), formatFloatBits(-2.5f));
}

TEST(NumberFormat, RejectsBadNamesWithTheValidOnes) {
  for (const char* bad : {"", "fp64", "FP16", " fp16", "fp16 ", "int4", "fp8", "fixed"})
    expectErrorMentioning([&] { NumberFormat::parse(bad); }, "'" + std::string(bad) + "'",
                          "expected fp32, fp16, bf16, fp8-e4m3, fp8-e5m2, int8 or fixed:I.F");
  for (const char* bad : {"fixed:", "fixed:4", "fixed:4.", "fixed:.4", "fixed:a.b", "fixed:-1.4", "fixed:+1.4",
                          "fixed:4.4.4", "fixed:4,4", "fixed:99999.1"})
    expectErrorMentioning([&] { NumberFormat::parse(bad); }, "'" + std::string(bad) + "'", "expected fixed:I.F");
  // Width 1 + I + F must be 2..32 bits.
  expectErrorMentioning([] { NumberFormat::parse("fixed:0.0"); }, "fixed:0.0", "1 bit wide");
  expectErrorMentioning([] { NumberFormat::parse("fixed:20.20"); }, "fixed:20.20", "41 bits wide");
  expectErrorMentioning([] { NumberFormat::parse("fixed:16.16"); }, "fixed:16.16", "2..32 bits");
  expectErrorMentioning([] { NumberFormat::parse("fixed:0.32"); }, "fixed:0.32", "33 bits wide");
  expectErrorMentioning([] { NumberFormat::fixedPoint(-1, 4); }, "fixed:-1.4", ">= 0");
  // A Fixed format filled in by hand is checked where it is used.
  NumberFormat handMade;
  handMade.kind = NumberFormatKind::Fixed;
  handMade.integerBits = 40;
  EXPECT_THROW(encode(handMade, 1.0f), Error);
  EXPECT_THROW(handMade.bitWidth(), Error);
}

TEST(NumberFormat, RejectsBitsAndCodesOutsideTheFormat) {
  expectErrorMentioning([] { requireValidBit(fmt("fp8-e4m3"), 12); }, "fp8-e4m3",
                        "bit 12 is outside fp8-e4m3 (bits 0..7)");
  expectErrorMentioning([] { requireValidBit(fmt("fp32"), 32); }, "fp32", "bits 0..31");
  expectErrorMentioning([] { requireValidBit(fmt("fp16"), 16); }, "fp16", "bits 0..15");
  expectErrorMentioning([] { requireValidBit(fmt("int8"), -1); }, "int8", "bit -1 is outside");
  expectErrorMentioning([] { requireValidBit(fmt("fixed:4.4"), 9); }, "fixed:4.4", "bits 0..8");
  EXPECT_NO_THROW(requireValidBit(fmt("fixed:4.4"), 8));
  EXPECT_NO_THROW(requireValidBit(fmt("bf16"), 15));
  EXPECT_THROW(flipBitIn(fmt("int8"), 1.0f, 8, 1.0), Error);
  expectErrorMentioning([] { flipBitsIn(fmt("int8"), 1.0f, 0x100u, 1.0); }, "int8", "0x100");
  expectErrorMentioning([] { decode(fmt("fp16"), 0x10000u); }, "fp16", "0x10000 does not fit");
  EXPECT_THROW(decode(fmt("fixed:3.4"), 0x100u), Error);
  EXPECT_NO_THROW(decode(fmt("fixed:16.15"), 0xFFFFFFFFu));
}

// ---- fp32 ------------------------------------------------------------------------------------

TEST(NumberFormat, Fp32IsTheIdentityAndFlipsLikeFloatBits) {
  // The identity: codes are the float's own bits, flips are FloatBits' flips (exact by design).
  const NumberFormat f = fmt("fp32");
  for (float v : {1.0f, -2.5f, 3.14159f, 0.0f, -0.0f, 1e-42f, kInf, 6.5e37f}) {
    EXPECT_EQ(encode(f, v), floatToBits(v));
    EXPECT_TRUE(sameBits(quantize(f, v), v));
    for (int bit = 0; bit < 32; ++bit) EXPECT_TRUE(sameBits(flipBitIn(f, v, bit), flipBit(v, bit))) << v << " " << bit;
  }
  EXPECT_EQ(encode(f, bitsToFloat(0x7FA12345u)), 0x7FA12345u);  // NaN payloads pass through fp32
  EXPECT_TRUE(sameBits(flipBitsIn(f, 1.0f, 0x80400000u), -1.5f));
}

// ---- fp16 ------------------------------------------------------------------------------------

TEST(NumberFormat, Fp16KnownCodes) {
  // Known IEEE binary16 encodings; the rounded inputs are exact ties or plain nearest cases.
  const NumberFormat h = fmt("fp16");
  struct Case {
    float value;
    std::uint32_t code;
  };
  const Case cases[] = {
      {1.0f, 0x3C00},
      {-2.0f, 0xC000},
      {0.5f, 0x3800},
      {65504.0f, 0x7BFF},               // max finite
      {65519.0f, 0x7BFF},               // below the midpoint to 65536
      {65520.0f, 0x7C00},               // tie between 65504 (odd mantissa) and 65536: even = Inf
      {1e6f, 0x7C00},                   // overflow -> Inf as IEEE does
      {-1e6f, 0xFC00},                  //
      {kInf, 0x7C00},                   //
      {-kInf, 0xFC00},                  //
      {std::ldexp(1.0f, -14), 0x0400},  // smallest normal
      {std::ldexp(1.0f, -24), 0x0001},  // smallest subnormal
      {std::ldexp(1.0f, -25), 0x0000},  // tie between 0 and 2^-24: even = 0
      {std::ldexp(3.0f, -25), 0x0002},  // tie between 1 and 2 units: even = 2
      {std::ldexp(5.0f, -25), 0x0002},  // tie between 2 and 3 units: even = 2
      {std::nextafter(std::ldexp(1.0f, -25), 1.0f), 0x0001},
      {-std::ldexp(1.0f, -26), 0x8000},  // rounds to -0
      {0.1f, 0x2E66},
      {1.0f / 3.0f, 0x3555},
      {1.0f + std::ldexp(1.0f, -11), 0x3C00},  // tie: even mantissa 0
      {1.0f + std::ldexp(3.0f, -11), 0x3C02},  // tie between 1 and 2: even = 2
      {-0.0f, 0x8000},
      {0.0f, 0x0000},
      {kNaN, 0x7E00},  // canonical quiet NaN, sign dropped
      {-kNaN, 0x7E00},
  };
  for (const Case& c : cases) EXPECT_EQ(encode(h, c.value), c.code) << c.value;
  EXPECT_EQ(decode(h, 0x7BFF), 65504.0f);
  EXPECT_EQ(decode(h, 0x0001), std::ldexp(1.0f, -24));
  EXPECT_EQ(decode(h, 0x03FF), std::ldexp(1023.0f, -24));  // largest subnormal
  EXPECT_TRUE(sameBits(decode(h, 0x8000), -0.0f));
  EXPECT_EQ(decode(h, 0xFC00), -kInf);
  EXPECT_EQ(floatToBits(decode(h, 0x7C01)), kQuietNaN);  // NaN codes: quiet NaN with the code's sign
  EXPECT_EQ(floatToBits(decode(h, 0xFE00)), 0x80000000u | kQuietNaN);
  EXPECT_EQ(floatToBits(quantize(h, bitsToFloat(0xFFA12345u))), kQuietNaN);
}

TEST(NumberFormat, Fp16MatchesTheCompilersHalfType) {
  if (!kHaveFloat16) GTEST_SKIP() << "no _Float16 in this compiler";
  const NumberFormat h = fmt("fp16");
  // Every code decodes as the compiler's half does (exact: all binary16 values are floats).
  for (std::uint32_t code = 0; code < 0x10000; ++code) {
    const float expected = compilerHalfValue(code);
    if (std::isnan(expected)) {
      EXPECT_EQ(floatToBits(decode(h, code)), (code & 0x8000 ? 0x80000000u : 0u) | kQuietNaN) << code;
    } else {
      ASSERT_TRUE(sameBits(decode(h, code), expected)) << code;
    }
  }
  // Encoding: all midpoints between adjacent codes (ties), one float either side of them, and
  // random bit patterns over the whole float32 range. The compiler rounds to nearest even.
  std::vector<float> values;
  for (std::uint32_t code = 0; code < 0x7C00; ++code) {
    const float a = compilerHalfValue(code), b = compilerHalfValue(code + 1);
    const float mid = static_cast<float>((static_cast<double>(a) + b) / 2);  // exact: 12 bits
    for (float v : {a, mid, std::nextafter(mid, 0.0f), std::nextafter(mid, kInf)}) {
      values.push_back(v);
      values.push_back(-v);
    }
  }
  std::mt19937 rng(7);
  for (int i = 0; i < 200000; ++i) values.push_back(bitsToFloat(static_cast<std::uint32_t>(rng())));
  for (float v : values) {
    if (std::isnan(v)) continue;
    ASSERT_EQ(encode(h, v), compilerHalfCode(v)) << v;
  }
}

TEST(NumberFormat, Fp16BitFlips) {
  // Flips act on the binary16 code: 1.0 = 0 01111 0000000000. Exact: every result is a binary16
  // value (a float32) or ±Inf/NaN.
  const NumberFormat h = fmt("fp16");
  EXPECT_EQ(flipBitIn(h, 1.0f, 15), -1.0f);  // sign
  EXPECT_EQ(flipBitIn(h, 1.0f, 10), 0.5f);   // exponent LSB: 15 -> 14
  EXPECT_EQ(flipBitIn(h, 1.0f, 14), kInf);   // exponent MSB: 01111 -> 11111, mantissa 0
  EXPECT_EQ(flipBitIn(h, 1.0f, 9), 1.5f);    // mantissa MSB
  EXPECT_EQ(flipBitIn(h, 1.0f, 0), 1.0f + std::ldexp(1.0f, -10));
  EXPECT_EQ(flipBitIn(h, 0.0f, 0), std::ldexp(1.0f, -24));
  EXPECT_EQ(flipBitIn(h, 0.1f, 15), -quantize(h, 0.1f));
  EXPECT_TRUE(std::isnan(flipBitIn(h, kInf, 0)));
  EXPECT_EQ(flipBitsIn(h, 1.0f, 0x8200u), -1.5f);
  // Bit 14 of the fp16 code is not bit 14 of the float32 (a low mantissa bit there).
  EXPECT_NE(flipBitIn(h, 1.0f, 14), flipBit(1.0f, 14));
}

// ---- bf16 ------------------------------------------------------------------------------------

TEST(NumberFormat, Bf16IsTheTopHalfOfTheRoundedFloat) {
  // The reference is the bit trick (RNE on the low 16 bits): exact integer arithmetic.
  const NumberFormat b = fmt("bf16");
  for (std::uint32_t code = 0; code < 0x10000; ++code) {
    const float expected = bitsToFloat(code << 16);
    if (std::isnan(expected)) {
      EXPECT_EQ(floatToBits(decode(b, code)), (code & 0x8000 ? 0x80000000u : 0u) | kQuietNaN) << code;
    } else {
      ASSERT_TRUE(sameBits(decode(b, code), expected)) << code;
      ASSERT_EQ(encode(b, expected), code);
    }
  }
  std::vector<float> values = {1.0f, 1.00390625f, 1.005859375f, 3.0e38f, 3.4028235e38f, 1e-40f, 1e-45f, -1e-39f};
  for (std::uint32_t code = 0; code < 0x7F80; code += 7) {
    const std::uint32_t mid = (code << 16) | 0x8000u;  // exact tie between code and code + 1
    for (std::uint32_t u : {mid, mid - 1, mid + 1}) {
      values.push_back(bitsToFloat(u));
      values.push_back(-bitsToFloat(u));
    }
  }
  std::mt19937 rng(11);
  for (int i = 0; i < 200000; ++i) values.push_back(bitsToFloat(static_cast<std::uint32_t>(rng())));
  for (float v : values) {
    if (std::isnan(v)) continue;
    ASSERT_EQ(encode(b, v), bitTrickBf16Code(v)) << v;
  }
  EXPECT_EQ(encode(b, 1.00390625f), 0x3F80u);    // 1 + 2^-8: tie, even mantissa 0
  EXPECT_EQ(encode(b, 1.01171875f), 0x3F82u);    // 1 + 3*2^-8: tie between 1 and 2: even = 2
  EXPECT_EQ(encode(b, 3.4028235e38f), 0x7F80u);  // FLT_MAX rounds up to Inf
  EXPECT_EQ(encode(b, kNaN), 0x7FC0u);
  EXPECT_EQ(encode(b, -kNaN), 0x7FC0u);
}

TEST(NumberFormat, Bf16FlipsAreFloat32FlipsOfTheUpperHalf) {
  // bf16 code = bits 16..31 of the rounded float32, so flipping bit b of the code is flipping bit
  // b + 16 of the rounded float (NaN results compared as NaN: decode canonicalises payloads).
  const NumberFormat b = fmt("bf16");
  std::mt19937 rng(3);
  for (int i = 0; i < 2000; ++i) {
    const float v = bitsToFloat(static_cast<std::uint32_t>(rng()));
    if (std::isnan(v)) continue;
    const float rounded = bitsToFloat(bitTrickBf16Code(v) << 16);
    for (int bit = 0; bit < 16; ++bit) {
      const float expected = flipBit(rounded, bit + 16);
      const float got = flipBitIn(b, v, bit);
      if (std::isnan(expected)) ASSERT_TRUE(std::isnan(got));
      else ASSERT_TRUE(sameBits(got, expected)) << v << " bit " << bit;
    }
  }
}

// ---- fp8 -------------------------------------------------------------------------------------

/// Checks one FP8 variant against its definition: every code's value, encode(decode(c)) == c,
/// midpoints of adjacent codes going to the even code, and the nearest code either side.
void checkFp8AgainstDefinition(const NumberFormat& f, double (*definition)(std::uint32_t)) {
  for (std::uint32_t code = 0; code < 256; ++code) {
    const double expected = definition(code);
    const float got = decode(f, code);
    if (std::isnan(expected)) {
      EXPECT_EQ(floatToBits(got), (code & 0x80 ? 0x80000000u : 0u) | kQuietNaN) << code;
      continue;
    }
    // Exact: every FP8 value has at most 4 significant bits and fits float32's range.
    EXPECT_TRUE(sameBits(got, static_cast<float>(expected))) << code << " " << expected;
    EXPECT_EQ(encode(f, got), code) << code;  // ±0 included: -0 is 0x80
  }
  // Positive finite codes in increasing order are 0, 1, 2, ...; their midpoints are ties.
  for (std::uint32_t code = 0; code + 1 < 128; ++code) {
    const double lo = definition(code), hi = definition(code + 1);
    if (std::isnan(hi) || std::isinf(hi)) break;
    const auto mid = static_cast<float>((lo + hi) / 2);  // exact: 5 significant bits
    const std::uint32_t even = (code % 2 == 0) ? code : code + 1;
    EXPECT_EQ(encode(f, mid), even) << "midpoint of " << code;
    EXPECT_EQ(encode(f, -mid), even | 0x80u) << "midpoint of " << code;
    EXPECT_EQ(encode(f, std::nextafter(mid, 0.0f)), code);
    EXPECT_EQ(encode(f, std::nextafter(mid, kInf)), code + 1);
  }
}

TEST(NumberFormat, Fp8E4M3MatchesItsDefinition) {
  // Exact: FP8 values have at most 4 significant bits, so the definition's pow() products are
  // exact in double and in float32. First, hand-checked anchors of the reference itself.
  EXPECT_EQ(e4m3(0x7E), 448.0);
  EXPECT_EQ(e4m3(0x38), 1.0);
  EXPECT_EQ(e4m3(0x08), std::ldexp(1.0, -6));
  EXPECT_EQ(e4m3(0x01), std::ldexp(1.0, -9));
  EXPECT_EQ(e4m3(0x78), 256.0);  // exponent field 15 holds normal numbers in the fn variant
  EXPECT_TRUE(std::isnan(e4m3(0x7F)) && std::isnan(e4m3(0xFF)));
  checkFp8AgainstDefinition(fmt("fp8-e4m3"), e4m3);
}

TEST(NumberFormat, Fp8E4M3SaturatesAndUnderflows) {
  // Exact: the inputs are FP8 values, their midpoints (5 significant bits) or plain floats far
  // from any tie, and the expected codes follow from the definition.
  const NumberFormat f = fmt("fp8-e4m3");
  // Saturating: everything beyond ±448 (and ±Inf) is ±448; 464..480 would otherwise round to the
  // NaN code S.1111.111.
  for (float v : {448.0f, 449.0f, 463.9f, 464.0f, 465.0f, 480.0f, 1e10f, 3.4e38f, kInf}) {
    EXPECT_EQ(encode(f, v), 0x7Eu) << v;
    EXPECT_EQ(encode(f, -v), 0xFEu) << v;
  }
  EXPECT_EQ(encode(f, kNaN), 0x7Fu);
  EXPECT_EQ(encode(f, -kNaN), 0x7Fu);
  EXPECT_EQ(encode(f, std::ldexp(1.0f, -10)), 0x00u);  // tie between 0 and 2^-9: even = 0
  EXPECT_EQ(encode(f, std::nextafter(std::ldexp(1.0f, -10), 1.0f)), 0x01u);
  EXPECT_EQ(encode(f, -1e-30f), 0x80u);  // underflow keeps the sign
  EXPECT_EQ(encode(f, 1e-45f), 0x00u);
  // Flips of 1.0 = 0 0111 000.
  EXPECT_EQ(flipBitIn(f, 1.0f, 7), -1.0f);
  EXPECT_EQ(flipBitIn(f, 1.0f, 3), 0.5f);            // exponent LSB
  EXPECT_EQ(flipBitIn(f, 1.0f, 6), 256.0f);          // exponent MSB: field 15, still a number
  EXPECT_EQ(flipBitIn(f, 1.0f, 2), 1.5f);            // mantissa MSB
  EXPECT_TRUE(std::isnan(flipBitIn(f, 448.0f, 0)));  // 0x7E -> 0x7F
  EXPECT_EQ(flipBitsIn(f, 1.0f, 0x07u), 1.875f);
}

TEST(NumberFormat, Fp8E5M2MatchesItsDefinition) {
  // Exact for the same reason as E4M3 (at most 3 significant bits).
  EXPECT_EQ(e5m2(0x7B), 57344.0);
  EXPECT_EQ(e5m2(0x3C), 1.0);
  EXPECT_EQ(e5m2(0x04), std::ldexp(1.0, -14));
  EXPECT_EQ(e5m2(0x01), std::ldexp(1.0, -16));
  EXPECT_EQ(e5m2(0x7C), HUGE_VAL);
  EXPECT_EQ(e5m2(0xFC), -HUGE_VAL);
  EXPECT_TRUE(std::isnan(e5m2(0x7D)) && std::isnan(e5m2(0x7E)) && std::isnan(e5m2(0xFF)));
  checkFp8AgainstDefinition(fmt("fp8-e5m2"), e5m2);
}

TEST(NumberFormat, Fp8E5M2SaturatesFiniteValuesAndKeepsInfinity) {
  // Exact as for E4M3: FP8 values, exact midpoints (61440 is the tie between 57344 and 65536).
  const NumberFormat f = fmt("fp8-e5m2");
  for (float v : {57344.0f, 57345.0f, 61440.0f, 61441.0f, 65536.0f, 1e10f, 3.4e38f}) {
    EXPECT_EQ(encode(f, v), 0x7Bu) << v;
    EXPECT_EQ(encode(f, -v), 0xFBu) << v;
  }
  EXPECT_EQ(encode(f, kInf), 0x7Cu);
  EXPECT_EQ(encode(f, -kInf), 0xFCu);
  EXPECT_EQ(encode(f, kNaN), 0x7Eu);
  EXPECT_EQ(encode(f, std::ldexp(1.0f, -17)), 0x00u);  // tie between 0 and 2^-16
  EXPECT_EQ(encode(f, std::ldexp(3.0f, -17)), 0x02u);  // tie between 1 and 2 units
  EXPECT_EQ(flipBitIn(f, 1.0f, 6), kInf);              // 0 01111 00 -> 0 11111 00
  EXPECT_TRUE(std::isnan(flipBitIn(f, kInf, 0)));
  EXPECT_EQ(flipBitIn(f, 1.0f, 2), 0.5f);  // exponent LSB
  EXPECT_EQ(flipBitIn(f, 1.0f, 1), 1.5f);  // mantissa MSB
}

// ---- int8 ------------------------------------------------------------------------------------

TEST(NumberFormat, Int8RoundsHalfEvenAndSaturates) {
  // abs-max 127: both float32 factors are exactly 1, so the code is round_half_even(v) itself
  // and every tie below is an exact tie.
  const NumberFormat q = fmt("int8");
  const double a = 127.0;
  EXPECT_EQ(int8Factors(a).toCode, 1.0f);
  EXPECT_EQ(int8Factors(a).toValue, 1.0f);
  struct Case {
    float value;
    std::uint32_t code;
  };
  const Case cases[] = {
      {0.0f, 0x00},  {1.0f, 0x01},   {-1.0f, 0xFF},  {0.5f, 0x00},   {1.5f, 0x02},    {2.5f, 0x02},    {-2.5f, 0xFE},
      {-0.5f, 0x00}, {126.5f, 0x7E}, {127.0f, 0x7F}, {127.5f, 0x7F}, {1000.0f, 0x7F}, {-127.0f, 0x81}, {-1000.0f, 0x81},
      {kInf, 0x7F},  {-kInf, 0x81},  {kNaN, 0x00},   {-0.0f, 0x00},  {-0.4f, 0x00},   {3.4e38f, 0x7F}, {-3.4e38f, 0x81},
  };
  for (const Case& c : cases) EXPECT_EQ(encode(q, c.value, a), c.code) << c.value;
  EXPECT_TRUE(sameBits(quantize(q, -0.4f, a), 0.0f));  // no -0 in two's complement
  EXPECT_EQ(decode(q, 0x80, a), -128.0f);              // only reachable by a flip
  EXPECT_EQ(flipBitIn(q, 1.0f, 7, a), -127.0f);        // 0x01 -> 0x81
  EXPECT_EQ(flipBitIn(q, 0.0f, 7, a), -128.0f);        // 0x00 -> 0x80
  EXPECT_EQ(flipBitIn(q, -1.0f, 7, a), 127.0f);        // 0xFF -> 0x7F
  EXPECT_EQ(flipBitIn(q, 2.0f, 0, a), 3.0f);
  EXPECT_EQ(flipBitsIn(q, 0.0f, 0xFFu, a), -1.0f);

  // abs-max 254: toCode = 0.5 exactly, so v = 3 and 5 are ties (1.5 -> 2, 2.5 -> 2).
  EXPECT_EQ(encode(q, 3.0f, 254.0), 2u);
  EXPECT_EQ(encode(q, 5.0f, 254.0), 2u);
  EXPECT_EQ(encode(q, 254.0f, 254.0), 127u);
  EXPECT_EQ(decode(q, 127u, 254.0), 254.0f);
}

TEST(NumberFormat, Int8FollowsTheScaleFormula) {
  // Exact: the factors are defined as float32 roundings of 127/a and a/127, and a decoded value is
  // one float32 product; only the comparison with the real-valued formula needs a bound.
  const NumberFormat q = fmt("int8");
  for (double a : {1.0, 0.37, 127.0, 1e-3, 3e5, 6.02214e23}) {
    const Int8Factors f = int8Factors(a);
    EXPECT_EQ(f.toCode, static_cast<float>(127.0 / a));
    EXPECT_EQ(f.toValue, static_cast<float>(a / 127.0));
    // Every code decodes to code * float(a/127) (one float32 product) and encodes back to itself
    // (the round trip moves a code by far less than half a unit).
    for (int code = -128; code <= 127; ++code) {
      const auto c = static_cast<std::uint32_t>(code) & 0xFFu;
      EXPECT_TRUE(sameBits(decode(q, c, a), static_cast<float>(code) * f.toValue)) << a << " " << code;
      if (code != -128) {
        EXPECT_EQ(encode(q, decode(q, c, a), a), c) << a << " " << code;
      }
    }
    // Against the exact real formula q = round(v / a * 127): never more than half a unit (plus
    // the float32 factor's relative error, < 1e-6 units here) away.
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> uniform(-1.2 * a, 1.2 * a);
    for (int i = 0; i < 2000; ++i) {
      const auto v = static_cast<float>(uniform(rng));
      const double exact = std::clamp(static_cast<double>(v) / a * 127.0, -127.0, 127.0);
      const double code = static_cast<double>(static_cast<std::int8_t>(encode(q, v, a)));
      EXPECT_LE(std::fabs(code - exact), 0.5 + 1e-5) << a << " " << v;
    }
  }
  for (double bad : {0.0, -1.0, kNaN * 1.0, kInf * 1.0, 1e-300})
    expectErrorMentioning([&] { encode(q, 1.0f, bad); }, "int8", "abs-max");
  EXPECT_THROW(decode(q, 1u, 0.0), Error);
  EXPECT_THROW(requireValidScale(q, -2.0), Error);
  EXPECT_NO_THROW(requireValidScale(fmt("fp16"), 0.0));  // only int8 reads the scale
  EXPECT_EQ(encode(fmt("fp16"), 1.0f, 0.0), 0x3C00u);
}

// ---- fixed point -------------------------------------------------------------------------------

TEST(NumberFormat, FixedPointCodesRoundingAndSaturation) {
  // fixed:3.4 = 1 sign + 3 integer + 4 fraction bits: an int8 code counting sixteenths, range
  // [-8, 7.9375]. All inputs are multiples of 2^-5, so code * 16 and its ties are exact.
  const NumberFormat f = fmt("fixed:3.4");
  for (std::uint32_t code = 0; code < 256; ++code) {
    const float expected = static_cast<float>(static_cast<std::int8_t>(code)) / 16.0f;
    EXPECT_TRUE(sameBits(decode(f, code), expected)) << code;
    EXPECT_EQ(encode(f, expected), code);
  }
  struct Case {
    float value;
    std::uint32_t code;
  };
  const Case cases[] = {
      {1.0f, 0x10},       // 16 sixteenths
      {-1.0f, 0xF0},      // -16
      {0.0625f, 0x01},    // one unit
      {-0.0625f, 0xFF},   //
      {7.9375f, 0x7F},    // max
      {-8.0f, 0x80},      // min
      {8.0f, 0x7F},       // saturates
      {100.0f, 0x7F},     //
      {-100.0f, 0x80},    //
      {kInf, 0x7F},       //
      {-kInf, 0x80},      //
      {kNaN, 0x00},       // NaN -> 0
      {-0.0f, 0x00},      // no -0
      {0.03125f, 0x00},   // 0.5 units: tie, even = 0
      {0.09375f, 0x02},   // 1.5 units -> 2
      {0.15625f, 0x02},   // 2.5 units -> 2
      {-0.09375f, 0xFE},  // -1.5 units -> -2
      {-0.03125f, 0x00},  // -0.5 units -> 0
      {7.96875f, 0x7F},   // 127.5 units: saturates
      {-8.03125f, 0x80},  // -128.5 units: saturates
  };
  for (const Case& c : cases) EXPECT_EQ(encode(f, c.value), c.code) << c.value;
  EXPECT_TRUE(sameBits(quantize(f, -0.03125f), 0.0f));
  EXPECT_EQ(flipBitIn(f, 1.0f, 7), -7.0f);  // sign bit weighs -8: 0x10 -> 0x90 = -112/16
  EXPECT_EQ(flipBitIn(f, 1.0f, 4), 0.0f);   // integer LSB
  EXPECT_EQ(flipBitIn(f, 0.0f, 7), -8.0f);
  EXPECT_EQ(flipBitIn(f, 0.0f, 0), 0.0625f);
  EXPECT_EQ(flipBitsIn(f, 1.0f, 0xF0u), -2.0f);  // 0x10 ^ 0xF0 = 0xE0 = -32 sixteenths
}

TEST(NumberFormat, FixedPointOtherWidths) {
  // Exact: values are multiples of 2^-F (float32 numbers up to 24 bits); wider codes are compared
  // with the float32 that IEEE rounding to nearest even gives.
  // fixed:4.4: 9 bits, [-16, 15.9375].
  const NumberFormat f44 = fmt("fixed:4.4");
  EXPECT_EQ(encode(f44, -16.0f), 0x100u);
  EXPECT_EQ(encode(f44, 15.9375f), 0x0FFu);
  EXPECT_EQ(encode(f44, 20.0f), 0x0FFu);
  EXPECT_EQ(decode(f44, 0x1FF), -0.0625f);
  EXPECT_EQ(flipBitIn(f44, 1.0f, 8), -15.0f);  // 0x010 -> 0x110 = -256 + 16 units
  // fixed:0.4: 5 bits, a pure fraction in [-1, 0.9375].
  const NumberFormat f04 = fmt("fixed:0.4");
  EXPECT_EQ(encode(f04, 0.5f), 0x08u);
  EXPECT_EQ(encode(f04, -1.0f), 0x10u);
  EXPECT_EQ(encode(f04, 1.0f), 0x0Fu);
  EXPECT_EQ(decode(f04, 0x1F), -0.0625f);
  // fixed:31.0: a 32-bit integer. Its top codes are not float32 numbers: decode rounds them to
  // nearest even (2^31 - 1 -> 2^31), exactly as float(int) would.
  const NumberFormat f310 = fmt("fixed:31.0");
  EXPECT_EQ(encode(f310, 1e10f), 0x7FFFFFFFu);
  EXPECT_EQ(decode(f310, 0x7FFFFFFFu), 2147483648.0f);
  EXPECT_EQ(encode(f310, -1.0f), 0xFFFFFFFFu);
  EXPECT_EQ(encode(f310, -3e9f), 0x80000000u);
  EXPECT_EQ(decode(f310, 0x80000000u), -2147483648.0f);
  EXPECT_EQ(encode(f310, 2.5f), 2u);
  EXPECT_EQ(encode(f310, 16777217.0f), 16777216u);  // the float32 input is already 2^24
  // fixed:0.31: value = code * 2^-31.
  const NumberFormat f031 = fmt("fixed:0.31");
  EXPECT_EQ(encode(f031, 0.5f), 0x40000000u);
  EXPECT_EQ(encode(f031, -1.0f), 0x80000000u);
  EXPECT_EQ(encode(f031, 1.0f), 0x7FFFFFFFu);
  EXPECT_EQ(decode(f031, 0x7FFFFFFFu), 1.0f);          // 1 - 2^-31 rounds to 1 in float32
  EXPECT_EQ(encode(f031, std::ldexp(1.0f, -32)), 0u);  // tie at half a unit: even = 0
  EXPECT_EQ(encode(f031, std::ldexp(3.0f, -32)), 2u);
  EXPECT_EQ(flipBitIn(f031, 0.0f, 31), -1.0f);
}

// ---- tensor path -------------------------------------------------------------------------------

/// Values that exercise every format: specials, all FP8 values with their midpoints and
/// neighbours, fp16 and bf16 ties, int8 and fixed-point ties at several scales, and random bit
/// patterns over the whole float32 range (NaNs and subnormals included).
std::vector<float> sweepValues() {
  std::vector<float> v = {0.0f,
                          -0.0f,
                          kInf,
                          -kInf,
                          kNaN,
                          -kNaN,
                          bitsToFloat(0x7F800001u),
                          bitsToFloat(0xFFA12345u),
                          std::numeric_limits<float>::max(),
                          -std::numeric_limits<float>::max(),
                          std::numeric_limits<float>::min(),
                          std::numeric_limits<float>::denorm_min(),
                          -std::numeric_limits<float>::denorm_min(),
                          1.0f,
                          -1.0f,
                          65504.0f,
                          65519.0f,
                          65520.0f,
                          65536.0f,
                          448.0f,
                          464.0f,
                          480.0f,
                          57344.0f,
                          61440.0f,
                          61441.0f,
                          65536.0f};
  auto addAround = [&](double x) {
    const auto f = static_cast<float>(x);
    for (float g : {f, std::nextafter(f, -kInf), std::nextafter(f, kInf)}) {
      v.push_back(g);
      v.push_back(-g);
    }
  };
  for (auto* definition : {&e4m3, &e5m2})
    for (std::uint32_t code = 0; code < 127; ++code) {
      const double a = definition(code), b = definition(code + 1);
      if (std::isnan(a) || std::isinf(a)) continue;
      addAround(a);
      if (!std::isnan(b) && !std::isinf(b)) addAround((a + b) / 2);
    }
  for (std::uint32_t code = 0; code < 0x7C00; code += 3) {  // fp16 ties, from the binary16 layout
    const int field = static_cast<int>(code >> 10);
    const double units = field == 0 ? code : (0x400 | (code & 0x3FF));
    const int exponent = std::max(field, 1) - 25;  // value = units * 2^exponent
    addAround(std::ldexp(units + 0.5, exponent));
  }
  for (std::uint32_t code = 0; code < 0x7F80; code += 13) addAround(bitsToFloat((code << 16) | 0x8000u));
  for (double scale : {1.0, 127.0, 0.37, 3e5}) {
    const double unit = scale / 127.0;
    for (int k = -300; k <= 300; ++k) addAround((k + 0.5) * unit);
  }
  for (int k = -2000; k <= 2000; ++k) {  // fixed-point ties at 2^-5 (fixed:3.4) and 2^-9 (fixed:7.8)
    addAround(std::ldexp(k + 0.5, -4));
    addAround(std::ldexp(k + 0.5, -8));
  }
  std::mt19937 rng(2024);
  for (int i = 0; i < 60000; ++i) v.push_back(bitsToFloat(static_cast<std::uint32_t>(rng())));
  std::uniform_real_distribution<float> small(-3.0f, 3.0f), medium(-600.0f, 600.0f);
  for (int i = 0; i < 20000; ++i) {
    v.push_back(small(rng));
    v.push_back(medium(rng));
  }
  v.push_back(1.0f);  // an odd count: vectorised loops have a tail
  return v;
}

struct TensorCase {
  const char* format;
  double scale;
};
const TensorCase kTensorCases[] = {
    {"fp32", 1.0},        {"fp16", 1.0},       {"bf16", 1.0},       {"fp8-e4m3", 1.0},   {"fp8-e5m2", 1.0},
    {"int8", 1.0},        {"int8", 127.0},     {"int8", 0.37},      {"int8", 3e5},       {"int8", 1e-3},
    {"fixed:3.4", 1.0},   {"fixed:0.4", 1.0},  {"fixed:4.4", 1.0},  {"fixed:7.8", 1.0},  {"fixed:15.16", 1.0},
    {"fixed:16.15", 1.0}, {"fixed:31.0", 1.0}, {"fixed:0.31", 1.0}, {"fixed:24.0", 1.0}, {"fixed:25.0", 1.0},
};

/// Bit-for-bit comparison of quantizeTensor with the scalar quantize (memcmp-level: NaN bit
/// patterns, -0 and +0 all distinguished).
/// How a test rounds a tensor: into a new one, or in place by either path.
enum class Rounder { NewTensor, InPlaceFastest, InPlaceTorchOps };

at::Tensor roundWith(Rounder rounder, const NumberFormat& format, const at::Tensor& input, double scale) {
  if (rounder == Rounder::NewTensor) return quantizeTensor(format, input, scale);
  at::Tensor out = input.contiguous().clone();
  quantizeTensorInPlace(format, out, scale,
                        rounder == Rounder::InPlaceFastest ? RoundingPath::Fastest : RoundingPath::TorchOps);
  return out;
}

void expectTensorMatchesScalar(const NumberFormat& format, double scale, const at::Tensor& input,
                               const std::vector<float>& values, Rounder rounder = Rounder::NewTensor) {
  const at::Tensor out = roundWith(rounder, format, input, scale).contiguous();
  ASSERT_EQ(out.scalar_type(), at::kFloat);
  ASSERT_EQ(out.sizes(), input.sizes());
  const at::Tensor flatOut = out.reshape({-1});
  const at::Tensor flatIn = input.contiguous().reshape({-1});
  const float* got = flatOut.data_ptr<float>();
  const float* in = flatIn.data_ptr<float>();
  ASSERT_EQ(static_cast<std::size_t>(flatOut.numel()), values.size());
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const float expected = quantize(format, in[i], scale);
    if (std::memcmp(&expected, &got[i], sizeof expected) != 0 && ++mismatches <= 5)
      ADD_FAILURE() << format.name() << " scale " << scale << ": input " << in[i] << " (0x" << std::hex
                    << floatToBits(in[i]) << ") scalar 0x" << floatToBits(expected) << " tensor 0x"
                    << floatToBits(got[i]) << std::dec;
  }
  EXPECT_EQ(mismatches, 0u) << format.name();
}

TEST(NumberFormatTensor, MatchesTheScalarPathBitForBit) {
  // Exact: both paths compute the same correctly rounded function; the comparison is memcmp.
  // Run twice: with NaN/Inf in the tensor (the masked path) and without (the path that skips
  // the masks after finding the tensor's sum finite).
  std::vector<float> values = sweepValues();
  ASSERT_GT(values.size(), 100000u);
  auto toTensor = [](std::vector<float>& v) {
    return at::from_blob(v.data(), {static_cast<std::int64_t>(v.size())}, at::kFloat).clone();
  };
  for (const TensorCase& c : kTensorCases) expectTensorMatchesScalar(fmt(c.format), c.scale, toTensor(values), values);
  std::vector<float> finite;
  for (float x : values)
    if (std::isfinite(x) && std::fabs(x) < 1e30f) finite.push_back(x);  // a sum that cannot overflow
  ASSERT_TRUE(std::isfinite(toTensor(finite).sum().item<float>()));
  for (const TensorCase& c : kTensorCases) expectTensorMatchesScalar(fmt(c.format), c.scale, toTensor(finite), finite);
}

TEST(NumberFormatTensor, RoundingInPlaceMatchesTheScalarPathBitForBit) {
  // Exact, as above: the vector loops (where this CPU has AVX2) and the torch-op path written
  // back must both give quantize() of every element. The sweep spans several parallel chunks.
  std::vector<float> values = sweepValues();
  const at::Tensor input = at::from_blob(values.data(), {static_cast<std::int64_t>(values.size())}, at::kFloat);
  for (const Rounder rounder : {Rounder::InPlaceFastest, Rounder::InPlaceTorchOps})
    for (const TensorCase& c : kTensorCases) expectTensorMatchesScalar(fmt(c.format), c.scale, input, values, rounder);
}

TEST(NumberFormatTensor, RoundingInPlaceHandlesEveryTailLength) {
  // The vector loops take 8 values at a time; 1..17 values cover every remainder, also below 8.
  std::vector<float> pool = {1.0f / 3.0f,
                             -2.5e-3f,
                             65519.0f,
                             65520.0f,
                             -1e9f,
                             3.0e-8f,
                             0.0f,
                             -0.0f,
                             bitsToFloat(0x7F800000u),
                             bitsToFloat(0xFFC12345u),
                             447.9f,
                             1e-45f,
                             -7.77f,
                             240.5f,
                             0.0625f,
                             -57345.0f,
                             1.00390625f};
  for (std::size_t n = 1; n <= pool.size(); ++n) {
    std::vector<float> values(pool.begin(), pool.begin() + static_cast<std::ptrdiff_t>(n));
    const at::Tensor input = at::from_blob(values.data(), {static_cast<std::int64_t>(n)}, at::kFloat);
    for (const TensorCase& c : kTensorCases)
      expectTensorMatchesScalar(fmt(c.format), c.scale, input, values, Rounder::InPlaceFastest);
  }
}

TEST(NumberFormatTensor, RoundingInPlaceRefusesWhatItCannotWrite) {
  at::Tensor strided = at::ones({4, 2}).t();
  expectErrorMentioning([&] { quantizeTensorInPlace(fmt("fp16"), strided); }, "contiguous", "CPU");
  at::Tensor doubles = at::ones({3}, at::kDouble);
  expectErrorMentioning([&] { quantizeTensorInPlace(fmt("fp16"), doubles); }, "float32", "Double");
  at::Tensor ones = at::ones({3});
  expectErrorMentioning([&] { quantizeTensorInPlace(fmt("int8"), ones, 0.0); }, "int8", "abs-max");
  EXPECT_TRUE(at::equal(ones, at::ones({3}))) << "a refused scale leaves the tensor as it was";
}

TEST(NumberFormatTensor, HandlesStridedInputAndLeavesItAlone) {
  std::vector<float> values = sweepValues();
  values.resize(values.size() / 2 * 2);
  const auto n = static_cast<std::int64_t>(values.size());
  const at::Tensor base = at::from_blob(values.data(), {2, n / 2}, at::kFloat).clone();
  const at::Tensor strided = base.t();  // non-contiguous view, shape {n/2, 2}
  ASSERT_FALSE(strided.is_contiguous());
  const at::Tensor before = base.clone();
  std::vector<float> order(values.size());  // the strided view's elements in row-major order
  const at::Tensor asContiguous = strided.contiguous();
  std::memcpy(order.data(), asContiguous.data_ptr<float>(), order.size() * sizeof(float));
  for (const TensorCase& c : kTensorCases) expectTensorMatchesScalar(fmt(c.format), c.scale, strided, order);
  EXPECT_EQ(std::memcmp(before.data_ptr<float>(), base.data_ptr<float>(), values.size() * sizeof(float)), 0);
}

TEST(NumberFormatTensor, Fp32PassesThroughAndOtherDtypesAreRejected) {
  const at::Tensor t = at::tensor({1.0f, bitsToFloat(0x7FA12345u)});
  EXPECT_TRUE(quantizeTensor(fmt("fp32"), t).is_same(t));
  expectErrorMentioning([] { quantizeTensor(fmt("fp16"), at::ones({3}, at::kDouble)); }, "float32", "Double");
  EXPECT_THROW(quantizeTensor(fmt("fp16"), at::Tensor()), Error);
  expectErrorMentioning([] { quantizeTensor(fmt("int8"), at::ones({3}), 0.0); }, "int8", "abs-max");
}

TEST(NumberFormatTensor, LibTorchHalfAndBFloat16ConversionsRoundToNearestEven) {
  // The tensor path relies on Tensor::to(kHalf / kBFloat16); check those conversions themselves
  // against the independent references (the compiler's half, the bf16 bit trick): exact codes.
  std::vector<float> values = sweepValues();
  values.erase(std::remove_if(values.begin(), values.end(), [](float x) { return std::isnan(x); }), values.end());
  const at::Tensor input = at::from_blob(values.data(), {static_cast<std::int64_t>(values.size())}, at::kFloat).clone();
  const at::Tensor half = input.to(at::kHalf).view(at::kShort);
  const at::Tensor bf16 = input.to(at::kBFloat16).view(at::kShort);
  const std::int16_t* h = half.data_ptr<std::int16_t>();
  const std::int16_t* b = bf16.data_ptr<std::int16_t>();
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (kHaveFloat16) {
      ASSERT_EQ(static_cast<std::uint16_t>(h[i]), compilerHalfCode(values[i])) << values[i];
    }
    ASSERT_EQ(static_cast<std::uint16_t>(b[i]), bitTrickBf16Code(values[i])) << values[i];
  }
}

}  // namespace
}  // namespace faultlens
