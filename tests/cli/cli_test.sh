#!/usr/bin/env bash
# faultlens-cli end to end: exit codes (0 ok, 1 runtime error, 2 usage error), messages
# that name the file, and JSON output. Usage: cli_test.sh CLI WRITE_TEST_MODELS TORCHVISION_DIR
set -uo pipefail
cli="$1"; writer="$2"; tv="$3"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
# Every run below uses the same LibTorch thread count, mpirun's ranks included (they would
# otherwise split the cores): the runs compared bit for bit must do the same arithmetic.
export FAULTLENS_THREADS=2
"$writer" "$work" >/dev/null || { echo "cannot write test models"; exit 1; }
/usr/bin/python3 -c "import numpy; numpy.save('$work/x.npy', numpy.linspace(-1, 1, 36, dtype=numpy.float32).reshape(1, 1, 6, 6))"

source "$(dirname "$0")/expect.sh"

expect 2 "usage: faultlens-cli" -- "$cli"
expect 0 "layers" -- "$cli" --help
expect 2 "unknown verb 'bogus'" -- "$cli" bogus
expect 0 "usage: faultlens-cli layers" -- "$cli" layers --help
expect 0 "usage: faultlens-cli predict" -- "$cli" predict --help
expect 0 "^1 +fc +linear +\[3, 72\] +\[3\]" -- "$cli" layers "$work/tiny.pt"
expect 0 "\"name\": \"conv\"" -- "$cli" layers "$work/tiny.pt" --json
expect 0 "not executed" -- "$cli" layers "$work/branching.pt"
expect 2 "unknown option --frobnicate" -- "$cli" layers "$work/tiny.pt" --frobnicate
expect 2 "missing MODEL" -- "$cli" layers
expect 1 "$work/missing.pt: model file does not exist" -- "$cli" layers "$work/missing.pt"
echo "junk" > "$work/junk.pt"
expect 1 "$work/junk.pt: not a TorchScript file" -- "$cli" layers "$work/junk.pt"
# A plain torch.jit.save without metadata: the first conv's channels give the proposal,
# and the note says what was assumed.
expect 0 "note: .*resnet18.pt has no input metadata; assuming 3x224x224 after resizing to 256, mean 0.485,0.456,0.406" -- \
    "$cli" layers "$tv/resnet18.pt"
expect 0 "layer4.2.conv3 +conv2d +\[2048, 512, 1, 1\] +\[2048, 7, 7\]" -- "$cli" layers "$tv/resnet50.pt" --input-shape 3,224,224
expect 2 "input shape '3,224': expected C,H,W" -- "$cli" layers "$tv/resnet50.pt" --input-shape 3,224

expect 0 "clean : " -- "$cli" predict --model "$work/tiny.pt" --input "$work/x.npy"
# Raw uint8 pixels in a .npy are no preprocessed input: refused, with the way to give them.
/usr/bin/python3 -c "import numpy; numpy.save('$work/u8.npy', numpy.arange(36, dtype=numpy.uint8).reshape(1, 1, 6, 6))"
expect 1 "u8.npy: holds uint8 values \(raw pixels\?\).*save the image as PNG" -- "$cli" predict --model "$work/tiny.pt" \
    --input "$work/u8.npy"
expect 0 "activation fault conv@1,2,3:30 image 0: .* -> " -- "$cli" predict --model "$work/tiny.pt" --input "$work/x.npy" --fault conv@1,2,3:30
expect 0 "weight fault fc@2,71:31: " -- "$cli" predict --model "$work/tiny.pt" --input "$work/x.npy" --weight-fault fc@2,71:31
expect 0 "\"type\": \"activation\"" -- "$cli" predict --model "$work/tiny.pt" --input "$work/x.npy" --fault fc@0:30 --json
expect 2 "fault 'conv@1,2:x'" -- "$cli" predict --model "$work/tiny.pt" --input "$work/x.npy" --fault conv@1,2:x
expect 1 "coordinate 0 = 9 is out of range" -- "$cli" predict --model "$work/tiny.pt" --input "$work/x.npy" --fault conv@9,0,0:1
expect 1 "no conv2d/linear layer named 'nope'" -- "$cli" predict --model "$work/tiny.pt" --input "$work/x.npy" --fault nope@0:1
expect 1 "does not match the model input" -- "$cli" predict --model "$tv/resnet18.pt" --input-shape 3,224,224 --input "$work/x.npy"
expect 2 "--model is required" -- "$cli" predict --input "$work/x.npy"

# cam: block-output target by default, files numpy reads, change metrics under faults.
expect 0 "usage: faultlens-cli cam" -- "$cli" cam --help
expect 0 "^ +\* +layer4.1 +\[512, 7, 7\] also layer4" -- "$cli" layers "$tv/resnet18.pt" --input-shape 3,224,224
expect 0 "target: layer4.1 \(block output, \[512, 7, 7\]\)" -- "$cli" cam --model "$tv/resnet18.pt" \
    --input-shape 3,224,224 --input "$tv/input.npy" --out "$work/cam.npy" --raw "$work/cam-raw.npy" --png "$work/cam.png"
if /usr/bin/python3 - "$work/cam.npy" "$work/cam-raw.npy" <<'PY'
import sys, numpy
out, raw = numpy.load(sys.argv[1]), numpy.load(sys.argv[2])
assert out.shape == (224, 224) and out.dtype == numpy.float32, (out.shape, out.dtype)
assert numpy.nanmin(out) == 0.0 and numpy.nanmax(out) == 1.0, (numpy.nanmin(out), numpy.nanmax(out))
assert raw.shape == (7, 7) and raw.dtype == numpy.float32 and (raw >= 0).all(), raw
PY
then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: cam --out/--raw are not what numpy should read"; fi
[[ -s "$work/cam.png" ]] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: cam --png wrote nothing"; }
expect 0 "change: Pearson r [-0-9.e]+, top-20% region IoU [0-9.e]+, centre moved [0-9.e]+ px" -- "$cli" cam \
    --model "$tv/resnet18.pt" --input-shape 3,224,224 --input "$tv/input.npy" --fault layer4.0.conv1@5,2,2:30
expect 0 "\"centre_shift_pixels\"" -- "$cli" cam --model "$tv/resnet18.pt" --input-shape 3,224,224 \
    --input "$tv/input.npy" --layer layer3.1 --weight-fault layer4.1.conv2@3,4,1,1:30 --json
# A typed class must be one of the model's: -1 no longer stands silently for the top-1.
expect 2 "--class expects a class index from 0, got -1" -- "$cli" cam --model "$tv/resnet18.pt" \
    --input-shape 3,224,224 --input "$tv/input.npy" --class -1
expect 2 "--class 1000 is outside the model's 1000 classes \(0..999\)" -- "$cli" cam --model "$tv/resnet18.pt" \
    --input-shape 3,224,224 --input "$tv/input.npy" --class 1000
expect 1 "resnet18.pt: no CAM target \(convolution or block output\) named 'layer9'" -- "$cli" cam --model "$tv/resnet18.pt" \
    --input-shape 3,224,224 --input "$tv/input.npy" --layer layer9
expect 1 "needs a per-image output \[C, H, W\]; layer 'fc' has \[1000\]" -- "$cli" cam --model "$tv/resnet18.pt" \
    --input-shape 3,224,224 --input "$tv/input.npy" --layer fc
expect 2 "--out names the input of --input .* would destroy it" -- "$cli" cam --model "$work/tiny.pt" --input "$work/x.npy" --out "$work/x.npy"
# .pt tensors: every size the file declares is checked against the bytes it holds.
/usr/bin/python3 - "$work" <<'PY'
import sys, torch, zipfile
d = sys.argv[1]
torch.save(torch.linspace(-1, 1, 36).reshape(1, 1, 6, 6), d + "/good.pt")
torch.save(torch.arange(100.0)[64:].reshape(1, 1, 6, 6), d + "/offset.pt")
torch.save({"x": torch.zeros(1, 1, 6, 6)}, d + "/dict.pt")
torch.save(torch.zeros(1, 1, 6, 6), d + "/legacy.pt", _use_new_zipfile_serialization=False)
def shrink(src, dst, keep):
    zin, zout = zipfile.ZipFile(src), zipfile.ZipFile(dst, "w")
    for info in zin.infolist():
        data = zin.read(info.filename)
        zout.writestr(info, data[:keep] if info.filename.endswith("/data/0") else data)
    zout.close()
shrink(d + "/good.pt", d + "/short.pt", 40)
shrink(d + "/offset.pt", d + "/offset-short.pt", 40)
PY
expect 0 "clean : " -- "$cli" predict --model "$work/tiny.pt" --input "$work/good.pt"
expect 0 "clean : " -- "$cli" predict --model "$work/tiny.pt" --input "$work/offset.pt"
expect 1 "short.pt: the tensor \[1, 1, 6, 6\] at storage offset 0 needs 36 elements, but the file stores 10" -- \
    "$cli" predict --model "$work/tiny.pt" --input "$work/short.pt"
expect 1 "offset-short.pt: the tensor \[1, 1, 6, 6\] at storage offset 64 needs 100 elements" -- \
    "$cli" predict --model "$work/tiny.pt" --input "$work/offset-short.pt"
expect 1 "dict.pt: holds a Python dict, not a single tensor: save the input tensor itself" -- \
    "$cli" predict --model "$work/tiny.pt" --input "$work/dict.pt"
expect 1 "legacy.pt: not a tensor file in torch.save's zip format" -- "$cli" predict --model "$work/tiny.pt" --input "$work/legacy.pt"

# train / eval / embed on a 300-image slice of Fashion-MNIST.
/usr/bin/python3 - "$work" <<'PY'
import gzip, struct, sys
d = sys.argv[1]
imgs = gzip.open('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz').read()
labs = gzip.open('/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz').read()
n = 300
open(d + '/small-images-idx3-ubyte', 'wb').write(struct.pack('>IIII', 0x803, n, 28, 28) + imgs[16:16 + n * 784])
open(d + '/small-labels-idx1-ubyte', 'wb').write(struct.pack('>II', 0x801, n) + labs[8:8 + n])
PY
small="$work/small-images-idx3-ubyte"
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

# report: the paper's figure and table set on the demo pair (only in GUI-enabled builds).
resources="$(cd "$(dirname "$0")/../../resources" && pwd)"
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

verdict cli
