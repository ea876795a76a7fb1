#!/usr/bin/env bash
# The README's test command: set up, build, and run the whole test suite with ctest, then
# the core tests again under AddressSanitizer + UndefinedBehaviorSanitizer
# (scripts/sanitize.sh, build-asan/) and every parser's fuzz target for a bounded time
# (scripts/fuzz.sh, build-fuzz/). Each stage stops the run on its first failure and says
# how long it took (docs/testing.md holds the time budget).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FAULTLENS_BUILD_DIR:-$root/build}"
start=$SECONDS
stage() {
  local name="$1"
  shift
  local t=$SECONDS
  "$@"
  echo "test.sh: stage '$name' took $(((SECONDS - t) / 60)) min $(((SECONDS - t) % 60)) s" \
    "($(((SECONDS - start) / 60)) min in all)"
}
stage "set-up and build" bash "$root/scripts/build.sh"
export QT_QPA_PLATFORM=offscreen
stage "ctest" ctest --test-dir "$build" --output-on-failure --parallel "$(nproc)" --timeout 900
stage "sanitizers" bash "$root/scripts/sanitize.sh"
stage "fuzz" bash "$root/scripts/fuzz.sh"
