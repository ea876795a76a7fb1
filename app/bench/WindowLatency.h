#pragma once
// faultlens-bench part 3b: the workbench's apply-fault latency as a user sees it, through
// the real window (built only with the GUI).
#include <string>
#include <vector>

namespace faultlens::bench {

/// Opens the demo pair and Fashion-MNIST in a wired MainWindow (offscreen unless
/// QT_QPA_PLATFORM says otherwise), selects test image 6 and applies `faults` activation
/// faults one after another as the fault editor does. Each time runs from the request to
/// both faulty predictions and the CAM grid being in the window and the window painted.
/// The first fault (building the layer's cut) is left out. Throws Error on a timeout.
std::vector<double> windowApplyFaultSeconds(const std::string& resourceDir, int faults);

}  // namespace faultlens::bench
