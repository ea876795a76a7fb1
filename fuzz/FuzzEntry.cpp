#include <cstddef>
#include <cstdint>

#include "fuzz/FuzzTarget.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  faultlens::fuzz::tolerateRejection(
      [&] { faultlens::fuzz::fuzzOne(std::string(reinterpret_cast<const char*>(data), size)); });
  return 0;
}
