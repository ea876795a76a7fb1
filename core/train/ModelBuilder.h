#pragma once
// Builds FaultLens's own classifiers as TorchScript modules with LibTorch's C++ module API
// (register_parameter / register_module / define), so they train in C++ and save as
// ordinary TorchScript files that FaultLens and Python's torch.jit.load both read.
//
// Every architecture is a backbone `features` (ending in global average pooling, B
// features) plus a head:
//   baseline     fc: Linear(B → C)
//   text-guided  the paper's cosine head (docs/architecture.md, "The text-guided model"):
//                fc: Linear(B → E); f̂ = f / ‖f‖₂ per image; logits = exp(logit_scale) ·
//                head(f̂), head: Linear(E → C, no bias) whose rows start as the
//                L2-normalised class text embeddings, logit_scale a trainable scalar
//                starting at ln(1/0.07). Nothing is fused: the projection `fc` and `head`
//                are two fault sites, so this model has one layer more than its baseline.
//   fused-linear an ablation that is NOT the paper's model: be: Linear(B → E) then
//                ec: Linear(E → C, no bias) from the embeddings, no normalisation, fused
//                into one Linear `fc` on export (W = W_EC·W_BE, b = W_EC·b_BE). A product
//                of two linear maps is just another linear classifier, which is why it
//                shows no resilience advantage by construction.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/model/ModelMetadata.h"

namespace torch::jit {
struct Module;
}

namespace faultlens {

enum class Architecture { SmallResNet, SmallVgg };
const char* architectureName(Architecture a);
Architecture parseArchitecture(const std::string& name);  ///< "resnet" or "vgg"

enum class HeadKind { Baseline, TextGuided, FusedLinearAblation };
const char* headKindName(HeadKind h);             ///< "baseline", "text-guided", "fused-linear"
HeadKind parseHeadKind(const std::string& name);  ///< inverse; throws naming the choices
/// The text-guided head's initial logit scale s: exp(s) = 1/0.07, CLIP's temperature.
inline const double kInitialLogitScale = 2.6592600369327779;  // ln(1/0.07)

struct ClassifierSpec {
  Architecture architecture = Architecture::SmallResNet;
  int inputChannels = 1;
  int numClasses = 10;
  int width = 16;  ///< channels of the first stage (doubled per stage)
  HeadKind head = HeadKind::Baseline;
  at::Tensor classEmbeddings;  ///< [C, E], text-guided heads only; rows are L2-normalised here
  bool freezeClassEmbeddings = false;
  std::uint64_t seed = 1;  ///< weight initialisation
};

/// A freshly initialised (Kaiming-normal convolutions, PyTorch-default linears) module.
torch::jit::Module buildClassifier(const ClassifierSpec& spec);

/// The fused-linear ablation for export: same backbone, baseline-shaped head `fc` holding
/// the BE·EC product. Throws for any other head.
torch::jit::Module fuseLinearTextHead(const torch::jit::Module& ablation, const ClassifierSpec& spec);

/// Saves a module with FaultLens metadata embedded (extra file faultlens.json).
void saveClassifier(const torch::jit::Module& module, const std::string& path, const ModelMetadata& metadata);

/// torch::jit::Module::save to a temporary file beside `path`, then rename: a crash never
/// leaves a half-written model or checkpoint. Throws faultlens::Error naming `path`.
void saveModuleAtomically(const torch::jit::Module& module, const std::string& path,
                          const std::unordered_map<std::string, std::string>& extraFiles);

}  // namespace faultlens
