#pragma once
// Scrolling a form with the mouse wheel must scroll the form: a spin box or combo box that
// happens to pass under the pointer would otherwise take the wheel and change its value
// (a campaign's injection count, a fault's bit) without the user noticing. Installed on the
// application, the guard lets such a field take the wheel only while it has the keyboard
// focus (the user clicked or tabbed into it); otherwise the wheel goes to its parent.
#include <QObject>

namespace faultlens::widgets {

class WheelGuard : public QObject {
  Q_OBJECT
 public:
  using QObject::QObject;
  /// Installs one guard on the running application (once, whatever the number of calls).
  static void install();

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;
};

}  // namespace faultlens::widgets
