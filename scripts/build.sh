#!/usr/bin/env bash
# Installs the Debian packages (scripts/setup-debian.sh), configures and builds FaultLens
# into build/ (or $FAULTLENS_BUILD_DIR). Safe to re-run: only what changed is rebuilt.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FAULTLENS_BUILD_DIR:-$root/build}"
bash "$root/scripts/setup-debian.sh"
source "$root/scripts/compiler-cache.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="${FAULTLENS_BUILD_TYPE:-RelWithDebInfo}" \
  "${FAULTLENS_CACHE_LAUNCHER[@]}" "$@"
cmake --build "$build" --parallel "$(nproc)"
