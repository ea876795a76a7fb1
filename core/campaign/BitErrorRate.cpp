#include "core/campaign/BitErrorRate.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

#include "core/Error.h"
#include "core/analysis/Evaluation.h"
#include "core/faults/FaultSampler.h"
#include "core/analysis/Metrics.h"
#include "core/model/Model.h"
#include "core/SeededRandom.h"
#include "core/faults/WeightFaults.h"
#include "core/data/Dataset.h"
#include "core/data/Preprocess.h"

namespace faultlens {
namespace {

/// The weight bits of a model laid end to end: layer by layer, element by element, each
/// element's code bits 0..width-1.
struct WeightBitSpace {
  std::vector<int> layers;
  std::vector<std::int64_t> firstBit;  ///< per entry of `layers`
  std::int64_t total = 0;
  int width = 32;

  explicit WeightBitSpace(Model& model) : width(model.numberFormat().bitWidth()) {
    std::set<const void*> seen;
    for (const auto& l : model.layers()) {
      // A weight computed in the forward pass is no stored memory that could hold an error.
      if (l.weightShape.empty() || l.weightPath.empty()) continue;
      if (!seen.insert(model.weight(l.index).data_ptr()).second) continue;  // shared: counted once
      layers.push_back(l.index);
      firstBit.push_back(total);
      total += l.weightElements() * width;
    }
  }
};

}  // namespace

std::int64_t weightBitCount(Model& model) { return WeightBitSpace(model).total; }

std::vector<WeightFault> sampleWeightBitErrors(Model& model, double rate, std::uint64_t seed) {
  if (!(rate >= 0.0 && rate <= 1.0)) throw Error("a bit-error rate must be within 0..1, got " + std::to_string(rate));
  const WeightBitSpace space(model);
  if (rate * static_cast<double>(space.total) > kMaxNetworkWeightFaults)
    throw Error(model.path() + ": a bit-error rate of " + std::to_string(rate) + " flips about " +
                std::to_string(static_cast<std::int64_t>(rate * static_cast<double>(space.total))) +
                " weight bits per draw; at most " + std::to_string(kMaxNetworkWeightFaults) + " are supported");
  std::vector<WeightFault> faults;
  if (rate == 0.0 || space.total == 0) return faults;
  SeededRandom random(seed);
  // The gap before the next flipped bit is geometric: P(gap = g) = (1-p)^g p.
  const double logKeep = std::log1p(-rate);
  std::int64_t next = 0;
  while (true) {
    if (rate < 1.0) {
      const double gap = std::floor(std::log1p(-random.unit()) / logKeep);  // log of (0, 1]
      if (!(gap < static_cast<double>(space.total - next))) break;
      next += static_cast<std::int64_t>(gap);
    }
    if (next >= space.total) break;
    const auto entry = static_cast<std::size_t>(std::upper_bound(space.firstBit.begin(), space.firstBit.end(), next) -
                                                space.firstBit.begin() - 1);
    const std::int64_t within = next - space.firstBit[entry];
    const int layer = space.layers[entry];
    const std::int64_t element = within / space.width;
    const int bit = static_cast<int>(within % space.width);
    // Bits of one element lie side by side in the space: a second flip in it joins the first.
    if (!faults.empty() && faults.back().layer == layer && faults.back().element == element) {
      WeightFault& f = faults.back();
      f.mask = faultMask(f.bit, f.mask) | (1u << bit);
    } else {
      WeightFault f;
      f.layer = layer;
      f.element = element;
      f.bit = bit;
      faults.push_back(f);
    }
    ++next;
  }
  return faults;
}

std::vector<double> logSpacedRates(double low, double high, int count) {
  if (!(low > 0.0) || !(high >= low) || !(high <= 1.0) || count < 1)
    throw Error("bit-error rates need 0 < low <= high <= 1 and at least one rate");
  std::vector<double> rates;
  for (int i = 0; i < count; ++i) {
    const double t = count == 1 ? 0.0 : static_cast<double>(i) / (count - 1);
    rates.push_back(std::pow(10.0, std::log10(low) + t * (std::log10(high) - std::log10(low))));
  }
  rates.back() = high;
  rates.front() = low;
  return rates;
}

Interval studentInterval99(const std::vector<double>& values) {
  const auto n = static_cast<double>(values.size());
  if (values.size() < 2) return {std::nan(""), std::nan("")};
  double mean = 0.0;
  for (double v : values) mean += v;
  mean /= n;
  double squares = 0.0;
  for (double v : values) squares += (v - mean) * (v - mean);
  const double s = std::sqrt(squares / (n - 1));
  const double t = boost::math::quantile(boost::math::students_t(n - 1), 0.995);
  return {mean - t * s / std::sqrt(n), mean + t * s / std::sqrt(n)};
}

std::vector<BitErrorRatePoint> sweepBitErrorRates(Model& model, const Dataset& data,
                                                  const BitErrorRateSweepConfig& config,
                                                  const std::function<void(int, int)>& onTrial,
                                                  const std::atomic<bool>* stop) {
  if (config.rates.empty()) throw Error("a bit-error-rate sweep needs at least one rate");
  if (config.trials < 1) throw Error("a bit-error-rate sweep needs at least one trial per rate");
  if (config.batchSize < 1) throw Error("batch size must be positive");
  const std::size_t end = config.imageEnd == 0 ? data.size() : std::min(config.imageEnd, data.size());
  if (end <= config.imageBegin) throw Error(data.source() + ": no image to evaluate the sweep on");
  requireLabelsFitModel(model, data, config.imageBegin, end);
  // Decoded once: every trial runs the same images.
  std::vector<Batch> batches;
  for (std::size_t b = config.imageBegin; b < end; b += static_cast<std::size_t>(config.batchSize)) {
    std::vector<std::size_t> rows;
    for (std::size_t i = b; i < std::min(end, b + config.batchSize); ++i) {
      if (data.label(i) < 0) throw Error(data.source() + ": a bit-error-rate sweep measures accuracy and needs labels");
      rows.push_back(i);
    }
    batches.push_back(makeBatch(data, rows, model.input()));
  }
  const auto images = static_cast<double>(end - config.imageBegin);
  const int total = static_cast<int>(config.rates.size()) * config.trials;
  std::vector<BitErrorRatePoint> points;
  for (std::size_t r = 0; r < config.rates.size(); ++r) {
    BitErrorRatePoint point;
    point.rate = config.rates[r];
    for (int t = 0; t < config.trials; ++t) {
      if (stop && *stop) return points;
      const auto faults =
          sampleWeightBitErrors(model, point.rate, mixSeed(mixSeed(config.seed ^ mixSeed(r + 1)) ^ (t + 1)));
      std::int64_t flips = 0;
      for (const auto& f : faults) flips += __builtin_popcount(faultMask(f.bit, f.mask));
      std::size_t correct = 0;
      {
        ScopedWeightFaults scope(model, faults);
        for (const auto& batch : batches) {
          const auto rows = logitRows(model.forward(batch.images));
          for (std::size_t i = 0; i < rows.size(); ++i)
            correct += allFinite(rows[i]) && argmax(rows[i]) == batch.labels[i];
        }
      }
      point.accuracy.push_back(static_cast<double>(correct) / images);
      point.flips.push_back(flips);
      if (onTrial) onTrial(static_cast<int>(r) * config.trials + t + 1, total);
    }
    for (double a : point.accuracy) point.meanAccuracy += a / static_cast<double>(point.accuracy.size());
    for (auto f : point.flips) point.meanFlips += static_cast<double>(f) / static_cast<double>(point.flips.size());
    // Accuracy lies in [0, 1]: the t interval of a few trials far apart (the network
    // broken by one draw, intact in the next) may reach beyond it.
    point.accuracyInterval = studentInterval99(point.accuracy);
    point.accuracyInterval.low = std::max(point.accuracyInterval.low, 0.0);
    point.accuracyInterval.high = std::min(point.accuracyInterval.high, 1.0);
    points.push_back(std::move(point));
  }
  return points;
}

std::vector<double> parseBitErrorRates(const std::string& text) {
  const auto number = [&](const std::string& item) {
    std::size_t used = 0;
    double v = 0.0;
    try {
      v = std::stod(item, &used);
    } catch (const std::exception&) {
    }
    if (used == 0 || used != item.size() || !(v >= 0.0 && v <= 1.0))
      throw Error("'" + item + "' is not a bit-error rate from 0 to 1");
    return v;
  };
  if (text.find(':') != std::string::npos) {
    double low = 0, high = 0;
    int count = 0;
    char extra;
    if (std::sscanf(text.c_str(), "%lf:%lf:%d%c", &low, &high, &count, &extra) != 3 || !(low > 0) || high < low ||
        high > 1 || count < 1 || count > 1000)
      throw Error("expected LO:HI:N with 0 < LO <= HI <= 1 and 1 <= N <= 1000 (e.g. 1e-9:1e-4:6), got '" + text + "'");
    return logSpacedRates(low, high, count);
  }
  std::vector<double> rates;
  std::size_t start = 0;
  while (true) {
    const auto comma = text.find(',', start);
    const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (item.empty()) throw Error("'" + text + "' has an empty item");
    rates.push_back(number(item));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return rates;
}

}  // namespace faultlens
