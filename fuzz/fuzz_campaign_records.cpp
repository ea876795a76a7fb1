// Campaign per-injection record files (CSV), which a resumed campaign reads back.
#include "core/campaign/RecordFile.h"
#include "fuzz/FuzzTarget.h"

namespace faultlens::fuzz {

void fuzzOne(const std::string& input) { parseRecords(input, "records-0.csv"); }

}  // namespace faultlens::fuzz
