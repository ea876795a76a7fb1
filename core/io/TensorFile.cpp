#include "core/io/TensorFile.h"

#include <ATen/ATen.h>
#include <caffe2/serialize/inline_container.h>
#include <torch/csrc/jit/serialization/pickle.h>

#include <filesystem>
#include <map>
#include <sstream>
#include <cstring>

#include "core/Error.h"
#include "core/io/FileIO.h"
#include "core/model/LayerInfo.h"
#include "core/io/NumericFiles.h"
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

namespace {

/// LibTorch's message without its C++ backtrace, shortened: a user reads it, not a debugger.
std::string shortMessage(const std::exception& e) {
  const auto* c10 = dynamic_cast<const c10::Error*>(&e);
  std::string msg = c10 ? c10->what_without_backtrace() : e.what();
  if (const auto newline = msg.find('\n'); newline != std::string::npos) msg.resize(newline);
  if (msg.size() > 300) msg = msg.substr(0, 300) + "...";
  return msg;
}

/// Bytes of each storage record ("data/N") in a torch.save archive. LibTorch 1.13 builds a
/// tensor from its pickle with set_(), which silently grows a storage that is smaller than
/// the declared sizes need (the growth is uninitialised memory), so the check must use
/// what the archive really holds, read before unpickling.
std::map<std::string, std::size_t> storageRecordBytes(const std::string& bytes, const std::string& path) {
  std::map<std::string, std::size_t> sizes;
  try {
    std::istringstream in(bytes);
    caffe2::serialize::PyTorchStreamReader reader(&in);
    for (const auto& name : reader.getAllRecords())
      if (name.rfind("data/", 0) == 0) sizes[name] = std::get<1>(reader.getRecord(name));
  } catch (const std::exception& e) {
    throw fileError(path, "cannot read the tensor archive (truncated or corrupt?): " + shortMessage(e));
  }
  return sizes;
}

/// The sizes, strides and offset a pickle declares must lie inside the bytes its storage
/// record holds: otherwise the tensor would read (and predict from) memory past its end.
void checkTensorInsideStorage(const at::Tensor& t, std::size_t storageBytes, const std::string& path) {
  const std::int64_t item = static_cast<std::int64_t>(t.element_size());
  const std::int64_t available = static_cast<std::int64_t>(storageBytes) / item;
  if (t.storage_offset() < 0) throw fileError(path, "the tensor's storage offset is negative");
  if (t.numel() == 0) return;
  std::int64_t last = t.storage_offset();  // index of the last element, in items
  for (std::int64_t d = 0; d < t.dim(); ++d) {
    if (t.stride(d) < 0) throw fileError(path, "the tensor has a negative stride");
    last += (t.size(d) - 1) * t.stride(d);
  }
  if (last >= available)
    throw fileError(path, "the tensor " + shapeToString({t.sizes().begin(), t.sizes().end()}) + " at storage offset " +
                              std::to_string(t.storage_offset()) + " needs " + std::to_string(last + 1) +
                              " elements, but the file stores " + std::to_string(available) +
                              " (truncated or damaged)");
}

/// What the archive's pickle (data.pkl) holds at its top, in words, read from its first
/// opcode after the protocol header ("a Python dict", "an OrderedDict (a state_dict?)");
/// empty when it is a tensor or cannot be told. LibTorch's unpickler reads only tensors
/// and fails on the rest with "Unknown opcode", which says nothing to the user.
std::string describePickledValue(const std::string& bytes) {
  std::string pickle;
  try {
    std::istringstream in(bytes);
    caffe2::serialize::PyTorchStreamReader reader(&in);
    if (!reader.hasRecord("data.pkl")) return "";
    const auto [data, size] = reader.getRecord("data.pkl");
    pickle.assign(static_cast<const char*>(data.get()), size);
  } catch (const std::exception&) {
    return "";
  }
  std::size_t i = 0;
  if (pickle.size() >= 2 && static_cast<unsigned char>(pickle[0]) == 0x80) i = 2;  // PROTO n
  if (i >= pickle.size()) return "";
  switch (pickle[i]) {
    case '}': return "a Python dict";
    case ']': return "a Python list";
    case ')': return "a Python tuple";
    case '(': return "a Python tuple or list";
    case 'c': {  // GLOBAL "module\nname\n"
      const std::size_t moduleEnd = pickle.find('\n', i + 1);
      const std::size_t nameEnd = moduleEnd == std::string::npos ? moduleEnd : pickle.find('\n', moduleEnd + 1);
      if (nameEnd == std::string::npos) return "";
      const std::string type =
          pickle.substr(i + 1, moduleEnd - i - 1) + "." + pickle.substr(moduleEnd + 1, nameEnd - moduleEnd - 1);
      if (type == "torch._utils._rebuild_tensor_v2") return "";
      if (type == "collections.OrderedDict") return "an OrderedDict (a model's state_dict?)";
      return "a Python object of type " + type;
    }
    default: return "";
  }
}

/// The error for a file that holds something else than one tensor.
Error notOneTensor(const std::string& bytes, const std::string& path, const std::string& otherwise) {
  const std::string holds = describePickledValue(bytes);
  if (holds.empty()) return fileError(path, otherwise);
  return fileError(path, "holds " + holds +
                             ", not a single tensor: save the input tensor itself with "
                             "torch.save(tensor, path), or as .npy");
}

}  // namespace

at::Tensor readTorchTensor(const std::string& path) {
  const std::string bytes = readFileBytes(path);
  if (bytes.size() < 4 || bytes.compare(0, 4, std::string("PK\x03\x04", 4)) != 0)
    throw fileError(path, "not a tensor file in torch.save's zip format (files from PyTorch before 1.6, or saved "
                          "with _use_new_zipfile_serialization=False, need saving again; .npy works too)");
  const auto storages = storageRecordBytes(bytes, path);
  if (storages.size() != 1)
    throw notOneTensor(bytes, path,
                       "holds " + std::to_string(storages.size()) +
                           " tensor storages; expected a single tensor saved with torch.save(tensor)");
  c10::IValue value;
  try {
    value = torch::jit::pickle_load(std::vector<char>(bytes.begin(), bytes.end()));
  } catch (const std::exception& e) {
    throw notOneTensor(bytes, path, "cannot read a single tensor saved with torch.save(tensor): " + shortMessage(e));
  }
  if (!value.isTensor()) throw fileError(path, "holds a " + value.tagKind() + ", expected a single tensor");
  checkTensorInsideStorage(value.toTensor(), storages.begin()->second, path);
  try {
    return value.toTensor().to(at::kFloat).contiguous();
  } catch (const std::exception& e) {
    throw fileError(path, "cannot use the tensor as float32 input: " + shortMessage(e));
  }
}

at::Tensor loadInputBatch(const std::string& path, const InputSpec& spec) {
  const std::string ext = fs::path(path).extension().string();
  if (ext != ".npy" && ext != ".pt" && ext != ".pth") return preprocessImage(readImageRgb(path), spec).unsqueeze(0);
  // Integer pixels would be taken as preprocessed values 0..255 (a wrong answer, no error):
  // an array input is the model's input as is, so it must be floating point.
  if (ext == ".npy" && parseNpyLayout(readFileBytes(path), path).type == NpyType::UInt8)
    throw fileError(path, "holds uint8 values (raw pixels?), but a .npy input is taken as the model's preprocessed "
                          "input [N, C, H, W] as is: save the image as PNG to have it preprocessed, or give the "
                          "preprocessed values as float32 or float64");
  at::Tensor t = ext == ".npy" ? readNpy(path) : readTorchTensor(path);
  if (t.dim() == 3) t = t.unsqueeze(0);
  if (t.dim() != 4 || t.size(1) != spec.channels || t.size(2) != spec.height || t.size(3) != spec.width)
    throw fileError(path, "tensor shape " + shapeToString({t.sizes().begin(), t.sizes().end()}) +
                              " does not match the model input [N, " + std::to_string(spec.channels) + ", " +
                              std::to_string(spec.height) + ", " + std::to_string(spec.width) + "]");
  if (t.size(0) == 0) throw fileError(path, "holds no images (its shape is [0, ...])");
  return t;
}

}  // namespace faultlens
