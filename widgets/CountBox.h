#pragma once
// A count whose minimum means "all" (images of a data set, say). QSpinBox shows the word
// for the minimum but refuses to let it be typed: "a" is no number, so typing "all" was
// dropped key by key without a word. This box accepts the word, in any case, as typed.
#include <QSpinBox>

namespace faultlens::widgets {

class CountBox : public QSpinBox {
  Q_OBJECT
 public:
  /// `all`: the word shown for, and typed as, the minimum (0).
  CountBox(const QString& all, int maximum, QWidget* parent = nullptr);

 protected:
  QValidator::State validate(QString& input, int& position) const override;
  int valueFromText(const QString& text) const override;
};

}  // namespace faultlens::widgets
