#include "core/analysis/Metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/Error.h"

namespace faultlens {

std::vector<double> softmax(const std::vector<float>& logits) {
  std::vector<double> p(logits.size());
  if (logits.empty()) return p;
  double maxLogit = -std::numeric_limits<double>::infinity();
  for (float v : logits) maxLogit = std::max(maxLogit, static_cast<double>(v));
  double sum = 0.0;
  for (std::size_t i = 0; i < logits.size(); ++i) sum += p[i] = std::exp(static_cast<double>(logits[i]) - maxLogit);
  for (double& v : p) v /= sum;
  return p;
}

int argmax(const std::vector<float>& logits) {
  if (logits.empty()) throw Error("argmax of an empty logit vector");
  int best = 0;
  for (std::size_t i = 1; i < logits.size(); ++i)
    if (logits[i] > logits[best] || (std::isnan(logits[i]) && !std::isnan(logits[best]))) best = static_cast<int>(i);
  return best;
}

bool allFinite(const std::vector<float>& logits) {
  return std::all_of(logits.begin(), logits.end(), [](float v) { return std::isfinite(v); });
}

std::vector<ClassScore> topK(const std::vector<float>& logits, int k) {
  const auto p = softmax(logits);
  std::vector<int> order(logits.size());
  std::iota(order.begin(), order.end(), 0);
  k = std::min<int>(k, static_cast<int>(order.size()));
  std::partial_sort(order.begin(), order.begin() + k, order.end(),
                    [&](int a, int b) { return logits[a] > logits[b] || (logits[a] == logits[b] && a < b); });
  std::vector<ClassScore> out;
  for (int i = 0; i < k; ++i) out.push_back({order[i], logits[order[i]], p[order[i]]});
  return out;
}

double top2Diff(const std::vector<float>& logits) {
  if (logits.size() < 2) throw Error("Top2Diff needs at least two classes");
  auto p = softmax(logits);
  std::partial_sort(p.begin(), p.begin() + 2, p.end(), std::greater<double>());
  return 100.0 * (p[0] - p[1]);
}

double crossEntropy(const std::vector<float>& logits, int label) {
  if (label < 0 || label >= static_cast<int>(logits.size()))
    throw Error("cross-entropy label " + std::to_string(label) + " outside " + std::to_string(logits.size()) +
                " classes");
  double maxLogit = -std::numeric_limits<double>::infinity();
  for (float v : logits) maxLogit = std::max(maxLogit, static_cast<double>(v));
  double sum = 0.0;
  for (float v : logits) sum += std::exp(static_cast<double>(v) - maxLogit);
  return maxLogit + std::log(sum) - static_cast<double>(logits[label]);
}

bool isMismatch(const std::vector<float>& clean, const std::vector<float>& faulty) {
  return !allFinite(faulty) || argmax(clean) != argmax(faulty);
}

}  // namespace faultlens
