#!/usr/bin/env bash
# faultlens-cli on careless or hostile input, second round: every line a user reads is
# right, and every refusal comes before any work and names the file or the option.
# Usage: untrusted_input_test.sh CLI WRITE_TEST_MODELS
set -uo pipefail
source "$(dirname "$0")/fixtures.sh"
/usr/bin/python3 -c "import numpy; numpy.save('$work/none.npy', numpy.zeros((0, 1, 6, 6), dtype=numpy.float32))"
# 100 Fashion-MNIST test images ($small) for the checks that read data.
fashion_slice "$work/small" t10k 100
baseline="$resources/models/fashion_baseline.pt" guided="$resources/models/fashion_textguided.pt"
predict=(predict --model "$work/tiny.pt" --input "$work/x.npy")

# Option values: a flag takes none, a given thread count must be one.
expect 2 "--json takes no value" -- "$cli" "${predict[@]}" --json=true
expect 2 "--json takes no value" -- "$cli" "${predict[@]}" --json=false
expect 2 "--threads must be a whole number from 1 to [0-9]+ .*got ''" -- "$cli" --threads "" "${predict[@]}"
expect 0 "clean : " -- "$cli" --threads=1 "${predict[@]}"
# A bit the number format lacks is a usage error in every format (float32's bit 32 is),
# and a multi-bit fault names the bit that is outside, not its first one.
expect 2 "fault 'conv@1,2,3:16': bit 16 is outside fp16 \(bits 0..15\)" -- "$cli" "${predict[@]}" --format fp16 \
    --fault conv@1,2,3:16
expect 2 "bit 32 is outside 0..31" -- "$cli" "${predict[@]}" --fault conv@1,2,3:32
expect 2 "changes bits outside fp16 \(bits 0..15\): bit 16$" -- "$cli" "${predict[@]}" --format fp16 --fault conv@1,2,3:14+16
# An error line quotes a 130 kB argument by its start, end and length.
long="$(head -c 130000 /dev/zero | tr '\0' 7)"
expect 2 "…\[1300[0-9]+ characters\]…" -- "$cli" "${predict[@]}" --fault "conv@1,2,3:$long"
pass_if "error lines stay short" -- test "$("$cli" "${predict[@]}" --fault "conv@1,2,3:$long" 2>&1 | wc -c)" -lt 2000

# Inputs: strict .npy headers, no empty batches, torch.save files that hold something else.
npy_with_header() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import struct, sys
h = sys.argv[2]
h = h + " " * ((64 - (10 + len(h) + 1) % 64) % 64) + "\n"
open(sys.argv[1], "wb").write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h.encode() + b"\0" * 144)
PY
}
i=0
while IFS='|' read -r header problem; do
  i=$((i + 1)); npy_with_header "$work/h$i.npy" "$header"
  expect 1 "h$i.npy: .npy header $problem" -- "$cli" predict --model "$work/tiny.pt" --input "$work/h$i.npy"
done <<'CASES'
{'descr': '<f4', 'fortran_order': False, 'shape': (1,-28,28), }|'shape' dimension 2 is not a non-negative integer
{'descr': '<f4', 'fortran_order': False, 'shape': (1,28x,28), }|'shape' dimension 2 is not a non-negative integer
{'descr': '<f4', 'fortran_order': False, 'shape': (1 1,6,6), }|'shape' dimension 1 is not a non-negative integer
{'descr': '<f4', 'fortran_order': False, 'shape': (1.0,1,6,6), }|'shape' dimension 1 is not a non-negative integer
{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,1,6,6), }|'descr' is given twice
{'descr': '<f4', 'fortran_order': 'yes', 'shape': (1,1,6,6), }|'fortran_order' must be True or False
{'descr': '<f4', 'fortran_order': False, 'shape': (1,1,6,6), 'extra': 1, }|has an unknown key 'extra'
{'descr': '<f4', 'shape': (1,1,6,6), }|lacks 'fortran_order'
CASES
npy_with_header "$work/spaced.npy" "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 6, 6), }"
expect 0 "clean : " -- "$cli" predict --model "$work/tiny.pt" --input "$work/spaced.npy"
expect 1 "none.npy: holds no images" -- "$cli" predict --model "$work/tiny.pt" --input "$work/none.npy"
/usr/bin/python3 - "$work" <<'PY'
import sys, torch, zipfile
d = sys.argv[1]
torch.save([torch.zeros(1, 1, 6, 6)], d + "/list.pt")
torch.save(torch.nn.Linear(2, 2).state_dict(), d + "/state.pt")
# torch.export's archive (PyTorch 2.5+ layout): a zip that is no TorchScript file.
with zipfile.ZipFile(d + "/exported.pt2", "w") as z:
    z.writestr("exported/archive_format", "pt2")
    z.writestr("exported/models/model.json", "{}")
PY
expect 1 "list.pt: holds a Python list, not a single tensor" -- "$cli" predict --model "$work/tiny.pt" --input "$work/list.pt"
expect 1 "state.pt: holds an OrderedDict \(a model's state_dict\?\), not a single tensor" -- "$cli" predict \
    --model "$work/tiny.pt" --input "$work/state.pt"
expect 1 "exported.pt2: is a torch.export program \(.pt2\), not TorchScript.*torch.jit.trace" -- "$cli" layers "$work/exported.pt2"

# Class names: one source, each name once; eval's matrix uses the names it was given.
mkdir -p "$work/side"; cp "$work/tiny.pt" "$work/side/tiny.pt"
echo '{"classes": ["a", "b", "a"]}' > "$work/side/tiny.json"
expect 1 "tiny.json: 'classes' entry 3: duplicate class name 'a'" -- "$cli" layers "$work/side/tiny.pt"
printf 'a\nb\nc\n' > "$work/side/names.txt"
echo '{"classes": ["a", "b", "c"], "classes_file": "names.txt"}' > "$work/side/tiny.json"
expect 1 "tiny.json: give either 'classes' or 'classes_file', not both" -- "$cli" layers "$work/side/tiny.pt"
printf 'tee\ntrousers\npull\ndress\ncoat\nsandal\nshirt\nsneaker\nbag\nboot\n' > "$work/names.txt"
expect 0 "^ 9 boot " -- "$cli" eval --model "$baseline" --data "$small" --limit 20 --classes "$work/names.txt"

# train: options that do nothing are refused; a diverging run saves nothing.
expect 2 "--freeze-embeddings is only for the text-guided heads" -- "$cli" train --data "$small" \
    --out "$work/f.pt" --freeze-embeddings
expect 1 "training diverged \(loss is (NaN|infinite) at epoch 1, batch [0-9]+\); the model was not saved" -- "$cli" train \
    --data "$small" --out "$work/nan.pt" --width 4 --epochs 1 --batch-size 50 --lr 1e30
pass_if "a diverged training run left no model" -- test ! -e "$work/nan.pt"

# Outputs are checked before any work, and a failed check leaves nothing behind.
mkdir -p "$work/a-dir"
expect 1 "a-dir: is a directory; give the name of a file to write \(--out\)" -- "$cli" embed --descriptions /dev/null --out "$work/a-dir"
expect 1 "nowhere/cam.png: --png cannot be written: the directory .*nowhere does not exist" -- "$cli" cam \
    --model "$work/tiny.pt" --input "$work/x.npy" --out "$work/cam.npy" --raw "$work/raw.npy" --png "$work/nowhere/cam.png"
pass_if "cam left no --out or --raw behind" -- test ! -e "$work/cam.npy" -a ! -e "$work/raw.npy"

# cam: the JSON names the error model; a class score is a number, not 40 digits.
expect 0 "\"error_model\": \"stuck1\"" -- "$cli" cam --model "$work/tiny.pt" --input "$work/x.npy" \
    --fault conv@1,2,3:30 --error-model stuck1 --json
expect 0 "UNRELIABLE: class score y = -[0-9.]+e\+[0-9]+ is negative" -- "$cli" cam --model "$work/tiny.pt" \
    --input "$work/x.npy" --fault conv@1,2,3:30

# report: counts and lists are checked as typed, and a run without a session stays quiet.
if "$cli" --help 2>&1 | grep -q "^  report"; then
  report=(report --baseline "$baseline" --guided "$guided" --data "$small" --limit 20)
  for n in 0 -3; do
    expect 2 "--cam-weight-faults takes 1 to 1000000 weight bit flips" -- "$cli" "${report[@]}" \
        --cam-weight-faults "$n" --out "$work/r"
  done
  expect 2 "--cam-images: image 3 is listed twice" -- "$cli" "${report[@]}" --cam-images 3,3 --out "$work/r"
  refute "XDG_RUNTIME_DIR" -- env -u XDG_RUNTIME_DIR "$cli" "${report[@]}" --cam-layer bogus --out "$work/r"
fi
verdict untrusted-input
