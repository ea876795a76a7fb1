#include "widgets/plots/FigureStyleForm.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSpinBox>
#include <QVBoxLayout>

namespace faultlens::widgets {

FigureStyleForm::FigureStyleForm(QFormLayout* form, QWidget* parent) : QObject(parent) {
  size_ = new QComboBox(parent);
  size_->setObjectName("figureSize");
  size_->addItem(tr("single column (3.5 × 2.625 in)"), QStringLiteral("single"));
  size_->addItem(tr("double column (7.17 × 3.25 in)"), QStringLiteral("double"));
  size_->addItem(tr("slide (10 × 5.625 in)"), QStringLiteral("slide"));
  size_->addItem(tr("custom width × height"), QString());
  size_->setToolTip(tr("Figures are drawn at this printed size, so their text prints at the font size"));
  customSize_ = new QLineEdit(parent);
  customSize_->setObjectName("figureCustomSize");
  customSize_->setPlaceholderText(tr("e.g. 3.3x2.5 (inches)"));
  // Wide enough for its hint (and so for any size typed): beside the combo box the field
  // was squeezed until "3.3x2.5" showed as "x2.5".
  customSize_->setMinimumWidth(customSize_->fontMetrics().horizontalAdvance(customSize_->placeholderText()) + 16);
  customSize_->setEnabled(false);
  fontSize_ = new QDoubleSpinBox(parent);
  fontSize_->setObjectName("figureFontSize");
  fontSize_->setRange(FigureStyle::kMinFontPoints, FigureStyle::kMaxFontPoints);
  fontSize_->setSingleStep(0.5);
  fontSize_->setDecimals(1);
  fontSize_->setSuffix(tr(" pt"));
  fontSize_->setToolTip(tr("Axis titles and legend at the printed size; tick labels one point smaller (at least 7)"));
  legend_ = new QComboBox(parent);
  legend_->setObjectName("figureLegend");
  legend_->addItem(tr("inside, where it covers no data"), QStringLiteral("inside"));
  legend_->addItem(tr("under the axes"), QStringLiteral("outside"));
  legend_->addItem(tr("none (the caption names the series)"), QStringLiteral("none"));
  dpi_ = new QSpinBox(parent);
  dpi_->setObjectName("figureDpi");
  dpi_->setRange(30, 2400);
  dpi_->setSuffix(tr(" dpi"));
  dpi_->setToolTip(tr("Resolution of the PNG copies; PDF and SVG are vector figures"));
  connect(size_, &QComboBox::currentIndexChanged, this, [this] {
    const QString name = size_->currentData().toString();
    customSize_->setEnabled(name.isEmpty());
    if (const auto preset = FigureStyle::fromSizeName(name, nullptr)) fontSize_->setValue(preset->fontPoints);
  });
  auto* sizeRow = new QWidget(parent);
  auto* sizeLayout = new QHBoxLayout(sizeRow);
  sizeLayout->setContentsMargins(0, 0, 0, 0);
  sizeLayout->addWidget(size_, 1);
  sizeLayout->addWidget(customSize_);
  form->addRow(tr("Figure size"), sizeRow);
  form->addRow(tr("Font size"), fontSize_);
  form->addRow(tr("Legend"), legend_);
  form->addRow(tr("PNG resolution"), dpi_);
  setStyle(FigureStyle{});
}

void FigureStyleForm::setStyle(const FigureStyle& style) {
  const int preset = size_->findData(style.size == FigureStyle::Size::Custom ? QString() : style.sizeName());
  size_->setCurrentIndex(preset >= 0 ? preset : size_->count() - 1);
  customSize_->setText(style.size == FigureStyle::Size::Custom ? style.sizeName() : QString());
  fontSize_->setValue(style.fontPoints);
  legend_->setCurrentIndex(legend_->findData(FigureStyle::legendName(style.legend)));
  dpi_->setValue(style.dpi);
}

std::optional<FigureStyle> FigureStyleForm::style(QString* why) const {
  const QString name = size_->currentData().toString();
  auto style = FigureStyle::fromSizeName(name.isEmpty() ? customSize_->text() : name, why);
  if (!style) return std::nullopt;
  style->fontPoints = fontSize_->value();
  style->legend = FigureStyle::legendFromName(legend_->currentData().toString()).value_or(FigureStyle::Legend::Inside);
  style->dpi = dpi_->value();
  return style;
}

bool chooseFigureStyle(QWidget* parent) {
  QDialog dialog(parent);
  dialog.setWindowTitle(QObject::tr("Figure style"));
  auto* intro = new QLabel(QObject::tr("Every exported figure (a plot's Export menu, the CAM grid, Export all figures) "
                                       "is drawn at this printed size and type size."),
                           &dialog);
  intro->setWordWrap(true);
  auto* form = new QFormLayout;
  FigureStyleForm controls(form, &dialog);
  controls.setStyle(rememberedFigureStyle());
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
  auto* layout = new QVBoxLayout(&dialog);
  layout->addWidget(intro);
  layout->addLayout(form);
  layout->addWidget(buttons);
  QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
    QString why;
    if (!controls.style(&why))
      QMessageBox::warning(&dialog, dialog.windowTitle(), QObject::tr("Figure size: %1").arg(why));
    else dialog.accept();
  });
  if (dialog.exec() != QDialog::Accepted) return false;
  rememberFigureStyle(*controls.style(nullptr));
  return true;
}

}  // namespace faultlens::widgets
