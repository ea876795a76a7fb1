#include <algorithm>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/cli/Commands.h"
#include "core/io/JsonFormat.h"
#include "core/io/FileIO.h"
#include "core/model/LayerAlignment.h"
#include "core/analysis/AblationCam.h"

namespace faultlens::cli {

namespace {

struct LayersOptions {
  std::string model, compare, layerMap;
  ModelOptions modelOptions;
  bool json = false;
};

}  // namespace

int runLayers(const std::vector<std::string>& args) {
  LayersOptions o;
  ArgParser p("layers", "List every conv2d and linear layer of a TorchScript classifier in execution order:\n"
                        "module path, kind, weight shape and output shape (per image); then the block\n"
                        "outputs that can be Ablation-CAM targets, and the default target.");
  p.positional("MODEL", o.model, "TorchScript file (torch.jit.save, scripted or traced)");
  p.option("--compare", o.compare, "MODEL2",
           "show which layers of MODEL2 (the text-guided model) correspond to MODEL's,\n"
           "      as campaigns, tables and the workbench pair them");
  p.option("--layer-map", o.layerMap, "FILE",
           "with --compare: the explicit mapping {\"pairs\": [[layer, layer2], ...]}");
  addModelOptions(p, o.modelOptions);
  p.flag("--json", o.json, "print machine-readable JSON");
  if (!p.parse(args)) return 0;
  auto model = loadModelForCommand(o.model, modelLoadOptions(p, o.modelOptions));
  if (p.has("--layer-map") && !p.has("--compare")) throw UsageError("--layer-map needs --compare MODEL2");
  if (p.has("--compare")) {
    auto other = loadModelForCommand(o.compare, modelLoadOptions(p, o.modelOptions));
    const LayerAlignment alignment =
        p.has("--layer-map")
            ? LayerAlignment::fromMapping(model->layers(), other->layers(), readFileBytes(o.layerMap), o.layerMap)
            : LayerAlignment::automatic(model->layers(), other->layers());
    if (o.json) {
      std::cout << alignment.mappingJson(model->layers(), other->layers());
      return 0;
    }
    // The paths above the table, each on its own line: as column titles a long path ran
    // into the next one. The columns are as wide as their longest name.
    const auto nameOf = [](const Model& m, int layer) {
      return layer >= 0 ? m.layers()[layer].name : std::string("-");
    };
    std::size_t widthA = 1, widthB = 1;
    for (const auto& r : alignment.rows()) {
      widthA = std::max(widthA, nameOf(*model, r.baseline).size());
      widthB = std::max(widthB, nameOf(*other, r.guided).size());
    }
    std::cout << "A: " << model->path() << "\nB: " << other->path() << "\n"
              << std::left << std::setw(static_cast<int>(widthA + 2)) << "A" << std::setw(static_cast<int>(widthB + 2))
              << "B"
              << "matched by\n";
    for (const auto& r : alignment.rows())
      std::cout << std::setw(static_cast<int>(widthA + 2)) << nameOf(*model, r.baseline)
                << std::setw(static_cast<int>(widthB + 2)) << nameOf(*other, r.guided) << alignmentMatchName(r.match)
                << "\n";
    return 0;
  }

  if (o.json) {
    nlohmann::json j;
    j["model"] = model->path();
    j["classes"] = model->numClasses();
    j["parameters"] = model->parameterCount();
    j["input"] = {model->input().channels, model->input().height, model->input().width};
    j["layers"] = nlohmann::json::array();
    for (const auto& l : model->layers())
      j["layers"].push_back({{"index", l.index},
                             {"name", l.name},
                             {"kind", layerKindName(l.kind)},
                             {"weight_shape", l.weightShape},
                             {"output_shape", l.outputShape},
                             {"per_image", l.perImage},
                             {"executed", l.executed}});
    const auto targets = camTargets(*model);
    const std::string byDefault = targets.empty() ? "" : defaultCamTarget(*model).name;
    j["cam_targets"] = nlohmann::json::array();
    for (const auto& t : targets) {
      nlohmann::json target{{"name", t.name},
                            {"kind", t.point.isModule ? "block" : "conv2d"},
                            {"output_shape", {t.channels, t.height, t.width}},
                            {"default", t.name == byDefault}};
      if (t.point.isModule) target["aliases"] = model->moduleOutputs()[t.point.index].aliases;
      j["cam_targets"].push_back(target);
    }
    std::cout << jsonText(j) << "\n";
    return 0;
  }
  std::cout << model->path() << ": " << model->layers().size() << " layers, " << model->numClasses() << " classes, "
            << model->parameterCount() << " parameters, input "
            << shapeToString({model->input().channels, model->input().height, model->input().width}) << "\n";
  std::cout << std::left << std::setw(5) << "#" << std::setw(48) << "layer" << std::setw(8) << "kind" << std::setw(22)
            << "weight"
            << "output (per image)\n";
  for (const auto& l : model->layers()) {
    std::string out = l.executed ? shapeToString(l.outputShape) : "not executed";
    if (l.executed && !l.perImage) out += " (whole batch, image-independent)";
    std::cout << std::setw(5) << l.index << std::setw(48) << l.name << std::setw(8) << layerKindName(l.kind)
              << std::setw(22) << (l.weightShape.empty() ? "computed" : shapeToString(l.weightShape)) << out << "\n";
  }
  // Block outputs are CAM targets too (not fault sites): list them after the layers.
  const auto targets = camTargets(*model);
  if (targets.empty()) return 0;
  const std::string byDefault = defaultCamTarget(*model).name;
  std::cout << "\nCAM targets besides the convolutions (block outputs; * = the default of `cam` and the workbench):\n";
  for (const auto& t : targets) {
    if (!t.point.isModule && t.name != byDefault) continue;
    std::string aliases;
    if (t.point.isModule)
      for (const auto& a : model->moduleOutputs()[t.point.index].aliases)
        aliases += (aliases.empty() ? " also " : ", ") + a;
    std::cout << (t.name == byDefault ? "  * " : "    ") << std::setw(49) << t.name
              << shapeToString({t.channels, t.height, t.width}) << aliases << "\n";
  }
  return 0;
}

}  // namespace faultlens::cli
