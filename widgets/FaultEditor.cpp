#include "widgets/FaultEditor.h"

#include "core/LayerAlignment.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "widgets/ActivationMapView.h"
#include "widgets/BitView.h"

namespace faultlens::widgets {

FaultEditor::FaultEditor(QWidget* parent)
    : QWidget(parent),
      formatBox_(new QComboBox(this)),
      layer_(new QComboBox(this)),
      coordinateRow_(new QHBoxLayout),
      bit_(new QSpinBox(this)),
      burst_(new QSpinBox(this)),
      bitView_(new BitView(this)),
      map_(new ActivationMapView(this)),
      model_(new QComboBox(this)),
      apply_(new QPushButton(tr("&Apply to both models"), this)),
      weightCount_(new QSpinBox(this)),
      weightSeed_(new QSpinBox(this)),
      applyWeights_(new QPushButton(tr("Apply &weight faults"), this)),
      clear_(new QPushButton(tr("C&lear fault"), this)),
      result_(new QLabel(this)) {
  formatBox_->setObjectName("numberFormat");
  formatBox_->setEditable(true);  // fixed:I.F takes any I and F
  formatBox_->setInsertPolicy(QComboBox::NoInsert);
  for (const char* name : {"fp32", "bf16", "fp16", "fp8-e4m3", "fp8-e5m2", "int8", "fixed:3.12"})
    formatBox_->addItem(QString::fromLatin1(name));
  bit_->setObjectName("faultBit");
  bit_->setValue(30);
  burst_->setObjectName("faultBurst");
  burst_->setRange(1, 1);
  burst_->setToolTip(tr("How many adjacent bits of the code flip (or stick) together, from Bit upwards: a burst, "
                        "as a campaign's --flips K --flip-placement burst"));
  layer_->setObjectName("faultLayer");
  layer_->setToolTip(tr("The conv or linear layer whose output the fault hits; \"last layer of each model\" "
                        "takes each model's own classifier"));
  model_->setObjectName("faultErrorModel");
  model_->setToolTip(tr("bit-flip inverts the bit; stuck-at-0 and stuck-at-1 force it"));
  for (ErrorModel m : {ErrorModel::BitFlip, ErrorModel::StuckAt0, ErrorModel::StuckAt1})
    model_->addItem(QString::fromLatin1(errorModelName(m)), static_cast<int>(m));
  apply_->setShortcut(QKeySequence(tr("Ctrl+Return")));
  apply_->setToolTip(tr("Inject this fault into the selected image's inference, in both models (Ctrl+Return)"));
  clear_->setToolTip(tr("Back to the clean inference: removes activation and weight faults"));
  weightCount_->setRange(1, 1000000);
  weightCount_->setValue(10);
  weightCount_->setToolTip(tr("Random weight faults over all conv/linear weights together; the paper flips 2000 of "
                              "ResNet-50's 25.5 M weights"));
  weightSeed_->setRange(0, std::numeric_limits<int>::max());
  weightSeed_->setValue(1);
  weightSeed_->setToolTip(tr("The same seed draws the same sites, bits and layers"));
  applyWeights_->setObjectName("applyWeightFaults");
  applyWeights_->setShortcut(QKeySequence(tr("Ctrl+Shift+Return")));
  applyWeights_->setToolTip(tr("Write N random weight faults (error model above) into both models for the "
                               "selected image's inference, alongside any activation fault (Ctrl+Shift+Return)"));
  result_->setWordWrap(true);
  // Two lines reserved: the dock is sized before the first fault's values arrive.
  result_->setMinimumHeight(2 * result_->fontMetrics().lineSpacing());
  result_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  auto* form = new QFormLayout;
  form->addRow(tr("Values in"), formatBox_);
  form->addRow(tr("Layer"), layer_);
  form->addRow(tr("Site (per image)"), coordinateRow_);
  form->addRow(tr("Bit"), bit_);
  form->addRow(tr("Adjacent bits"), burst_);
  form->addRow(tr("Error model"), model_);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(apply_);
  buttons->addWidget(clear_);
  auto* weightRow = new QHBoxLayout;
  weightRow->addWidget(weightCount_);
  weightRow->addWidget(new QLabel(tr("seed"), this));
  weightRow->addWidget(weightSeed_);
  weightRow->addWidget(applyWeights_);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  // map_ is not laid out here: the window shows it in a dock of its own (next to the CAM
  // grid), so the editor stays compact; the editor still drives it.
  layout->addWidget(bitView_);
  layout->addLayout(buttons);
  auto* weightForm = new QFormLayout;
  weightForm->addRow(tr("Random weight faults"), weightRow);
  layout->addLayout(weightForm);
  layout->addWidget(result_);
  layout->addStretch(1);

  connect(formatBox_, &QComboBox::textActivated, this, &FaultEditor::chooseFormat);
  connect(formatBox_->lineEdit(), &QLineEdit::editingFinished, this,
          [this] { chooseFormat(formatBox_->currentText()); });
  connect(layer_, &QComboBox::currentIndexChanged, this, [this] { rebuildCoordinates(); });
  connect(bit_, &QSpinBox::valueChanged, bitView_, &BitView::setBit);
  connect(bit_, &QSpinBox::valueChanged, this, [this] {
    setListedMask(0);
    limitBurst();
  });
  connect(burst_, &QSpinBox::valueChanged, this, [this] { setListedMask(0); });
  connect(map_, &ActivationMapView::cellClicked, this, &FaultEditor::pickCell);
  connect(bitView_, &BitView::bitClicked, bit_, &QSpinBox::setValue);
  connect(apply_, &QPushButton::clicked, this, [this] { Q_EMIT applyRequested(spec(), errorModel()); });
  connect(applyWeights_, &QPushButton::clicked, this, [this] {
    Q_EMIT randomWeightFaultsRequested(weightCount_->value(), static_cast<quint64>(weightSeed_->value()), errorModel());
  });
  clear_->setObjectName("clearFault");
  connect(clear_, &QPushButton::clicked, this, [this] {
    bitView_->clearValues();
    showResult({});
    Q_EMIT clearRequested();
  });
  setLayers({});
  setNumberFormat(NumberFormat{});
}

void FaultEditor::setNumberFormat(const NumberFormat& format, const QString& description) {
  format_ = format;
  requested_.clear();
  const QString name = QString::fromStdString(format.name());
  {
    const QSignalBlocker block(formatBox_);
    formatBox_->setEditText(name);
  }
  const QString help = tr("The number format both models compute in: weights rounded once, every conv/linear "
                          "output rounded, and a fault flips a bit of the value's code in it. fixed:I.F is two's "
                          "complement with I integer and F fraction bits after the sign; int8 scales each layer "
                          "by its abs-max on the open data set");
  formatBox_->setToolTip(description.isEmpty() ? help : help + "\n" + tr("Now: %1").arg(description));
  const int width = format.bitWidth();
  const bool keep = bit_->value() < width;
  bit_->setRange(0, width - 1);
  if (!keep) bit_->setValue(defaultFaultBit(format));
  bit_->setToolTip(tr("Bit of the value's %1 code: %2").arg(name, bitRangesText(format)));
  setListedMask(0);
  limitBurst();
  bitView_->setNumberFormat(format);
  bitView_->setBit(bit_->value());
}

void FaultEditor::revertFormatChoice() {
  requested_.clear();
  const QSignalBlocker block(formatBox_);
  formatBox_->setEditText(QString::fromStdString(format_.name()));
}

void FaultEditor::chooseFormat(const QString& text) {
  NumberFormat format;
  try {
    format = NumberFormat::parse(text.trimmed().toStdString());
  } catch (const std::exception& e) {
    showResult(QString::fromStdString(e.what()));
    revertFormatChoice();
    return;
  }
  const QString name = QString::fromStdString(format.name());
  // Asked for already and not yet applied: nothing new. The format in use, chosen again,
  // cancels a pending other choice, and int8 chosen again profiles its scales afresh.
  if (name == requested_) return;
  if (format == format_ && requested_.isEmpty() && !format.needsScale()) return;
  requested_ = name;
  Q_EMIT numberFormatRequested(name);
}

void FaultEditor::setLayers(const std::vector<LayerInfo>& layers) {
  layers_.clear();
  for (const auto& l : layers)
    if (l.executed && l.perImage && !l.outputShape.empty()) layers_.push_back(l);
  const QSignalBlocker block(layer_);
  layer_->clear();
  for (const auto& l : layers_)
    layer_->addItem(QStringLiteral("%1  %2").arg(QString::fromStdString(l.name),
                                                 QString::fromStdString(shapeToString(l.outputShape))),
                    QString::fromStdString(l.name));
  // The role "last-layer": each model's own last layer (the baseline's classifier and the
  // text-guided head, which have different names and inputs). The default fault site.
  if (!layers_.empty()) {
    LayerInfo role = layers_.back();
    role.name = kLastLayerRole;
    layers_.push_back(role);
    layer_->addItem(tr("last layer of each model  %1").arg(QString::fromStdString(shapeToString(role.outputShape))),
                    QString::fromLatin1(kLastLayerRole));
    layer_->setCurrentIndex(static_cast<int>(layers_.size()) - 1);
  }
  apply_->setEnabled(!layers_.empty());
  applyWeights_->setEnabled(
      std::any_of(layers.begin(), layers.end(), [](const LayerInfo& l) { return !l.weightShape.empty(); }));
  rebuildCoordinates();
}

bool FaultEditor::selectLayer(const QString& name) {
  const int i = layer_->findData(name);
  if (i < 0) return false;
  layer_->setCurrentIndex(i);
  return true;
}

void FaultEditor::rebuildCoordinates() {
  for (QSpinBox* s : coordinates_) s->deleteLater();
  coordinates_.clear();
  const int i = layer_->currentIndex();
  if (i < 0 || i >= static_cast<int>(layers_.size())) return;
  static const char* const names[] = {"C", "H", "W", "D4", "D5"};
  const auto& shape = layers_[i].outputShape;
  for (std::size_t d = 0; d < shape.size(); ++d) {
    auto* s = new QSpinBox(this);
    s->setRange(0, static_cast<int>(std::min<std::int64_t>(shape[d] - 1, std::numeric_limits<int>::max())));
    s->setPrefix(QString::fromLatin1(shape.size() == 1 ? "J " : names[std::min<std::size_t>(d, 4)]) + " ");
    // Named after what the index selects, so the tip never reads like the spin box's value.
    const QString what = shape.size() == 1 ? tr("feature")
                         : d == 0          ? tr("channel")
                         : d == 1          ? tr("row (height)")
                         : d == 2          ? tr("column (width)")
                                           : tr("index in dimension %1").arg(d);
    s->setToolTip(tr("The site's %1 in the layer's per-image output %2: 0 to %3")
                      .arg(what, QString::fromStdString(shapeToString(shape)))
                      .arg(shape[d] - 1));
    coordinateRow_->addWidget(s);
    coordinates_.push_back(s);
    connect(s, &QSpinBox::valueChanged, this, &FaultEditor::refreshMap);
  }
  const QString name = layer_->currentData().toString();
  if (name != mapLayer_) {
    mapLayer_.clear();
    map_->clear(tr("%1: select an image to see its output").arg(name));
    Q_EMIT activationMapRequested(name);
  }
  // Keyboard order follows the form, whatever the layer: layer, site, bit, error model,
  // then the buttons (the site boxes are created last, so the default order would skip).
  QWidget* previous = layer_;
  setTabOrder(formatBox_, layer_);
  for (QWidget* next : coordinates_) setTabOrder(std::exchange(previous, next), next);
  for (QWidget* next :
       std::initializer_list<QWidget*>{bit_, burst_, model_, apply_, clear_, weightCount_, weightSeed_, applyWeights_})
    setTabOrder(std::exchange(previous, next), next);
  refreshMap();
}

void FaultEditor::showActivations(const QString& layer, const QVector<qint64>& shape, const QVector<float>& values,
                                  const QString& source) {
  if (layer != layer_->currentData().toString()) return;  // an answer for a layer the user has left
  mapLayer_ = layer;
  mapSource_ = source;
  mapShape_ = shape;
  mapValues_ = values;
  refreshMap();
}

void FaultEditor::refreshMap() {
  if (mapLayer_.isEmpty() || mapLayer_ != layer_->currentData().toString()) return;
  // "Baseline · features.layer3.conv2": which model's output this is.
  const QString title = mapSource_.isEmpty() ? mapLayer_ : tr("%1 · %2").arg(mapSource_, mapLayer_);
  const auto coordinate = [this](int d) {
    return d < static_cast<int>(coordinates_.size()) ? coordinates_[d]->value() : 0;
  };
  if (mapShape_.size() == 3) {  // [C, H, W]: the site's channel
    const int c = coordinate(0), h = static_cast<int>(mapShape_[1]), w = static_cast<int>(mapShape_[2]);
    map_->setMap(mapValues_.mid(static_cast<qsizetype>(c) * h * w, static_cast<qsizetype>(h) * w), h, w,
                 tr("channel %1 of %2").arg(c).arg(title));
    map_->setSelected(coordinate(1), coordinate(2));
  } else if (mapShape_.size() == 2) {
    map_->setMap(mapValues_, static_cast<int>(mapShape_[0]), static_cast<int>(mapShape_[1]), title);
    map_->setSelected(coordinate(0), coordinate(1));
  } else if (mapShape_.size() == 1) {  // features wrapped row by row into a square-ish grid
    const int n = static_cast<int>(mapShape_[0]);
    const int columns = std::max(1, static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n)))));
    map_->setMap(mapValues_, (n + columns - 1) / columns, columns, title);
    map_->setSelected(coordinate(0) / columns, coordinate(0) % columns);
  } else {
    map_->clear(tr("%1: no map for a %2-dimensional output").arg(mapLayer_).arg(mapShape_.size()));
  }
}

void FaultEditor::pickCell(int row, int column) {
  if (mapShape_.size() == 3) setCoordinates({coordinates_.empty() ? 0 : coordinates_[0]->value(), row, column});
  else if (mapShape_.size() == 2) setCoordinates({row, column});
  else if (mapShape_.size() == 1) setCoordinates({static_cast<std::int64_t>(row) * map_->columns() + column});
  refreshMap();
}

void FaultEditor::setCoordinates(const std::vector<std::int64_t>& coords) {
  for (std::size_t d = 0; d < coords.size() && d < coordinates_.size(); ++d)
    coordinates_[d]->setValue(static_cast<int>(coords[d]));
}

void FaultEditor::setBit(int bit) { setFaultBits(bit, 0); }

void FaultEditor::limitBurst() { burst_->setMaximum(std::max(1, format_.bitWidth() - bit_->value())); }

void FaultEditor::setFaultBits(int bit, std::uint32_t mask) {
  bit_->setValue(bit);
  const std::uint32_t bits = faultMask(bit, mask);
  const std::uint32_t run = bits >> bit;  // a burst from `bit` upwards: 1, 11, 111, ...
  const bool burst = (run & (run + 1)) == 0 && (bits & ((1u << bit) - 1)) == 0;
  burst_->setValue(burst ? __builtin_popcount(run) : 1);
  setListedMask(burst ? 0 : bits);  // after the boxes: their edits clear it
}

void FaultEditor::setListedMask(std::uint32_t mask) {
  listedMask_ = mask;
  // The box shows such a set in words while it stands at 1 (its minimum).
  QStringList bits;
  for (int b = 31; b >= 0; --b)
    if ((mask >> b) & 1u) bits << QString::number(b);
  burst_->setSpecialValueText(mask ? tr("bits %1").arg(bits.join('+')) : QString());
}

void FaultEditor::setErrorModel(ErrorModel model) {
  model_->setCurrentIndex(model_->findData(static_cast<int>(model)));
}

FaultSpec FaultEditor::spec() const {
  FaultSpec s;
  s.layerName = layer_->currentData().toString().toStdString();
  for (QSpinBox* c : coordinates_) s.coords.push_back(c->value());
  s.bit = bit_->value();
  if (listedMask_ != 0) {
    s.mask = listedMask_;
  } else if (burst_->value() > 1) {
    const std::uint64_t run = (std::uint64_t{1} << burst_->value()) - 1;
    s.mask = static_cast<std::uint32_t>(run << s.bit);
  }
  return s;
}

ErrorModel FaultEditor::errorModel() const { return static_cast<ErrorModel>(model_->currentData().toInt()); }

void FaultEditor::showResult(const QString& text) { result_->setText(text); }

QString FaultEditor::resultText() const { return result_->text(); }

}  // namespace faultlens::widgets
