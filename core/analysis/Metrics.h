#pragma once
// The metric formulas of docs/architecture.md, "Metrics", on plain logit vectors. Torch-free so the
// GUI, the CLI and the tests share one definition. All arithmetic is in float64.
#include <vector>

namespace faultlens {

/// Softmax in float64 (max-subtracted). Non-finite logits give NaN probabilities.
std::vector<double> softmax(const std::vector<float>& logits);

/// Index of the largest logit; ties go to the lower index (as torch.argmax).
int argmax(const std::vector<float>& logits);
bool allFinite(const std::vector<float>& logits);

struct ClassScore {
  int index = 0;
  float logit = 0.0f;
  double probability = 0.0;
};
/// The k best classes by logit, best first.
std::vector<ClassScore> topK(const std::vector<float>& logits, int k);

/// p(top1) − p(top2) in percentage points.
double top2Diff(const std::vector<float>& logits);

/// Cross-entropy −log softmax(logits)[label] in float64 (log-sum-exp form).
double crossEntropy(const std::vector<float>& logits, int label);

/// Mismatch (SDC): argmax differs, or the faulty logits contain NaN / Inf.
bool isMismatch(const std::vector<float>& clean, const std::vector<float>& faulty);

}  // namespace faultlens
