#pragma once
// faultlens-bench part 3b: the workbench's apply-fault latency as a user sees it, through
// the real window (built only with the GUI).
#include <string>
#include <vector>

namespace faultlens::bench {

/// Seconds per fault, from the request to both faulty predictions and the CAM grid being
/// in the window and the window painted.
struct WindowLatency {
  std::vector<double> keptThread;   ///< the workbench's engine thread stays (as in use)
  std::vector<double> freshThread;  ///< a new engine thread for every fault
};

/// Opens the demo pair and Fashion-MNIST in a wired MainWindow (offscreen unless
/// QT_QPA_PLATFORM says otherwise), selects test image 6 and applies `faults` activation
/// faults one after another as the fault editor does, twice: with the engine thread kept,
/// then with a fresh one per fault. A warm-up fault (building the layer's cut) precedes
/// each series and is left out. Throws Error on a timeout.
WindowLatency windowApplyFaultSeconds(const std::string& resourceDir, int faults);

}  // namespace faultlens::bench
