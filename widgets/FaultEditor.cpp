#include "widgets/FaultEditor.h"

#include "core/model/LayerAlignment.h"

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
  apply_->setObjectName("applyFault");
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
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  // map_ is not laid out here: the window shows it in a dock of its own (next to the CAM
  // grid), so the editor stays compact; the editor still drives it.
  layout->addWidget(bitView_);
  layout->addLayout(buttons);
  auto* weightForm = new QFormLayout;
  weightForm->addRow(tr("Random weight faults"), weightRow);
  // Under the count and seed, not beside them: one row was wider than the dock in German.
  weightForm->addRow(QString(), applyWeights_);
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
    followEditor();
  });
  connect(burst_, &QSpinBox::valueChanged, this, [this] {
    setListedMask(0);
    followEditor();
  });
  connect(model_, &QComboBox::currentIndexChanged, this, [this] { followEditor(); });
  connect(map_, &ActivationMapView::cellClicked, this, &FaultEditor::pickCell);
  connect(bitView_, &BitView::bitClicked, bit_, &QSpinBox::setValue);
  connect(apply_, &QPushButton::clicked, this, [this] {
    markApplied();
    Q_EMIT applyRequested(spec(), errorModel(), targetModel());
  });
  connect(applyWeights_, &QPushButton::clicked, this, [this] {
    Q_EMIT randomWeightFaultsRequested(weightCount_->value(), static_cast<quint64>(weightSeed_->value()), errorModel());
  });
  clear_->setObjectName("clearFault");
  connect(clear_, &QPushButton::clicked, this, [this] {
    applied_.reset();
    bitView_->clearValues();
    showResult({});
    Q_EMIT clearRequested();
  });
  setLayers({});
  setNumberFormat(NumberFormat{});
  showResult({});
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
  if (applied_) applied_->hasResult = false;  // codes of another format
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

void FaultEditor::setLayers(const std::vector<LayerInfo>& baseline, const std::vector<LayerInfo>& guided) {
  modelLayers_[0] = baseline;
  modelLayers_[1] = guided;
  const auto faultable = [](const LayerInfo& l) { return l.executed && l.perImage && !l.outputShape.empty(); };
  const QString previous = layer_->currentData().toString();
  const int previousModel = layer_->currentData(Qt::UserRole + 1).toInt();
  layers_.clear();
  const QSignalBlocker block(layer_);
  layer_->clear();
  const auto addRow = [this](const LayerInfo& l, const QString& label, ModelSlot model) {
    layers_.push_back(l);
    layer_->addItem(label, QString::fromStdString(l.name));
    layer_->setItemData(layer_->count() - 1, static_cast<int>(model), Qt::UserRole + 1);
  };
  const auto shapeText = [](const LayerInfo& l) { return QString::fromStdString(shapeToString(l.outputShape)); };
  const std::vector<LayerInfo>& first = baseline.empty() ? guided : baseline;
  const ModelSlot firstModel = baseline.empty() ? ModelSlot::Guided : ModelSlot::Baseline;
  for (const auto& l : first)
    if (faultable(l)) addRow(l, QStringLiteral("%1  %2").arg(QString::fromStdString(l.name), shapeText(l)), firstModel);
  // The role "last-layer": each model's own last layer (the baseline's classifier and the
  // text-guided head, which have different names and inputs). The default fault site.
  int roleRow = -1;
  if (!layers_.empty()) {
    LayerInfo role = layers_.back();
    role.name = kLastLayerRole;
    roleRow = layer_->count();
    addRow(role, tr("last layer of each model  %1").arg(shapeText(role)), firstModel);
  }
  // The text-guided model's own layers (its projection before the head, say): a fault aimed
  // at one of them hits no baseline layer. Layers with a baseline partner are faulted through it.
  if (!baseline.empty() && !guided.empty()) {
    const LayerAlignment alignment = LayerAlignment::automatic(baseline, guided);
    for (const auto& l : guided)
      if (faultable(l) && alignment.baselineFor(l.index) < 0)
        addRow(l, tr("text-guided only: %1  %2").arg(QString::fromStdString(l.name), shapeText(l)), ModelSlot::Guided);
  }
  int keep = -1;
  for (int i = 0; i < layer_->count(); ++i)
    if (layer_->itemData(i).toString() == previous && layer_->itemData(i, Qt::UserRole + 1).toInt() == previousModel)
      keep = i;
  layer_->setCurrentIndex(keep >= 0 ? keep : roleRow);
  apply_->setEnabled(!layers_.empty());
  const auto hasWeights = [](const std::vector<LayerInfo>& ls) {
    return std::any_of(ls.begin(), ls.end(), [](const LayerInfo& l) { return !l.weightShape.empty(); });
  };
  applyWeights_->setEnabled(hasWeights(baseline) || hasWeights(guided));
  rebuildCoordinates();
}

bool FaultEditor::selectLayer(const QString& name, ModelSlot model) {
  const auto find = [this](const QString& n, ModelSlot m) {
    for (int i = 0; i < layer_->count(); ++i)
      if (layer_->itemData(i).toString() == n && layer_->itemData(i, Qt::UserRole + 1).toInt() == static_cast<int>(m))
        return i;
    return -1;
  };
  int i = find(name, model);
  // A text-guided layer with a baseline partner is offered as that partner.
  if (i < 0 && model == ModelSlot::Guided && !modelLayers_[0].empty())
    for (const LayerInfo& l : modelLayers_[1])
      if (QString::fromStdString(l.name) == name) {
        const int partner = LayerAlignment::automatic(modelLayers_[0], modelLayers_[1]).baselineFor(l.index);
        if (partner >= 0)
          i = find(QString::fromStdString(modelLayers_[0][static_cast<std::size_t>(partner)].name),
                   ModelSlot::Baseline);
      }
  if (i < 0 && model == ModelSlot::Baseline) i = find(name, ModelSlot::Guided);  // only the text-guided model has it
  if (i < 0) return false;
  layer_->setCurrentIndex(i);
  return true;
}

ModelSlot FaultEditor::targetModel() const {
  return static_cast<ModelSlot>(layer_->currentData(Qt::UserRole + 1).toInt());
}

void FaultEditor::markApplied() {
  AppliedFault fault;
  fault.spec = formatFaultSpec(spec());
  fault.target = targetModel();
  fault.model = errorModel();
  applied_ = fault;
  followEditor();
}

bool FaultEditor::showFault(const FaultSpec& spec, ErrorModel model, ModelSlot target) {
  if (!selectLayer(QString::fromStdString(spec.layerName), target)) return false;
  setCoordinates(spec.coords);
  setFaultBits(spec.bit, spec.mask);
  setErrorModel(model);
  markApplied();
  return true;
}

void FaultEditor::showAppliedResult(std::uint32_t beforeCode, std::uint32_t afterCode, float before, float after,
                                    const QString& text) {
  if (!applied_) return;
  applied_->hasResult = true;
  applied_->beforeCode = beforeCode;
  applied_->afterCode = afterCode;
  applied_->before = before;
  applied_->after = after;
  applied_->text = text;
  followEditor();
}

bool FaultEditor::holdsAppliedFault() const {
  return applied_ && applied_->spec == formatFaultSpec(spec()) && applied_->target == targetModel() &&
         applied_->model == errorModel();
}

void FaultEditor::followEditor() {
  if (holdsAppliedFault()) {
    if (applied_->hasResult) {
      bitView_->setCodes(applied_->beforeCode, applied_->afterCode, applied_->before, applied_->after);
      showResult(applied_->text);
    }
    return;
  }
  bitView_->clearValues();
  // The clean value at the new site, from the layer's map when it is this layer's output.
  std::optional<float> clean;
  const QString layer = layer_->currentData().toString();
  if (!mapValues_.isEmpty() && mapLayer_ == layer && mapShape_.size() == static_cast<qsizetype>(coordinates_.size())) {
    qint64 index = 0;
    for (qsizetype d = 0; d < mapShape_.size(); ++d) index = index * mapShape_[d] + coordinates_[d]->value();
    if (index >= 0 && index < mapValues_.size()) clean = mapValues_[index];
  }
  // int8 codes need the layer's scale, which the window does not have: the value alone.
  if (clean && !format_.needsScale()) bitView_->setValues(*clean, std::nullopt);
  const QString pending = applied_ ? tr("Not applied yet: Apply injects this fault (the one shown in the models is "
                                        "still %1).")
                                         .arg(QString::fromStdString(applied_->spec))
                                   : tr("Not applied yet: Apply injects this fault.");
  showResult(clean ? tr("Clean value here (%1): %2. %3").arg(mapSource_, formatValue(*clean, 7), pending) : pending);
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
    connect(s, &QSpinBox::valueChanged, this, &FaultEditor::followEditor);
  }
  const QString name = layer_->currentData().toString();
  const QString source = targetModel() == ModelSlot::Guided ? tr("Text-guided") : tr("Baseline");
  if (name != mapLayer_ || (!mapSource_.isEmpty() && mapSource_ != source)) {
    mapLayer_.clear();
    mapValues_.clear();
    map_->clear(tr("%1: select an image to see its output").arg(name));
    Q_EMIT activationMapRequested(name, targetModel());
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
  followEditor();
}

void FaultEditor::showActivations(const QString& layer, const QVector<qint64>& shape, const QVector<float>& values,
                                  const QString& source) {
  if (layer != layer_->currentData().toString()) return;  // an answer for a layer the user has left
  mapLayer_ = layer;
  mapSource_ = source;
  mapShape_ = shape;
  mapValues_ = values;
  refreshMap();
  followEditor();
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
