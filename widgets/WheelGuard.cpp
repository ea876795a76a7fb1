#include "widgets/WheelGuard.h"

#include <QAbstractScrollArea>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QWheelEvent>

namespace faultlens::widgets {

void WheelGuard::install() {
  if (!qApp || qApp->findChild<WheelGuard*>(QString(), Qt::FindDirectChildrenOnly)) return;
  qApp->installEventFilter(new WheelGuard(qApp));
}

bool WheelGuard::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() != QEvent::Wheel) return false;
  auto* field = qobject_cast<QWidget*>(watched);
  // A spin box's line edit is its child: the field is the spin box itself.
  if (field && !qobject_cast<QAbstractSpinBox*>(field) && !qobject_cast<QComboBox*>(field))
    field = field->parentWidget();
  if (!field || (!qobject_cast<QAbstractSpinBox*>(field) && !qobject_cast<QComboBox*>(field))) return false;
  if (field->hasFocus()) return false;
  // Not focused: the wheel scrolls the scroll area that holds the field, if any; else it is
  // left unaccepted, so Qt offers it to the field's parents.
  for (QWidget* up = field->parentWidget(); up; up = up->parentWidget())
    if (auto* area = qobject_cast<QAbstractScrollArea*>(up)) {
      QCoreApplication::sendEvent(area->viewport(), event);
      return true;
    }
  event->ignore();
  return true;
}

}  // namespace faultlens::widgets
