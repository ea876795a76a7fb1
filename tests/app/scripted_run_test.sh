#!/usr/bin/env bash
# A scripted workbench run (--screenshot) has nobody to read its error boxes: a project
# that cannot be opened must print the error and exit 1, not save a picture and exit 0.
# Usage: scripted_run_test.sh FAULTLENS
set -uo pipefail
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
echo '{"bogus": 1}' > "$work/bad.json"
out="$(QT_QPA_PLATFORM=offscreen "$1" --project "$work/bad.json" --screenshot "$work/shot.png" 2>&1)"; rc=$?
if [[ $rc -eq 1 ]] && grep -q "faultlens: Cannot open project: $work/bad.json: not a FaultLens project" <<<"$out"; then
  echo "scripted run: the project error failed the run"
else
  echo "FAIL: exit $rc"; echo "$out" | tail -5; exit 1
fi
