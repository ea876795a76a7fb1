#!/usr/bin/env bash
# faultlens-cli campaigns on a trained model: summaries, resume, shards, adaptive stopping,
# MPI ranks, kill -9 and resume, one writer per directory, Slurm arrays, range profiles and
# the paper's protocol on a text-guided model against its baseline.
# Usage: cli_campaigns_test.sh CLI WRITE_TEST_MODELS
set -uo pipefail
source "$(dirname "$0")/fixtures.sh"
use_small_training_slice
train_small_model
/usr/bin/python3 -c "import numpy; numpy.save('$work/img.npy', numpy.random.RandomState(0).rand(1, 1, 28, 28).astype(numpy.float32))"

# campaign: two models, summaries, resume, and refusal to mix campaigns in one directory.
campaign=(campaign --model "$work/m.pt" --model "$work/m.pt" --data "$small" --images 50 --injections 30 --out "$work/camp")
expect 0 "^network \(mean over layers\)" -- "$cli" "${campaign[@]}"
cp "$work/camp/summary.json" "$work/summary-first.json"
expect 0 "600 injections for 2 model.s., 600 already done" -- "$cli" "${campaign[@]}"
if cmp -s "$work/camp/summary.json" "$work/summary-first.json"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: rerun changed the summary"; fi
# The same model twice: identical sequences, so every improvement factor is exactly 1 (or null).
if /usr/bin/python3 - "$work/camp/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert len(s["models"]) == 2 and len(s["models"][0]["layers"]) == 10
assert sum(l["injections"] for l in s["models"][0]["layers"]) == 300
for f in s["improvement"]["layers"]:
    assert f["improvement_factor"] in (None, 1.0), f
PY
then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: campaign summary"; fi
expect 1 "holds a different campaign" -- "$cli" "${campaign[@]}" --seed 2
# Inputs by content: another model written over the same path is another model.
cp "$work/m.pt" "$work/swap.pt"
pinned=(campaign --model "$work/swap.pt" --data "$small" --images 50 --injections 3 --out "$work/pinned")
expect 0 "^network \(mean over layers\)" -- "$cli" "${pinned[@]}"
expect 0 "saved $work/swap.pt" -- "$cli" train --data "$small" --out "$work/swap.pt" --width 4 --epochs 1 --batch-size 50
expect 1 "$work/pinned/campaign.json: model 0 \($work/swap.pt\) is not the model this campaign ran with" -- "$cli" "${pinned[@]}"
expect 2 "--shard expects i/n" -- "$cli" "${campaign[@]}" --shard 3/2
# Three shards merged give exactly the numbers of one run.
for i in 0 1 2; do
  expect 0 "shard $i/3 done" -- "$cli" campaign --model "$work/m.pt" --model "$work/m.pt" --data "$small" --images 50 --injections 30 --out "$work/camp3" --shard $i/3
done
expect 0 "wrote .*camp3/summary.json" -- "$cli" merge "$work/camp3"
if /usr/bin/python3 - "$work/camp/summary.json" "$work/camp3/summary.json" <<'PY'
import json, sys
one, merged = (json.load(open(p)) for p in sys.argv[1:3])
assert one["models"] == merged["models"], "merged shards differ from the single run"
assert one["improvement"] == merged["improvement"]
PY
then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: 3 shards merged != 1 run"; fi
# Adaptive stopping: layers stop at a checkpoint once narrow enough; two shards merged stop
# where one run does, and the summary counts each layer's injections up to its stop.
adaptive=(campaign --model "$work/m.pt" --model "$work/m.pt" --data "$small" --images 50 --injections 200
          --until-halfwidth 0.15 --check-every 40 --batch-size 20)
expect 0 "adaptive stopping: [0-9]+ injections instead of 4000 at a fixed 200 per layer" -- "$cli" "${adaptive[@]}" --out "$work/adapt"
for i in 0 1; do
  expect 0 "shard $i/2 done" -- "$cli" "${adaptive[@]}" --out "$work/adapt2" --shard $i/2
done
expect 0 "adaptive stopping: " -- "$cli" merge "$work/adapt2"
if /usr/bin/python3 - "$work/adapt/summary.json" "$work/adapt2/summary.json" <<'PY'
import json, sys
one, merged = (json.load(open(p)) for p in sys.argv[1:3])
assert one["models"] == merged["models"], "merged adaptive shards differ from the single run"
assert one["campaign"]["until_halfwidth"] == {"half_width": 0.15, "metric": "mismatch-rate", "step": 40}
n = [l["injections"] for m in one["models"] for l in m["layers"]]
assert all(k % 40 == 0 and 40 <= k <= 200 for k in n), n
assert min(n) < 200, "no layer stopped early: pick another --until-halfwidth"
PY
then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: adaptive campaign"; fi
expect 2 "--until-halfwidth expects a positive number" -- "$cli" campaign --model "$work/m.pt" --data "$small" --until-halfwidth -1 --out "$work/adapt3"
expect 2 "--check-every: checking every 1 of 5000 injections makes more than 4096 checks per layer" -- "$cli" campaign --model "$work/m.pt" --data "$small" --until-halfwidth 0.1 --check-every 1 --injections 5000 --out "$work/adapt3"
expect 2 "--stop-metric and --check-every go with --until-halfwidth" -- "$cli" campaign --model "$work/m.pt" --data "$small" --check-every 8 --out "$work/adapt3"
expect 2 "--stop-metric must be mismatch-rate or relative-delta-loss" -- "$cli" campaign --model "$work/m.pt" --data "$small" --until-halfwidth 0.1 --stop-metric width --out "$work/adapt3"
# mpirun -n 2 (builds with Open MPI, where mpirun exists): the ranks are the shards and
# rank 0 writes exactly the summary of one run.
# Not `ldd | grep -q`: under pipefail, grep -q quitting early makes ldd die of SIGPIPE and
# the whole test silently skip the MPI checks now and then.
if grep -q libmpi <(ldd "$cli") && command -v mpirun >/dev/null; then
  mpi=(env OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun -n 2 --oversubscribe)
  expect 0 "wrote .*campmpi/summary.json" -- "${mpi[@]}" "$cli" campaign --model "$work/m.pt" --model "$work/m.pt" \
      --data "$small" --images 50 --injections 30 --out "$work/campmpi"
  if /usr/bin/python3 - "$work/camp/summary.json" "$work/campmpi/summary.json" "$work/campmpi" <<'PY'
import json, os, sys
one, ranks = (json.load(open(p)) for p in sys.argv[1:3])
assert one["models"] == ranks["models"], "mpirun -n 2 differs from the single run"
assert one["improvement"] == ranks["improvement"]
assert sorted(f for f in os.listdir(sys.argv[3]) if f.startswith("records-")) == [
    "records-0-shard0-of-2.csv", "records-0-shard1-of-2.csv", "records-1-shard0-of-2.csv", "records-1-shard1-of-2.csv"]
PY
  then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: mpirun -n 2 != 1 run"; fi
  expect 2 "under mpirun the ranks are the shards" -- "${mpi[@]}" "$cli" campaign --model "$work/m.pt" \
      --data "$small" --images 50 --injections 30 --shard 0/2 --out "$work/campmpi2"
else
  echo "note: faultlens-cli without Open MPI (or no mpirun): mpirun checks skipped"
fi
rm "$work/camp3/records-1-shard2-of-3.csv"
expect 1 "records-1-shard2-of-3.csv: missing: shard 2 has not run" -- "$cli" merge "$work/camp3"
# kill -9 mid-run, three times; the resumed campaign ends exactly as an uninterrupted one.
long=(campaign --model "$work/m.pt" --data "$small" --images 300 --injections 1000 --batch-size 16)
"$cli" "${long[@]}" --out "$work/whole" > /dev/null 2>&1
partial=0
records_in() { if [[ -f "$1" ]]; then echo $(( $(wc -l < "$1") - 1 )); else echo 0; fi; }
for round in 1 2 3; do
  before=$(records_in "$work/killed/records-0.csv")
  "$cli" "${long[@]}" --out "$work/killed" > /dev/null 2>&1 &
  pid=$!
  # Wait (up to 60 s) until this run has written something, then kill at a random moment.
  for _ in $(seq 600); do
    (( $(records_in "$work/killed/records-0.csv") > before )) && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  sleep "0.$((RANDOM % 3))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  done_now=$(records_in "$work/killed/records-0.csv")
  if (( done_now > 0 && done_now < 10000 )); then partial=$((partial + 1)); fi
done
"$cli" "${long[@]}" --out "$work/killed" > /dev/null 2>&1
if (( partial >= 2 )) && /usr/bin/python3 - "$work/whole/summary.json" "$work/killed/summary.json" <<'PY'
import json, sys
a, b = (json.load(open(p))["models"] for p in sys.argv[1:3])
assert a == b, "killed and resumed campaign differs from the uninterrupted one"
PY
then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: kill -9 and resume ($partial kills left a partial record file)"; fi
# One writer per campaign directory and shard: a second process started on the same
# directory is refused, naming the first; the first finishes undisturbed.
"$cli" "${long[@]}" --out "$work/twice" > "$work/twice-first.log" 2>&1 &
pid=$!
for _ in $(seq 600); do
  (( $(records_in "$work/twice/records-0.csv") > 0 )) && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
expect 1 "another process is writing this campaign \(process $pid on " -- "$cli" "${long[@]}" --out "$work/twice"
wait "$pid"; first=$?
if [[ $first -eq 0 ]] && /usr/bin/python3 - "$work/twice/records-0.csv" <<'PY'
import csv, sys
keys = [(r["layer"], r["injection"]) for r in csv.DictReader(open(sys.argv[1]))]
assert len(keys) == len(set(keys)) == 10 * 1000, len(keys)  # 10 layers, each injection once
PY
then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: first writer of a shared directory"; fi
# A duplicated record (as two writers would leave) is named everywhere, never summed.
cp -r "$work/camp3" "$work/dup3"
sed -n 2p "$work/dup3/records-0-shard0-of-3.csv" >> "$work/dup3/records-0-shard0-of-3.csv"
expect 1 "lines 2 and [0-9]+ both record injection .* two processes wrote this file" -- "$cli" merge "$work/dup3"
cp -r "$work/camp3" "$work/dup4"
sed -n 2p "$work/dup4/records-1-shard0-of-3.csv" >> "$work/dup4/records-1-shard1-of-3.csv"
expect 1 "shard1-of-3.csv: records injection 0 of layer #0, which .*shard0-of-3.csv records too" -- "$cli" merge "$work/dup4"
cp -r "$work/camp" "$work/dup1"
sed -n 3p "$work/dup1/records-1.csv" >> "$work/dup1/records-1.csv"
expect 1 "both record injection" -- "$cli" campaign --model "$work/m.pt" --model "$work/m.pt" --data "$small" \
    --images 50 --injections 30 --out "$work/dup1"
# Slurm job arrays: numbered from 1 works; a task id without the array's size is refused.
expect 0 "shard 0/3 done" -- env SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_MAX=3 \
    SLURM_ARRAY_TASK_COUNT=3 "$cli" campaign --model "$work/m.pt" --data "$small" --images 50 --injections 30 --out "$work/slurm"
expect 2 "SLURM_ARRAY_TASK_COUNT is not" -- env SLURM_ARRAY_TASK_ID=0 "$cli" campaign --model "$work/m.pt" --data "$small" \
    --images 50 --injections 30 --out "$work/slurm2"
expect 2 "not one of the 2 tasks" -- env SLURM_ARRAY_TASK_ID=5 SLURM_ARRAY_TASK_COUNT=2 "$cli" campaign --model "$work/m.pt" \
    --data "$small" --images 50 --injections 30 --out "$work/slurm3"
# ranges + --restrict-ranges: a range detector on the same seeded campaign can only shrink
# how far bit-30 flips move the loss, and the profile is pinned in the manifest.
expect 0 "^layer,abs_max,abs_mean,values,non_finite" -- "$cli" ranges --model "$work/m.pt" --data "$small" --limit 200 --out "$work/ranges.json"
expect 0 "^format: int8" -- "$cli" eval --model "$work/m.pt" --data "$small" --limit 100 --format int8 --ranges "$work/ranges.json"
# A profile records its model by content: another model with the same layer names (swap.pt,
# trained alike) is refused, unless the reuse is asked for.
expect 1 "ranges.json: was profiled on another model \($work/m.pt, sha256:" -- "$cli" eval --model "$work/swap.pt" \
    --data "$small" --limit 100 --format int8 --ranges "$work/ranges.json"
expect 0 "^format: int8" -- "$cli" eval --model "$work/swap.pt" --data "$small" --limit 100 --format int8 \
    --ranges "$work/ranges.json" --ranges-of-another-model
expect 1 "ranges.json: was profiled on another model" -- "$cli" campaign --model "$work/swap.pt" --data "$small" \
    --images 50 --injections 3 --out "$work/foreign-restrict" --restrict-ranges "$work/ranges.json"
restricted=(campaign --model "$work/m.pt" --data "$small" --images 50 --injections 30 --bits 30-30)
expect 0 "^network \(mean over layers\)" -- "$cli" "${restricted[@]}" --out "$work/plain30"
expect 0 "^network \(mean over layers\)" -- "$cli" "${restricted[@]}" --out "$work/ranger30" --restrict-ranges "$work/ranges.json"
if /usr/bin/python3 - "$work/plain30/summary.json" "$work/ranger30/summary.json" "$work/ranger30/campaign.json" <<'PY'
import json, sys
plain, ranger, manifest = (json.load(open(p)) for p in sys.argv[1:4])
p, r = plain["models"][0], ranger["models"][0]
assert r["network_delta_loss"] < p["network_delta_loss"], (r["network_delta_loss"], p["network_delta_loss"])
assert sum(l["non_finite"] for l in r["layers"]) == 0
assert len(manifest["restrict_ranges"][0]["abs_max"]) == 10
PY
then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: --restrict-ranges campaign"; fi
expect 2 "needs one profile per --model" -- "$cli" "${restricted[@]}" --model "$work/m.pt" --out "$work/r2" --restrict-ranges "$work/ranges.json"
"$cli" ranges --model "$work/tiny.pt" --data "$small" --limit 5 --out "$work/tiny-ranges.json" > /dev/null 2>&1
# Another architecture's profile: refused by its model digest, and, when the reuse is asked
# for, still by the layers it names that this model lacks.
expect 1 "tiny-ranges.json: was profiled on another model \($work/tiny.pt" -- "$cli" "${restricted[@]}" --out "$work/r3" \
    --restrict-ranges "$work/tiny-ranges.json"
expect 1 "tiny-ranges.json: has a range for layer 'conv'" -- "$cli" "${restricted[@]}" --out "$work/r3" \
    --restrict-ranges "$work/tiny-ranges.json" --ranges-of-another-model
# A profile that lacks a layer, or holds a bound no float32 layer can reach, is refused up front.
/usr/bin/python3 - "$work/ranges.json" "$work" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
json.dump({"layers": [l for l in j["layers"] if l["layer"] != "fc"]}, open(sys.argv[2] + "/no-fc.json", "w"))
j["layers"][0]["abs_max"] = 1e39
json.dump(j, open(sys.argv[2] + "/huge.json", "w"))
PY
expect 1 "no-fc.json: has no range for layer\(s\) fc of" -- "$cli" "${restricted[@]}" --out "$work/r4" --restrict-ranges "$work/no-fc.json"
expect 1 "huge.json: layer .* within float32's range" -- "$cli" "${restricted[@]}" --out "$work/r5" --restrict-ranges "$work/huge.json"
expect 2 "--margin expects an error margin" -- "$cli" campaign --model "$work/m.pt" --data "$small" --margin abc --out "$work/camp2"

# The paper's text-guided model (one layer more) against its baseline, under the paper's
# protocol: layers align by name and the last layers by role, faults are clamped to ranges
# profiled on the training data, and the per-bit breakdown adds up to the layer totals.
/usr/bin/python3 -c "
import random; random.seed(3)
open('$work/ten.csv', 'w').write(''.join('c%d,' % i + ','.join('%.4f' % random.gauss(0, 1) for _ in range(8)) + '\n' for i in range(10)))"
expect 0 "saved $work/g.pt" -- "$cli" train --data "$small" --out "$work/g.pt" --head text-guided --embeddings "$work/ten.csv" \
    --width 4 --epochs 1 --batch-size 50 --lr 0.01
expect 0 "^10 +head +linear +\[10, 8\]" -- "$cli" layers "$work/g.pt"
expect 0 "fc +head +last layer" -- "$cli" layers "$work/m.pt" --compare "$work/g.pt"
expect 0 "^- +fc +none" -- "$cli" layers "$work/m.pt" --compare "$work/g.pt"
# The two paths head the table on lines of their own, never glued into one word.
expect 0 "^B: .*/g\.pt$" -- "$cli" layers "$work/m.pt" --compare "$work/g.pt"
expect 0 "activation fault head@1:31" -- "$cli" predict --model "$work/g.pt" --input "$work/img.npy" --fault last-layer@1:31
paper=(campaign --model "$work/m.pt" --model "$work/g.pt" --data "$small" --images 100 --injections 40 --protocol paper)
expect 2 "give --profile-data" -- "$cli" "${paper[@]}" --out "$work/paper0"
expect 2 "--protocol paper injects activation faults" -- "$cli" "${paper[@]}" --kind weight --out "$work/paper0"
expect 2 "--profile-data is for --protocol paper" -- "$cli" campaign --model "$work/m.pt" --data "$small" --profile-data "$small" --out "$work/paper0"
expect 0 "last layer \(fc / head\): improvement factor" -- "$cli" "${paper[@]}" --profile-data "$small" --out "$work/paper"
expect 0 "^protocol: paper" -- "$cli" "${paper[@]}" --profile-data "$small" --out "$work/paper"
if /usr/bin/python3 - "$work/paper" <<'PY'
import csv, json, os, sys
d = sys.argv[1]
s = json.load(open(os.path.join(d, "summary.json")))
assert s["protocol"] == "paper" and s["campaign"]["protocol"] == "paper"
assert s["improvement"]["last_layer"]["layer"] == "fc" and s["improvement"]["last_layer"]["text_guided_layer"] == "head"
base, guided = s["models"]
assert len(guided["layers"]) == len(base["layers"]) + 1
for model in (base, guided):
    for layer in model["layers"]:
        assert layer["mean_delta_loss"] >= 0, "the paper's ΔLoss is an absolute difference"
        assert sum(b["injections"] for b in layer["by_bit"]) == layer["injections"] == 40
        assert sum(b["mismatches"] for b in layer["by_bit"]) == layer["mismatches"]
rows = list(csv.DictReader(open(os.path.join(d, "bits.csv"))))
assert sum(int(r["injections"]) for r in rows) == 40 * (len(base["layers"]) + len(guided["layers"]))
assert os.path.exists(os.path.join(d, "ranges-0.json")) and os.path.exists(os.path.join(d, "ranges-1.json"))
bounds = json.load(open(os.path.join(d, "campaign.json")))["clamp_ranges"][1]["abs_max"]
for r in csv.DictReader(open(os.path.join(d, "records-1.csv"))):
    assert abs(float(r["after"])) <= bounds[int(r["layer"])] * (1 + 1e-7), r
PY
then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: paper protocol campaign"; fi

verdict cli_campaigns
