#include "widgets/InputSpecDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <stdexcept>

namespace faultlens::widgets {
namespace {

QString joined(const std::vector<float>& values) {
  QStringList parts;
  for (float v : values) parts << QString::number(v, 'g', 6);
  return parts.join(QStringLiteral(", "));
}

QSpinBox* sizeBox(int value, int minimum, QWidget* parent) {
  auto* box = new QSpinBox(parent);
  box->setRange(minimum, 8192);
  box->setValue(value);
  return box;
}

}  // namespace

InputSpecDialog::InputSpecDialog(const QString& modelPath, const InputSpec& proposal, QWidget* parent)
    : QDialog(parent),
      channels_(sizeBox(proposal.channels, 1, this)),
      height_(sizeBox(proposal.height, 1, this)),
      width_(sizeBox(proposal.width, 1, this)),
      resize_(sizeBox(proposal.resize, 0, this)),
      mean_(new QLineEdit(joined(proposal.mean), this)),
      std_(new QLineEdit(joined(proposal.std), this)),
      sidecar_(new QCheckBox(this)),
      problem_(new QLabel(this)) {
  setObjectName("inputSpecDialog");
  mean_->setObjectName("inputMean");
  std_->setObjectName("inputStd");
  setWindowTitle(tr("Model input"));
  const QFileInfo file(modelPath);
  // What the proposal rests on, said for its channel count: torchvision's ImageNet setting
  // is a convention only for colour models.
  const QString basis =
      proposal.channels == 3
          ? tr("its first convolution takes 3 channels; the values are torchvision's ImageNet convention for "
               "colour models")
      : proposal.channels == 1
          ? tr("its first convolution takes 1 channel (grey images); grey models have no common convention, so the "
               "values are pixels scaled to [0, 1] without normalisation at 28 × 28, as for MNIST-like data")
          : tr("its first convolution takes %n channel(s); there is no common convention for such models, so the "
               "values are pixels scaled to [0, 1] without normalisation",
               nullptr, proposal.channels);
  auto* intro = new QLabel(tr("<b>%1</b> does not say what input it expects. FaultLens proposes the values below: "
                              "%2. Check them against how the model was trained: wrong normalisation gives "
                              "wrong predictions without any error.")
                               .arg(file.fileName().toHtmlEscaped(), basis.toHtmlEscaped()),
                           this);
  intro->setWordWrap(true);
  resize_->setSpecialValueText(tr("none (resize straight to height × width)"));
  resize_->setToolTip(tr("Shorter image side before the centre crop (torchvision's Resize + CenterCrop)"));
  mean_->setToolTip(tr("Per-channel mean, subtracted after scaling pixels to [0, 1]"));
  std_->setToolTip(tr("Per-channel standard deviation, divided by after the mean"));
  sidecar_->setText(tr("Save these settings as %1 next to the model").arg(file.completeBaseName() + ".json"));
  // Writing next to someone's model file is the user's choice, not a side effect of opening it.
  sidecar_->setChecked(false);
  problem_->setStyleSheet(QStringLiteral("color: #c0392b"));
  problem_->setWordWrap(true);

  auto* form = new QFormLayout;
  form->addRow(tr("Channels"), channels_);
  form->addRow(tr("Height"), height_);
  form->addRow(tr("Width"), width_);
  form->addRow(tr("Resize shorter side to"), resize_);
  form->addRow(tr("Mean"), mean_);
  form->addRow(tr("Std"), std_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  ok_ = buttons->button(QDialogButtonBox::Ok);
  ok_->setText(tr("Open model"));
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro);
  layout->addLayout(form);
  layout->addWidget(sidecar_);
  layout->addWidget(problem_);
  layout->addWidget(buttons);
  for (QSpinBox* box : {channels_, height_, width_, resize_})
    connect(box, qOverload<int>(&QSpinBox::valueChanged), this, &InputSpecDialog::updateProblem);
  for (QLineEdit* edit : {mean_, std_}) connect(edit, &QLineEdit::textChanged, this, &InputSpecDialog::updateProblem);
  updateProblem();
}

InputSpec InputSpecDialog::spec() const {
  InputSpec spec;
  spec.channels = channels_->value();
  spec.height = height_->value();
  spec.width = width_->value();
  spec.resize = resize_->value();
  try {
    spec.mean = parseFloatList(mean_->text().toStdString(), "mean");
    spec.std = parseFloatList(std_->text().toStdString(), "std");
  } catch (const std::exception&) {
    // problem() names it; an unparsable list leaves the spec without normalisation.
  }
  return spec;
}

QString InputSpecDialog::problem() const {
  try {
    parseFloatList(mean_->text().toStdString(), "mean");
    parseFloatList(std_->text().toStdString(), "std");
    spec().validate(tr("input").toStdString());
  } catch (const std::exception& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

bool InputSpecDialog::saveSidecar() const { return sidecar_->isChecked(); }
void InputSpecDialog::setSaveSidecar(bool save) { sidecar_->setChecked(save); }

void InputSpecDialog::updateProblem() {
  const QString text = problem();
  problem_->setText(text);
  problem_->setVisible(!text.isEmpty());
  if (ok_) ok_->setEnabled(text.isEmpty());
}

}  // namespace faultlens::widgets
