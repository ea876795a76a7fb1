#pragma once
// Builds FaultLens's own classifiers as TorchScript modules with LibTorch's C++ module API
// (register_parameter / register_module / define), so they train in C++ and save as
// ordinary TorchScript files that FaultLens and Python's torch.jit.load both read.
//
// Every architecture is a backbone `features` (ending in global average pooling, B
// features) plus a head:
//   baseline     fc: Linear(B → C)
//   text-guided  be: Linear(B → E), then ec: Linear(E → C, no bias) whose rows start as the
//                L2-normalised class text embeddings (DESIGN.md "Text-guided classifier").
// For evaluation the text-guided head is fused into one Linear `fc` (W = W_EC·W_BE,
// b = W_EC·b_BE), so both models have identical layer lists and fault sites line up.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/ModelMetadata.h"

namespace torch::jit {
struct Module;
}

namespace faultlens {

enum class Architecture { SmallResNet, SmallVgg };
const char* architectureName(Architecture a);
Architecture parseArchitecture(const std::string& name);  ///< "resnet" or "vgg"

enum class HeadKind { Baseline, TextGuided };

struct ClassifierSpec {
  Architecture architecture = Architecture::SmallResNet;
  int inputChannels = 1;
  int numClasses = 10;
  int width = 16;                  ///< channels of the first stage (doubled per stage)
  HeadKind head = HeadKind::Baseline;
  at::Tensor classEmbeddings;      ///< [C, E], text-guided only; rows are L2-normalised here
  bool freezeClassEmbeddings = false;
  std::uint64_t seed = 1;          ///< weight initialisation
};

/// A freshly initialised (Kaiming-normal convolutions, PyTorch-default linears) module.
torch::jit::Module buildClassifier(const ClassifierSpec& spec);

/// Same backbone, baseline-shaped head `fc` holding the fused BE·EC product.
torch::jit::Module fuseTextGuidedHead(const torch::jit::Module& textGuided, const ClassifierSpec& spec);

/// Saves a module with FaultLens metadata embedded (extra file faultlens.json).
void saveClassifier(const torch::jit::Module& module, const std::string& path, const ModelMetadata& metadata);

/// torch::jit::Module::save to a temporary file beside `path`, then rename: a crash never
/// leaves a half-written model or checkpoint. Throws faultlens::Error naming `path`.
void saveModuleAtomically(const torch::jit::Module& module, const std::string& path,
                          const std::unordered_map<std::string, std::string>& extraFiles);

}  // namespace faultlens
