#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/cli/Commands.h"

namespace faultlens::cli {

int runLayers(const std::vector<std::string>& args) {
  ArgParser p("layers", "List every conv2d and linear layer of a TorchScript classifier in execution order:\n"
                        "module path, kind, weight shape and output shape (per image).");
  p.positional("MODEL", "TorchScript file (torch.jit.save, scripted or traced)");
  addModelOptions(p);
  p.flag("json", "print machine-readable JSON");
  if (!p.parse(args)) return 0;
  auto model = Model::load(p.positionalValue("MODEL"), modelLoadOptions(p));

  if (p.flagSet("json")) {
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
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::cout << model->path() << ": " << model->layers().size() << " layers, " << model->numClasses()
            << " classes, " << model->parameterCount() << " parameters, input "
            << shapeToString({model->input().channels, model->input().height, model->input().width}) << "\n";
  std::cout << std::left << std::setw(5) << "#" << std::setw(48) << "layer" << std::setw(8) << "kind" << std::setw(22)
            << "weight" << "output (per image)\n";
  for (const auto& l : model->layers()) {
    std::string out = l.executed ? shapeToString(l.outputShape) : "not executed";
    if (l.executed && !l.perImage) out += " (whole batch, image-independent)";
    std::cout << std::setw(5) << l.index << std::setw(48) << l.name << std::setw(8) << layerKindName(l.kind)
              << std::setw(22) << (l.weightShape.empty() ? "computed" : shapeToString(l.weightShape)) << out << "\n";
  }
  return 0;
}

}  // namespace faultlens::cli
