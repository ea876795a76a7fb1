#include "app/cli/Commands.h"

#include <iostream>
#include "core/Error.h"

#include <sstream>

namespace faultlens::cli {
namespace {

std::string formatNumber(float v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

}  // namespace

void addModelOptions(ArgParser& p, ModelOptions& o) {
  p.option("--input-shape", o.inputShape, "C,H,W",
           "model input size, when neither embedded metadata nor a sidecar JSON gives it");
  p.option("--mean", o.mean, "M1,M2,M3", "per-channel mean subtracted after scaling pixels to [0,1]");
  p.option("--std", o.std, "S1,S2,S3", "per-channel standard deviation divided by after the mean");
  p.option("--classes", o.load.classListPath, "FILE", "class names, one per line (overrides the model's own)");
  p.option("--device", o.load.device, "DEV", "cpu or cuda:N where LibTorch was built with CUDA")->capture_default_str();
}

ModelLoadOptions modelLoadOptions(const ArgParser& p, const ModelOptions& o) {
  ModelLoadOptions load = o.load;
  try {
    if (p.has("--input-shape")) load.input = parseInputShape(o.inputShape);
    if (p.has("--mean")) load.mean = parseFloatList(o.mean, "--mean");
    if (p.has("--std")) load.std = parseFloatList(o.std, "--std");
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  return load;
}

void addImageSliceOptions(ArgParser& p, ImageSliceOptions& o) {
  const char* const positive = "--offset, --limit and --batch-size must be positive";
  p.option("--offset", o.offset, "N", "first image")->capture_default_str()->check(atLeast(0, positive));
  p.option("--limit", o.limit, "N", "number of images; all when not given")->check(atLeast(1, positive));
  p.option("--batch-size", o.batchSize, "N", "images per forward pass")
      ->capture_default_str()
      ->check(atLeast(1, positive));
}

std::unique_ptr<Model> loadModelForCommand(const std::string& path, ModelLoadOptions options) {
  options.proposeMissingInput = true;
  auto model = Model::load(path, options);
  if (model->metadata().inputProposed) {
    // Said every time: a guessed normalisation changes every number without an error.
    const InputSpec& in = model->input();
    std::string mean, std;
    for (std::size_t c = 0; c < in.mean.size(); ++c) {
      mean += (c ? "," : "") + formatNumber(in.mean[c]);
      std += (c ? "," : "") + formatNumber(in.std[c]);
    }
    std::cerr << "note: " << path << " has no input metadata; assuming " << in.channels << "x" << in.height << "x"
              << in.width << (in.resize ? " after resizing to " + std::to_string(in.resize) : std::string())
              << ", mean " << mean << ", std " << std << " (give --input-shape, --mean and --std, or a sidecar "
              << sidecarPathFor(path) << ")\n";
  }
  return model;
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
