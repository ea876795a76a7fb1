#pragma once
// The figure style's controls (size preset or custom size, font size, legend, PNG
// resolution) as form rows, shared by Export all figures and a plot's "Figure style…"
// dialog, so both choose the same thing the same way.
#include <QObject>

#include <optional>

#include "widgets/plots/FigureStyle.h"

class QComboBox;
class QDialog;
class QDoubleSpinBox;
class QFormLayout;
class QLineEdit;
class QSpinBox;
class QWidget;

namespace faultlens::widgets {

class FigureStyleForm : public QObject {
  Q_OBJECT
 public:
  /// Adds the rows to `form`; the controls are children of `parent`.
  FigureStyleForm(QFormLayout* form, QWidget* parent);

  void setStyle(const FigureStyle& style);
  /// The style the controls describe; nullopt with `why` for a custom size that is none.
  std::optional<FigureStyle> style(QString* why) const;

 private:
  QComboBox* size_;
  QLineEdit* customSize_;
  QDoubleSpinBox* fontSize_;
  QComboBox* legend_;
  QSpinBox* dpi_;
};

/// Asks for the figure style every export uses, starting from the remembered one, and
/// remembers the answer; false when cancelled.
bool chooseFigureStyle(QWidget* parent);

}  // namespace faultlens::widgets
