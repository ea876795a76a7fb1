// Class-name lists (one name per line): model sidecars, CIFAR meta files, --classes.
#include "core/model/ModelMetadata.h"
#include "fuzz/FuzzTarget.h"

namespace faultlens::fuzz {

void fuzzOne(const std::string& input) {
  const auto names = parseClassList(input, "classes.txt");
  check(!names.empty());
}

}  // namespace faultlens::fuzz
