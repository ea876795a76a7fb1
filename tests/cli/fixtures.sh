# Sourced by every faultlens-cli test script with the script's arguments
# (CLI WRITE_TEST_MODELS [TORCHVISION_DIR]): a private work directory removed on exit, the
# test models (tiny.pt, branching.pt, ...) and a 1×1×6×6 input x.npy in it, the shared
# checks of expect.sh, and helpers that make the data and model several scripts start from.
cli="$1"; writer="$2"; tv="${3:-}"
tests_cli="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
resources="$(cd "$tests_cli/../../resources" && pwd)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
# Every run uses the same LibTorch thread count, mpirun's ranks included (they would
# otherwise split the cores): the runs compared bit for bit must do the same arithmetic.
export FAULTLENS_THREADS=2
"$writer" "$work" >/dev/null || { echo "cannot write test models"; exit 1; }
/usr/bin/python3 -c "import numpy; numpy.save('$work/x.npy', numpy.linspace(-1, 1, 36, dtype=numpy.float32).reshape(1, 1, 6, 6))"
source "$tests_cli/expect.sh"

# fashion_slice PREFIX SPLIT N: the first N images of a Fashion-MNIST split as an IDX pair.
fashion_slice() { /usr/bin/python3 "$tests_cli/fashion_slice.py" "$@"; }

# The 300 training images the train, eval and campaign checks use: $small.
small="$work/small-images-idx3-ubyte"
use_small_training_slice() { fashion_slice "$work/small" train 300; }

# m.pt as the training checks leave it (two epochs on $small, width 4): the model the
# campaign checks start from. A stopped and resumed run gives the same file.
train_small_model() {
  "$cli" train --data "$small" --out "$work/m.pt" --width 4 --epochs 2 --batch-size 50 >/dev/null 2>&1 ||
    { echo "cannot train $work/m.pt"; exit 1; }
}
