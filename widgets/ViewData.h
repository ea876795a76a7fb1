#pragma once
// Plain data the engine side (app/) hands to the widgets. No torch, no OpenCV: widgets
// only ever see these structs, core's torch-free headers (LayerInfo) and QImages.
#include <QImage>
#include <QMetaType>
#include <QLocale>
#include <QString>
#include <QStringList>
#include <QVector>

#include <cmath>

#include "core/model/LayerInfo.h"

namespace faultlens::widgets {

/// A value for captions: `precision` significant digits, and NaN, +Inf and −Inf spelled
/// out (printf's "-nan" depends on the sign bit and reads like a typo).
/// The locale numbers on screen follow (the window's language; see installTranslations),
/// without thousands separators inside measured values: one convention per locale.
inline QLocale displayLocale() {
  QLocale locale;
  locale.setNumberOptions(QLocale::OmitGroupSeparator);
  return locale;
}

inline QString formatValue(double v, int precision = 4) {
  if (std::isnan(v)) return QStringLiteral("NaN");
  if (std::isinf(v)) return v > 0 ? QStringLiteral("+Inf") : QStringLiteral("−Inf");
  return displayLocale().toString(v, 'g', precision);
}

/// `v` with `decimals` digits after the locale's decimal sign ("93.00", "93,00").
inline QString formatFixed(double v, int decimals) {
  if (!std::isfinite(v)) return formatValue(v);
  return displayLocale().toString(v, 'f', decimals);
}

/// A custom-painted widget that shortens a text to "…" sets this property to whether it
/// did at its last paint, so that tests can check that every text is shown whole.
inline constexpr char kTextElidedProperty[] = "textElided";

/// The two model places of the workbench: the baseline and the text-guided model.
enum class ModelSlot { Baseline = 0, Guided = 1 };

/// What a model panel shows about a loaded model.
struct ModelSummary {
  QString role;  ///< "Baseline" or "Text-guided"
  QString name;
  QString path;
  int numClasses = 0;
  qint64 parameters = 0;
  QString inputShape;  ///< e.g. "1×28×28"
  std::vector<LayerInfo> layers;
  QStringList camTargets;    ///< convolutions and block outputs with a [C, H, W] output
  QString defaultCamTarget;  ///< empty when the model has none
  QString numberFormat = QStringLiteral("fp32");
  QString device = QStringLiteral("cpu");  ///< where the model runs: "cpu", "cuda:0", …
  /// The activation fault as this model took it (`head@3:30`: its own layer, which may
  /// differ from the name aimed at) and, when so, why (the corresponding layer, or a layer
  /// of the same name that was not faulted).
  QString faultSite, faultNote;
};

struct ClassProbability {
  int classIndex = 0;
  QString className;
  double probability = 0.0;  ///< 0..1
};

/// One model's answer for one image.
struct PredictionData {
  QVector<ClassProbability> top;  ///< best first
  double top2Diff = 0.0;          ///< percentage points; NaN when the logits are not finite
  bool finite = true;
  int nonFiniteLogits = 0;  ///< how many logits are NaN or ±Inf
  int logitCount = 0;
  /// The class with the largest logit, NaN ignored (+Inf is the largest): the answer when
  /// some logits are not finite. -1 when every logit is NaN or several share the largest.
  int topClass = -1;
  QString topClassName;
  int tiedClasses = 1;  ///< how many classes share the largest logit (2 or more: a tie, no answer)
  int groundTruth = -1;
  QString groundTruthName;
  /// Set when the model's classes are not the data set's (another class count): no class
  /// can be called right or wrong, and the panel says why instead of naming a truth.
  int modelClasses = 0, dataClasses = 0;
  bool classesDiffer() const { return modelClasses != dataClasses; }
};

/// One model's answer with the faults applied, and what they did.
struct FaultyPredictionData {
  PredictionData prediction;
  bool activationFault = false;  ///< before/after describe the activation fault's site
  float before = 0.0f, after = 0.0f;
  /// The site's code before and after the fault in `numberFormat` (for the bit view).
  quint32 beforeCode = 0, afterCode = 0;
  QString numberFormat = QStringLiteral("fp32");
  QString device = QStringLiteral("cpu");  ///< where the model runs: "cpu", "cuda:0", …
  /// The activation fault as this model took it (`head@3:30`: its own layer, which may
  /// differ from the name aimed at) and, when so, why (the corresponding layer, or a layer
  /// of the same name that was not faulted).
  QString faultSite, faultNote;
  int weightFaults = 0;      ///< weight faults applied to this model
  int nonFiniteWeights = 0;  ///< of those, how many wrote NaN or Inf into a weight
  /// As campaigns count a misclassification: top-1 differs from the clean one, or a logit is
  /// NaN/Inf. The window reports its two parts apart (topClassChanged, nonFiniteLogits).
  bool mismatch = false;
  bool topClassChanged = false;  ///< the top class (NaN ignored, a tie counted as none) is another
};

/// Random access to the images of the open data set, implemented by app/.
class ImageSource {
 public:
  virtual ~ImageSource() = default;
  virtual int count() const = 0;
  virtual QImage image(int index) const = 0;
  virtual int label(int index) const = 0;  ///< -1 when unlabelled
  virtual QStringList classNames() const = 0;
  virtual QString description() const = 0;
};

}  // namespace faultlens::widgets

// Signals and queued calls carry the slot (declared here, with the type, so every user
// sees the declaration before any instantiation).
Q_DECLARE_METATYPE(faultlens::widgets::ModelSlot)
