#!/usr/bin/env bash
# The paper's Table 3 ablation on the demo data: text-guided heads whose rows start from
# random vectors, from the class name alone, and from the class descriptions (the shipped
# text-guided demo model), each against the shipped baseline, under the paper's protocol.
# Trains two models (the demo recipe and seed; about 4 minutes each on an idle 2-core
# machine) and runs one two-model campaign per head (about 1 minute each). Writes everything
# under OUT (default build/ablation; trained models are reused) and prints one Markdown
# table: accuracy, last-layer and network ΔLoss improvement factors with their 99 %
# paired bootstrap intervals.
# Usage: scripts/ablation-table3.sh [OUT] [INJECTIONS per layer, default 4096 (the paper's)]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cli="${FAULTLENS_BUILD_DIR:-$root/build}/app/faultlens-cli"
out="${1:-$root/build/ablation}"
injections="${2:-4096}"
res="$root/resources"
[ -x "$cli" ] || bash "$root/scripts/build.sh"
mkdir -p "$out"

recipe=(--data fashion-mnist:train --arch resnet --width 16 --epochs 8 --batch-size 128
        --lr 0.05 --momentum 0.9 --weight-decay 5e-4 --lr-step 3 --lr-gamma 0.1 --seed 1)
for variant in random name; do
  [ -f "$out/embeddings-$variant.csv" ] ||
    "$cli" embed --descriptions "$res/fashion_mnist_descriptions.json" --variant "$variant" --dim 64 --seed 1 \
      --out "$out/embeddings-$variant.csv"
  [ -f "$out/textguided-$variant.pt" ] ||
    "$cli" train "${recipe[@]}" --head text-guided --embeddings "$out/embeddings-$variant.csv" \
      --name "Fashion-MNIST ResNet text-guided ($variant)" --out "$out/textguided-$variant.pt"
done

declare -A models=([random]="$out/textguided-random.pt" [name]="$out/textguided-name.pt"
        [descriptions]="$res/models/fashion_textguided.pt")
echo "| head rows from | accuracy (%) | last-layer factor [99 % CI] | network factor [99 % CI] |"
echo "|---|---|---|---|"
for variant in random name descriptions; do
  dir="$out/campaign-$variant-$injections"
  "$cli" campaign --model "$res/models/fashion_baseline.pt" --model "${models[$variant]}" --protocol paper \
    --injections "$injections" --out "$dir" > "$dir.log" 2>&1 || { cat "$dir.log"; exit 1; }
  accuracy=$("$cli" eval --model "${models[$variant]}" --data fashion-mnist --json |
             /usr/bin/python3 -c "import json, sys; print('%.2f' % (100 * json.load(sys.stdin)['accuracy']))")
  /usr/bin/python3 - "$dir/summary.json" "$variant" "$accuracy" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
p = s["paired"]  # the factors with their paired bootstrap intervals
fmt = lambda v: "n/a" if v is None else "%.3g" % v
cell = lambda c: "%s [%s, %s]" % (fmt(c["improvement_factor"]), fmt(c["improvement_factor_ci"][0]),
                                  fmt(c["improvement_factor_ci"][1]))
print("| %s | %s | %s | %s |" % (sys.argv[2], sys.argv[3], cell(p["last_layer"]), cell(p["network"])))
PY
done
