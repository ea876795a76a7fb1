#pragma once
// Asked when a model carries no input metadata (a plain torch.jit.save of a torchvision
// network): the input size and normalisation FaultLens proposes, for the user to confirm
// or correct, and whether to keep the answer in a sidecar next to the model so the next
// open needs no question. Wrong normalisation gives quietly wrong predictions, so the
// dialog says where the proposal comes from instead of applying it unasked.
#include <QDialog>

#include "core/model/ModelMetadata.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace faultlens::widgets {

class InputSpecDialog : public QDialog {
  Q_OBJECT
 public:
  InputSpecDialog(const QString& modelPath, const InputSpec& proposal, QWidget* parent = nullptr);

  /// The spec as entered; check valid() first.
  InputSpec spec() const;
  /// Empty when the entries form a usable spec, else what is wrong (also shown in the dialog).
  QString problem() const;
  bool saveSidecar() const;
  void setSaveSidecar(bool save);

 private:
  void updateProblem();

  QSpinBox *channels_, *height_, *width_, *resize_;
  QLineEdit *mean_, *std_;
  QCheckBox* sidecar_;
  QLabel* problem_;
  QPushButton* ok_ = nullptr;
};

}  // namespace faultlens::widgets
