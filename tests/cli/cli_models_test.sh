#!/usr/bin/env bash
# faultlens-cli on models and single inputs: usage and exit codes (0 ok, 1 runtime error,
# 2 usage error), layers, predict, cam and input tensors, with messages that name the file.
# Usage: cli_models_test.sh CLI WRITE_TEST_MODELS TORCHVISION_DIR
set -uo pipefail
source "$(dirname "$0")/fixtures.sh"


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

verdict cli_models
