#!/usr/bin/env bash
# Builds the engine and its GoogleTest suite with AddressSanitizer + UndefinedBehavior-
# Sanitizer into build-asan/ (or $FAULTLENS_ASAN_BUILD_DIR) and runs each core test there once.
# Any sanitizer report fails the run (-fno-sanitize-recover=all, halt_on_error). The
# torchvision tests are left out: they exercise the same engine code on larger graphs and
# spend their time inside (uninstrumented) LibTorch. Part of scripts/test.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FAULTLENS_ASAN_BUILD_DIR:-$root/build-asan}"
source "$root/scripts/compiler-cache.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
  "${FAULTLENS_CACHE_LAUNCHER[@]}" \
  -DFAULTLENS_SANITIZE=ON -DFAULTLENS_BUILD_GUI=OFF -DFAULTLENS_BUILD_APPS=OFF -DFAULTLENS_TORCHVISION_TESTS=OFF \
  > /dev/null
cmake --build "$build" --parallel "$(nproc)" --target core_tests
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:suppressions=$root/tests/sanitizers/lsan.supp:${ASAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0:${LSAN_OPTIONS:-}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:${UBSAN_OPTIONS:-}"
# Each core test once: the single-thread and portable-kernel passes of the main build
# check numerics under other thread counts and kernels, which the sanitizers do not change.
ctest --test-dir "$build" --output-on-failure --parallel "$(nproc)" -L core -LE "threads|kernels" --timeout 900
