#include "core/train/ModelBuilder.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <torch/script.h>

#include <cmath>

#include "core/Error.h"
#include "core/text/ClassEmbeddings.h"

namespace faultlens {
namespace {
using torch::jit::Module;
using CU = std::shared_ptr<torch::jit::CompilationUnit>;

/// Unlike Python's nn.Parameter, register_parameter does not make a tensor trainable.
at::Tensor trainable(at::Tensor t) { return t.set_requires_grad(true); }

/// Creates modules and draws their initial weights from one seeded generator.
class Builder {
 public:
  Builder(std::uint64_t seed)
      : cu_(std::make_shared<torch::jit::CompilationUnit>()), gen_(at::make_generator<at::CPUGeneratorImpl>(seed)) {}

  Module module(const std::string& type) {
    Module m("__torch__.faultlens." + type, cu_, /*shouldMangle=*/true);
    if (!m.hasattr("training")) m.register_attribute("training", c10::BoolType::get(), true);
    return m;
  }

  /// 2-D convolution without bias (a batch norm follows); Kaiming-normal, fan-out.
  Module conv(int in, int out, int kernel, int stride) {
    Module m = module("Conv2d");
    const double std = std::sqrt(2.0 / (out * kernel * kernel));
    m.register_parameter("weight", trainable(at::randn({out, in, kernel, kernel}, gen_) * std), false);
    m.register_attribute("stride", c10::IntType::get(), stride);
    m.register_attribute("padding", c10::IntType::get(), kernel / 2);
    m.define(R"(
def forward(self, x):
    return torch.conv2d(x, self.weight, None, [self.stride, self.stride], [self.padding, self.padding], [1, 1], 1)
)");
    return m;
  }

  Module batchNorm(int channels) {
    Module m = module("BatchNorm2d");
    m.register_parameter("weight", trainable(at::ones({channels})), false);
    m.register_parameter("bias", trainable(at::zeros({channels})), false);
    m.register_buffer("running_mean", at::zeros({channels}));
    m.register_buffer("running_var", at::ones({channels}));
    m.define(R"(
def forward(self, x):
    return torch.batch_norm(x, self.weight, self.bias, self.running_mean, self.running_var, self.training, 0.1, 1e-05, False)
)");
    return m;
  }

  /// PyTorch's default Linear initialisation: U(-1/sqrt(in), 1/sqrt(in)).
  Module linear(int in, int out, bool bias) {
    Module m = module("Linear");
    const double bound = 1.0 / std::sqrt(static_cast<double>(in));
    m.register_parameter("weight", trainable(at::rand({out, in}, gen_) * (2 * bound) - bound), false);
    if (bias) {
      m.register_parameter("bias", trainable(at::rand({out}, gen_) * (2 * bound) - bound), false);
      m.define(R"(
def forward(self, x):
    return torch.linear(x, self.weight, self.bias)
)");
    } else {
      m.define(R"(
def forward(self, x):
    return torch.linear(x, self.weight)
)");
    }
    return m;
  }

  Module basicBlock(int in, int out, int stride) {
    Module m = module("BasicBlock");
    m.register_module("conv1", conv(in, out, 3, stride));
    m.register_module("bn1", batchNorm(out));
    m.register_module("conv2", conv(out, out, 3, 1));
    m.register_module("bn2", batchNorm(out));
    const bool project = stride != 1 || in != out;
    if (project) {
      m.register_module("downsample_conv", conv(in, out, 1, stride));
      m.register_module("downsample_bn", batchNorm(out));
    }
    m.define(std::string(R"(
def forward(self, x):
    out = torch.relu(self.bn1.forward(self.conv1.forward(x)))
    out = self.bn2.forward(self.conv2.forward(out))
)") + (project ? "    return torch.relu(out + self.downsample_bn.forward(self.downsample_conv.forward(x)))\n"
               : "    return torch.relu(out + x)\n"));
    return m;
  }

  /// ResNet for small images: stem + three stages of one basic block (w, 2w, 4w channels,
  /// strides 1, 2, 2), global average pooling. B = 4w features.
  Module smallResNet(int inChannels, int w) {
    Module m = module("SmallResNet");
    m.register_module("conv1", conv(inChannels, w, 3, 1));
    m.register_module("bn1", batchNorm(w));
    m.register_module("layer1", basicBlock(w, w, 1));
    m.register_module("layer2", basicBlock(w, 2 * w, 2));
    m.register_module("layer3", basicBlock(2 * w, 4 * w, 2));
    m.define(R"(
def forward(self, x):
    x = torch.relu(self.bn1.forward(self.conv1.forward(x)))
    x = self.layer3.forward(self.layer2.forward(self.layer1.forward(x)))
    return torch.flatten(torch.adaptive_avg_pool2d(x, [1, 1]), 1)
)");
    return m;
  }

  /// Plain VGG-style net: three stages of two conv-BN-ReLU (w, 2w, 4w channels), 2×2 max
  /// pooling after the first two, global average pooling. B = 4w features.
  Module smallVgg(int inChannels, int w) {
    Module m = module("SmallVgg");
    std::string src = "\ndef forward(self, x):\n";
    int in = inChannels, index = 1;
    for (int stage = 0; stage < 3; ++stage) {
      const int out = w << stage;
      for (int k = 0; k < 2; ++k, ++index) {
        const std::string n = std::to_string(index);
        m.register_module("conv" + n, conv(in, out, 3, 1));
        m.register_module("bn" + n, batchNorm(out));
        src += "    x = torch.relu(self.bn" + n + ".forward(self.conv" + n + ".forward(x)))\n";
        in = out;
      }
      if (stage < 2) src += "    x = torch.max_pool2d(x, [2, 2], [2, 2], [0, 0], [1, 1], False)\n";
    }
    src += "    return torch.flatten(torch.adaptive_avg_pool2d(x, [1, 1]), 1)\n";
    m.define(src);
    return m;
  }

 private:
  CU cu_;
  at::Generator gen_;
};

}  // namespace

const char* architectureName(Architecture a) { return a == Architecture::SmallResNet ? "resnet" : "vgg"; }

Architecture parseArchitecture(const std::string& name) {
  if (name == "resnet") return Architecture::SmallResNet;
  if (name == "vgg") return Architecture::SmallVgg;
  throw Error("unknown architecture '" + name + "' (expected resnet or vgg)");
}

const char* headKindName(HeadKind h) {
  switch (h) {
    case HeadKind::Baseline: return "baseline";
    case HeadKind::TextGuided: return "text-guided";
    case HeadKind::FusedLinearAblation: return "fused-linear";
  }
  return "?";
}

HeadKind parseHeadKind(const std::string& name) {
  for (HeadKind h : {HeadKind::Baseline, HeadKind::TextGuided, HeadKind::FusedLinearAblation})
    if (name == headKindName(h)) return h;
  throw Error("unknown head '" + name + "' (expected baseline, text-guided or fused-linear)");
}

namespace {

/// Linear(E → C, no bias) whose rows are the L2-normalised class embeddings.
Module embeddingRows(Builder& b, const ClassifierSpec& spec) {
  const at::Tensor& e = spec.classEmbeddings;
  if (!e.defined() || e.dim() != 2 || e.size(0) != spec.numClasses)
    throw Error("a text-guided head needs class embeddings of shape [" + std::to_string(spec.numClasses) + ", E]");
  Module rows = b.linear(static_cast<int>(e.size(1)), spec.numClasses, false);
  c10::NoGradGuard noGrad;
  rows.attr("weight").toTensor().copy_(normalizeRows(e.to(at::kFloat)));
  if (spec.freezeClassEmbeddings) rows.attr("weight").toTensor().set_requires_grad(false);
  return rows;
}

}  // namespace

torch::jit::Module buildClassifier(const ClassifierSpec& spec) {
  if (spec.numClasses < 2) throw Error("a classifier needs at least 2 classes");
  if (spec.inputChannels != 1 && spec.inputChannels != 3) throw Error("input channels must be 1 or 3");
  if (spec.width < 1 || spec.width > 512) throw Error("width must be in 1..512");
  Builder b(spec.seed);
  Module root = b.module(spec.head == HeadKind::Baseline     ? "Classifier"
                         : spec.head == HeadKind::TextGuided ? "TextGuidedClassifier"
                                                             : "FusedLinearTextClassifier");
  root.register_module("features", spec.architecture == Architecture::SmallResNet
                                       ? b.smallResNet(spec.inputChannels, spec.width)
                                       : b.smallVgg(spec.inputChannels, spec.width));
  const int features = 4 * spec.width;
  switch (spec.head) {
    case HeadKind::Baseline:
      root.register_module("fc", b.linear(features, spec.numClasses, true));
      root.define(R"(
def forward(self, x):
    return self.fc.forward(self.features.forward(x))
)");
      break;
    case HeadKind::TextGuided: {
      // The projection is the backbone's last layer resized to E outputs (with bias), as
      // the authors resize a torchvision model's classifier; the normalisation has no
      // epsilon there either, so a zero feature vector gives NaN logits in both.
      Module head = embeddingRows(b, spec);
      root.register_module("fc", b.linear(features, static_cast<int>(spec.classEmbeddings.size(1)), true));
      root.register_module("head", head);
      root.register_parameter("logit_scale", trainable(at::full({}, kInitialLogitScale, at::kFloat)), false);
      root.define(R"(
def forward(self, x):
    f = self.fc.forward(self.features.forward(x))
    f = f / torch.linalg_vector_norm(f, 2.0, [1], True)
    return torch.exp(self.logit_scale) * self.head.forward(f)
)");
      break;
    }
    case HeadKind::FusedLinearAblation: {
      Module ec = embeddingRows(b, spec);
      root.register_module("be", b.linear(features, static_cast<int>(spec.classEmbeddings.size(1)), true));
      root.register_module("ec", ec);
      root.define(R"(
def forward(self, x):
    return self.ec.forward(self.be.forward(self.features.forward(x)))
)");
      break;
    }
  }
  return root;
}

torch::jit::Module fuseLinearTextHead(const torch::jit::Module& ablation, const ClassifierSpec& spec) {
  if (spec.head != HeadKind::FusedLinearAblation)
    throw Error(std::string("only the fused-linear ablation is fused on export, not a ") + headKindName(spec.head) +
                " head");
  ClassifierSpec baseline = spec;
  baseline.head = HeadKind::Baseline;
  baseline.classEmbeddings = at::Tensor();
  Module fused = buildClassifier(baseline);
  c10::NoGradGuard noGrad;
  std::map<std::string, at::Tensor> source;
  for (const auto& p : ablation.named_parameters()) source[p.name] = p.value;
  for (const auto& p : ablation.named_buffers()) source[p.name] = p.value;
  const auto copyFrom = [&](const std::string& name, at::Tensor dst) {
    auto it = source.find(name);
    if (it == source.end() || !it->second.sizes().equals(dst.sizes()))
      throw Error("cannot fuse the linear text head: '" + name + "' is missing or has another shape");
    dst.copy_(it->second);
  };
  for (const auto& p : fused.named_parameters())
    if (p.name.rfind("features.", 0) == 0) copyFrom(p.name, p.value);
  for (const auto& p : fused.named_buffers())
    if (p.name.rfind("features.", 0) == 0) copyFrom(p.name, p.value);
  const at::Tensor wBE = source.at("be.weight"), bBE = source.at("be.bias"), wEC = source.at("ec.weight");
  fused.attr("fc").toModule().attr("weight").toTensor().copy_(at::matmul(wEC, wBE));
  fused.attr("fc").toModule().attr("bias").toTensor().copy_(at::matmul(wEC, bBE));
  fused.eval();
  return fused;
}

void saveModuleAtomically(const torch::jit::Module& module, const std::string& path,
                          const std::unordered_map<std::string, std::string>& extraFiles) {
  const std::string temp = path + ".partial";
  try {
    module.save(temp, torch::jit::ExtraFilesMap(extraFiles.begin(), extraFiles.end()));
  } catch (const std::exception& e) {
    std::remove(temp.c_str());
    throw fileError(path, std::string("cannot save: ") + e.what());
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    throw fileError(path, "cannot move the saved file into place");
  }
}

void saveClassifier(const torch::jit::Module& module, const std::string& path, const ModelMetadata& metadata) {
  saveModuleAtomically(module, path, {{kEmbeddedMetadataName, modelMetadataToJson(metadata)}});
}

}  // namespace faultlens
