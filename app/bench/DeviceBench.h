#pragma once
// Part 6 of faultlens-bench (`--device DEV`): an activation campaign on one device, end to
// end through CampaignSession, against the loop a PyTorchFI-style tool runs on the same
// device (one full forward per batch of faults, one fault per image of the batch, the
// fault-free outputs computed once and cached), and Ablation-CAM of the model's last
// block. Every number is a ratio or a time from this one run.
#include <string>

namespace faultlens::bench {

struct DeviceBenchCase {
  std::string device = "cpu";
  std::string modelPath;  ///< a TorchScript classifier on 3×224×224 inputs (ResNet-50)
  int models = 2;         ///< the campaign injects into this many copies (the paper: baseline + text-guided)
  int injectionsPerLayer = 4096;
  int batchSize = 256;  ///< faults per pass = images per chunk
  int images = 1024;    ///< noise images the faults are spread over
  /// Batches per layer the peer's loop is timed on; its time is scaled to the whole plan.
  int peerBatchesPerLayer = 2;
};

/// Runs the case and prints rates, the ratio to the peer's loop, the time of the paper's
/// ResNet-50 setting (442,368 injections) at the measured rate, and the CAM's time.
void benchDeviceCampaign(const DeviceBenchCase& c);

}  // namespace faultlens::bench
