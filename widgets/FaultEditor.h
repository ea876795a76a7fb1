#pragma once
// Compose one activation fault: the number format both models compute in, a layer, a site in
// its per-image output (one spin box per dimension, ranges from the layer's shape), a bit of
// the value's code in that format and an error model. Emits the fault as
// the text-form spec the engine and the CLI share (core/faults/Fault.h). Below it, N random
// weight faults over every conv/linear weight, drawn from a seed (the paper's Fig. 2 setup).
#include <QVector>
#include <QWidget>

#include <cstdint>
#include <optional>
#include <vector>

#include "core/faults/Fault.h"
#include "core/model/LayerInfo.h"
#include "widgets/ViewData.h"

class QComboBox;
class QSpinBox;
class QLabel;
class QPushButton;
class QHBoxLayout;

namespace faultlens::widgets {

class ActivationMapView;
class BitView;

class FaultEditor : public QWidget {
  Q_OBJECT
 public:
  explicit FaultEditor(QWidget* parent = nullptr);

  /// Layers that can take activation faults (executed, per image) are offered: the
  /// baseline's, the role "last layer of each model", then the text-guided model's layers
  /// that correspond to none of the baseline's (see LayerAlignment), marked as such. A fault
  /// names a layer of one model (targetModel()); the other model takes its corresponding
  /// layer.
  void setLayers(const std::vector<LayerInfo>& baseline, const std::vector<LayerInfo>& guided = {});
  /// Selects a layer by module path of the `model` it belongs to (a text-guided layer with a
  /// baseline partner selects that partner); false if it is not offered.
  bool selectLayer(const QString& name, faultlens::widgets::ModelSlot model = ModelSlot::Baseline);
  /// The model whose layer the editor's fault names.
  ModelSlot targetModel() const;
  /// The editor's fault is the one injected now (after Apply, or a project's fault shown in it).
  void markApplied();
  /// Shows a fault injected from elsewhere (a project, the command line) as the applied one;
  /// false when its layer is not offered (yet: models load after the fault is set).
  bool showFault(const FaultSpec& spec, ErrorModel model, ModelSlot target = ModelSlot::Baseline);
  /// What the injected fault did at its site in the model the bit view shows: kept, and
  /// shown while the editor holds that fault (editing it shows the new site's clean value).
  void showAppliedResult(std::uint32_t beforeCode, std::uint32_t afterCode, float before, float after,
                         const QString& text);
  void setCoordinates(const std::vector<std::int64_t>& coords);
  void setBit(int bit);
  /// Shows a fault's bits: `bit` and, when `mask` is not 0, all bits of `mask` (a burst from
  /// `bit` upwards sets the Adjacent bits box; other sets are kept as they are until the
  /// bit or that box is changed).
  void setFaultBits(int bit, std::uint32_t mask);
  void setErrorModel(ErrorModel model);
  /// The format the models compute in now: the bit box offers its code's bits and the bit
  /// view draws its fields. `description` is its tool tip (int8: where the scales come from).
  void setNumberFormat(const NumberFormat& format, const QString& description = {});
  const NumberFormat& numberFormat() const { return format_; }
  /// The format asked for was not taken: the box shows the one in use again.
  void revertFormatChoice();

  FaultSpec spec() const;
  ErrorModel errorModel() const;
  BitView* bitView() const { return bitView_; }
  /// The clickable output map of the editor's layer; the window places it (a dock).
  ActivationMapView* activationMap() const { return map_; }
  /// The selected image's output of `layer` (clean, one model), row-major with `shape`;
  /// shown as a clickable map when it is the editor's layer.
  /// `source` names the model the map comes from; the map's title says it.
  void showActivations(const QString& layer, const QVector<qint64>& shape, const QVector<float>& values,
                       const QString& source = {});
  /// One line under the buttons, e.g. "applied: 0.43 -> 1.5e38" or an error.
  void showResult(const QString& text);
  QString resultText() const;

 Q_SIGNALS:
  /// `target`: the model whose layer `spec` names.
  void applyRequested(const faultlens::FaultSpec& spec, faultlens::ErrorModel model,
                      faultlens::widgets::ModelSlot target);
  /// `count` random weight faults with this seed and the editor's error model.
  void randomWeightFaultsRequested(int count, quint64 seed, faultlens::ErrorModel model);
  /// Clears every fault, activation and weight.
  void clearRequested();
  /// The user chose another number format by name (validated: parse() accepts it).
  void numberFormatRequested(const QString& name);
  /// The editor's layer changed: its output for the selected image is wanted for the map.
  void activationMapRequested(const QString& layer, faultlens::widgets::ModelSlot model);

 private:
  void rebuildCoordinates();
  /// Redraws the map for the current layer and channel, outlining the site.
  void refreshMap();
  void pickCell(int row, int column);
  /// The format box's text was chosen or typed: asks for it when it is a valid, new format.
  void chooseFormat(const QString& text);
  /// The burst may not run past the code's top bit.
  void limitBurst();
  /// A fault's bits that are no burst (0: none), shown in the burst box.
  void setListedMask(std::uint32_t mask);
  /// True while the editor holds the injected fault.
  bool holdsAppliedFault() const;
  /// Layer, site, bit or error model changed: the bit view and the result line show the
  /// applied fault's outcome only while they still describe it, else the new site's value.
  void followEditor();

  std::vector<LayerInfo> layers_;  // one per row of layer_
  std::vector<LayerInfo> modelLayers_[2];
  struct AppliedFault {
    std::string spec;
    ModelSlot target = ModelSlot::Baseline;
    ErrorModel model = ErrorModel::BitFlip;
    bool hasResult = false;
    std::uint32_t beforeCode = 0, afterCode = 0;
    float before = 0.0f, after = 0.0f;
    QString text;
  };
  std::optional<AppliedFault> applied_;
  NumberFormat format_;
  QString requested_;  // asked for and not yet applied: choosing it again asks nothing new
  QComboBox* formatBox_;
  QComboBox* layer_;
  QHBoxLayout* coordinateRow_;
  std::vector<QSpinBox*> coordinates_;
  QSpinBox* bit_;
  QSpinBox* burst_;               // adjacent bits flipped together, from bit_ upwards
  std::uint32_t listedMask_ = 0;  // a fault's bits that are no burst from bit_ (from a list)
  BitView* bitView_;
  ActivationMapView* map_;
  QString mapLayer_;
  QString mapSource_;
  QVector<qint64> mapShape_;
  QVector<float> mapValues_;
  QComboBox* model_;
  QPushButton* apply_;
  QSpinBox* weightCount_;
  QSpinBox* weightSeed_;
  QPushButton* applyWeights_;
  QPushButton* clear_;
  QLabel* result_;
};

}  // namespace faultlens::widgets
