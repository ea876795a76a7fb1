#include "core/model/Model.h"

#include <torch/csrc/jit/api/function_impl.h>
#include <torch/cuda.h>
#include <torch/script.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>

#include "core/io/ContentDigest.h"
#include "core/Error.h"
#include "core/model/LayerAlignment.h"
#include "core/io/FileIO.h"
#include "core/formats/FormatEmulation.h"
#include "core/model/GraphSplit.h"
#include "core/model/Tap.h"
#include "core/model/TappedGraph.h"

namespace faultlens {
namespace fs = std::filesystem;

namespace {

/// What a pass installs as its tap handler: the caller's, behind the model's number-format
/// rounding when it has one. Every layer output is rounded before the caller sees it, and
/// once more when the caller returns a changed tensor (handlers return their input itself
/// when they change nothing), so a fault's or clamp's result reaches the network as the
/// format holds it.
class PassHandler : public TapHandler {
 public:
  PassHandler(TapHandler* rounding, TapHandler* caller) : rounding_(rounding), caller_(caller) {}
  TapHandler* get() { return rounding_ ? this : caller_; }
  at::Tensor onLayerOutput(int layer, const at::Tensor& output) override {
    at::Tensor rounded = rounding_->onLayerOutput(layer, output);
    if (!caller_) return rounded;
    at::Tensor changed = caller_->onLayerOutput(layer, rounded);
    return changed.is_same(rounded) ? changed : rounding_->onLayerOutput(layer, changed);
  }
  at::Tensor onModuleOutput(int module, const at::Tensor& output) override {
    return caller_ ? caller_->onModuleOutput(module, output) : output;
  }

 private:
  TapHandler* rounding_;
  TapHandler* caller_;
};

}  // namespace

struct Model::Impl {
  std::string path;
  std::string device = "cpu";
  torch::jit::Module module;
  TappedGraph tapped;
  std::unique_ptr<torch::jit::GraphFunction> function;
  ModelMetadata metadata;
  std::string contentDigest;
  std::vector<LayerInfo> layers;
  std::vector<ModuleOutputInfo> moduleOutputs;
  int numClasses = 0;
  std::int64_t parameters = 0;
  /// Cut graphs per tap id (Tap.h), built on first use; a null entry means "cannot cut"
  /// (reason in splitErrors). Guarded by splitMutex: captureState may run on any thread.
  std::map<int, std::unique_ptr<GraphSplit>> splits;
  std::map<int, std::string> splitErrors;
  /// Capture graphs (captureStates) per list of tap ids with a cut, built on first use.
  /// Keyed by the ids and whether layer inputs are returned too.
  std::map<std::pair<std::vector<int>, bool>, std::unique_ptr<CaptureGraph>> captures;
  std::mutex splitMutex;
  NumberFormat format;
  std::unique_ptr<FormatRounding> rounding;  ///< null while the model computes in float32

  GraphSplit* split(int tapId);
  /// What every state starts from: its tap, its image count and its cut (null: none).
  /// Throws naming the model for a tap that does not run.
  std::unique_ptr<LayerState::Data> newState(TapPoint point, const at::Tensor& batch);
  static int tapId(TapPoint point) { return point.isModule ? kModuleTapBase + point.index : point.index; }
  /// Name of a tap point; throws std::out_of_range when the model has none such.
  std::string checkedTapName(TapPoint point) const {
    return point.isModule ? moduleOutputs.at(point.index).name : layers.at(point.index).name;
  }

  at::Tensor run(const at::Tensor& batch, TapHandler* handler) {
    PassHandler pass(rounding.get(), handler);
    ScopedTapHandler scope(pass.get());
    torch::NoGradGuard noGrad;
    std::vector<c10::IValue> stack{module._ivalue(), batch.to(at::Device(device))};
    c10::IValue out = (*function)(std::move(stack));
    if (!out.isTensor())
      throw fileError(path, "forward returned " + out.tagKind() + ", expected a logits tensor [N, classes]");
    return out.toTensor();
  }
};

namespace {

/// Whether a zip archive LibTorch could not load is torch.export's format: its file names
/// (stored uncompressed in the zip's headers) include the exported program's JSON
/// ("serialized_exported_program.json" before PyTorch 2.5, "archive_format" after).
bool isTorchExportArchive(const std::string& path) {
  std::string bytes;
  try {
    bytes = readFileBytes(path);
  } catch (const Error&) {
    return false;
  }
  return bytes.find("serialized_exported_program") != std::string::npos ||
         bytes.find("archive_format") != std::string::npos;
}

/// Reads the TorchScript archive, turning LibTorch's exceptions into messages that name
/// the file. The metadata FaultLens embeds (extra file faultlens.json) is read on the way.
torch::jit::Module readArchive(const std::string& path, const std::string& device, std::string& embeddedJson) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw fileError(path, "model file does not exist");
  if (fs::is_directory(path, ec)) throw fileError(path, "is a directory, expected a TorchScript file");
  if (fs::file_size(path, ec) == 0) throw fileError(path, "model file is empty");
  {
    // A TorchScript archive is a zip file: reject anything else before LibTorch parses it.
    char head[4] = {};
    std::ifstream in(path, std::ios::binary);
    if (!in.read(head, sizeof head) || std::string(head, 4) != std::string("PK\x03\x04", 4))
      throw fileError(path, "not a TorchScript file (expected a zip archive written by torch.jit.save)");
  }
  torch::jit::ExtraFilesMap extra{{kEmbeddedMetadataName, ""}};
  try {
    auto module = torch::jit::load(path, at::Device(device), extra);
    embeddedJson = extra[kEmbeddedMetadataName];
    return module;
  } catch (const c10::Error& e) {
    if (isTorchExportArchive(path))
      throw fileError(path, "is a torch.export program (.pt2), not TorchScript; FaultLens reads TorchScript: "
                            "save the model with torch.jit.trace(model, example_input).save(path)");
    std::string msg = e.what_without_backtrace();
    if (msg.size() > 400) msg = msg.substr(0, 400) + "...";
    throw fileError(path, "cannot read TorchScript archive (truncated or corrupt?): " + msg);
  } catch (const std::exception& e) {
    throw fileError(path, std::string("cannot read TorchScript archive: ") + e.what());
  }
}

std::vector<std::int64_t> toVector(at::IntArrayRef sizes) { return {sizes.begin(), sizes.end()}; }

/// True when a tensor of shape `two` (from a batch of two images) is `one` (from a batch of
/// one) with dimension 0 doubled: batch-major, each image owning one[0] contiguous rows.
bool doublesWithBatch(const std::vector<std::int64_t>& one, const std::vector<std::int64_t>& two) {
  return !one.empty() && two.size() == one.size() && two[0] == 2 * one[0] &&
         std::equal(one.begin() + 1, one.end(), two.begin() + 1);
}

std::vector<c10::IValue> runPrefix(GraphSplit& split, const c10::IValue& self, const at::Tensor& batch) {
  torch::NoGradGuard noGrad;
  c10::IValue out = (*split.prefix)(std::vector<c10::IValue>{self, batch});
  return out.toTupleRef().elements().vec();
}

}  // namespace

GraphSplit* Model::Impl::split(int layer) {
  std::lock_guard<std::mutex> lock(splitMutex);
  if (splits.count(layer)) return splits[layer].get();
  std::string why;
  auto s = splitAtLayer(*tapped.graph, layer, why, module._ivalue());  // `layer`: any tap id
  if (s) {
    // Which live values carry the batch? Compare the state of one and of two zero images.
    const auto& in = metadata.input;
    std::vector<c10::IValue> one, two;
    {
      ScopedTapHandler none(nullptr);
      one = runPrefix(*s, module._ivalue(), at::zeros({1, in.channels, in.height, in.width}).to(at::Device(device)));
      two = runPrefix(*s, module._ivalue(), at::zeros({2, in.channels, in.height, in.width}).to(at::Device(device)));
    }
    s->batched.assign(one.size(), false);
    s->rowsPerImage.assign(one.size(), 1);
    for (std::size_t i = 0; i < one.size() && s; ++i) {
      if (one[i].isTensor() && two[i].isTensor()) {
        const auto a = toVector(one[i].toTensor().sizes()), b = toVector(two[i].toTensor().sizes());
        if (a == b) continue;
        if (doublesWithBatch(a, b)) {
          s->batched[i] = true;
          s->rowsPerImage[i] = a[0];
          continue;
        }
      } else if (one[i] == two[i]) {
        continue;
      }
      why = "the state at this layer depends on the batch size in a way FaultLens cannot replicate";
      s.reset();
    }
    if (s && !s->batched[s->cutValue]) {
      why = "the layer's output does not carry the batch";
      s.reset();
    }
  }
  if (!s) splitErrors[layer] = why;
  splits[layer] = std::move(s);
  return splits[layer].get();
}

namespace {
std::vector<std::int64_t> replicatedShape(const at::Tensor& t, std::int64_t repeat) {
  std::vector<std::int64_t> shape(t.sizes().begin(), t.sizes().end());
  shape[0] = repeat;
  return shape;
}
}  // namespace

struct LayerState::Data {
  int layer = 0;
  TapPoint at;
  std::int64_t images = 0;
  at::Tensor layerOutput;
  GraphSplit* split = nullptr;    ///< null: no cut, resume re-runs the full network
  std::vector<c10::IValue> live;  ///< with a cut: the prefix's outputs
  at::Tensor batch;               ///< without a cut: the input batch
  at::Tensor layerInput;          ///< with a cut, when asked for: the layer's own input
};

std::unique_ptr<LayerState::Data> Model::Impl::newState(TapPoint point, const at::Tensor& batch) {
  const std::string name = checkedTapName(point);
  const bool executed = point.isModule ? moduleOutputs[point.index].executed : layers[point.index].executed;
  if (!executed) throw fileError(path, "'" + name + "' does not run for this input");
  auto d = std::make_unique<LayerState::Data>();
  d->layer = point.index;
  d->at = point;
  d->images = batch.size(0);
  d->split = split(tapId(point));
  return d;
}

LayerState::LayerState(std::unique_ptr<Data> d) : d_(std::move(d)) {}
LayerState::~LayerState() = default;
int LayerState::layer() const { return d_->layer; }
TapPoint LayerState::point() const { return d_->at; }
std::int64_t LayerState::images() const { return d_->images; }
const at::Tensor& LayerState::layerOutput() const { return d_->layerOutput; }
bool LayerState::isCut() const { return d_->split != nullptr; }
const at::Tensor& LayerState::layerInput() const { return d_->layerInput; }
const std::optional<LayerGeometry>& LayerState::geometry() const {
  static const std::optional<LayerGeometry> none;
  return d_->layerInput.defined() ? d_->split->geometry : none;  // a kept input implies a cut with geometry
}
std::vector<std::pair<const void*, std::int64_t>> LayerState::storages() const {
  std::vector<std::pair<const void*, std::int64_t>> out;
  const auto add = [&](const at::Tensor& t) {
    if (t.defined()) out.emplace_back(t.storage().data(), static_cast<std::int64_t>(t.storage().nbytes()));
  };
  for (const auto& v : d_->live)
    if (v.isTensor()) add(v.toTensor());
  add(d_->batch);
  add(d_->layerInput);
  return out;
}

Model::Model(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Model::~Model() = default;

namespace {

/// Checks the device before anything is read onto it: a CPU-only LibTorch (Debian's) would
/// otherwise fail deep inside the archive reader with a message about missing kernels.
void checkDevice(const std::string& path, const std::string& device) {
  std::optional<c10::Device> d;
  try {
    d.emplace(device);
  } catch (const c10::Error&) {
    throw fileError(path, "device '" + device + "' is not a device (cpu or cuda:N)");
  }
  if (d->is_cpu()) return;
  if (!d->is_cuda()) throw fileError(path, "device '" + device + "': only cpu and cuda:N are supported");
  const auto gpus = static_cast<int>(torch::cuda::device_count());
  if (gpus == 0)
    throw fileError(path,
                    "device '" + device + "': this LibTorch has no CUDA support or sees no GPU; use --device cpu");
  if (d->has_index() && d->index() >= gpus)
    throw fileError(path, "device '" + device + "': only " + std::to_string(gpus) + " GPU(s) visible");
}

/// Input channels of the first convolution (the first 4-D weight in parameter order, the
/// order the module was built in), or 0 when the model has none.
int firstConvInputChannels(const torch::jit::Module& module) {
  for (const auto& p : module.named_parameters(/*recurse=*/true))
    if (p.value.dim() == 4 && p.name.size() >= 6 && p.name.compare(p.name.size() - 6, 6, "weight") == 0)
      return static_cast<int>(p.value.size(1));
  return 0;
}

/// Output shape, per-image flag and executed flag of a tap from the probes with one and two images.
template <class Info>
void readProbedShape(const std::optional<std::vector<std::int64_t>>& one,
                     const std::optional<std::vector<std::int64_t>>& two, Info& info) {
  info.executed = one.has_value() && two.has_value();
  if (!info.executed) return;
  info.perImage = doublesWithBatch(*one, *two);
  info.outputShape = *one;  // the batch-of-one output: one image's share when batch-major
  if (info.perImage && info.outputShape[0] == 1) info.outputShape.erase(info.outputShape.begin());
}

}  // namespace

std::unique_ptr<Model> Model::load(const std::string& path, const ModelLoadOptions& options) {
  checkDevice(path, options.device);
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->device = options.device;
  std::string embedded;
  impl->module = readArchive(path, options.device, embedded);
  const std::string archiveDigest = sha256OfFile(path);
  impl->module.eval();

  // Metadata: embedded < sidecar < explicit options.
  ModelMetadata meta;
  meta.name = fs::path(path).stem().string();
  if (!embedded.empty()) mergeMetadata(meta, parseModelMetadata(embedded, path + " (embedded faultlens.json)"));
  const std::string sidecar = sidecarPathFor(path);
  std::error_code ec;
  if (sidecar != path && fs::exists(sidecar, ec))
    mergeMetadata(meta, parseModelMetadata(readFileBytes(sidecar), sidecar));
  if (options.input) {
    ModelMetadata over;
    over.input = *options.input;
    mergeMetadata(meta, over);
  }
  if (!options.mean.empty()) meta.input.mean = options.mean;
  if (!options.std.empty()) meta.input.std = options.std;
  if (!options.classListPath.empty()) meta.classes = readClassList(options.classListPath);
  if (!meta.input.known() && options.proposeMissingInput) {
    if (const int channels = firstConvInputChannels(impl->module); channels > 0) {
      const InputSpec proposal = proposeInputSpec(channels);
      meta.input.channels = proposal.channels;
      meta.input.height = proposal.height;
      meta.input.width = proposal.width;
      meta.input.resize = proposal.resize;
      if (meta.input.mean.empty()) meta.input.mean = proposal.mean;
      if (meta.input.std.empty()) meta.input.std = proposal.std;
      meta.inputProposed = true;
    }
  }
  if (!meta.input.known())
    throw fileError(path, "input shape unknown: give it with --input-shape C,H,W or a sidecar " + sidecar);
  meta.input.validate(path);
  impl->metadata = meta;
  {
    // What the model computes: the archive's bytes and the metadata that shapes its input
    // and names its classes (not its display name, which follows the file name).
    ModelMetadata pinned = meta;
    pinned.name.clear();
    Sha256 hash;
    hash.field(archiveDigest).field(modelMetadataToJson(pinned));
    impl->contentDigest = hash.hex();
  }

  try {
    impl->tapped = instrumentForward(impl->module, path);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw fileError(path, std::string("cannot instrument the forward graph: ") + e.what());
  }
  impl->function = std::make_unique<torch::jit::GraphFunction>("faultlens_tapped_forward", impl->tapped.graph, nullptr);

  // Probe with batches of one and two images: reveals output shapes and which layers are
  // batch-major (image b owns the b-th contiguous slice, also for Swin's [B*windows, ...]
  // attention tensors) versus batch-independent (Swin's position-bias MLP).
  struct ShapeRecorder : TapHandler {
    std::vector<std::optional<std::vector<std::int64_t>>> shapes, moduleShapes;
    at::Tensor onLayerOutput(int layer, const at::Tensor& out) override {
      if (!shapes[layer]) shapes[layer] = toVector(out.sizes());
      return out;
    }
    at::Tensor onModuleOutput(int module, const at::Tensor& out) override {
      if (!moduleShapes[module]) moduleShapes[module] = toVector(out.sizes());
      return out;
    }
  };
  const auto& in = meta.input;
  const auto probe = [&](int batch, ShapeRecorder& recorder) {
    recorder.shapes.assign(impl->tapped.layers.size(), std::nullopt);
    recorder.moduleShapes.assign(impl->tapped.moduleOutputs.size(), std::nullopt);
    try {
      return impl->run(at::zeros({batch, in.channels, in.height, in.width}), &recorder);
    } catch (const Error&) {
      throw;
    } catch (const std::exception& e) {
      std::string msg = e.what();
      if (msg.size() > 600) msg = msg.substr(0, 600) + "...";
      throw fileError(path, "inference on a zero input of shape [" + std::to_string(batch) + ", " +
                                std::to_string(in.channels) + ", " + std::to_string(in.height) + ", " +
                                std::to_string(in.width) + "] failed (wrong input shape?): " + msg);
    }
  };
  ShapeRecorder single, pair;
  probe(1, single);
  const at::Tensor logits = probe(2, pair);
  if (logits.dim() != 2 || logits.size(0) != 2)
    throw fileError(path, "output shape " + shapeToString(toVector(logits.sizes())) +
                              " for a batch of 2; a classifier must return [N, classes]");
  if (logits.scalar_type() != at::kFloat)
    throw fileError(path,
                    std::string("output dtype ") + c10::toString(logits.scalar_type()) + "; FaultLens needs float32");
  impl->numClasses = static_cast<int>(logits.size(1));
  if (!meta.classes.empty() && static_cast<int>(meta.classes.size()) != impl->numClasses)
    throw fileError(path, "model outputs " + std::to_string(impl->numClasses) + " classes but the class list has " +
                              std::to_string(meta.classes.size()));

  for (std::size_t i = 0; i < impl->tapped.layers.size(); ++i) {
    const auto& d = impl->tapped.layers[i];
    LayerInfo info;
    info.index = static_cast<int>(i);
    info.name = d.name;
    info.kind = d.kind;
    if (!d.weightPath.empty()) {
      std::string joined;
      for (const auto& p : d.weightPath) joined += (joined.empty() ? "" : ".") + p;
      info.weightPath = joined;
      c10::IValue obj = impl->module._ivalue();
      for (const auto& part : d.weightPath) obj = obj.toObject()->getAttr(part);
      if (obj.isTensor()) info.weightShape = toVector(obj.toTensor().sizes());
    }
    info.order = impl->tapped.layerOrder[i];
    readProbedShape(single.shapes[i], pair.shapes[i], info);
    impl->layers.push_back(std::move(info));
  }
  for (std::size_t i = 0; i < impl->tapped.moduleOutputs.size(); ++i) {
    ModuleOutputInfo info;
    info.index = static_cast<int>(i);
    info.name = impl->tapped.moduleOutputs[i].name;
    info.aliases = impl->tapped.moduleOutputs[i].aliases;
    info.order = impl->tapped.moduleOrder[i];
    readProbedShape(single.moduleShapes[i], pair.moduleShapes[i], info);
    impl->moduleOutputs.push_back(std::move(info));
  }
  for (const auto& p : impl->module.parameters()) impl->parameters += p.numel();
  return std::unique_ptr<Model>(new Model(std::move(impl)));
}

const std::string& Model::path() const { return impl_->path; }
const std::string& Model::contentDigest() const { return impl_->contentDigest; }
const ModelMetadata& Model::metadata() const { return impl_->metadata; }
int Model::numClasses() const { return impl_->numClasses; }
const std::vector<LayerInfo>& Model::layers() const { return impl_->layers; }
const std::vector<ModuleOutputInfo>& Model::moduleOutputs() const { return impl_->moduleOutputs; }
std::int64_t Model::parameterCount() const { return impl_->parameters; }
const std::string& Model::device() const { return impl_->device; }
const NumberFormat& Model::numberFormat() const { return impl_->format; }

void Model::useNumberFormat(const NumberFormat& format, const std::vector<double>& outputAbsMax) {
  if (impl_->format != NumberFormat{})
    throw fileError(impl_->path,
                    "already computes in " + impl_->format.name() + "; load it again to use " + format.name());
  if (format == NumberFormat{}) return;
  std::vector<LayerInfo> executed;
  for (const auto& l : impl_->layers)
    if (l.executed) executed.push_back(l);
  std::unique_ptr<FormatRounding> rounding;
  try {
    rounding = std::make_unique<FormatRounding>(format, executed, outputAbsMax);
  } catch (const Error& e) {
    throw fileError(impl_->path, e.what());
  }
  const RoundedParameters rounded = roundParametersToFormat(*this, format);
  for (auto& l : impl_->layers) {
    const double outputScale = format.needsScale() && l.executed ? outputAbsMax.at(l.index) : 1.0;
    const auto weightScale = rounded.weightScale.find(l.index);
    l.outputEncoding = {format, outputScale};
    l.weightEncoding = {format, weightScale == rounded.weightScale.end() ? 1.0 : weightScale->second};
  }
  impl_->rounding = std::move(rounding);
  impl_->format = format;
}

std::string Model::className(int index) const {
  const auto& c = impl_->metadata.classes;
  if (index >= 0 && index < static_cast<int>(c.size())) return c[index];
  return "class " + std::to_string(index);
}

int Model::layerIndex(const std::string& name) const {
  try {
    return resolveLayer(impl_->layers, name).index;
  } catch (const Error& e) {
    throw fileError(impl_->path, e.what());
  }
}

at::Tensor Model::forward(const at::Tensor& batch, TapHandler* handler) {
  checkBatchShape(batch);
  try {
    return impl_->run(batch, handler);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw fileError(impl_->path, std::string("inference failed: ") + e.what());
  }
}

void Model::checkBatchShape(const at::Tensor& batch) const {
  const auto& in = impl_->metadata.input;
  if (batch.dim() != 4 || batch.size(1) != in.channels || batch.size(2) != in.height || batch.size(3) != in.width)
    throw fileError(impl_->path, "input batch has shape " + shapeToString(toVector(batch.sizes())) +
                                     ", the model expects [N, " + std::to_string(in.channels) + ", " +
                                     std::to_string(in.height) + ", " + std::to_string(in.width) + "]");
}

std::string Model::resumeSupport(TapPoint point) {
  impl_->checkedTapName(point);
  const int id = Impl::tapId(point);
  if (impl_->split(id)) return {};
  std::lock_guard<std::mutex> lock(impl_->splitMutex);
  return impl_->splitErrors[id];
}

std::unique_ptr<LayerState> Model::captureState(TapPoint point, const at::Tensor& batch, TapHandler* handler) {
  auto d = impl_->newState(point, batch);
  if (d->split) {
    checkBatchShape(batch);
    PassHandler pass(impl_->rounding.get(), handler);
    ScopedTapHandler scope(pass.get());
    try {
      d->live = runPrefix(*d->split, impl_->module._ivalue(), batch.to(at::Device(impl_->device)));
    } catch (const std::exception& e) {
      throw fileError(impl_->path, std::string("inference failed: ") + e.what());
    }
    d->layerOutput = d->live[d->split->cutValue].toTensor();
  } else {
    // No cut: keep the batch and capture the raw output at the tap from a full pass. The
    // handler sees what runs before the tap (for a module output: every layer, as none
    // after it can change it).
    struct Capture : TapHandler {
      TapPoint point;
      TapHandler* before;
      at::Tensor seen;
      at::Tensor onLayerOutput(int l, const at::Tensor& out) override {
        if (!point.isModule && l == point.index && !seen.defined()) seen = out;
        return before && (point.isModule || l < point.index) ? before->onLayerOutput(l, out) : out;
      }
      at::Tensor onModuleOutput(int m, const at::Tensor& out) override {
        if (point.isModule && m == point.index && !seen.defined()) seen = out;
        return out;
      }
    } capture;
    capture.point = point;
    capture.before = handler;
    forward(batch, &capture);
    d->batch = batch;
    d->layerOutput = capture.seen;
  }
  return std::unique_ptr<LayerState>(new LayerState(std::move(d)));
}

CapturedStates Model::captureStates(const std::vector<TapPoint>& points, const at::Tensor& batch, TapHandler* handler,
                                    LayerInputs layerInputs) {
  checkBatchShape(batch);
  std::vector<std::unique_ptr<LayerState::Data>> data;
  std::vector<int> cutIds;
  std::vector<const GraphSplit*> cutSplits;
  std::map<int, std::size_t> rawWanted;  // layer or module tap id without a cut → its state
  for (const TapPoint& point : points) {
    auto d = impl_->newState(point, batch);
    if (d->split) {
      cutIds.push_back(Impl::tapId(point));
      cutSplits.push_back(d->split);
    } else {
      d->batch = batch;
      rawWanted[Impl::tapId(point)] = data.size();
    }
    data.push_back(std::move(d));
  }
  CaptureGraph* graph = nullptr;
  {
    std::lock_guard<std::mutex> lock(impl_->splitMutex);
    const bool withInputs = layerInputs == LayerInputs::Keep;
    auto& slot = impl_->captures[{cutIds, withInputs}];
    if (!slot) slot = std::make_unique<CaptureGraph>(buildCaptureGraph(impl_->tapped.graph, cutSplits, withInputs));
    graph = slot.get();
  }
  // Points without a cut keep the batch and the raw output their tap saw.
  struct RecordRaw : TapHandler {
    TapHandler* inner;
    std::map<int, std::size_t>* wanted;
    std::vector<std::unique_ptr<LayerState::Data>>* data;
    void record(int id, const at::Tensor& out) {
      auto it = wanted->find(id);
      if (it != wanted->end() && !(*data)[it->second]->layerOutput.defined()) (*data)[it->second]->layerOutput = out;
    }
    at::Tensor onLayerOutput(int l, const at::Tensor& out) override {
      record(l, out);
      return inner ? inner->onLayerOutput(l, out) : out;
    }
    at::Tensor onModuleOutput(int m, const at::Tensor& out) override {
      record(kModuleTapBase + m, out);
      return inner ? inner->onModuleOutput(m, out) : out;
    }
  } recordRaw;
  recordRaw.inner = handler;
  recordRaw.wanted = &rawWanted;
  recordRaw.data = &data;
  c10::IValue out;
  {
    PassHandler pass(impl_->rounding.get(), rawWanted.empty() ? handler : &recordRaw);
    ScopedTapHandler scope(pass.get());
    torch::NoGradGuard noGrad;
    try {
      out = (*graph->function)(std::vector<c10::IValue>{impl_->module._ivalue(), batch.to(at::Device(impl_->device))});
    } catch (const std::exception& e) {
      throw fileError(impl_->path, std::string("inference failed: ") + e.what());
    }
  }
  const auto& values = out.toTupleRef().elements();
  CapturedStates result;
  result.logits = values[0].toTensor();
  std::set<const void*> counted;
  for (std::size_t i = 1; i < values.size(); ++i)
    if (values[i].isTensor() && counted.insert(values[i].toTensor().storage().data()).second)
      result.bytes += static_cast<std::int64_t>(values[i].toTensor().storage().nbytes());
  std::size_t cut = 0;
  for (auto& d : data) {
    if (d->split) {
      for (std::size_t position : graph->positions[cut]) d->live.push_back(values[position]);
      d->layerOutput = d->live[d->split->cutValue].toTensor();
      if (const auto position = graph->layerInputPositions[cut]) d->layerInput = values[*position].toTensor();
      ++cut;
    } else {
      result.bytes += d->batch.numel() * static_cast<std::int64_t>(d->batch.element_size());
    }
    result.states.push_back(std::unique_ptr<LayerState>(new LayerState(std::move(d))));
  }
  return result;
}

at::Tensor Model::resume(const LayerState& state, TapHandler* handler, std::int64_t repeat) {
  const auto& d = *state.d_;
  if (repeat < 1) throw std::invalid_argument("Model::resume: repeat must be >= 1");
  if (!d.split) return forward(repeat == 1 ? d.batch : d.batch.repeat_interleave(repeat, 0), handler);
  std::vector<c10::IValue> stack{impl_->module._ivalue()};
  for (std::size_t i = 0; i < d.live.size(); ++i) {
    if (!d.split->batched[i]) {
      stack.push_back(d.live[i]);
      continue;
    }
    // Values the suffix may write into (x += identity) get a fresh copy every time, so the
    // captured state survives; read-only ones are passed as they are, or as a view.
    const at::Tensor& t = d.live[i].toTensor();
    const bool written = d.split->written[i];
    if (repeat == 1) {
      stack.push_back(written ? t.clone() : t);
    } else if (d.images == 1 && d.split->rowsPerImage[i] == 1 && !written) {
      stack.push_back(t.expand(replicatedShape(t, repeat)));
    } else {
      const std::int64_t rows = d.split->rowsPerImage[i];
      stack.push_back(t.unflatten(0, {d.images, rows}).repeat_interleave(repeat, 0).flatten(0, 1));
    }
  }
  PassHandler pass(impl_->rounding.get(), handler);
  ScopedTapHandler scope(pass.get());
  torch::NoGradGuard noGrad;
  try {
    return (*d.split->suffix)(std::move(stack)).toTensor();
  } catch (const std::exception& e) {
    throw fileError(impl_->path, std::string("inference failed: ") + e.what());
  }
}

at::Tensor Model::weight(int layer) {
  const auto& l = impl_->layers.at(layer);
  if (l.weightShape.empty()) throw fileError(impl_->path, "layer '" + l.name + "' has no weight parameter to fault");
  c10::IValue obj = impl_->module._ivalue();
  for (const auto& part : impl_->tapped.layers[layer].weightPath) obj = obj.toObject()->getAttr(part);
  return obj.toTensor();
}

at::Tensor Model::bias(int layer) {
  const auto& path = impl_->tapped.layers.at(layer).biasPath;
  if (path.empty()) return {};
  c10::IValue obj = impl_->module._ivalue();
  for (const auto& part : path) {
    if (!obj.isObject()) return {};
    obj = obj.toObject()->getAttr(part);
  }
  return obj.isTensor() ? obj.toTensor() : at::Tensor();
}

}  // namespace faultlens

namespace faultlens {
std::vector<std::vector<float>> logitRows(const at::Tensor& logits) {
  at::Tensor cpu = logits.detach().to(at::kCPU, at::kFloat).contiguous();
  std::vector<std::vector<float>> rows;
  const std::int64_t n = cpu.size(0), k = cpu.size(1);
  const float* data = cpu.data_ptr<float>();
  for (std::int64_t i = 0; i < n; ++i) rows.emplace_back(data + i * k, data + (i + 1) * k);
  return rows;
}
}  // namespace faultlens
