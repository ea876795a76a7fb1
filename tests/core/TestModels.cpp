#include "tests/core/TestModels.h"

#include <ATen/ATen.h>
#include <torch/script.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>

#include "core/io/FileIO.h"
#include "core/model/ModelMetadata.h"
#include "core/formats/NumberFormatTensor.h"

namespace faultlens::test {
namespace fs = std::filesystem;
using torch::jit::Module;

bool representableIn(const NumberFormat& format, const at::Tensor& t, double scale) {
  const at::Tensor f = t.detach().to(at::kFloat).contiguous();
  const at::Tensor again = quantizeTensor(format, f, scale).contiguous();
  return std::memcmp(f.data_ptr<float>(), again.data_ptr<float>(), f.numel() * sizeof(float)) == 0;
}

std::string tempDir(const std::string& tag) {
  static std::vector<fs::path> created;
  static const bool registered = [] {
    std::atexit([] {
      std::error_code ec;
      for (const auto& p : created) fs::remove_all(p, ec);
    });
    return true;
  }();
  (void)registered;
  std::random_device rd;
  fs::path p = fs::temp_directory_path() / ("faultlens-test-" + tag + "-" + std::to_string(rd()));
  fs::create_directories(p);
  created.push_back(p);
  return p.string();
}

namespace {

std::shared_ptr<torch::jit::CompilationUnit> newUnit() { return std::make_shared<torch::jit::CompilationUnit>(); }

Module convModule(const std::shared_ptr<torch::jit::CompilationUnit>& cu, const std::string& type, int in, int out,
                  at::Generator& gen) {
  Module m("__torch__." + type, cu, true);
  m.register_parameter("weight", at::randn({out, in, 3, 3}, gen) * 0.5, false);
  m.register_parameter("bias", at::randn({out}, gen) * 0.1, false);
  m.define(R"(
def forward(self, x):
    return torch.conv2d(x, self.weight, self.bias, [1, 1], [1, 1], [1, 1], 1)
)");
  return m;
}

Module linearModule(const std::shared_ptr<torch::jit::CompilationUnit>& cu, const std::string& type, int in, int out,
                    at::Generator& gen) {
  Module m("__torch__." + type, cu, true);
  m.register_parameter("weight", at::randn({out, in}, gen) * 0.2, false);
  m.register_parameter("bias", at::randn({out}, gen) * 0.1, false);
  m.define(R"(
def forward(self, x):
    return torch.linear(x, self.weight, self.bias)
)");
  return m;
}

std::string save(Module& m, const std::string& path, const ModelMetadata& meta) {
  torch::jit::ExtraFilesMap extra{{kEmbeddedMetadataName, modelMetadataToJson(meta)}};
  m.save(path, extra);
  return path;
}

ModelMetadata meta(int c, int h, int w, std::vector<std::string> classes) {
  ModelMetadata m;
  m.input.channels = c;
  m.input.height = h;
  m.input.width = w;
  m.classes = std::move(classes);
  return m;
}

}  // namespace

std::string writeTinyImages(const std::string& dir, int step) {
  std::string idx = std::string("\0\0\x08\x03", 4) + std::string("\0\0\0\x14\0\0\0\x06\0\0\0\x06", 12);
  for (int i = 0; i < 20 * 36; ++i) idx += static_cast<char>((i * step) % 256);
  const std::string path = dir + "/x-images-idx3-ubyte";
  writeFileAtomically(path, idx);
  return path;
}

std::string writeTinyConvNet(const std::string& dir, std::uint64_t seed) {
  auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
  auto cu = newUnit();
  Module net("__torch__.TinyConvNet", cu, true);
  net.register_module("conv", convModule(cu, "Conv", 1, 2, gen));
  net.register_module("fc", linearModule(cu, "Fc", 72, 3, gen));
  net.define(R"(
def forward(self, x):
    y = torch.relu(self.conv.forward(x))
    return self.fc.forward(torch.flatten(y, 1))
)");
  return save(net, dir + "/tiny.pt", meta(1, 6, 6, {"a", "b", "c"}));
}

std::string writeBranchingNet(const std::string& dir) {
  auto gen = at::make_generator<at::CPUGeneratorImpl>(7);
  auto cu = newUnit();
  Module net("__torch__.BranchingNet", cu, true);
  net.register_attribute("use_a", c10::BoolType::get(), true);
  net.register_module("conv_a", convModule(cu, "ConvA", 1, 2, gen));
  net.register_module("conv_b", convModule(cu, "ConvB", 1, 2, gen));
  net.register_module("fc", linearModule(cu, "Fc", 32, 2, gen));
  net.define(R"(
def forward(self, x):
    if self.use_a:
        y = self.conv_a.forward(x)
    else:
        y = self.conv_b.forward(x)
    return self.fc.forward(torch.flatten(y, 1))
)");
  return save(net, dir + "/branching.pt", meta(1, 4, 4, {"yes", "no"}));
}

std::string writeCamReferenceNet(const std::string& dir) {
  auto cu = newUnit();
  Module conv("__torch__.CamConv", cu, true);
  conv.register_parameter("weight", at::tensor({1.0f, 2.0f}).view({2, 1, 1, 1}), false);
  conv.define(R"(
def forward(self, x):
    return torch.conv2d(x, self.weight)
)");
  Module fc("__torch__.CamFc", cu, true);
  fc.register_parameter("weight", at::tensor({1.0f, 1.0f, 0.0f, -1.0f}).view({2, 2}), false);
  fc.register_parameter("bias", at::tensor({0.5f, 0.0f}), false);
  fc.define(R"(
def forward(self, x):
    return torch.linear(x, self.weight, self.bias)
)");
  Module net("__torch__.CamReferenceNet", cu, true);
  net.register_module("conv", conv);
  net.register_module("fc", fc);
  net.define(R"(
def forward(self, x):
    a = self.conv.forward(x)
    return self.fc.forward(torch.mean(a, [2, 3]))
)");
  return save(net, dir + "/cam_reference.pt", meta(1, 4, 4, {"up", "down"}));
}

std::string writeGeometryNet(const std::string& dir) {
  auto gen = at::make_generator<at::CPUGeneratorImpl>(11);
  auto cu = newUnit();
  Module conv("__torch__.GeometryConv", cu, true);
  conv.register_parameter("weight", at::randn({6, 2, 3, 2}, gen) * 0.4, false);
  conv.register_parameter("bias", at::randn({6}, gen) * 0.1, false);
  conv.define(R"(
def forward(self, x):
    return torch.conv2d(x, self.weight, self.bias, [2, 1], [2, 1], [2, 1], 2)
)");
  Module stem("__torch__.GeometryStem", cu, true);
  stem.register_parameter("weight", at::randn({4, 3, 1, 1}, gen) * 0.5, false);
  stem.define(R"(
def forward(self, x):
    return torch.conv2d(x, self.weight)
)");
  Module net("__torch__.GeometryNet", cu, true);
  net.register_module("stem", stem);
  net.register_module("conv", conv);
  net.register_module("tokens", linearModule(cu, "Tokens", 6, 5, gen));
  net.register_module("fc", linearModule(cu, "GeometryFc", 5, 3, gen));
  net.define(R"(
def forward(self, x):
    y = torch.relu(self.conv.forward(self.stem.forward(x)))
    t = self.tokens.forward(torch.flatten(y, 2).transpose(1, 2))
    return self.fc.forward(torch.mean(torch.relu(t), 1))
)");
  return save(net, dir + "/geometry.pt", meta(3, 9, 7, {"a", "b", "c"}));
}

std::string writeNonClassifier(const std::string& dir) {
  auto gen = at::make_generator<at::CPUGeneratorImpl>(3);
  auto cu = newUnit();
  Module net("__torch__.NotAClassifier", cu, true);
  net.register_module("conv", convModule(cu, "Conv", 1, 2, gen));
  net.define(R"(
def forward(self, x):
    return self.conv.forward(x)
)");
  return save(net, dir + "/not_a_classifier.pt", meta(1, 6, 6, {}));
}

}  // namespace faultlens::test
