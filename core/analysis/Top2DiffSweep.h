#pragma once
// Top2Diff accuracy sweeps and the paired test of two models on the same images (paper
// Fig. 4 and §7.4; docs/architecture.md, "Metrics"). Torch-free: works on per-image results.
#include <cstddef>
#include <optional>
#include <vector>

namespace faultlens {

/// accuracy(δ) = #{correct and Top2Diff ≥ δ} / #images for δ = from..to (percentage
/// points). Images with a NaN Top2Diff (non-finite output) never count as correct.
std::vector<double> top2DiffAccuracySweep(const std::vector<bool>& correct, const std::vector<double>& top2Diffs,
                                          int from = 1, int to = 40);

/// The smallest δ from which the text-guided accuracy is ≥ the baseline's for every
/// larger δ of the sweep; nullopt when the guided curve ends below the baseline's.
std::optional<int> sweepInflection(const std::vector<double>& baseline, const std::vector<double>& guided,
                                   int from = 1);

/// McNemar's test on paired correctness: b = baseline right & guided wrong, c = the reverse.
struct McNemarResult {
  std::size_t baselineOnly = 0;  ///< b
  std::size_t guidedOnly = 0;    ///< c
  double chiSquare = 0.0;        ///< (|b − c| − 1)² / (b + c), continuity-corrected; 0 when b + c = 0
  double pValue = 1.0;           ///< exact two-sided binomial p (b ~ Bin(b + c, ½))
};
McNemarResult mcnemarTest(const std::vector<bool>& baselineCorrect, const std::vector<bool>& guidedCorrect);

/// Both models' sweeps over the same images, the inflection point and McNemar's test:
/// what the paper's Fig. 4 and §7.4 report, as the report verb and the GUI show it.
struct PairedSweep {
  int from = 1;
  std::vector<double> baseline, guided;  ///< accuracy at δ = from, from + 1, ...
  std::optional<int> inflection;
  McNemarResult mcnemar;
};
PairedSweep comparePairedSweeps(const std::vector<bool>& baselineCorrect, const std::vector<double>& baselineTop2Diffs,
                                const std::vector<bool>& guidedCorrect, const std::vector<double>& guidedTop2Diffs,
                                int from = 1, int to = 40);

}  // namespace faultlens
