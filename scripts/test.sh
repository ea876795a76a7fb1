#!/usr/bin/env bash
# The README's test command: set up, build, and run the whole test suite with ctest, then
# the core tests again under AddressSanitizer + UndefinedBehaviorSanitizer
# (scripts/sanitize.sh, build-asan/) and every parser's fuzz target for a bounded time
# (scripts/fuzz.sh, build-fuzz/). Each stage stops the run on its first failure.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FAULTLENS_BUILD_DIR:-$root/build}"
bash "$root/scripts/build.sh"
export QT_QPA_PLATFORM=offscreen
ctest --test-dir "$build" --output-on-failure --parallel "$(nproc)" --timeout 900
bash "$root/scripts/sanitize.sh"
bash "$root/scripts/fuzz.sh"
