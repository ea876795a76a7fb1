#pragma once
// The verbs of faultlens-cli. Each returns the process exit code (0 success); runtime
// errors throw faultlens::Error (exit 1), usage errors throw UsageError (exit 2).
#include <string>
#include <vector>

#include "app/cli/ArgParser.h"
#include "core/Model.h"

namespace faultlens::cli {

int runLayers(const std::vector<std::string>& args);
int runPredict(const std::vector<std::string>& args);
int runTrain(const std::vector<std::string>& args);
int runEval(const std::vector<std::string>& args);
int runEmbed(const std::vector<std::string>& args);
int runRanges(const std::vector<std::string>& args);
int runCampaign(const std::vector<std::string>& args);
int runMerge(const std::vector<std::string>& args);
int runReport(const std::vector<std::string>& args);  ///< built with the GUI libraries only

/// --input-shape, --mean, --std, --classes, --device: how to read a model.
void addModelOptions(ArgParser& parser);
ModelLoadOptions modelLoadOptions(const ArgParser& parser);

}  // namespace faultlens::cli
