#include <gtest/gtest.h>

#include <cmath>

#include "core/Error.h"
#include "core/faults/FloatBits.h"

namespace faultlens {
namespace {

TEST(FloatBits, FlipsFollowTheIeee754Layout) {
  // 1.0f = 0x3F800000. Bit 30 is the exponent MSB: 0x7F800000 = +Inf.
  EXPECT_EQ(floatToBits(1.0f), 0x3F800000u);
  EXPECT_TRUE(std::isinf(flipBit(1.0f, 30)));
  EXPECT_EQ(flipBit(1.0f, 31), -1.0f);                          // sign
  EXPECT_EQ(flipBit(1.0f, 22), 1.5f);                           // mantissa MSB
  EXPECT_EQ(flipBit(1.0f, 23), 0.5f);                           // exponent LSB: 127 → 126
  EXPECT_EQ(flipBit(0.75f, 30), 1.5f * std::ldexp(1.0f, 127));  // 1.5·2^-1: exponent 126 → 254
  EXPECT_EQ(flipBit(flipBit(3.14159f, 5), 5), 3.14159f);
  EXPECT_EQ(bitField(0), BitField::Mantissa);
  EXPECT_EQ(bitField(22), BitField::Mantissa);
  EXPECT_EQ(bitField(23), BitField::Exponent);
  EXPECT_EQ(bitField(30), BitField::Exponent);
  EXPECT_EQ(bitField(31), BitField::Sign);
}

TEST(FloatBits, ErrorModels) {
  EXPECT_EQ(applyErrorModel(1.0f, ErrorModel::StuckAt1, 31), -1.0f);
  EXPECT_EQ(applyErrorModel(-1.0f, ErrorModel::StuckAt1, 31), -1.0f);
  EXPECT_EQ(applyErrorModel(-1.0f, ErrorModel::StuckAt0, 31), 1.0f);
  EXPECT_EQ(applyErrorModel(1.0f, ErrorModel::StuckAt0, 29), bitsToFloat(0x3F800000u & ~(1u << 29)));
  EXPECT_EQ(applyErrorModel(1.0f, ErrorModel::RandomValue, 0, 0.25f), 0.25f);
  EXPECT_EQ(parseErrorModel("stuck1"), ErrorModel::StuckAt1);
  EXPECT_THROW(parseErrorModel("stuck2"), Error);
}

TEST(FloatBits, FormatsAndSplitsFields) {
  EXPECT_EQ(formatFloatBits(1.0f), "0 01111111 00000000000000000000000");
  EXPECT_EQ(formatFloatBits(-2.5f), "1 10000000 01000000000000000000000");
  const auto f = splitFloat(-2.5f);
  EXPECT_TRUE(f.sign);
  EXPECT_EQ(f.exponent, 128u);
  EXPECT_EQ(f.mantissa, 0x200000u);
}

TEST(FloatBits, RejectsBitsOutsideTheWord) {
  EXPECT_THROW(flipBit(1.0f, 32), Error);
  EXPECT_THROW(flipBit(1.0f, -1), Error);
}

}  // namespace
}  // namespace faultlens
