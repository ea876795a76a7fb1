#pragma once
// Platform-independent random numbers. std::uniform_int_distribution and friends are
// implementation-defined, so the same seed would give different faults with libstdc++ and
// libc++; the distributions here are written out so that a seed means the same faults on
// every machine (docs/architecture.md, "Vocabulary": seeds).
#include <cstdint>
#include <random>

namespace faultlens {

/// SplitMix64's finaliser: decorrelates streams derived from one seed (per layer, per rate
/// and trial), so neighbouring keys give unrelated seeds.
std::uint64_t mixSeed(std::uint64_t x);

class SeededRandom {
 public:
  explicit SeededRandom(std::uint64_t seed) : engine_(seed) {}

  /// Uniform integer in [0, n), n > 0, by rejection sampling (no modulo bias).
  std::uint64_t below(std::uint64_t n);
  /// Uniform integer in [lo, hi].
  std::int64_t between(std::int64_t lo, std::int64_t hi);
  /// Uniform double in [0, 1) from the top 53 bits of one draw.
  double unit();

 private:
  std::mt19937_64 engine_;  // the engine's output sequence is fixed by the C++ standard
};

}  // namespace faultlens
