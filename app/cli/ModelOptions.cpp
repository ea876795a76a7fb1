#include "app/cli/Commands.h"

#include <iostream>
#include "core/Error.h"

namespace faultlens::cli {

void addModelOptions(ArgParser& p) {
  p.option("input-shape", "C,H,W", "model input size, when neither embedded metadata nor a sidecar JSON gives it");
  p.option("mean", "M1,M2,M3", "per-channel mean subtracted after scaling pixels to [0,1]");
  p.option("std", "S1,S2,S3", "per-channel standard deviation divided by after the mean");
  p.option("classes", "FILE", "class names, one per line (overrides the model's own)");
  p.option("device", "DEV", "cpu (default) or cuda:N where LibTorch was built with CUDA");
}

ModelLoadOptions modelLoadOptions(const ArgParser& p) {
  ModelLoadOptions o;
  try {
    if (p.has("input-shape")) o.input = parseInputShape(p.value("input-shape"));
    if (p.has("mean")) o.mean = parseFloatList(p.value("mean"), "--mean");
    if (p.has("std")) o.std = parseFloatList(p.value("std"), "--std");
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  o.classListPath = p.valueOr("classes", "");
  o.device = p.valueOr("device", "cpu");
  return o;
}

std::unique_ptr<Dataset> openDataSetForCommand(const std::string& spec) {
  auto data = openDataset(spec);
  const auto warnings = data->warnings();
  // Every skipped file is named, but a folder full of non-images should not bury the
  // command's own output: the first few, then the count.
  constexpr std::size_t kShown = 10;
  for (std::size_t i = 0; i < warnings.size() && i < kShown; ++i) std::cerr << "warning: " << warnings[i] << "\n";
  if (warnings.size() > kShown)
    std::cerr << "warning: ... and " << warnings.size() - kShown << " more (" << warnings.size() << " in all) in "
              << data->source() << "\n";
  return data;
}

}  // namespace faultlens::cli
