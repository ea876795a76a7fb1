#include "widgets/ComputeDevice.h"

#include <QCoreApplication>

namespace faultlens::widgets {

QString computeDeviceName(const QString& device) {
  if (device == QLatin1String("cpu")) return QCoreApplication::translate("faultlens::widgets::ComputeDevice", "CPU");
  if (device.startsWith(QLatin1String("cuda:")))
    return QCoreApplication::translate("faultlens::widgets::ComputeDevice", "GPU %1").arg(device.mid(5));
  return device;
}

}  // namespace faultlens::widgets
