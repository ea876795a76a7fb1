#!/usr/bin/env bash
# The README's first command: set up, build, and open the workbench with the built-in
# demo data (and demo models, where shipped under resources/models). Extra arguments go
# to the workbench (see `faultlens --help`).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FAULTLENS_BUILD_DIR:-$root/build}"
bash "$root/scripts/build.sh"
exec "$build/app/gui/faultlens" "$@"
