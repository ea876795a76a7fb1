#include "app/cli/Commands.h"
#include "core/Error.h"
#include "core/campaign/PaperProtocol.h"

namespace faultlens::cli {

void addProtocolOptions(ArgParser& p, ProtocolOptions& o, Protocol byDefault) {
  o.protocol = protocolName(byDefault);
  p.option("--protocol", o.protocol, "P",
           "raw or paper: paper measures as the paper did (golden images only, a fault beyond the\n"
           "      layer's profiled abs-max clamped to it, |ΔCE|); raw keeps faults as they are, draws\n"
           "      from all images and reports the signed ΔCE")
      ->capture_default_str();
  p.option("--profile-data", o.profileData, "SPEC",
           "--protocol paper: training data to profile the clamp ranges on (default\n"
           "      fashion-mnist:train for Fashion-MNIST; other data sets need it)");
  p.option("--profile-images", o.profileImages, "N",
           "--protocol paper: profile on the first N training images; all when not given")
      ->check(atLeast(1, "--profile-images must be at least 1"));
}

ProtocolChoice protocolOptions(const ArgParser& p, const ProtocolOptions& o, const std::string& dataSpec) {
  ProtocolChoice c;
  try {
    c.protocol = parseProtocol(o.protocol);
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  if (c.protocol != Protocol::Paper)
    for (const char* option : {"--profile-data", "--profile-images"})
      if (p.has(option)) throw UsageError(std::string(option) + " is for --protocol paper");
  c.profileImages = o.profileImages;
  c.profileData = p.has("--profile-data") ? o.profileData : defaultProfileDataFor(dataSpec);
  return c;
}

}  // namespace faultlens::cli
