#pragma once
// How the window names a compute device: "CPU", "GPU 0", … for LibTorch's "cpu", "cuda:0", ….
#include <QString>

namespace faultlens::widgets {

/// The device's name on screen, in the window's language; a string that is neither "cpu"
/// nor "cuda:N" is shown as it is.
QString computeDeviceName(const QString& device);

}  // namespace faultlens::widgets
