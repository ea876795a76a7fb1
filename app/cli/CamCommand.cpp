// `faultlens-cli cam`: one Ablation-CAM, clean or under faults, as numbers and files. The
// same engine calls as the workbench's CAM view and `report` (core/analysis).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>
#include <optional>

#include "app/cli/Commands.h"
#include "core/Error.h"
#include "core/faults/FaultSites.h"
#include "core/io/FileIO.h"
#include "core/io/JsonFormat.h"
#include "core/io/NumericFiles.h"
#include "core/io/TensorFile.h"
#include "core/faults/WeightFaults.h"
#include "core/analysis/AblationCam.h"
#include "core/analysis/CamChange.h"
#include "core/analysis/CamImage.h"
#include "core/analysis/CamJson.h"
#include "core/data/ImageCodec.h"
#include "core/data/ImageFolderDataset.h"
#include "core/data/Preprocess.h"

namespace faultlens::cli {
namespace {

struct CamOptions {
  std::string model, input, layer, out, raw, png;
  int targetClass = -1;
  int index = 0;
  std::vector<std::string> faults, weightFaults;
  std::string errorModel = "flip";
  ModelOptions modelOptions;
  bool json = false;
};

std::string numberText(double v, int digits) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

/// The map at input resolution (bilinear, as the views show it), scaled so that its finite
/// pixels span exactly [0, 1]; NaN kept. `scale` gets the range in the map's own units.
std::vector<float> normalisedInputMap(const AblationCam& cam, int width, int height, ColourScale& scale) {
  const AblationCam upsampled = upsampledCam(cam, width, height);
  scale = finiteRange({&upsampled});
  std::vector<float> out;
  out.reserve(upsampled.map.size());
  for (float v : upsampled.map)
    out.push_back(
        std::isfinite(v) ? static_cast<float>(std::clamp((v - scale.low) / (scale.high - scale.low), 0.0, 1.0)) : v);
  return out;
}

/// The input as 8-bit RGB the size of the model input: an image file through the model's
/// resize and crop, a tensor with its normalisation undone.
cv::Mat displayInput(const std::string& path, const at::Tensor& image, const InputSpec& spec) {
  if (hasImageReader(path)) return displayImage(readImageRgb(path), spec);
  return displayPreprocessed(image, spec);
}

}  // namespace

int runCam(const std::vector<std::string>& args) {
  CamOptions o;
  ArgParser p("cam", "Ablation-CAM of one input for one model, clean or under the given faults. Prints the\n"
                     "target, class, class score y and the weights' guard flags; under faults also how far\n"
                     "the map moved from the clean one (Pearson r, top-20 % region IoU, centre-of-mass\n"
                     "shift in input pixels). With faults the class is the clean top-1, so the faulty map\n"
                     "explains the clean answer, as in the workbench. Fault syntax as for `predict`.");
  p.option("--model", o.model, "MODEL", "TorchScript classifier")->required();
  p.option("--input", o.input, "FILE",
           "image (any format OpenCV reads), .npy array or torch.save tensor ([C,H,W] or [N,C,H,W])")
      ->required();
  p.option("--index", o.index, "N", "which image of a multi-image tensor file")->capture_default_str();
  p.option("--layer", o.layer, "NAME",
           "CAM target: a convolution or a block output such as layer4.1\n"
           "      (default: the model's last block; `faultlens-cli layers MODEL` lists them)");
  p.option("--class", o.targetClass, "K", "explain class K (default: the clean top-1)");
  p.repeatable("--fault", o.faults, "SPEC", "activation fault, applied during the whole computation");
  p.repeatable("--weight-fault", o.weightFaults, "SPEC", "weight fault, applied for this computation and undone");
  p.option("--error-model", o.errorModel, "M", "flip, stuck0 or stuck1")->capture_default_str();
  p.option("--out", o.out, "MAP.npy",
           "the map at input resolution, float32 [H, W], scaled so its finite pixels span [0, 1]");
  p.option("--raw", o.raw, "RAW.npy", "ReLU(sum_k w_k A_k) at the target's resolution, float32 [h, w], unscaled");
  p.option("--png", o.png, "FILE", "the map over the input (jet colours, per-map scale, NaN magenta)");
  addModelOptions(p, o.modelOptions);
  p.flag("--json", o.json, "print machine-readable JSON (scores, weights, change metrics)");
  if (!p.parse(args)) return 0;
  checkOutputPaths({{"--out", o.out}, {"--raw", o.raw}, {"--png", o.png}},
                   {{"--model", o.model}, {"--input", o.input}});

  ErrorModel errorModel = ErrorModel::BitFlip;
  std::vector<FaultSpec> activationSpecs, weightSpecs;
  try {
    errorModel = parseErrorModel(o.errorModel);
    for (const auto& s : o.faults) activationSpecs.push_back(parseFaultSpec(s));
    for (const auto& s : o.weightFaults) weightSpecs.push_back(parseFaultSpec(s));
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  if (errorModel == ErrorModel::RandomValue)
    throw UsageError("--error-model random is for sampled campaigns; use flip, stuck0 or stuck1");

  // -1 is the default's internal value ("the clean top-1"): typed, it is a mistake.
  if (p.has("--class") && o.targetClass < 0)
    throw UsageError("--class expects a class index from 0, got " + std::to_string(o.targetClass) +
                     " (leave it out to explain the clean top-1)");
  auto model = loadModelForCommand(o.model, modelLoadOptions(p, o.modelOptions));
  if (o.targetClass >= model->numClasses())
    throw UsageError("--class " + std::to_string(o.targetClass) + " is outside the model's " +
                     std::to_string(model->numClasses()) + " classes (0.." + std::to_string(model->numClasses() - 1) +
                     ")");
  const at::Tensor batch = loadInputBatch(o.input, model->input());
  if (o.index < 0 || o.index >= batch.size(0))
    throw fileError(o.input, "has " + std::to_string(batch.size(0)) + " image(s); --index " + std::to_string(o.index) +
                                 " is outside");
  const at::Tensor image = batch.narrow(0, o.index, 1);
  const CamTarget target = resolveCamTarget(*model, o.layer);
  std::vector<ActivationFault> activationFaults;
  for (const auto& spec : activationSpecs)
    activationFaults.push_back(resolveActivationFault(model->layers(), spec, 0, errorModel));
  std::vector<WeightFault> weightFaults;
  for (const auto& spec : weightSpecs) weightFaults.push_back(resolveWeightFault(model->layers(), spec, errorModel));
  const bool faulted = !activationFaults.empty() || !weightFaults.empty();

  AblationCamOptions options;
  options.target = target.name;
  options.targetClass = o.targetClass;
  const AblationCam clean = computeAblationCam(*model, image, options);
  AblationCam cam = clean;
  std::vector<AppliedWeightFault> appliedWeights;
  if (faulted) {
    options.targetClass = clean.targetClass;
    ScopedWeightFaults scope(*model, weightFaults);
    cam = computeAblationCam(*model, image, options, activationFaults);
    appliedWeights = scope.applied();
  }
  const int width = model->input().width, height = model->input().height;
  std::optional<CamChange> change;
  if (faulted) change = compareCams(clean, cam, width, height);

  ColourScale scale;
  const std::vector<float> normalised = normalisedInputMap(cam, width, height, scale);
  if (!o.out.empty()) writeFileAtomically(o.out, npyFloat32Bytes(normalised, {height, width}));
  if (!o.raw.empty()) writeFileAtomically(o.raw, npyFloat32Bytes(cam.map, {cam.height, cam.width}));
  if (!o.png.empty()) {
    const cv::Mat rgb = displayInput(o.input, image, model->input());
    writePngAtomically(o.png, renderCamOverlay(rgb, upsampleCam(cam, width, height), scale, CamColourMap::Jet, 0.5));
  }

  if (o.json) {
    nlohmann::json j{{"model", model->path()},
                     {"input", o.input},
                     {"index", o.index},
                     {"target",
                      {{"name", target.name},
                       {"kind", target.point.isModule ? "block" : "conv2d"},
                       {"output_shape", {target.channels, target.height, target.width}}}},
                     {"faulty", faulted},
                     {"cam", camJson(*model, cam)},
                     {"map_scale", {{"low", scale.low}, {"high", scale.high}}},
                     {"files", {{"out", o.out}, {"raw", o.raw}, {"png", o.png}}}};
    if (faulted) {
      j["clean_cam"] = camJson(*model, clean);
      j["change"] = camChangeJson(*change);
      j["error_model"] = errorModelName(errorModel);
      j["faults"] = nlohmann::json::array();
      for (const auto& f : activationFaults)
        j["faults"].push_back(
            {{"type", "activation"}, {"spec", formatFaultSpec(describeActivationFault(model->layers(), f))}});
      for (const auto& a : appliedWeights) j["faults"].push_back(appliedWeightFaultJson(model->layers(), a));
    }
    std::cout << jsonText(j) << "\n";
    return 0;
  }
  std::cout << "model : " << model->path() << "\n"
            << "target: " << target.name << " (" << (target.point.isModule ? "block output" : "convolution") << ", "
            << shapeToString({target.channels, target.height, target.width}) << ")\n"
            << "class : " << cam.targetClass << " " << model->className(cam.targetClass)
            << (o.targetClass >= 0 ? " (as asked)" : " (clean top-1)") << "\n";
  std::cout << "y     : clean " << numberText(clean.score, 6);
  if (faulted) std::cout << ", faulty " << numberText(cam.score, 6);
  std::cout << "\n";
  for (const AblationCam* m : std::initializer_list<const AblationCam*>{&clean, faulted ? &cam : nullptr}) {
    if (!m) continue;
    const char* which = m == &clean ? "clean " : "faulty";
    std::cout << which << " map: " << m->height << "x" << m->width << ", " << m->nonFinitePixels
              << " non-finite pixels, weights " << (m->unreliable() ? "UNRELIABLE: " + m->warning() : "reliable")
              << "\n";
  }
  if (change)
    std::cout << "change: Pearson r " << numberText(change->pearson, 3) << ", top-20% region IoU "
              << numberText(change->topRegionIoU, 3) << ", centre moved " << numberText(change->centreShift, 3) << " px"
              << (change->undefined.empty() ? "" : " (" + change->undefined + ")") << "\n";
  if (!o.out.empty()) std::cout << "wrote " << o.out << " (" << height << "x" << width << ", scaled to [0, 1])\n";
  if (!o.raw.empty()) std::cout << "wrote " << o.raw << " (" << cam.height << "x" << cam.width << ", raw)\n";
  if (!o.png.empty()) std::cout << "wrote " << o.png << "\n";
  return 0;
}

}  // namespace faultlens::cli
