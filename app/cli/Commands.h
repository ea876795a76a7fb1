#pragma once
// The verbs of faultlens-cli. Each returns the process exit code (0 success); runtime
// errors throw faultlens::Error (exit 1), usage errors throw UsageError (exit 2).
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app/cli/ArgParser.h"
#include <nlohmann/json_fwd.hpp>

#include "core/model/Model.h"
#include "core/faults/WeightFaults.h"
#include "core/campaign/CampaignPlan.h"
#include "core/data/Dataset.h"

namespace faultlens::cli {

int runLayers(const std::vector<std::string>& args);
int runPredict(const std::vector<std::string>& args);
int runCam(const std::vector<std::string>& args);
int runTrain(const std::vector<std::string>& args);
int runEval(const std::vector<std::string>& args);
int runEmbed(const std::vector<std::string>& args);
int runRanges(const std::vector<std::string>& args);
int runCampaign(const std::vector<std::string>& args);
int runMerge(const std::vector<std::string>& args);
int runBer(const std::vector<std::string>& args);
int runReport(const std::vector<std::string>& args);  ///< built with the GUI libraries only

/// A weight fault as it happened (spec, value before and after), as `predict` and `cam`
/// print it with --json.
nlohmann::json appliedWeightFaultJson(const std::vector<LayerInfo>& layers, const AppliedWeightFault& fault);

/// An option and the file path it was given, e.g. {"--out", "model.pt"}.
using NamedPath = std::pair<std::string, std::string>;
/// Checks a command's output files before any work: throws UsageError when two outputs, or
/// an output and an input, are the same file after resolving links and relative parts (a
/// command never destroys what it reads or what it just wrote), and a file error when an
/// output cannot be written there (no such directory, a directory in its place), so no
/// output is left half-written after minutes of work. Empty paths are skipped.
void checkOutputPaths(const std::vector<NamedPath>& outputs, const std::vector<NamedPath>& inputs);

/// --protocol, --profile-data, --profile-images as given (campaign, report).
struct ProtocolOptions {
  std::string protocol;  ///< addProtocolOptions sets the verb's default
  std::string profileData;
  std::uint64_t profileImages = 0;  ///< 0: all
};
/// What they choose: how a campaign measures.
struct ProtocolChoice {
  Protocol protocol = Protocol::Raw;
  std::string profileData;        ///< training data spec; empty when none is known or given
  std::size_t profileImages = 0;  ///< 0: all
};
void addProtocolOptions(ArgParser& parser, ProtocolOptions& options, Protocol byDefault);
/// The parsed choice; `dataSpec` (the --data) gives the default training data.
ProtocolChoice protocolOptions(const ArgParser& parser, const ProtocolOptions& options, const std::string& dataSpec);

/// --format and --ranges: the number format a command's models compute in.
struct NumberFormatOptions {
  std::string format = "fp32";
  std::string ranges;  ///< int8: range profile(s), one per model for `perModel` commands
  /// Take range profiles made on another model (refused by content digest otherwise).
  bool rangesOfAnotherModel = false;
};
/// Bit-error rates as `option` gives them: "LO:HI:N" (N log-spaced rates from LO to HI) or
/// "R1,R2,..."; throws UsageError naming the option.
std::vector<double> parseBitErrorRates(const std::string& option, const std::string& text);

/// `modelsInOrder`: commands of several models take one --ranges profile each, in this order
/// (e.g. "in --model order"); null: one model, one file.
void addNumberFormatOptions(ArgParser& parser, NumberFormatOptions& options, const char* modelsInOrder = nullptr);
/// The chosen format; throws UsageError for an unknown one or --ranges without int8.
NumberFormat numberFormatOption(const ArgParser& parser, const NumberFormatOptions& options);
/// --ranges of a `perModel` command: one file per model, or empty names when not given;
/// UsageError when the count differs.
std::vector<std::string> formatRangesPerModel(const ArgParser& parser, const NumberFormatOptions& options,
                                              std::size_t models);
/// Makes `model` compute in `format` (Model::useNumberFormat); int8 takes each layer's
/// scale from the range profile `rangesFile` (UsageError when none is given).
void useNumberFormatForCommand(Model& model, const NumberFormat& format, const std::string& rangesFile,
                               bool rangesOfAnotherModel = false);

/// --offset, --limit, --batch-size: which images a pass over a data set reads, and how many
/// at a time (eval, ranges). `limit` counts only when --limit was given.
struct ImageSliceOptions {
  int offset = 0, limit = 0, batchSize = 256;
};
void addImageSliceOptions(ArgParser& parser, ImageSliceOptions& options);

/// Loads a model for a command. A model that does not say what input it expects gets the
/// proposal of proposeInputSpec (core/model/ModelMetadata.h), with a note on stderr naming what
/// was assumed and how to give it instead.
std::unique_ptr<Model> loadModelForCommand(const std::string& path, ModelLoadOptions options);

/// Opens a data set for a command and tells the user, on stderr, what opening it left
/// out (e.g. files of an image folder that are not images): how many, and which.
std::unique_ptr<Dataset> openDataSetForCommand(const std::string& spec);

/// --input-shape, --mean, --std, --classes, --device: how to read a model.
struct ModelOptions {
  std::string inputShape, mean, std;  ///< parsed by modelLoadOptions when given
  ModelLoadOptions load;              ///< --classes and --device, with the engine's defaults
};
void addModelOptions(ArgParser& parser, ModelOptions& options);
ModelLoadOptions modelLoadOptions(const ArgParser& parser, const ModelOptions& options);

}  // namespace faultlens::cli
