#pragma once
// Process-wide LibTorch settings. Debian's libtorch starts with one intra-op thread
// (DESIGN.md), which halves throughput on the 2-core machines this runs on.
namespace faultlens {

/// Sets LibTorch's intra-op threads: `requested` > 0 wins, else FAULTLENS_THREADS, else
/// the hardware thread count. Returns the number in effect. Also switches the TorchScript
/// executor to its simple mode (no profiling re-specialisation), which keeps the first
/// inferences as fast as later ones and results independent of call history.
int configureRuntime(int requested = 0);

}  // namespace faultlens

#include <string>
namespace faultlens {
/// "1.13.1": the LibTorch this build links against (for About boxes and manifests).
std::string libtorchVersion();
}  // namespace faultlens
