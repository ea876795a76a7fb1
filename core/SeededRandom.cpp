#include "core/SeededRandom.h"

#include "core/Error.h"

namespace faultlens {

std::uint64_t mixSeed(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

std::uint64_t SeededRandom::below(std::uint64_t n) {
  if (n == 0) throw Error("SeededRandom::below(0): empty range");
  // Largest multiple of n that fits: draws at or above it are rejected.
  const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % n);
  std::uint64_t x;
  do x = engine_();
  while (x >= limit);
  return x % n;
}

std::int64_t SeededRandom::between(std::int64_t lo, std::int64_t hi) {
  if (hi < lo) throw Error("SeededRandom::between: empty range");
  return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
}

double SeededRandom::unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

}  // namespace faultlens
