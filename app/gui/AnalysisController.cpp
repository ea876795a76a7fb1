#include "app/gui/AnalysisController.h"

#include "core/Error.h"
#include "core/analysis/Evaluation.h"
#include "core/model/Model.h"
#include "core/analysis/ActivationRanges.h"
#include "core/analysis/FormatScales.h"
#include "core/analysis/Top2DiffSweep.h"
#include "core/campaign/BitErrorRate.h"
#include "core/data/Dataset.h"
#include "widgets/AnalysisPanel.h"
#include "widgets/plots/PlotDataFromEngine.h"
#include "widgets/ViewData.h"

namespace faultlens::app {
namespace {

/// Thrown out of evaluate()'s progress callback to stop between batches.
struct Cancelled {};

// Translated in the controller's context, like its other texts.
const char* const kRoles[] = {QT_TRANSLATE_NOOP("faultlens::app::AnalysisController", "baseline"),
                              QT_TRANSLATE_NOOP("faultlens::app::AnalysisController", "text-guided")};

}  // namespace

AnalysisController::AnalysisController(QObject* parent) : EngineJob(parent) {
  qRegisterMetaType<QVector<widgets::ActivationRangeSeries>>();
  qRegisterMetaType<widgets::Top2DiffSweepData>();
  qRegisterMetaType<QVector<widgets::BitErrorRateSeries>>();
}

AnalysisController::~AnalysisController() { stopAndWait(); }

ModelLoadOptions ModelFiles::loadOptions() const {
  ModelLoadOptions options;
  options.device = device;
  return options;
}

ScaleSources ModelFiles::scaleSources(int model, const Dataset* data) const {
  ScaleSources sources = ScaleSources::profiledOn(data);
  if (model >= 0 && model < static_cast<int>(scales.size())) sources.inUse = scales[static_cast<std::size_t>(model)];
  return sources;
}

void AnalysisController::start(const ModelFiles& models, const QString& data, int images, const NumberFormat& format) {
  if (!launch([this, models, data, images, format] { run(models, data, images, format); }))
    Q_EMIT failed(tr("An analysis is already running."));
}

void AnalysisController::startBitErrorRates(const ModelFiles& models, const QString& data, int images,
                                            const NumberFormat& format, const std::vector<double>& rates, int trials,
                                            std::uint64_t seed) {
  if (!launch([this, models, data, images, format, rates, trials, seed] {
        runBitErrorRates(models, data, images, format, rates, trials, seed);
      }))
    Q_EMIT failed(tr("An analysis is already running."));
}

void AnalysisController::finishJob(const std::function<QString()>& work, const QString& cancelled,
                                   const QString& failedAs) {
  bool complete = false;
  QString message;
  try {
    message = work();
    complete = true;
  } catch (const Cancelled&) {
    message = cancelled;
  } catch (const std::exception& e) {
    const QString error = QString::fromStdString(e.what());
    post([this, error] { Q_EMIT failed(error); });
    message = failedAs.arg(error);
  }
  postFinal([this, complete, message] { Q_EMIT finished(complete, message); });
}

void AnalysisController::runBitErrorRates(const ModelFiles& models, QString dataSpec, int images, NumberFormat format,
                                          std::vector<double> rates, int trials, std::uint64_t seed) {
  finishJob(
      [&] {
        if (models.paths.isEmpty()) throw Error("load a model first");
        if (dataSpec.isEmpty()) throw Error("open a data set first");
        const auto data = openDataset(dataSpec.toStdString());
        BitErrorRateSweepConfig config;
        config.rates = std::move(rates);
        config.trials = trials;
        config.seed = seed;
        config.imageEnd = images <= 0 ? data->size() : std::min<std::size_t>(data->size(), images);
        const qint64 perModel = static_cast<qint64>(config.rates.size()) * trials;
        const qint64 total = perModel * models.paths.size();
        QVector<widgets::BitErrorRateSeries> series;
        for (int m = 0; m < models.paths.size(); ++m) {
          const auto model = Model::load(models.paths[m].toStdString(), models.loadOptions());
          useNumberFormatFrom(*model, format, models.scaleSources(m, data.get()), scalesNeedDataMessage(format));
          const auto points = sweepBitErrorRates(
              *model, *data, config,
              [&](int done, int) { post([this, done = perModel * m + done, total] { Q_EMIT progress(done, total); }); },
              &stopFlag());
          if (stopRequested()) throw Cancelled{};
          series << widgets::bitErrorRateSeries(tr(kRoles[m]), points);
        }
        post([this, series] { Q_EMIT bitErrorRatesReady(series); });
        return tr("Bit-error-rate sweep: %1 rates × %2 trials (seed %3) on %4 images, weights in %5")
            .arg(config.rates.size())
            .arg(trials)
            .arg(seed)
            .arg(config.imageEnd)
            .arg(QString::fromStdString(format.name()));
      },
      tr("Bit-error-rate sweep cancelled"), tr("Bit-error-rate sweep failed: %1"));
}

void AnalysisController::run(const ModelFiles& models, QString dataSpec, int images, NumberFormat format) {
  finishJob(
      [&] {
        if (models.paths.isEmpty()) throw Error("load a model first");
        if (dataSpec.isEmpty()) throw Error("open a data set first");
        const auto data = openDataset(dataSpec.toStdString());
        const std::size_t end = images <= 0 ? data->size() : std::min<std::size_t>(data->size(), images);
        const qint64 total = static_cast<qint64>(end) * models.paths.size();
        std::vector<EvaluationResult> results;
        QVector<widgets::ActivationRangeSeries> ranges;
        for (int m = 0; m < models.paths.size(); ++m) {
          const auto model = Model::load(models.paths[m].toStdString(), models.loadOptions());
          // The numbers of the models on screen.
          useNumberFormatFrom(*model, format, models.scaleSources(m, data.get()), scalesNeedDataMessage(format));
          StatisticsCollector collector;
          const qint64 before = static_cast<qint64>(end) * m;
          results.push_back(evaluate(
              *model, *data, 0, end, 256,
              [&](std::size_t done, std::size_t) {
                if (stopRequested()) throw Cancelled{};
                post([this, done = before + static_cast<qint64>(done), total] { Q_EMIT progress(done, total); });
              },
              &collector));
          const EvaluationResult& r = results.back();
          ranges << widgets::activationRangeSeries(tr(kRoles[m]), layerRanges(*model, collector));
          const QString text = tr("Accuracy %1 % on %2 images · mean Top2Diff %3%4")
                                   .arg(widgets::formatFixed(100.0 * r.accuracy(), 2))
                                   .arg(r.images)
                                   .arg(widgets::formatFixed(r.meanTop2Diff, 2))
                                   .arg(r.nonFinite ? tr(" · %1 non-finite outputs").arg(r.nonFinite) : QString());
          const auto slot = m == 0 ? widgets::ModelSlot::Baseline : widgets::ModelSlot::Guided;
          widgets::ImageEvaluation perImage;
          perImage.correct = QVector<bool>(r.correctPerImage.begin(), r.correctPerImage.end());
          perImage.top2Diff = QVector<double>(r.top2Diffs.begin(), r.top2Diffs.end());
          post([this, slot, text, perImage] {
            Q_EMIT accuracyReady(slot, text);
            Q_EMIT imagesEvaluated(slot, perImage);
          });
        }
        post([this, ranges] { Q_EMIT rangesReady(ranges); });
        if (results.size() == 2) {
          const auto sweep = comparePairedSweeps(results[0].correctPerImage, results[0].top2Diffs,
                                                 results[1].correctPerImage, results[1].top2Diffs);
          post([this, d = widgets::top2DiffSweepData(sweep)] { Q_EMIT sweepReady(d); });
        }
        return tr("Analysed %1 images with %2 model(s)").arg(end).arg(models.paths.size());
      },
      tr("Analysis cancelled"), tr("Analysis failed: %1"));
}

}  // namespace faultlens::app
