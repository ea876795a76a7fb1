// WordNet data-file lines (Debian's wordnet-base), which the description builder reads.
#include "core/text/WordNet.h"
#include "fuzz/FuzzTarget.h"

namespace faultlens::fuzz {

void fuzzOne(const std::string& input) { parseWordNetDataLine(input, 'n', "data.noun"); }

}  // namespace faultlens::fuzz
