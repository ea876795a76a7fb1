#pragma once
// Small real TorchScript models built with LibTorch's C++ module API and saved to disk, so
// tests exercise exactly the loader users hit (no mocks of LibTorch).
#include <ATen/core/Tensor.h>

#include <string>

#include "core/formats/NumberFormat.h"

namespace faultlens::test {

/// Every element of `t` is a value of `format` (rounding it again changes no bit).
bool representableIn(const NumberFormat& format, const at::Tensor& t, double scale = 1.0);

/// A fresh empty directory under the system temp dir, removed at process exit.
std::string tempDir(const std::string& tag);

/// conv (1→2 channels, 3×3, padding 1) → ReLU → flatten → fc (72 → 3) on 1×6×6 inputs,
/// with seeded random weights and embedded metadata (classes "a","b","c").
/// Layers: 0 "conv", 1 "fc".
std::string writeTinyConvNet(const std::string& dir, std::uint64_t seed = 1);

/// Writes DIR/x-images-idx3-ubyte: 20 unlabelled 6×6 images for writeTinyConvNet, pixel k
/// of the file being (k · `step`) mod 256 (another step, other images). Returns its path.
std::string writeTinyImages(const std::string& dir, int step = 37);

/// forward: if self.use_a: conv_a else conv_b, then fc; conv_a/conv_b live in prim::If
/// blocks. Embedded input 1×4×4, 2 classes.
std::string writeBranchingNet(const std::string& dir);

/// A network whose Ablation-CAM is known in closed form (tests/core/AblationCamTest.cpp):
/// conv (1→2 channels, 1×1, weights 1 and 2, no bias) → global mean → fc with
/// W = [[1, 1], [0, -1]], b = [0.5, 0]. Input 1×4×4, classes "up", "down".
std::string writeCamReferenceNet(const std::string& dir);

/// Unusual geometry for weight-fault arithmetic: stem (1×1 conv, 3→4 channels, no bias) →
/// conv (4→6 channels, 3×2 kernel, stride (2, 1), padding (2, 1), dilation (2, 1), 2
/// groups) → ReLU → a linear layer on every spatial position ([N, tokens, 6] → [N, tokens,
/// 5]) → mean → fc (5 → 3). Input 3×9×7. Layers: 0 "stem", 1 "conv", 2 "tokens", 3 "fc".
std::string writeGeometryNet(const std::string& dir);

/// forward returns the conv output itself ([N, 2, 6, 6]): not a classifier.
std::string writeNonClassifier(const std::string& dir);

}  // namespace faultlens::test
