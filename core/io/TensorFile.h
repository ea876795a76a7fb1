#pragma once
// Model inputs from files: NumPy .npy arrays, tensors saved with torch.save (.pt/.pth),
// or images (preprocessed for the model).
#include <ATen/core/Tensor.h>

#include <string>

#include "core/model/ModelMetadata.h"

namespace faultlens {

/// Reads a .npy file (little-endian float32, float64 or uint8, C order) as a float32
/// tensor. Throws faultlens::Error naming the file for anything else.
at::Tensor readNpy(const std::string& path);
/// Reads a tensor saved with torch.save (Python) or torch::pickle_save.
at::Tensor readTorchTensor(const std::string& path);

/// A model input batch [N, C, H, W] from `path`: tensors (.npy, .pt, .pth) are taken as
/// already preprocessed ([C,H,W] or [N,C,H,W], checked against `spec`); anything else is
/// read as an image and preprocessed with `spec`.
at::Tensor loadInputBatch(const std::string& path, const InputSpec& spec);

}  // namespace faultlens
