#!/usr/bin/env bash
# faultlens-cli train, eval, embed and ber on a 300-image slice of Fashion-MNIST, number
# formats, image folders, files that are not what they claim, and outputs that would
# overwrite inputs.
# Usage: cli_training_test.sh CLI WRITE_TEST_MODELS
set -uo pipefail
source "$(dirname "$0")/fixtures.sh"

# train / eval / embed on a 300-image slice of Fashion-MNIST.
use_small_training_slice
train=(train --data "$small" --out "$work/m.pt" --width 4 --epochs 2 --batch-size 50)
expect 3 "stopped at epoch 1, batch 4; checkpoint saved" -- "$cli" "${train[@]}" --max-batches 3
[[ -f "$work/m.pt.ckpt" && ! -f "$work/m.pt" ]] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: checkpoint state"; }
expect 0 "resuming .* at epoch 1, batch 4" -- "$cli" "${train[@]}" --resume
[[ -f "$work/m.pt" && ! -f "$work/m.pt.ckpt" ]] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: final model state"; }
expect 0 "^accuracy: [0-9.]+% \([0-9]+ of 100\)" -- "$cli" eval --model "$work/m.pt" --data "$small" --limit 100
expect 0 "\"confusion\"" -- "$cli" eval --model "$work/m.pt" --data "$small" --limit 20 --json
# Number formats: the clean cost of computing in a format.
expect 0 "^format: fp16" -- "$cli" eval --model "$work/m.pt" --data "$small" --limit 100 --format fp16
expect 0 "\"format\": \"fp8-e4m3\"" -- "$cli" eval --model "$work/m.pt" --data "$small" --limit 20 --format fp8-e4m3 --json
expect 2 "--format: unknown number format 'fp9'" -- "$cli" eval --model "$work/m.pt" --data "$small" --format fp9
expect 2 "--format int8 needs --ranges \\(a range profile of .*m.pt" -- "$cli" eval --model "$work/m.pt" --data "$small" --format int8
expect 0 "activation fault conv@1,2,3:14 image 0: .*\\[[01] [01]{5} [01]{10} -> " -- "$cli" predict --model "$work/tiny.pt" --input "$work/x.npy" --format fp16 --fault conv@1,2,3:14
expect 2 "bit 20 is outside fp16 \\(bits 0..15\\)" -- "$cli" predict --model "$work/tiny.pt" --input "$work/x.npy" --format fp16 --fault conv@1,2,3:20
# One fault, two bits of the value's code: both flip (fp16 1 sign, 5 exponent, 10 mantissa).
expect 0 "activation fault conv@1,2,3:14\\+13 image 0: " -- "$cli" predict --model "$work/tiny.pt" --input "$work/x.npy" --format fp16 --fault conv@1,2,3:14+13
expect 2 "a multi-bit fault changes bits outside fp16 \\(bits 0..15\\): bit 20" -- "$cli" predict --model "$work/tiny.pt" --input "$work/x.npy" --format fp16 --fault conv@1,2,3:14+20
expect 0 "^values: bf16, faults of 2 bit\\(s\\) \\(burst\\) within bits 0-15" -- "$cli" campaign --model "$work/m.pt" --data "$small" --injections 20 --format bf16 --flips 2 --out "$work/fmt1"
expect 0 "\"number_format\": \"bf16\"" -- cat "$work/fmt1/campaign.json"
expect 2 "--bits: bit 31 is outside fp16 \\(bits 0..15\\)" -- "$cli" campaign --model "$work/m.pt" --data "$small" --format fp16 --bits 0-31 --out "$work/fmt2"
expect 2 "--flip-placement goes with --flips" -- "$cli" campaign --model "$work/m.pt" --data "$small" --flip-placement anywhere --out "$work/fmt2"
expect 1 "differs|another campaign|does not match" -- "$cli" campaign --model "$work/m.pt" --data "$small" --injections 20 --format fp16 --flips 2 --out "$work/fmt1"
expect 0 "^1e-05 +[0-9.]+ +[0-9.]+% \\[" -- "$cli" ber --model "$work/m.pt" --data "$small" --rates 1e-6,1e-5 --trials 3 --images 50
expect 2 "--rates: expected LO:HI:N" -- "$cli" ber --model "$work/m.pt" --data "$small" --rates 1e-4:1e-6:3
# A sweep that would run for years is refused at once; a log gets progress with an ETA.
expect 2 "--trials takes 1 to 10000 draws per rate" -- "$cli" ber --model "$work/m.pt" --data "$small" --trials 1000000000
expect 0 "trials  ETA [0-9]+ s" -- "$cli" ber --model "$work/m.pt" --data "$small" --rates 1e-6 --trials 2 --images 50
expect 2 "--ranges goes with --format int8" -- "$cli" eval --model "$work/m.pt" --data "$small" --ranges x.json
expect 0 "^9 +fc +linear +\[10, 16\]" -- "$cli" layers "$work/m.pt"
# The C++-trained model is ordinary TorchScript: PyTorch loads it and computes the same logits.
/usr/bin/python3 -c "import numpy; numpy.save('$work/img.npy', numpy.random.RandomState(0).rand(1, 1, 28, 28).astype(numpy.float32))"
"$cli" predict --model "$work/m.pt" --input "$work/img.npy" --json > "$work/pred.json"
if /usr/bin/python3 - "$work" <<'PY'
import json, sys, numpy, torch
d = sys.argv[1]
m = torch.jit.load(d + "/m.pt").eval()
with torch.no_grad():
    logits = m(torch.from_numpy(numpy.load(d + "/img.npy")))[0].tolist()
ours = json.load(open(d + "/pred.json"))["images"][0]["clean"]["logits"]
assert max(abs(a - b) for a, b in zip(logits, ours)) < 1e-4, (logits, ours)
PY
then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: PyTorch reads the C++-trained model"; fi
expect 2 "needs --embeddings" -- "$cli" train --data "$small" --out "$work/g.pt" --head text-guided
printf 'a,1,0\nb,0,1\nc,1,1\n' > "$work/three.csv"
expect 1 "three.csv: has 3 class embeddings, the data set has 10 classes" -- "$cli" train --data "$small" --out "$work/g.pt" --head text-guided --embeddings "$work/three.csv"
cat > "$work/desc.json" <<'JSON'
{"classes": [{"class": "T-shirt/top", "descriptions": ["a close-fitting pullover shirt"]},
             {"class": "Trouser", "descriptions": ["a garment covering each leg"]}]}
JSON
expect 0 "wrote 2x16 random embeddings" -- "$cli" embed --descriptions "$work/desc.json" --variant random --dim 16 --out "$work/r.csv"
expect 2 "exactly one of --synsets and --descriptions" -- "$cli" embed --out "$work/r.csv"
expect 2 "--dim must be from 1 to 4096" -- "$cli" embed --descriptions "$work/desc.json" --variant random --dim -1 --out "$work/r.csv"
expect 2 "--dim must be from 1 to 4096" -- "$cli" embed --descriptions "$work/desc.json" --variant random --dim 0 --out "$work/r.csv"

# Files that are not what they claim: messages name the file and the problem.
mkdir -p "$work/a-directory"
expect 1 "$work/a-directory: is a directory; give the name of a file to write" -- "$cli" ranges --model "$work/m.pt" \
    --data "$small" --limit 5 --out "$work/a-directory"
expect 1 "/dev/zero: is not a regular file" -- "$cli" predict --model "$work/tiny.pt" --input /dev/zero
mkfifo "$work/fifo.npy"
expect 1 "fifo.npy: is not a regular file" -- "$cli" predict --model "$work/tiny.pt" --input "$work/fifo.npy"
printf '\x00\x00\x0b\x03\x00\x00\x00\x01\x00\x00\x00\x06\x00\x00\x00\x06' > "$work/int-images-idx3-ubyte"
expect 1 "IDX element type 0x0b unsupported" -- "$cli" eval --model "$work/tiny.pt" --data "$work/int-images-idx3-ubyte"
printf 'shirt\n\xe9t\xe9\n' > "$work/latin1.txt"
expect 1 "latin1.txt: line 2: class name is not valid UTF-8" -- "$cli" layers "$work/tiny.pt" --classes "$work/latin1.txt"

# Image folders: files that are not images are skipped and named; an image that cannot be
# decoded whole (cut short, or a header claiming 60000x60000 pixels) is an error naming it,
# never a partly grey picture.
/usr/bin/python3 - "$work/folder" <<'PY'
import os, struct, sys, zlib
import numpy
from PIL import Image
d = sys.argv[1]
for c in ("coat", "shirt"):
    os.makedirs(os.path.join(d, "good", c))
    for i in range(3):
        Image.fromarray((numpy.random.RandomState(i).rand(64, 64, 3) * 255).astype(numpy.uint8)).save(
            os.path.join(d, "good", c, "%d.jpg" % i), quality=90)
open(os.path.join(d, "good", "coat", "notes.txt"), "w").write("not an image")
jpeg = open(os.path.join(d, "good", "coat", "0.jpg"), "rb").read()
def variant(name, filename, data):
    import shutil
    shutil.copytree(os.path.join(d, "good"), os.path.join(d, name))
    open(os.path.join(d, name, "shirt", filename), "wb").write(data)
variant("cut-jpeg", "cut.jpg", jpeg[:int(len(jpeg) * 0.9)])
png = open(os.path.join(d, "good", "coat", "0.jpg"), "rb").read()
def chunk(t, b): return struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b) & 0xffffffff)
huge = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0)) +
        chunk(b"IDAT", zlib.compress(b"\0" * 100)) + chunk(b"IEND", b""))
variant("huge-png", "huge.png", huge)
PY
expect 0 "saved $work/folder.pt" -- "$cli" train --data "$work/folder/good" --out "$work/folder.pt" --width 4 --epochs 1 --batch-size 4
expect 0 "warning: $work/folder/good/coat/notes.txt: skipped, not an image" -- "$cli" eval --model "$work/folder.pt" --data "$work/folder/good"
expect 1 "cut.jpg: cannot decode image: JPEG file is truncated" -- "$cli" eval --model "$work/folder.pt" --data "$work/folder/cut-jpeg"
expect 1 "cut.jpg: cannot decode image: JPEG file is truncated" -- "$cli" campaign --model "$work/folder.pt" --data "$work/folder/cut-jpeg" \
    --injections 2 --out "$work/folder-campaign"
expect 1 "huge.png: cannot decode image: its header declares more pixels than the decoder's limit" -- "$cli" eval --model "$work/folder.pt" \
    --data "$work/folder/huge-png"

# A resumed training run continues on the checkpoint's data or not at all.
cp "$small" "$work/other-images-idx3-ubyte"; cp "$work/small-labels-idx1-ubyte" "$work/other-labels-idx1-ubyte"
expect 3 "checkpoint saved" -- "$cli" train --data "$small" --out "$work/r.pt" --width 4 --epochs 1 --batch-size 50 --max-batches 1
expect 1 "r.pt.ckpt: was trained on .*small-images-idx3-ubyte \(300 images\), this run's --data is .*other-images" -- \
    "$cli" train --data "$work/other-images-idx3-ubyte" --out "$work/r.pt" --width 4 --epochs 1 --batch-size 50 --resume
# A command never destroys what it reads or what it just wrote.
expect 2 "--out and --checkpoint name the same file" -- "$cli" train --data "$small" --out "$work/same.pt" --checkpoint "$work/same.pt"
ln -sf "$work/m.pt" "$work/m-link.pt"
expect 2 "--out names the input of --model" -- "$cli" ranges --model "$work/m-link.pt" --data "$small" --out "$work/m.pt"
[[ -s "$work/m.pt" ]] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: m.pt survives"; }
expect 2 "--out and --descriptions-out name the same file" -- "$cli" embed --descriptions "$work/desc.json" --variant random \
    --out "$work/e.csv" --descriptions-out "$work/./e.csv"
# Thread counts within what the machine can run.
expect 2 "--threads must be a whole number from 1 to" -- "$cli" --threads 100000 layers "$work/tiny.pt"
expect 2 "--threads must be a whole number .* got '0'" -- "$cli" --threads 0 layers "$work/tiny.pt"
expect 2 "got '-1'" -- "$cli" --threads -1 layers "$work/tiny.pt"
expect 1 "FAULTLENS_THREADS must be a whole number" -- env FAULTLENS_THREADS=lots "$cli" layers "$work/tiny.pt"

verdict cli_training
