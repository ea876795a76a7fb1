#include "app/cli/Commands.h"
#include "core/Error.h"
#include "core/io/FileIO.h"
#include "core/analysis/ActivationRanges.h"

namespace faultlens::cli {

void addNumberFormatOptions(ArgParser& p, NumberFormatOptions& o, const char* modelsInOrder) {
  p.option("--format", o.format, "F",
           "number format the model computes in: fp32, fp16, bf16, fp8-e4m3, fp8-e5m2, int8 or\n"
           "      fixed:I.F (conv/linear weights rounded once, every conv/linear output rounded)")
      ->capture_default_str();
  const std::string help = "--format int8: each layer's profiled abs-max (`faultlens-cli ranges --out`), the\n"
                           "      scale of its symmetric quantisation" +
                           (modelsInOrder ? std::string("; one profile per model, ") + modelsInOrder : std::string());
  p.option("--ranges", o.ranges, modelsInOrder ? "R1[,R2]" : "FILE", help);
  p.flag("--ranges-of-another-model", o.rangesOfAnotherModel,
         "take range profiles recorded for another model (by content digest); refused otherwise");
}

NumberFormat numberFormatOption(const ArgParser& p, const NumberFormatOptions& o) {
  NumberFormat format;
  try {
    format = NumberFormat::parse(o.format);
  } catch (const Error& e) {
    throw UsageError(std::string("--format: ") + e.what());
  }
  if (p.has("--ranges") && !format.needsScale()) throw UsageError("--ranges goes with --format int8");
  return format;
}

std::vector<std::string> formatRangesPerModel(const ArgParser& p, const NumberFormatOptions& o, std::size_t models) {
  if (!p.has("--ranges")) return std::vector<std::string>(models);
  auto files = listItems("--ranges", o.ranges);
  if (files.size() != models)
    throw UsageError("--ranges needs " + std::to_string(models) +
                     " profiles, one per model in the order the models are given, got " + std::to_string(files.size()));
  return files;
}

void useNumberFormatForCommand(Model& model, const NumberFormat& format, const std::string& rangesFile,
                               bool rangesOfAnotherModel) {
  std::vector<double> absMax;
  if (format.needsScale()) {
    if (rangesFile.empty())
      throw UsageError("--format " + format.name() + " needs --ranges (a range profile of " + model.path() +
                       " from `faultlens-cli ranges --out`)");
    absMax = profileBoundsFor(model, rangesFile, rangesOfAnotherModel);
  }
  try {
    model.useNumberFormat(format, absMax);
  } catch (const Error& e) {
    // The missing scale is the profile's problem: name the file.
    throw rangesFile.empty() ? e : Error(rangesFile + ": " + e.what());
  }
}

}  // namespace faultlens::cli
