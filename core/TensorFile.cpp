#include "core/TensorFile.h"

#include <ATen/ATen.h>
#include <torch/csrc/jit/serialization/pickle.h>

#include <filesystem>
#include <cstring>
#include <regex>

#include "core/Error.h"
#include "core/FileIO.h"
#include "core/LayerInfo.h"
#include "core/data/ImageFolderDataset.h"
#include "core/data/Preprocess.h"

namespace faultlens {
namespace fs = std::filesystem;

at::Tensor readNpy(const std::string& path) {
  const std::string bytes = readFileBytes(path);
  if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0) throw fileError(path, "not a .npy file (bad magic)");
  const int major = static_cast<unsigned char>(bytes[6]);
  std::size_t headerLen, headerStart;
  if (major == 1) {
    headerLen = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) throw fileError(path, ".npy header is truncated");
    headerLen = 0;
    for (int i = 3; i >= 0; --i) headerLen = (headerLen << 8) | static_cast<unsigned char>(bytes[8 + i]);
    headerStart = 12;
  } else {
    throw fileError(path, ".npy version " + std::to_string(major) + " is not supported");
  }
  if (bytes.size() < headerStart + headerLen) throw fileError(path, ".npy header is truncated");
  const std::string header = bytes.substr(headerStart, headerLen);
  std::smatch m;
  if (!std::regex_search(header, m, std::regex("'descr':\\s*'([^']*)'"))) throw fileError(path, ".npy header lacks 'descr'");
  const std::string descr = m[1];
  if (std::regex_search(header, std::regex("'fortran_order':\\s*True")))
    throw fileError(path, "Fortran-ordered .npy arrays are not supported; save with C order");
  if (!std::regex_search(header, m, std::regex("'shape':\\s*\\(([^)]*)\\)"))) throw fileError(path, ".npy header lacks 'shape'");
  std::vector<std::int64_t> shape;
  const std::string dims = m[1];
  const std::regex number("\\d+");
  for (std::sregex_iterator it(dims.begin(), dims.end(), number), end; it != end; ++it)
    shape.push_back(std::stoll(it->str()));
  at::ScalarType type;
  std::size_t itemSize;
  if (descr == "<f4") type = at::kFloat, itemSize = 4;
  else if (descr == "<f8") type = at::kDouble, itemSize = 8;
  else if (descr == "|u1" || descr == "<u1") type = at::kByte, itemSize = 1;
  else throw fileError(path, ".npy dtype '" + descr + "' is not supported (use float32, float64 or uint8)");
  std::int64_t count = 1;
  for (auto d : shape) {
    count *= d;
    if (count > (std::int64_t(1) << 34)) throw fileError(path, ".npy shape is implausibly large");
  }
  const std::size_t dataStart = headerStart + headerLen;
  if (bytes.size() - dataStart != static_cast<std::size_t>(count) * itemSize)
    throw fileError(path, ".npy data has " + std::to_string(bytes.size() - dataStart) + " bytes, shape needs " +
                              std::to_string(count * itemSize) + " (truncated?)");
  at::Tensor t = at::empty(shape, type);
  std::memcpy(t.data_ptr(), bytes.data() + dataStart, bytes.size() - dataStart);
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
