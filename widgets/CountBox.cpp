#include "widgets/CountBox.h"

namespace faultlens::widgets {

CountBox::CountBox(const QString& all, int maximum, QWidget* parent) : QSpinBox(parent) {
  setRange(0, maximum);
  setSpecialValueText(all);
}

QValidator::State CountBox::validate(QString& input, int& position) const {
  const QString word = specialValueText();
  const QString typed = input.trimmed();
  if (!typed.isEmpty() && word.startsWith(typed, Qt::CaseInsensitive))
    return typed.size() == word.size() ? QValidator::Acceptable : QValidator::Intermediate;
  return QSpinBox::validate(input, position);
}

int CountBox::valueFromText(const QString& text) const {
  if (text.trimmed().compare(specialValueText(), Qt::CaseInsensitive) == 0) return minimum();
  return QSpinBox::valueFromText(text);
}

}  // namespace faultlens::widgets
