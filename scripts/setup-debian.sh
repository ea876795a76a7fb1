#!/usr/bin/env bash
# Installs every Debian 12 package FaultLens needs to build, test and run its demo.
# Idempotent: packages already present are skipped by apt-get. Run as root (or via sudo).
set -euo pipefail

PACKAGES=(
  # toolchain; ccache lets a fresh clone (CI's) reuse the objects of an earlier build
  build-essential cmake ninja-build pkg-config ccache
  # engine: LibTorch (and the matching Python torch, used only by tests to export
  # torchvision architectures), OpenCV image I/O, fast BLAS (the OpenMP build is what the
  # executables load: it shares LibTorch's OpenMP threads instead of competing), JSON
  libtorch-dev python3-torch python3-torchvision
  libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev
  # libjpeg itself: corrupt JPEG data (a scan cut short) is refused, not decoded half grey
  libjpeg-dev
  libopenblas0-pthread libopenblas0-openmp nlohmann-json3-dev zlib1g-dev
  # faultlens-cli's option parser: each option declared once, with its default and range
  libcli11-dev
  # SHA-256 content digests that pin a campaign's models and data (OpenSSL's libcrypto)
  libssl-dev
  # Student's t quantiles for intervals over a few trials (bit-error-rate sweeps), header-only
  libboost-math-dev
  # text-guided head: WordNet glosses and the fastText encoder
  wordnet-base libfasttext-dev
  # GUI: Qt 6 widgets, SVG export, translations tools, plots
  qt6-base-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libqcustomplot-dev libgl-dev
  # one named font, so figures from `report` (offscreen) look the same on every machine
  fonts-dejavu-core
  # tests and benchmarks; clang with libFuzzer and the sanitizer runtimes for the fuzz
  # targets (gcc's ASan/UBSan runtimes come with build-essential)
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev
  # the formatting check (scripts/check-format.sh; .clang-format is tuned for version 14)
  clang-format
  # data: Fashion-MNIST (IDX, gzipped) under /usr/share/datasets/fashion-mnist
  dataset-fashion-mnist
  # screenshots of the real window
  xvfb xauth
  # the figure-layout test reads exported PDFs back with pdftotext
  poppler-utils
  # optional: `mpirun -n K faultlens-cli campaign` (ranks as shards; tested with -n 2)
  libopenmpi-dev openmpi-bin
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "setup: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
