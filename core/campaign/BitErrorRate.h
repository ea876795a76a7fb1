#pragma once
// Bit-error-rate faults on weights (docs/architecture.md, "Bit-error-rate sweeps"): every
// bit of every conv/linear weight, in the number format the model computes in, flips
// independently with probability p. The flips are drawn by the gaps between them
// (geometric), so a draw costs what its flips cost, not one random number per bit. A sweep
// measures a model's accuracy over a range of rates, several independent draws (trials)
// per rate, with a 99 % interval of the mean accuracy over the trials.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/faults/Fault.h"
#include "core/campaign/CampaignStats.h"

namespace faultlens {

class Model;
class Dataset;

/// Bits of every stored conv/linear weight of `model` in its number format (a tensor shared
/// by several layers counts once; weights computed in the forward pass are not memory).
std::int64_t weightBitCount(Model& model);

/// One draw: each weight bit flips with probability `rate`; one WeightFault per weight
/// element hit (all its flipped bits in `mask` when more than one). The same seed gives the
/// same flips. Throws faultlens::Error when the rate is outside [0, 1] or would flip more
/// than kMaxNetworkWeightFaults bits on average.
std::vector<WeightFault> sampleWeightBitErrors(Model& model, double rate, std::uint64_t seed);

struct BitErrorRateSweepConfig {
  std::vector<double> rates;  ///< bit-error rates, each in [0, 1]
  int trials = 10;            ///< independent draws per rate (>= 2 for an interval)
  std::uint64_t seed = 1;
  std::size_t imageBegin = 0, imageEnd = 0;  ///< images [begin, end); end 0: all
  int batchSize = 256;
};

/// "LO:HI:N" (N log-spaced rates from LO to HI, 0 < LO <= HI <= 1, 1 <= N <= 1000) or a list
/// "R1,R2,..." of rates in [0, 1]; throws faultlens::Error saying what is wrong.
std::vector<double> parseBitErrorRates(const std::string& text);

/// `log-spaced`: `count` rates from `low` to `high` (both included), evenly spaced in log10.
std::vector<double> logSpacedRates(double low, double high, int count);

struct BitErrorRatePoint {
  double rate = 0.0;
  std::vector<double> accuracy;     ///< per trial: correct / images
  std::vector<std::int64_t> flips;  ///< per trial: bits flipped
  double meanAccuracy = 0.0;
  /// 99 % Student-t interval of the mean accuracy over the trials, clipped to [0, 1] (NaN
  /// with one trial).
  Interval accuracyInterval;
  double meanFlips = 0.0;
};

/// Runs the sweep on `model` (weights restored after every trial, bit for bit). Trial t of
/// rate r draws with a seed of the config's seed, r and t alone, so two models see draws of
/// the same stream. `onTrial(done, total)` reports progress; `stop` ends it early (returns
/// the finished rates only). Labels are required.
std::vector<BitErrorRatePoint> sweepBitErrorRates(Model& model, const Dataset& data,
                                                  const BitErrorRateSweepConfig& config,
                                                  const std::function<void(int, int)>& onTrial = {},
                                                  const std::atomic<bool>* stop = nullptr);

/// mean ± t(0.995, n−1)·s/√n of `values`: the 99 % interval of their mean (NaN bounds for
/// fewer than two values).
Interval studentInterval99(const std::vector<double>& values);

}  // namespace faultlens
