#!/usr/bin/env bash
# Regenerates the shipped demo pair under resources/: WordNet descriptions, class
# embeddings and the two Fashion-MNIST classifiers, which differ only in the head.
# Deterministic for a given machine: fixed seeds, single-threaded text encoder.
# Takes about 15 minutes on 2 cores.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cli="${FAULTLENS_BUILD_DIR:-$root/build}/app/faultlens-cli"
res="$root/resources"
[ -x "$cli" ] || bash "$root/scripts/build.sh"

# 1. Descriptions from the hand-checked synsets, and their fastText embeddings (E = 64).
"$cli" embed --synsets "$res/fashion_mnist_synsets.json" \
  --descriptions-out "$res/fashion_mnist_descriptions.json" \
  --out "$res/fashion_mnist_embeddings.csv" --dim 64 --seed 1

# 2. The same recipe and seed for both models; only the head differs.
recipe=(--data fashion-mnist:train --arch resnet --width 16 --epochs 8 --batch-size 128
        --lr 0.05 --momentum 0.9 --weight-decay 5e-4 --lr-step 3 --lr-gamma 0.1 --seed 1)
"$cli" train "${recipe[@]}" --head baseline \
  --name "Fashion-MNIST ResNet baseline" --out "$res/models/fashion_baseline.pt"
"$cli" train "${recipe[@]}" --head text-guided --embeddings "$res/fashion_mnist_embeddings.csv" \
  --name "Fashion-MNIST ResNet text-guided" --out "$res/models/fashion_textguided.pt"

# 3. What the tests check (first 1,000 test images) and docs/results.md reports (all 10,000).
for m in baseline textguided; do
  "$cli" eval --model "$res/models/fashion_$m.pt" --data fashion-mnist --limit 1000 --json > "$res/models/fashion_$m.eval1000.json"
  "$cli" eval --model "$res/models/fashion_$m.pt" --data fashion-mnist
done
