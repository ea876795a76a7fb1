// Model metadata JSON (embedded faultlens.json and sidecars) and the --input/--mean
// option syntax. The source names a directory that does not exist, so a "classes_file"
// in the input resolves nowhere readable unless it is absolute.
#include "core/model/ModelMetadata.h"
#include "fuzz/FuzzTarget.h"

namespace faultlens::fuzz {

void fuzzOne(const std::string& input) {
  try {
    const auto metadata = parseModelMetadata(input, "/nonexistent-fuzz-dir/model.json");
    // What FaultLens writes it must read back the same.
    const auto again = parseModelMetadata(modelMetadataToJson(metadata), "again.json");
    check(again.classes == metadata.classes && again.name == metadata.name);
  } catch (const Error&) {
  }
  try {
    parseInputShape(input);
  } catch (const Error&) {
  }
  parseFloatList(input, "--mean");
}

}  // namespace faultlens::fuzz
