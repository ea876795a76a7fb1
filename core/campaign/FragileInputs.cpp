#include "core/campaign/FragileInputs.h"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <cstdio>
#include <limits>
#include <map>
#include <numeric>

namespace faultlens {
namespace {

/// Ranks 1..n with ties sharing their average rank.
std::vector<double> averageRanks(const std::vector<double>& v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> ranks(v.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    const double rank = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (std::size_t k = i; k <= j; ++k) ranks[order[k]] = rank;
    i = j + 1;
  }
  return ranks;
}

}  // namespace

std::vector<ImageFragility> imageFragility(const std::vector<InjectionOutcome>& outcomes,
                                           const std::vector<double>& top2Diffs, std::int64_t top2DiffBegin) {
  std::map<std::int64_t, ImageFragility> byImage;
  for (const auto& o : outcomes) {
    auto [it, fresh] = byImage.try_emplace(o.image);
    ImageFragility& f = it->second;
    if (fresh) {
      f.image = o.image;
      f.cleanTop2Diff = std::numeric_limits<double>::quiet_NaN();
    }
    ++f.injections;
    f.mismatches += o.mismatch();
    // Every record of an image holds the same clean pass's value (its chunk's).
    if (std::isnan(f.cleanTop2Diff)) f.cleanTop2Diff = o.cleanTop2Diff;
  }
  std::vector<ImageFragility> out;
  out.reserve(byImage.size());
  for (auto& [image, f] : byImage) {
    const std::int64_t at = image - top2DiffBegin;
    if (std::isnan(f.cleanTop2Diff) && at >= 0 && at < static_cast<std::int64_t>(top2Diffs.size()))
      f.cleanTop2Diff = top2Diffs[static_cast<std::size_t>(at)];
    out.push_back(f);
  }
  return out;
}

std::vector<ImageFragility> rankByFragility(std::vector<ImageFragility> images) {
  std::sort(images.begin(), images.end(), [](const ImageFragility& a, const ImageFragility& b) {
    // Compared as cross products: exact for integer counts, no division ties.
    const auto left = static_cast<long double>(a.mismatches) * static_cast<long double>(b.injections);
    const auto right = static_cast<long double>(b.mismatches) * static_cast<long double>(a.injections);
    if (left != right) return left > right;
    if (a.injections != b.injections) return a.injections > b.injections;
    return a.image < b.image;
  });
  return images;
}

double spearmanCorrelation(const std::vector<double>& x, const std::vector<double>& y) {
  std::vector<double> a, b;
  for (std::size_t i = 0; i < x.size() && i < y.size(); ++i)
    if (std::isfinite(x[i]) && std::isfinite(y[i])) {
      a.push_back(x[i]);
      b.push_back(y[i]);
    }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (a.size() < 3) return nan;
  // Pearson's correlation of the average ranks (correct with ties).
  const auto ra = averageRanks(a), rb = averageRanks(b);
  const double mean = (static_cast<double>(a.size()) + 1.0) / 2.0;
  double sab = 0.0, saa = 0.0, sbb = 0.0;
  for (std::size_t i = 0; i < ra.size(); ++i) {
    sab += (ra[i] - mean) * (rb[i] - mean);
    saa += (ra[i] - mean) * (ra[i] - mean);
    sbb += (rb[i] - mean) * (rb[i] - mean);
  }
  if (saa == 0.0 || sbb == 0.0) return nan;
  return sab / std::sqrt(saa * sbb);
}

double fragilityTop2DiffCorrelation(const std::vector<ImageFragility>& images) {
  std::vector<double> rates, margins;
  for (const auto& f : images) {
    rates.push_back(f.mismatchRate());
    margins.push_back(f.cleanTop2Diff);
  }
  return spearmanCorrelation(rates, margins);
}

Interval spearmanInterval(double rho, std::size_t n, double z) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (std::isnan(rho) || n < 4) return {nan, nan};
  // |ρ| = 1 has an infinite z: the interval is the point itself.
  if (std::abs(rho) >= 1.0) return {rho, rho};
  const double centre = std::atanh(rho), sigma = std::sqrt(1.06 / static_cast<double>(n - 3));
  return {std::tanh(centre - z * sigma), std::tanh(centre + z * sigma)};
}

FragilityCorrelation fragilityCorrelation(const std::vector<ImageFragility>& images) {
  FragilityCorrelation c;
  c.rho = fragilityTop2DiffCorrelation(images);
  for (const auto& f : images) c.images += std::isfinite(f.cleanTop2Diff) ? 1 : 0;
  c.interval = spearmanInterval(c.rho, c.images);
  return c;
}

std::string fragilityReading(const FragilityCorrelation& baseline, const FragilityCorrelation& guided) {
  const auto direction = [](const FragilityCorrelation& c) {
    return c.interval.high < 0 ? -1 : c.interval.low > 0 ? 1 : 0;  // NaN ends compare false: 0
  };
  const int b = direction(baseline), g = direction(guided);
  if (b == 0 && g == 0)
    return "no evidence of a relation either way: both 99 % intervals contain 0 (fragile_images_ranked.csv)";
  // A direction, and how strong: Cohen's conventional bounds on |ρ| (0.1 small, 0.3 medium).
  const auto says = [](int d, double rho) {
    const double size = std::abs(rho);
    return std::string("images with a larger clean margin are hurt ") + (d < 0 ? "less" : "more") +
           (size < 0.1   ? ", negligibly (|ρ| < 0.1)"
            : size < 0.3 ? ", weakly (|ρ| < 0.3)"
                         : "");
  };
  if (b == g)
    return "both models: " + says(b, std::max(std::abs(baseline.rho), std::abs(guided.rho))) +
           " (99 % intervals exclude 0; fragile_images_ranked.csv)";
  std::string out;
  for (const auto& [name, c, d] : {std::tuple<const char*, const FragilityCorrelation&, int>{"baseline", baseline, b},
                                   {"text-guided", guided, g}}) {
    if (!out.empty()) out += "; ";
    out += std::string(name) + ": " +
           (d == 0 ? std::string("no evidence either way (99 % interval contains 0)") : says(d, c.rho));
  }
  return out + " (fragile_images_ranked.csv)";
}

std::string fragileImagesCsv(const std::vector<std::vector<ImageFragility>>& perModel) {
  std::string csv = "model,rank,image,injections,mismatches,mismatch_rate,clean_top2diff\n";
  char line[256];
  for (std::size_t m = 0; m < perModel.size(); ++m) {
    long long rank = 0;
    for (const auto& f : rankByFragility(perModel[m])) {
      std::snprintf(line, sizeof line, "%zu,%lld,%lld,%lld,%lld,%.9g,%.9g\n", m, ++rank,
                    static_cast<long long>(f.image), static_cast<long long>(f.injections),
                    static_cast<long long>(f.mismatches), f.mismatchRate(), f.cleanTop2Diff);
      csv += line;
    }
  }
  return csv;
}

}  // namespace faultlens
