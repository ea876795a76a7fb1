#include "core/TensorFile.h"

#include <ATen/ATen.h>
#include <torch/csrc/jit/serialization/pickle.h>

#include <filesystem>
#include <cstring>

#include "core/Error.h"
#include "core/FileIO.h"
#include "core/LayerInfo.h"
#include "core/NumericFiles.h"
#include "core/data/ImageFolderDataset.h"
#include "core/data/Preprocess.h"

namespace faultlens {
namespace fs = std::filesystem;

at::Tensor readNpy(const std::string& path) {
  const std::string bytes = readFileBytes(path);
  const NpyLayout layout = parseNpyLayout(bytes, path);
  const at::ScalarType type = layout.type == NpyType::Float32   ? at::kFloat
                              : layout.type == NpyType::Float64 ? at::kDouble
                                                                : at::kByte;
  at::Tensor t = at::empty(layout.shape, type);
  std::memcpy(t.data_ptr(), bytes.data() + layout.dataOffset, bytes.size() - layout.dataOffset);
  return t.to(at::kFloat);
}

at::Tensor readTorchTensor(const std::string& path) {
  const std::string bytes = readFileBytes(path);
  c10::IValue value;
  try {
    value = torch::jit::pickle_load(std::vector<char>(bytes.begin(), bytes.end()));
  } catch (const std::exception& e) {
    std::string msg = e.what();
    if (msg.size() > 300) msg = msg.substr(0, 300) + "...";
    throw fileError(path, "cannot read a tensor saved with torch.save: " + msg);
  }
  if (!value.isTensor()) throw fileError(path, "holds a " + value.tagKind() + ", expected a single tensor");
  return value.toTensor().to(at::kFloat).contiguous();
}

at::Tensor loadInputBatch(const std::string& path, const InputSpec& spec) {
  const std::string ext = fs::path(path).extension().string();
  if (ext != ".npy" && ext != ".pt" && ext != ".pth") return preprocessImage(readImageRgb(path), spec).unsqueeze(0);
  at::Tensor t = ext == ".npy" ? readNpy(path) : readTorchTensor(path);
  if (t.dim() == 3) t = t.unsqueeze(0);
  if (t.dim() != 4 || t.size(1) != spec.channels || t.size(2) != spec.height || t.size(3) != spec.width)
    throw fileError(path, "tensor shape " + shapeToString({t.sizes().begin(), t.sizes().end()}) + " does not match the model input [N, " +
                              std::to_string(spec.channels) + ", " + std::to_string(spec.height) + ", " +
                              std::to_string(spec.width) + "]");
  return t;
}

}  // namespace faultlens
