#!/usr/bin/env bash
# Starts the real workbench window under Xvfb and saves screenshots into docs/screenshots/
# (each once every requested load, prediction, analysis and campaign has finished), on a
# 1920×1080 screen unless FAULTLENS_SCREEN says otherwise (e.g. 1366x768).
#
#   bash scripts/screenshots.sh            # the README's set: one picture per main view
#   bash scripts/screenshots.sh ARGS...    # one picture (FAULTLENS_SCREENSHOT, default
#                                          # docs/screenshots/workbench.png) with these
#                                          # workbench arguments, e.g. --image 3 --view cam
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FAULTLENS_BUILD_DIR:-$root/build}"
shots="$root/docs/screenshots"
mkdir -p "$shots"
command -v xvfb-run >/dev/null || bash "$root/scripts/setup-debian.sh"
# A fresh settings directory: no window layout or recent files from earlier sessions.
export XDG_CONFIG_HOME="$(mktemp -d)"
screen="${FAULTLENS_SCREEN:-1920x1080}"

shoot() {  # shoot FILE ARGS...: one screenshot of the demo workbench
  local out="$1"
  shift
  xvfb-run -a -s "-screen 0 ${screen}x24" "$build/app/gui/faultlens" --screenshot "$out" "$@"
  echo "wrote $out"
}

if (($# > 0)); then
  shoot "${FAULTLENS_SCREENSHOT:-$shots/workbench.png}" "$@"
  exit 0
fi

# The comparison layout: an exponent flip in a middle layer, both predictions, the CAM
# grid with how far each map moved, the fault's way through both models layer by layer
# and the Top2Diff sweep on 1000 test images; on a large and on a laptop screen.
fault=(--image 6 --fault features.layer3.conv2@5,3,3:30 --view cam --analyse 1000 --activations max)
shoot "$shots/workbench.png" "${fault[@]}"
screen=1366x768 shoot "$shots/workbench-1366x768.png" "${fault[@]}"
# The same in German: titles, the CAM figure and numbers (decimal comma) translated.
LANG=de_DE.UTF-8 LC_ALL= shoot "$shots/workbench-de.png" "${fault[@]}"
# Weight faults: the paper's Fig. 2 setting scaled to the demo models (6 flips, seed 1).
shoot "$shots/weight-faults.png" --image 6 --weight-faults 6 --view cam
# Campaign: a short two-model campaign from the CLI (the paper's protocol), shown in the
# campaign view.
campaign="$(mktemp -d)/campaign"
"$build/app/faultlens-cli" campaign --model "$root/resources/models/fashion_baseline.pt" \
  --model "$root/resources/models/fashion_textguided.pt" --data fashion-mnist --protocol paper --injections 512 --seed 1 \
  --out "$campaign" > /dev/null
shoot "$shots/campaign.png" --image 6 --view campaign --campaign "$campaign"
rm -rf "$(dirname "$campaign")"
