#include "core/analysis/Top2DiffSweep.h"

#include <algorithm>
#include <cmath>

#include "core/Error.h"

namespace faultlens {

std::vector<double> top2DiffAccuracySweep(const std::vector<bool>& correct, const std::vector<double>& top2Diffs,
                                          int from, int to) {
  if (correct.size() != top2Diffs.size())
    throw Error("Top2Diff sweep: correctness and Top2Diff lists differ in length");
  if (correct.empty()) throw Error("Top2Diff sweep: no images");
  std::vector<double> out;
  for (int delta = from; delta <= to; ++delta) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < correct.size(); ++i)
      if (correct[i] && std::isfinite(top2Diffs[i]) && top2Diffs[i] >= delta) ++n;
    out.push_back(static_cast<double>(n) / static_cast<double>(correct.size()));
  }
  return out;
}

std::optional<int> sweepInflection(const std::vector<double>& baseline, const std::vector<double>& guided, int from) {
  if (baseline.size() != guided.size()) throw Error("Top2Diff sweep: the two curves differ in length");
  std::optional<int> result;
  for (std::size_t i = baseline.size(); i-- > 0;) {
    if (guided[i] < baseline[i]) break;
    result = from + static_cast<int>(i);
  }
  return result;
}

McNemarResult mcnemarTest(const std::vector<bool>& baselineCorrect, const std::vector<bool>& guidedCorrect) {
  if (baselineCorrect.size() != guidedCorrect.size())
    throw Error("McNemar test: the two models were evaluated on different numbers of images");
  McNemarResult r;
  for (std::size_t i = 0; i < baselineCorrect.size(); ++i) {
    if (baselineCorrect[i] && !guidedCorrect[i]) ++r.baselineOnly;
    if (!baselineCorrect[i] && guidedCorrect[i]) ++r.guidedOnly;
  }
  const double b = static_cast<double>(r.baselineOnly), c = static_cast<double>(r.guidedOnly);
  const std::size_t n = r.baselineOnly + r.guidedOnly;
  if (n == 0) return r;
  r.chiSquare = std::pow(std::max(0.0, std::abs(b - c) - 1.0), 2) / (b + c);
  // Exact: p = min(1, 2·P(X ≤ min(b, c))), X ~ Bin(n, ½), summed in log space.
  const std::size_t k = std::min(r.baselineOnly, r.guidedOnly);
  const double logHalfN = static_cast<double>(n) * std::log(0.5);
  double tail = 0.0;
  for (std::size_t i = 0; i <= k; ++i) {
    const double logChoose = std::lgamma(n + 1.0) - std::lgamma(i + 1.0) - std::lgamma(n - i + 1.0);
    tail += std::exp(logChoose + logHalfN);
  }
  r.pValue = std::min(1.0, 2.0 * tail);
  return r;
}

PairedSweep comparePairedSweeps(const std::vector<bool>& baselineCorrect, const std::vector<double>& baselineTop2Diffs,
                                const std::vector<bool>& guidedCorrect, const std::vector<double>& guidedTop2Diffs,
                                int from, int to) {
  PairedSweep s;
  s.from = from;
  s.baseline = top2DiffAccuracySweep(baselineCorrect, baselineTop2Diffs, from, to);
  s.guided = top2DiffAccuracySweep(guidedCorrect, guidedTop2Diffs, from, to);
  s.inflection = sweepInflection(s.baseline, s.guided, from);
  s.mcnemar = mcnemarTest(baselineCorrect, guidedCorrect);
  return s;
}

}  // namespace faultlens
