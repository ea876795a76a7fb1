#!/usr/bin/env bash
# Shows that the trimmed tests still fail when the code they guard breaks: for each
# mutation below (one deliberately broken line), rebuilds the build directory, runs the
# ctest entries named for it and requires each of them to FAIL; then restores the source
# and rebuilds. Run after scripts/build.sh; takes a few minutes on 2 cores.
# Usage: scripts/mutation-check.sh [BUILD_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-${FAULTLENS_BUILD_DIR:-$root/build}}"
export QT_QPA_PLATFORM=offscreen

# FILE | the line as it is | the line broken | ctest entries (regex) that must fail
mutations=(
  "core/formats/NumberFormatTensor.cpp|    values.copy_(quantizeWithTorchOps(params, values));|    values.copy_(quantizeWithTorchOps(params, values.mul(1.001f)));|^core_tests_portable_kernels$"
  "core/formats/NumberFormatTensor.cpp|  at::parallel_for(0, values.numel(), 1 << 15,|  at::parallel_for(0, values.numel() - 1, 1 << 15,|^core_tests_single_thread$"
  "core/faults/WeightFaults.cpp|      addScaled(y.select(-1, e / in), x.select(-1, e % in), delta);|      addScaled(y.select(-1, e / in), x.select(-1, (e + 1) % in), delta);|WeightFaultsAddedToTheOutputMatchFaultyForwards/.*swin_v2_t"
  "core/train/Trainer.cpp|    const double lr = config_.learningRate * std::pow(|    const double lr = 0.02 * config_.learningRate * std::pow(|^Trainer.TwoHundredStepsLearnBeyondGuessing$"
  "app/cli/TrainCommand.cpp|              << \"; checkpoint saved to \" << checkpoint|              << \"; checkpoint written to \" << checkpoint|^cli_training$"
)

restore=""
cleanup() { if [ -n "$restore" ]; then cp "$restore" "${restore%.orig}"; rm -f "$restore"; fi; }
trap cleanup EXIT

failures=0
for m in "${mutations[@]}"; do
  IFS='|' read -r file before after tests <<<"$m"
  path="$root/$file"
  cp "$path" "$path.orig"; restore="$path.orig"
  /usr/bin/python3 - "$path" "$before" "$after" <<'PY'
import sys
path, before, after = sys.argv[1:]
text = open(path).read()
if text.count(before) != 1:
    sys.exit(f"{path}: the line to break is not there exactly once: {before!r}")
open(path, "w").write(text.replace(before, after))
PY
  echo "mutation: $file: ${after# *}"
  # Only what the named tests run (a full rebuild per mutation would relink the GUI too).
  cmake --build "$build" --parallel "$(nproc)" --target core_tests torchvision_tests faultlens-cli > /dev/null
  if ctest --test-dir "$build" -R "$tests" --timeout 900 > /tmp/faultlens-mutation.log 2>&1; then
    echo "  NOT CAUGHT: ctest -R '$tests' passed with the broken line"
    failures=$((failures + 1))
  elif ! grep -q "tests failed out of" /tmp/faultlens-mutation.log; then
    echo "  no test matched '$tests'"; failures=$((failures + 1))
  else
    echo "  caught: $(grep -E 'tests passed, [0-9]+ tests failed' /tmp/faultlens-mutation.log)"
  fi
  cleanup; restore=""
done
cmake --build "$build" --parallel "$(nproc)" > /dev/null
echo "mutation-check: $((${#mutations[@]} - failures)) of ${#mutations[@]} mutations caught"
[ "$failures" -eq 0 ]
