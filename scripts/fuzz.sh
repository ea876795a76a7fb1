#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang, ASan and UBSan into build-fuzz/ (or
# $FAULTLENS_FUZZ_BUILD_DIR) and runs each for FAULTLENS_FUZZ_SECONDS (default 15) from
# the committed seed corpus. Any crash, sanitizer report, escaped non-faultlens exception
# or failed round trip fails the run; the input that caused it lands in
# build-fuzz/fuzz/work/<target>/crashes/. Part of scripts/test.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FAULTLENS_FUZZ_BUILD_DIR:-$root/build-fuzz}"
seconds="${FAULTLENS_FUZZ_SECONDS:-15}"
source "$root/scripts/compiler-cache.sh"
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "${FAULTLENS_CACHE_LAUNCHER[@]}" \
  -DFAULTLENS_FUZZ_ONLY=ON -DFAULTLENS_FUZZ_SECONDS="$seconds" > /dev/null
cmake --build "$build" --parallel "$(nproc)"
ctest --test-dir "$build" --output-on-failure --parallel "$(nproc)" -L fuzz
