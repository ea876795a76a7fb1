#include "app/cli/Commands.h"
#include "core/Error.h"
#include "core/campaign/PaperProtocol.h"

namespace faultlens::cli {

void addProtocolOptions(ArgParser& p, Protocol byDefault) {
  p.option("protocol", "P",
           std::string(byDefault == Protocol::Paper ? "paper (default) or raw" : "raw (default) or paper") +
               ": paper measures as the paper did (golden images\n"
               "      only, a fault beyond the layer's profiled abs-max clamped to it, |ΔCE|); raw keeps faults as\n"
               "      they are, draws from all images and reports the signed ΔCE");
  p.option("profile-data", "SPEC", "--protocol paper: training data to profile the clamp ranges on (default\n"
                                   "      fashion-mnist:train for Fashion-MNIST; other data sets need it)");
  p.option("profile-images", "N", "--protocol paper: profile on the first N training images (default: all)");
}

ProtocolChoice protocolOptions(const ArgParser& p, Protocol byDefault, const std::string& dataSpec) {
  ProtocolChoice c;
  try {
    c.protocol = p.has("protocol") ? parseProtocol(p.value("protocol")) : byDefault;
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  if (c.protocol != Protocol::Paper)
    for (const char* option : {"profile-data", "profile-images"})
      if (p.has(option)) throw UsageError(std::string("--") + option + " is for --protocol paper");
  if (p.has("profile-images") && p.uint64Value("profile-images", 0) < 1)
    throw UsageError("--profile-images must be at least 1");
  c.profileImages = p.uint64Value("profile-images", 0);
  c.profileData = p.valueOr("profile-data", defaultProfileDataFor(dataSpec));
  return c;
}

}  // namespace faultlens::cli
