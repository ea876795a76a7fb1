#!/usr/bin/env bash
# The README's test command: set up, build, and run the whole test suite with ctest, then
# the core tests again under AddressSanitizer + UndefinedBehaviorSanitizer
# (scripts/sanitize.sh, build-asan/) and every parser's fuzz target for a bounded time
# (scripts/fuzz.sh, build-fuzz/). Each stage stops the run on its first failure and says
# how long it took, and the whole run is held to its time budget (docs/testing.md): 40 min
# on a 2-core machine with the packages installed, or FAULTLENS_TIME_BUDGET_MIN.
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
# The budget protects CI's hard limit (90 min, after which nothing lands): a run over it
# says so loudly, so that the next change trims the suite before CI would fail it.
budget_min="${FAULTLENS_TIME_BUDGET_MIN:-40}"
total=$((SECONDS - start))
echo "test.sh: all stages passed in $((total / 60)) min $((total % 60)) s (budget $budget_min min)"
if [ "$total" -gt $((budget_min * 60)) ]; then
  echo "test.sh: WARNING: over the $budget_min min budget: see docs/testing.md on what each stage costs" >&2
  [ -z "${FAULTLENS_ENFORCE_BUDGET:-}" ] || exit 1
fi
