#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/cli/Commands.h"
#include "core/JsonFormat.h"
#include "core/FileIO.h"
#include "core/LayerAlignment.h"

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
                        "module path, kind, weight shape and output shape (per image).");
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
    std::cout << std::left << std::setw(40) << model->path() << std::setw(40) << other->path() << "matched by\n";
    for (const auto& r : alignment.rows())
      std::cout << std::setw(40) << (r.baseline >= 0 ? model->layers()[r.baseline].name : "-") << std::setw(40)
                << (r.guided >= 0 ? other->layers()[r.guided].name : "-") << alignmentMatchName(r.match) << "\n";
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
  return 0;
}

}  // namespace faultlens::cli
