// Workbench project files (JSON), with a write/read round trip of everything but paths.
#include "core/io/ProjectFile.h"
#include "fuzz/FuzzTarget.h"

namespace faultlens::fuzz {

void fuzzOne(const std::string& input) {
  const auto project = parseProject(input, "/nonexistent-fuzz-dir/project.json");
  const auto again =
      parseProject(projectToJson(project, "/nonexistent-fuzz-dir/project.json"), "/nonexistent-fuzz-dir/project.json");
  check(again.faults == project.faults && again.cam == project.cam && again.image == project.image &&
        again.seed == project.seed);
}

}  // namespace faultlens::fuzz
