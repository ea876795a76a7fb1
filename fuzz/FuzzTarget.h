#pragma once
// Shared shape of every FaultLens fuzz target. Each target defines fuzzOne(), which feeds
// the bytes to one parser; FuzzEntry.cpp is libFuzzer's entry point. A faultlens::Error is
// the expected, clear rejection of bad input. Anything else — another exception type
// escaping, a crash, a sanitizer report, a hang, runaway memory, a failed round-trip
// check — is a bug, which libFuzzer reports with the input that caused it.
#include <string>

#include "core/Error.h"

namespace faultlens::fuzz {

/// Defined by each target.
void fuzzOne(const std::string& input);

/// Runs `parse`, treating faultlens::Error as an accepted outcome.
template <class Parse>
void tolerateRejection(Parse&& parse) {
  try {
    parse();
  } catch (const Error&) {
  }
}

/// Fails loudly (libFuzzer saves the input) when a parsed-then-written value does not read
/// back identically, or any other invariant breaks.
inline void check(bool condition) {
  if (!condition) __builtin_trap();
}

}  // namespace faultlens::fuzz
