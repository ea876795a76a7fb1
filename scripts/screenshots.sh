#!/usr/bin/env bash
# Starts the real workbench window under Xvfb and saves a screenshot of it into
# docs/screenshots/ (once every requested load and prediction has finished).
# Arguments are passed to the workbench, e.g. --baseline A.pt --guided B.pt --image 3.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FAULTLENS_BUILD_DIR:-$root/build}"
out="${FAULTLENS_SCREENSHOT:-$root/docs/screenshots/workbench.png}"
mkdir -p "$(dirname "$out")"
command -v xvfb-run >/dev/null || bash "$root/scripts/setup-debian.sh"
xvfb-run -a -s "-screen 0 1400x900x24" "$build/app/gui/faultlens" --screenshot "$out" "$@"
echo "wrote $out"
