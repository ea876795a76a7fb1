#!/usr/bin/env bash
# faultlens-cli report (the paper's figure and table set on the demo pair, in GUI-enabled
# builds) and machine-readable JSON.
# Usage: cli_report_test.sh CLI WRITE_TEST_MODELS
set -uo pipefail
source "$(dirname "$0")/fixtures.sh"

# report: the paper's figure and table set on the demo pair (only in GUI-enabled builds).
if "$cli" --help 2>&1 | grep -q "^  report"; then
  demo=(report --baseline "$resources/models/fashion_baseline.pt" --guided "$resources/models/fashion_textguided.pt")
  expect 0 "\| accuracy \(%\) \| [0-9.]+ \| [0-9.]+ \| difference .* pp, McNemar p = " -- "$cli" "${demo[@]}" --limit 300 \
      --injections 16 --profile-images 2000 --cam-images 0,7 --out "$work/report"
  if /usr/bin/python3 - "$work/report" <<'PY'
import json, os, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest.json")))
for f in m["files"]:
    assert os.path.getsize(os.path.join(d, f)) > 0, f
assert open(os.path.join(d, "top2diff_sweep.svg"), "rb").read(5) == b"<?xml"
assert open(os.path.join(d, "activation_ranges.pdf"), "rb").read(4) == b"%PDF"
assert open(os.path.join(d, "cam_image7.png"), "rb").read(4) == b"\x89PNG"
assert "\\begin{tabular}" in open(os.path.join(d, "table1.tex")).read()
sweep = json.load(open(os.path.join(d, "top2diff_sweep.json")))
assert len(sweep["baseline"]) == 40 and sweep["delta"][0] == 1
cam = json.load(open(os.path.join(d, "cam_image0.json")))
assert [p["state"] for p in cam["panels"]] == ["clean", "faulty", "clean", "faulty"]
assert "pearson" in cam["panels"][1]["change"] and "change" not in cam["panels"][0]
assert cam["panels"][0]["target"] == "features.layer3"  # the demo's last block
change = m["cam_change"]
assert change["images"] == 100 and change["first_image"] == 0, change
for role in ("baseline", "text-guided"):
    p = change[role]["pearson"]
    assert p["defined"] + p["undefined"] == 100 and (p["mean"] is None or -1 <= p["mean"] <= 1), p
assert open(os.path.join(d, "cam_change.pdf"), "rb").read(4) == b"%PDF"
rows = open(os.path.join(d, "cam_change_images.csv")).read().splitlines()
assert rows[0].startswith("image,model,pearson") and len(rows) == 201, len(rows)
assert not [f for f in os.listdir(d) if f.startswith(".")], "temporary files left behind"
PY
  then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: report files"; fi
  # Figures at a journal's size: the page, the type and the legend as asked, the style in
  # the manifest, a caption beside every figure, the CAM figure as vector PDF and SVG too.
  expect 0 "\| accuracy \(%\) \|" -- "$cli" "${demo[@]}" --limit 50 --injections 2 --profile-images 500 \
      --cam-images 0 --cam-change-images 0 --figure-size double --font-size 9 --legend outside --dpi 72 \
      --out "$work/report-double"
  if /usr/bin/python3 - "$work/report-double" <<'PY'
import json, os, subprocess, sys
d = sys.argv[1]
style = json.load(open(os.path.join(d, "manifest.json")))["figure_style"]
assert style["size"] == "double" and style["font_pt"] == 9 and style["legend"] == "outside", style
for stem in ("top2diff_sweep", "campaign_delta_loss", "cam_image0"):
    info = subprocess.run(["pdfinfo", os.path.join(d, stem + ".pdf")], capture_output=True, text=True).stdout
    assert "Page size:       516 x 234 pts" in info, (stem, info)
    assert open(os.path.join(d, stem + ".caption.txt")).read().strip(), stem
assert "Textgef" not in open(os.path.join(d, "cam_image0.caption.txt")).read()  # the CLI writes English
assert "'DejaVu Sans', sans-serif" in open(os.path.join(d, "cam_image0.svg")).read()
PY
  then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: report --figure-size double"; fi
  expect 2 "--figure-size: '4' is no figure size: single, double, slide, or WxH in inches" -- "$cli" "${demo[@]}" \
      --figure-size 4 --out "$work/report6"
  expect 2 "unknown colour scale scope 'bogus'" -- "$cli" "${demo[@]}" --scale bogus --out "$work/report2"
  expect 2 "image 99999 is outside the data set" -- "$cli" "${demo[@]}" --limit 50 --injections 2 --cam-images 99999 \
      --out "$work/report3"
  expect 2 "--cam-weight-faults takes 1 to 1000000 weight bit flips" -- "$cli" "${demo[@]}" --limit 50 \
      --cam-weight-faults 100000000 --out "$work/report5"
  expect 1 "$work/nowhere/campaign.json: cannot" -- "$cli" "${demo[@]}" --limit 50 --campaign "$work/nowhere" --out "$work/report4"
  expect 1 "fashion_baseline.pt: no CAM target .* named 'bogus'" -- "$cli" "${demo[@]}" --limit 50 --cam-layer bogus --out "$work/report8"
  # A failed report leaves no empty --out it created; a path Qt cannot name is refused first.
  [[ ! -e "$work/report8" && ! -e "$work/report4" ]] && passed=$((passed + 1)) ||
    { failed=$((failed + 1)); echo "FAIL: a failed report left an empty --out"; }
  expect 2 "--out: the path is not valid UTF-8" -- "$cli" "${demo[@]}" --limit 50 --out "$work/bad-$(printf '\xff')"
  # In a number format: every part computes in it, and the bit-error-rate figure when asked for.
  expect 0 "\| accuracy \(%\) \[bf16\] \| [0-9.]+ \|" -- "$cli" "${demo[@]}" --format bf16 --limit 50 --injections 2 \
      --profile-images 500 --cam-images 0 --cam-change-images 0 --ber-rates 1e-4,1e-3 --ber-trials 2 --ber-images 50 \
      --out "$work/report-bf16"
  if /usr/bin/python3 - "$work/report-bf16" <<'PY'
import json, os, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest.json")))
assert m["number_format"] == "bf16" and m["ber"]["trials"] == 2 and m["ber"]["rates"] == [1e-4, 1e-3], m["ber"]
assert '"number_format": "bf16"' in open(os.path.join(d, "campaign", "campaign.json")).read()
rows = open(os.path.join(d, "ber_sweep.csv")).read().splitlines()
assert rows[0] == "model,rate,trials,mean_accuracy,low,high,mean_flipped_bits" and len(rows) == 5, rows
assert open(os.path.join(d, "ber_sweep.pdf"), "rb").read(4) == b"%PDF"
PY
  then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: report in bf16 with the BER figure"; fi
  expect 1 "report-bf16/campaign: was run in bf16, the report computes in fp32 \(give --format bf16\)" -- "$cli" \
      "${demo[@]}" --limit 50 --campaign "$work/report-bf16/campaign" --out "$work/report9"
  expect 2 "--ber-trials and --ber-images go with --ber-rates" -- "$cli" "${demo[@]}" --ber-trials 3 --out "$work/report10"
  # int8 with a given campaign: the campaign's recorded scales serve every part of the report,
  # and range profiles that disagree with them are refused rather than mixed in.
  for m in baseline textguided; do
    for n in 100 300; do
      "$cli" ranges --model "$resources/models/fashion_$m.pt" --data fashion-mnist:train --limit $n \
          --out "$work/int8-$m-$n.json" > /dev/null 2>&1
    done
  done
  expect 0 "wrote .*int8-campaign/summary.json" -- "$cli" campaign --model "$resources/models/fashion_baseline.pt" \
      --model "$resources/models/fashion_textguided.pt" --images 50 --injections 2 \
      --format int8 --ranges "$work/int8-baseline-100.json,$work/int8-textguided-100.json" \
      --out "$work/int8-campaign"
  expect 1 "int8-campaign: recorded other int8 scales for .*fashion_baseline.pt than the given range profiles" -- \
      "$cli" "${demo[@]}" --limit 50 --format int8 --campaign "$work/int8-campaign" \
      --ranges "$work/int8-baseline-300.json,$work/int8-textguided-300.json" --out "$work/report11"
  # A finished campaign is matched to the report's models and data by content.
  expect 0 "wrote .*swapped/summary.json" -- "$cli" campaign --model "$resources/models/fashion_textguided.pt" \
      --model "$resources/models/fashion_baseline.pt" --images 40 --injections 2 --out "$work/swapped"
  expect 1 "swapped/campaign.json: this campaign ran with the models the other way round" -- "$cli" "${demo[@]}" \
      --limit 50 --campaign "$work/swapped" --out "$work/report6"
  expect 1 "swapped/campaign.json: this campaign ran on other images than the first 40 of .*train" -- "$cli" report \
      --baseline "$resources/models/fashion_textguided.pt" --guided "$resources/models/fashion_baseline.pt" \
      --data fashion-mnist:train --limit 50 --campaign "$work/swapped" --out "$work/report7"
fi

# JSON is machine-readable, and a sign flip of a logit shows up exactly in it.
"$cli" predict --model "$work/tiny.pt" --input "$work/x.npy" --fault fc@1:31 --json > "$work/out.json"
if /usr/bin/python3 - "$work/out.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
img = j["images"][0]
clean, faulty = img["clean"]["logits"], img["faulty"]["logits"]
assert faulty[1] == -clean[1], (clean, faulty)
assert faulty[0] == clean[0] and faulty[2] == clean[2]
assert abs(sum(img["clean"]["probabilities"]) - 1) < 1e-9
assert j["faults"][0]["spec"] == "fc@1:31"
PY
then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: JSON check"; fi

verdict cli_report
