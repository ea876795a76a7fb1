#pragma once
// Runs the analyses view's evaluations on their own worker thread with their own copies of
// the models: accuracy and Top2Diff per image and the per-layer activation ranges of every
// loaded model, collected in the same passes, then the paired Top2Diff sweep with
// McNemar's test. Results come back as queued signals; cancel stops after the current batch.
#include <QStringList>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "app/gui/EngineJob.h"
#include "core/analysis/FormatScales.h"
#include "core/formats/NumberFormat.h"
#include "widgets/ImageBrowser.h"
#include "widgets/MainWindow.h"
#include "widgets/plots/PlotData.h"

namespace faultlens {
struct ModelLoadOptions;
}

namespace faultlens::app {

/// The models an analysis loads for itself, baseline first (one or two), and for int8 the
/// scales the workbench's copies compute with (one list per model; an empty list or none:
/// the job profiles them on the data, as the workbench does).
struct ModelFiles {
  ModelFiles(QStringList files = {}) : paths(std::move(files)) {}  // NOLINT: a list of files is enough
  QStringList paths;
  ScalesPerModel scales;
  std::string device = "cpu";  ///< the workbench's device: the job's models run there
  /// How the job loads each file: onto `device`.
  ModelLoadOptions loadOptions() const;
  /// Model `model`'s scales in use, else profiled on `data` (chooseScales's rule).
  ScaleSources scaleSources(int model, const Dataset* data) const;
};

class AnalysisController : public EngineJob {
  Q_OBJECT
 public:
  explicit AnalysisController(QObject* parent = nullptr);
  ~AnalysisController() override;

  /// `images`: the first N images, 0 for all; `format`: the number format the models compute
  /// in (the workbench's).
  void start(const ModelFiles& models, const QString& data, int images, const NumberFormat& format = {});
  /// Accuracy against weight bit-error rate of every model on the first `images` images:
  /// `trials` draws per rate from `seed` (as `faultlens-cli ber --seed`), weight bits in `format`.
  void startBitErrorRates(const ModelFiles& models, const QString& data, int images, const NumberFormat& format,
                          const std::vector<double>& rates, int trials, std::uint64_t seed);

 Q_SIGNALS:
  void progress(qint64 done, qint64 total);
  void accuracyReady(faultlens::widgets::ModelSlot slot, const QString& text);
  /// Per-image correctness and Top2Diff of one model (the image browser's filters).
  void imagesEvaluated(faultlens::widgets::ModelSlot slot, const faultlens::widgets::ImageEvaluation& evaluation);
  void rangesReady(const QVector<faultlens::widgets::ActivationRangeSeries>& series);
  void sweepReady(const faultlens::widgets::Top2DiffSweepData& data);
  void bitErrorRatesReady(const QVector<faultlens::widgets::BitErrorRateSeries>& series);
  void finished(bool complete, const QString& message);
  void failed(const QString& message);

 private:
  void run(const ModelFiles& models, QString data, int images, NumberFormat format);
  void runBitErrorRates(const ModelFiles& models, QString data, int images, NumberFormat format,
                        std::vector<double> rates, int trials, std::uint64_t seed);
  /// The ending every job shares: `work` returns its success message; a cancellation or an
  /// error ends it with `cancelled` or `failedAs` (which takes the error as %1), and
  /// finished() comes last either way.
  void finishJob(const std::function<QString()>& work, const QString& cancelled, const QString& failedAs);
};

}  // namespace faultlens::app
