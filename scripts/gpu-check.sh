#!/usr/bin/env bash
# The device check, in one run: builds the engine headless against the LibTorch it finds
# (Torch_DIR, else the one inside python3's torch package), runs the device-generic tests
# on every device that LibTorch sees, then faultlens-bench --device on the first GPU
# (ResNet-50 at 224x224 against the peer's loop, and Ablation-CAM), and prints one summary.
#
# Usage: scripts/gpu-check.sh [DEVICE]        DEVICE: cuda:0 by default; cpu checks the
#                                             script itself on a machine without a GPU.
# Environment: FAULTLENS_GPU_BUILD (build dir, default build-gpu), FAULTLENS_BUNDLE (the
# dependencies scripts/gpu-bundle.sh gathered, default .gpu-bundle), Torch_DIR,
# FAULTLENS_BENCH_ARGS (extra faultlens-bench options, e.g. a smaller --device-injections),
# PYTHON (default python3: the one with PyTorch, for its LibTorch and to export ResNet-50).
# Exit status 0 only when the build, every device test and the bench succeeded.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
device="${1:-cuda:0}"
build="${FAULTLENS_GPU_BUILD:-$root/build-gpu}"
bundle="${FAULTLENS_BUNDLE:-$root/.gpu-bundle}"
arch="$(gcc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)"
jobs="$(nproc)"
python="${PYTHON:-python3}"  # the python3 whose torch package holds LibTorch
log="$build/gpu-check.log"
mkdir -p "$build"
: >"$log"
summary=()
status=0
started=$SECONDS

say() { echo "gpu-check: $*" | tee -a "$log"; }
stage() {  # stage NAME COMMAND...: runs it, output to the log and the screen, notes the result
  local name="$1" t0=$SECONDS
  shift
  say "== $name"
  if "$@" 2>&1 | tee -a "$log"; then
    summary+=("PASS  $name ($((SECONDS - t0)) s)")
  else
    summary+=("FAIL  $name ($((SECONDS - t0)) s)")
    status=1
  fi
}
finish() {
  say "summary ($((SECONDS - started)) s in all; log: $log)"
  printf '  %s\n' "${summary[@]}" | tee -a "$log"
  exit "$status"
}

# The LibTorch, and what it sees.
torch_args=()
if [ -n "${Torch_DIR:-}" ]; then
  torch_args=(-DTorch_DIR="$Torch_DIR")
  say "LibTorch from Torch_DIR=$Torch_DIR"
else
  prefix="$("$python" -c 'import torch; print(torch.utils.cmake_prefix_path)' 2>/dev/null || true)"
  [ -n "$prefix" ] && [ -d "$prefix/Torch" ] || {
    say "no LibTorch: set Torch_DIR or install PyTorch for python3"
    summary+=("FAIL  find LibTorch")
    status=1
    finish
  }
  torch_args=(-DTorch_DIR="$prefix/Torch")
  say "LibTorch from python3's torch: $prefix/Torch"
fi
command -v nvidia-smi >/dev/null && nvidia-smi -L 2>&1 | tee -a "$log"
# The C++ ABI matters: the bundle's Debian libraries use the new std::string (ABI 1).
"$python" -c 'import torch; print("python3 torch", torch.__version__, "CUDA", torch.version.cuda, "GPUs",
      torch.cuda.device_count(), "C++11 ABI", torch._C._GLIBCXX_USE_CXX11_ABI)' 2>&1 | tee -a "$log"
[ -d "$bundle" ] || say "no dependency bundle at $bundle (scripts/gpu-bundle.sh makes one); using the system's packages"
export LD_LIBRARY_PATH="$bundle/lib/$arch${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

stage "configure (headless, no image files)" \
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DFAULTLENS_BUILD_GUI=OFF -DFAULTLENS_WITH_IMAGE_FILES=OFF -DFAULTLENS_WITH_MPI=OFF \
  -DFAULTLENS_TORCHVISION_TESTS=OFF -DCMAKE_PREFIX_PATH="$bundle" "${torch_args[@]}"
[ $status -eq 0 ] || finish
stage "build device_tests and faultlens-bench ($jobs jobs)" \
  cmake --build "$build" --target device_tests faultlens-bench -j "$jobs"
[ $status -eq 0 ] || finish

stage "device tests on every device" "$build/tests/core/device_tests" --gtest_brief=1
devices="$("$build/tests/core/device_tests" --gtest_list_tests | sed -n 's/^  [A-Za-z]*\/\([A-Za-z0-9]*\).*$/\1/p' | sort -u | tr '\n' ' ')"
say "devices tested: $devices"
case "$devices" in *"${device//:/}"*) ;; *)
  say "$device is not among them"
  summary+=("FAIL  $device visible to LibTorch")
  status=1 ;;
esac

model="$build/resnet50.pt"
stage "export ResNet-50" "$python" "$root/tests/tools/export_resnet50.py" "$model"
# A quarter of the paper's 4,096 injections per layer by default, so the check stays within
# a few minutes whatever the GPU; the bench prints the paper's setting at the measured rate.
# FAULTLENS_BENCH_ARGS="--device-injections 4096" runs the setting itself.
# shellcheck disable=SC2086 # FAULTLENS_BENCH_ARGS is a list of options
stage "faultlens-bench --device $device" \
  "$build/app/faultlens-bench" --device "$device" --device-model "$model" \
  ${FAULTLENS_BENCH_ARGS:---device-injections 1024}
say "bench, the lines the goals are read from:"
grep -E "injections/s|speed-up|at this rate|Ablation-CAM" "$log" | grep -v "^gpu-check"
finish
