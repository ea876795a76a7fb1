// Fault lists (JSON) and the LAYER@I,J,...:BIT site syntax, with write/read round trips.
#include "core/faults/FaultList.h"
#include "fuzz/FuzzTarget.h"

namespace faultlens::fuzz {

void fuzzOne(const std::string& input) {
  try {
    const auto spec = parseFaultSpec(input);
    const auto again = parseFaultSpec(formatFaultSpec(spec));
    check(again.layerName == spec.layerName && again.coords == spec.coords && again.bit == spec.bit);
  } catch (const Error&) {
  }
  const auto faults = parseFaultList(input, "faults.json");
  check(parseFaultList(faultListToJson(faults), "again.json") == faults);
}

}  // namespace faultlens::fuzz
