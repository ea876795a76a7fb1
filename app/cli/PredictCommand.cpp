#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/cli/Commands.h"
#include "core/io/JsonFormat.h"
#include "core/Error.h"
#include "core/faults/FaultSites.h"
#include "core/analysis/Metrics.h"
#include "core/model/TapHandlers.h"
#include "core/io/TensorFile.h"
#include "core/faults/WeightFaults.h"

namespace faultlens::cli {
namespace {

nlohmann::json predictionJson(const Model& model, const std::vector<float>& logits) {
  nlohmann::json top = nlohmann::json::array();
  for (const auto& s : topK(logits, 5))
    top.push_back({{"class", s.index}, {"name", model.className(s.index)}, {"probability", s.probability}});
  const bool finite = allFinite(logits);
  nlohmann::json j{{"logits", logits},
                   {"probabilities", softmax(logits)},
                   {"top5", top},
                   {"finite", finite},
                   {"top1", argmax(logits)}};
  j["top2diff"] = finite ? nlohmann::json(top2Diff(logits)) : nlohmann::json(nullptr);
  return j;
}

std::string formatPrediction(const Model& model, const std::vector<float>& logits) {
  std::string out;
  char buf[160];
  for (const auto& s : topK(logits, 5)) {
    std::snprintf(buf, sizeof buf, "%s %.2f%%  ", model.className(s.index).c_str(), 100.0 * s.probability);
    out += buf;
  }
  if (allFinite(logits)) {
    std::snprintf(buf, sizeof buf, "| Top2Diff %.2f pp", top2Diff(logits));
    out += buf;
  } else {
    out += "| NaN/Inf in logits";
  }
  return out;
}

/// The values and their codes in the format they are held in (float32: the IEEE fields).
std::string valueText(const ValueEncoding& encoding, float before, float after) {
  const auto bits = [&](float v) {
    return encoding.format == NumberFormat{} ? formatFloatBits(v)
                                             : formatBits(encoding.format, encode(encoding.format, v, encoding.scale));
  };
  char buf[240];
  std::snprintf(buf, sizeof buf, "%.7g -> %.7g  [%s -> %s]", before, after, bits(before).c_str(), bits(after).c_str());
  return buf;
}

struct PredictOptions {
  std::string model, input;
  std::vector<std::string> faults, weightFaults;
  std::string errorModel = "flip";
  ModelOptions modelOptions;
  NumberFormatOptions format;
  bool json = false;
};

}  // namespace

nlohmann::json appliedWeightFaultJson(const std::vector<LayerInfo>& layers, const AppliedWeightFault& fault) {
  return {{"type", "weight"},
          {"spec", formatFaultSpec(describeWeightFault(layers, fault.fault))},
          {"before", fault.before},
          {"after", fault.after}};
}

int runPredict(const std::vector<std::string>& args) {
  PredictOptions o;
  ArgParser p("predict", "Run a classifier on an image or tensor file, clean and with the given faults, and print\n"
                         "logits, probabilities, top-5 and Top2Diff. Fault syntax (coordinates per image):\n"
                         "  activation: LAYER@C,H,W:BIT (conv output)   LAYER@J:BIT (linear output)\n"
                         "  weight:     LAYER@K,C,KH,KW:BIT (conv)       LAYER@O,I:BIT (linear)\n"
                         "Bits: 0..22 mantissa, 23..30 exponent, 31 sign (IEEE-754 float32); with --format,\n"
                         "bits of the value's code in that format (fp16: 0..9 mantissa, 10..14 exponent, 15 sign).");
  p.option("--model", o.model, "MODEL", "TorchScript classifier")->required();
  p.option("--input", o.input, "FILE",
           "image (any format OpenCV reads), .npy array or torch.save tensor ([C,H,W] or [N,C,H,W])")
      ->required();
  p.repeatable("--fault", o.faults, "SPEC", "activation fault, applied to every image of the input");
  p.repeatable("--weight-fault", o.weightFaults, "SPEC", "weight fault, applied for this inference and undone");
  p.option("--error-model", o.errorModel, "M", "flip, stuck0 or stuck1")->capture_default_str();
  addNumberFormatOptions(p, o.format);
  addModelOptions(p, o.modelOptions);
  p.flag("--json", o.json, "print machine-readable JSON with the logits");
  if (!p.parse(args)) return 0;

  ErrorModel errorModel = ErrorModel::BitFlip;
  try {
    errorModel = parseErrorModel(o.errorModel);
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  if (errorModel == ErrorModel::RandomValue)
    throw UsageError("--error-model random is for sampled campaigns; use flip, stuck0 or stuck1");
  std::vector<FaultSpec> activationSpecs, weightSpecs;
  try {
    for (const auto& s : o.faults) activationSpecs.push_back(parseFaultSpec(s));
    for (const auto& s : o.weightFaults) weightSpecs.push_back(parseFaultSpec(s));
  } catch (const Error& e) {
    throw UsageError(e.what());
  }

  const NumberFormat format = numberFormatOption(p, o.format);
  // A bit the format does not have is a mistake on the command line, as for float32's 32.
  for (const auto* specs : {&activationSpecs, &weightSpecs})
    for (const FaultSpec& spec : *specs) try {
        requireValidFaultBits(ValueEncoding{format}, spec.bit, spec.mask);
      } catch (const Error& e) {
        throw UsageError("fault '" + formatFaultSpec(spec) + "': " + e.what());
      }
  auto model = loadModelForCommand(o.model, modelLoadOptions(p, o.modelOptions));
  useNumberFormatForCommand(*model, format, o.format.ranges, o.format.rangesOfAnotherModel);
  const at::Tensor batch = loadInputBatch(o.input, model->input());
  const std::int64_t images = batch.size(0);

  std::vector<ActivationFault> activationFaults;
  for (const auto& spec : activationSpecs) {
    const bool perImage = findLayer(model->layers(), spec.layerName).perImage;
    for (std::int64_t b = 0; b < (perImage ? images : 1); ++b)
      activationFaults.push_back(resolveActivationFault(model->layers(), spec, b, errorModel));
  }
  std::vector<WeightFault> weightFaults;
  for (const auto& spec : weightSpecs) weightFaults.push_back(resolveWeightFault(model->layers(), spec, errorModel));

  const auto clean = logitRows(model->forward(batch));
  const bool faulted = !activationFaults.empty() || !weightFaults.empty();
  std::vector<std::vector<float>> faulty;
  std::vector<AppliedActivationFault> appliedActivations;
  std::vector<AppliedWeightFault> appliedWeights;
  if (faulted) {
    ActivationFaultInjector injector(model->layers(), activationFaults);
    ScopedWeightFaults weights(*model, weightFaults);
    faulty = logitRows(model->forward(batch, &injector));
    appliedActivations = injector.applied();
    appliedWeights = weights.applied();
  }

  if (o.json) {
    nlohmann::json j;
    j["model"] = model->path();
    j["input"] = o.input;
    j["classes"] = model->metadata().classes;
    j["error_model"] = errorModelName(errorModel);
    j["format"] = format.name();
    j["images"] = nlohmann::json::array();
    for (std::int64_t b = 0; b < images; ++b) {
      nlohmann::json img{{"index", b}, {"clean", predictionJson(*model, clean[b])}};
      if (faulted) {
        img["faulty"] = predictionJson(*model, faulty[b]);
        img["mismatch"] = isMismatch(clean[b], faulty[b]);
      }
      j["images"].push_back(img);
    }
    j["faults"] = nlohmann::json::array();
    for (const auto& a : appliedActivations)
      j["faults"].push_back({{"type", "activation"},
                             {"spec", formatFaultSpec(describeActivationFault(model->layers(), a.fault))},
                             {"image", a.fault.batchIndex},
                             {"before", a.before},
                             {"after", a.after}});
    for (const auto& a : appliedWeights) j["faults"].push_back(appliedWeightFaultJson(model->layers(), a));
    // NaN / Inf are not JSON numbers: nlohmann writes them as null, which readers must expect.
    std::cout << jsonText(j) << "\n";
    return 0;
  }

  std::cout << "model: " << model->path() << " (" << model->numClasses() << " classes"
            << (format == NumberFormat{} ? "" : ", computing in " + format.name()) << ")\n";
  for (std::int64_t b = 0; b < images; ++b) {
    std::cout << "image " << b << "\n  clean : " << formatPrediction(*model, clean[b]) << "\n";
    if (faulted)
      std::cout << "  faulty: " << formatPrediction(*model, faulty[b])
                << (isMismatch(clean[b], faulty[b]) ? "  ** MISMATCH **" : "") << "\n";
  }
  for (const auto& a : appliedActivations)
    std::cout << "activation fault " << formatFaultSpec(describeActivationFault(model->layers(), a.fault)) << " image "
              << a.fault.batchIndex << ": "
              << valueText(model->layers()[a.fault.layer].outputEncoding, a.before, a.after) << "\n";
  for (const auto& a : appliedWeights)
    std::cout << "weight fault " << formatFaultSpec(describeWeightFault(model->layers(), a.fault)) << ": "
              << valueText(model->layers()[a.fault.layer].weightEncoding, a.before, a.after) << "\n";
  return 0;
}

}  // namespace faultlens::cli
