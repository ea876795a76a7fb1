#!/usr/bin/env bash
# Gathers, from this Debian 12 machine, what a GPU machine lacks to build and run the
# engine headless (scripts/gpu-check.sh): OpenCV's core and imgproc (no imgcodecs: its
# dependencies, GDAL among them, are ~170 MiB), fastText, Boost.Math's headers, CLI11 and
# GoogleTest, each with its headers, CMake package files where it has them, and the shared
# libraries it loads that a stock Ubuntu or Debian lacks. Everything keeps the directory
# layout of a prefix (include/, lib/<arch>/, share/cmake/), so CMAKE_PREFIX_PATH finds it.
#
# Usage: scripts/gpu-bundle.sh [DIR]   (default: .gpu-bundle in the repository, ignored by git)
# Needs the packages scripts/setup-debian.sh installs. Prints the bundle's size: it must
# stay well under what one copy to a device machine carries (64 MiB with the tree).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/.gpu-bundle}"
arch="$(gcc -dumpmachine)"
lib="/usr/lib/$arch"
rm -rf "$out"
mkdir -p "$out/include" "$out/lib/$arch" "$out/share/cmake"

copy_tree() {  # copy_tree SRC DEST: a directory, links dereferenced
  mkdir -p "$(dirname "$2")"
  cp -rL "$1" "$2"
}

# Headers.
copy_tree /usr/include/opencv4 "$out/include/opencv4"
copy_tree /usr/include/fasttext "$out/include/fasttext"
copy_tree /usr/include/CLI "$out/include/CLI"
copy_tree /usr/include/gtest "$out/include/gtest"
copy_tree /usr/include/gmock "$out/include/gmock"  # GTest's CMake package names GMock's targets too
# Boost.Math: only the headers the Student t quantile pulls in (the compiler lists them).
echo '#include <boost/math/distributions/students_t.hpp>' | g++ -std=c++17 -M -x c++ - | tr ' \\' '\n\n' |
  grep '^/usr/include/boost/' | sort -u | while read -r header; do
  mkdir -p "$out/include/$(dirname "${header#/usr/include/}")"
  cp "$header" "$out/include/${header#/usr/include/}"
done

# CMake package files (relocatable: they locate their prefix from their own path).
copy_tree /usr/share/cmake/CLI11 "$out/share/cmake/CLI11"
copy_tree "$lib/cmake/GTest" "$out/lib/$arch/cmake/GTest"
cp "$lib/libgtest.a" "$lib/libgtest_main.a" "$lib/libgmock.a" "$lib/libgmock_main.a" "$out/lib/$arch/"

# Shared libraries: the link names, then everything they load except the C and C++
# runtimes every Linux has, and OpenBLAS (large; the GPU machine has its own).
libraries=(libopencv_core.so libopencv_imgproc.so libfasttext.so)
for name in "${libraries[@]}"; do
  real="$(readlink -f "$lib/$name")"
  soname="$(objdump -p "$real" | awk '/SONAME/{print $2}')"
  cp "$real" "$out/lib/$arch/$soname"
  ln -sf "$soname" "$out/lib/$arch/$name"
done
for name in "${libraries[@]}"; do
  ldd "$lib/$name" | awk '/=>/{print $1, $3}'
done | sort -u | while read -r soname path; do
  case "$soname" in
    libc.so.* | libm.so.* | libstdc++.so.* | libgcc_s.so.* | libpthread.so.* | libdl.so.* | librt.so.*) continue ;;
    libopenblas.so.* | ld-linux*) continue ;;
  esac
  [ -e "$out/lib/$arch/$soname" ] || cp -L "$path" "$out/lib/$arch/$soname"
done

echo "gpu-bundle: $(du -sh "$out" | cut -f1) in $out"
echo "  use: cmake ... -DCMAKE_PREFIX_PATH=\"<LibTorch>;$out\" and LD_LIBRARY_PATH=$out/lib/$arch"
