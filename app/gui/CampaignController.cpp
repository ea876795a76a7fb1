#include "app/gui/CampaignController.h"

#include <QDir>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>

#include "core/Error.h"
#include "core/model/Model.h"
#include "core/analysis/FormatScales.h"
#include "core/campaign/AdaptiveStopping.h"
#include "core/campaign/CampaignSession.h"
#include "core/model/Devices.h"
#include "core/campaign/FragileInputs.h"
#include "core/campaign/PaperProtocol.h"
#include "core/data/Dataset.h"
#include "widgets/plots/PlotDataFromEngine.h"

namespace faultlens::app {
namespace {

/// The narrowing plot's data from every outcome recorded so far; `roles` names the models.
widgets::NarrowingData narrowingOf(const std::vector<std::vector<InjectionOutcome>>& outcomes,
                                   const CampaignManifest& manifest, const QStringList& roles) {
  return widgets::narrowingData(roles, narrowingCurves(outcomes, manifest.correspondingLayers(), manifest.config),
                                manifest);
}

std::vector<std::vector<ImageFragility>> fragilityOf(const std::vector<std::vector<InjectionOutcome>>& outcomes) {
  std::vector<std::vector<ImageFragility>> out;
  for (const auto& model : outcomes) out.push_back(imageFragility(model));
  return out;
}

/// The campaign's models in its number format, int8 scales by chooseScales's rule: the ones
/// a stored campaign of that format recorded (so it resumes with them), the scales the
/// workbench's models compute with, the paper protocol's clamp profiles, else each layer's
/// abs-max over the data set's first images.
void useCampaignFormat(const std::vector<Model*>& models, const widgets::CampaignRequest& request,
                       const Dataset& data) {
  const NumberFormat& format = request.config.format;
  ScalesPerModel recorded;
  if (format.needsScale()) {
    const std::string dir = request.directory.toStdString();
    std::error_code ec;
    if (std::filesystem::exists(dir + "/campaign.json", ec)) {
      const CampaignManifest stored = readCampaignManifest(dir);
      if (stored.config.format == format && stored.formatScales.size() == models.size()) recorded = stored.formatScales;
    }
  }
  for (std::size_t m = 0; m < models.size(); ++m) {
    ScaleSources sources = ScaleSources::profiledOn(&data);
    if (m < recorded.size()) sources.recorded = recorded[m];
    if (m < request.formatScales.size()) sources.inUse = request.formatScales[m];
    if (m < request.clampRanges.size()) sources.clamp = request.clampRanges[m].bounds;
    useNumberFormatFrom(*models[m], format, sources, scalesNeedDataMessage(format));
  }
}

}  // namespace

std::vector<RangeProfileUse> CampaignController::clampProfiles(const widgets::CampaignRequest& request,
                                                               const std::vector<Model*>& models) {
  // The paper protocol's clamp ranges, as `faultlens-cli campaign` makes them: each model's
  // profile in DIR/ranges-M.json (taken in float32, before the campaign's format), made
  // from the training data where the directory has none yet.
  const std::string dir = request.directory.toStdString();
  prepareCampaignDirectory(dir);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw fileError(dir, "cannot create the campaign directory: " + ec.message());
  std::unique_ptr<Dataset> profileData;
  std::vector<RangeProfileUse> ranges;
  for (std::size_t m = 0; m < models.size(); ++m) {
    const std::string file = paperClampProfilePath(dir, m);
    if (!profileData && !std::filesystem::exists(file, ec)) {
      const std::string spec = request.profileData.isEmpty() ? defaultProfileDataFor(request.data.toStdString())
                                                             : request.profileData.toStdString();
      if (spec.empty())
        throw Error("the paper's protocol profiles each layer's range on training data: give the training data "
                    "under Range profile from (this data set has no known training split), or choose the raw "
                    "protocol");
      profileData = openDataset(spec);
      post([this] {
        Q_EMIT preparing(tr("Profiling each layer's range on the training data (the paper's protocol)…"));
      });
    }
    ranges.push_back(paperClampProfile(*models[m], file, profileData.get(), 0, [this](std::size_t, std::size_t) {
      if (stopFlag().load()) throw Error("cancelled while profiling the layers' ranges");
    }));
  }
  return ranges;
}

namespace {

/// Seconds on a monotonic clock, for throttling what goes to the GUI thread.
double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

}  // namespace

CampaignController::CampaignController(QObject* parent) : EngineJob(parent) {
  qRegisterMetaType<widgets::CampaignRequest>();
  qRegisterMetaType<std::vector<CampaignSummary>>();
  qRegisterMetaType<std::vector<std::pair<int, int>>>();
  qRegisterMetaType<widgets::NarrowingData>();
}

CampaignController::~CampaignController() { stopAndWait(); }

QStringList CampaignController::roleNames(std::size_t models) const {
  return models == 2 ? QStringList{tr("baseline"), tr("text-guided")} : QStringList{tr("model")};
}

void CampaignController::start(const widgets::CampaignRequest& request) {
  if (!launch([this, request] { runCampaign(request); })) Q_EMIT failed(tr("A campaign is already running."));
}

void CampaignController::runCampaign(widgets::CampaignRequest request) {
  const std::string dir = request.directory.toStdString();
  bool complete = false;
  QString message;
  try {
    if (request.models.isEmpty()) throw Error("load a model first: a campaign needs at least the baseline");
    if (request.data.isEmpty()) throw Error("open a data set first");
    if (std::filesystem::exists(dir + "/campaign.json") && readCampaignManifest(dir).config.shardCount > 1)
      throw fileError(dir, "a sharded campaign: run its shards with faultlens-cli campaign --shard and combine "
                           "them with faultlens-cli merge");
    std::vector<std::unique_ptr<Model>> models;
    std::vector<Model*> pointers;
    ModelLoadOptions onDevice;
    onDevice.device = request.device.toStdString();
    for (const QString& path : request.models) {
      models.push_back(Model::load(path.toStdString(), onDevice));
      pointers.push_back(models.back().get());
    }
    const auto data = openDataset(request.data.toStdString());
    if (request.config.protocol == Protocol::Paper) {
      if (request.config.kind != FaultKind::Activation)
        throw Error("the paper's protocol injects activation faults: choose the activation fault kind, or the raw "
                    "protocol for weight faults");
      if (request.clampRanges.empty()) request.clampRanges = clampProfiles(request, pointers);
    }
    useCampaignFormat(pointers, request, *data);
    CampaignConfig config = request.config;
    config.imageBegin = 0;
    config.imageEnd = config.imageEnd == 0 ? data->size() : std::min(data->size(), config.imageEnd);
    config.shardIndex = 0;
    config.shardCount = 1;
    // On a GPU the captured states live in its memory: the budget follows that memory.
    CampaignSession session(dir, pointers, *data, config, request.restrictRanges, request.clampRanges, nullptr,
                            defaultMemoryBudget(onDevice.device));
    const auto pairs = session.manifest().correspondingLayers();
    const qint64 total = session.plannedInjections(), recorded = session.recordedInjections();
    post([this, total, recorded] { Q_EMIT started(total, recorded); });
    if (recorded > 0) post([this, s = session.liveSummaries(), pairs] { Q_EMIT summariesReady(s, pairs); });

    // Every outcome so far, for the narrowing plot (with a stopping rule the campaign stops
    // long before this grows large; without one it is a few dozen bytes per injection).
    std::vector<std::vector<InjectionOutcome>> outcomesSoFar = readCampaignOutcomes(dir, session.manifest());
    const QStringList roles = roleNames(pointers.size());
    if (recorded > 0)
      post([this, n = narrowingOf(outcomesSoFar, session.manifest(), roles)] { Q_EMIT narrowingReady(n); });
    CampaignSession::Observer observer;
    double lastProgress = 0, lastSummary = now(), lastNarrowing = now(), narrowingInterval = 3.0;
    observer.onProgress = [&](const CampaignProgress& p) {
      if (now() - lastProgress < 0.1 && p.done < p.total) return;
      lastProgress = now();
      post([this, p] { Q_EMIT progress(p.done, p.total, p.elapsedSeconds); });
    };
    observer.onOutcomes = [&](std::size_t model, const std::vector<InjectionOutcome>& outcomes) {
      outcomesSoFar[model].insert(outcomesSoFar[model].end(), outcomes.begin(), outcomes.end());
      // The narrowing sorts every outcome: every few seconds, and never more than 5 % of
      // the campaign's time, is enough for a view.
      if (now() - lastNarrowing >= narrowingInterval) {
        const double start = now();
        post([this, n = narrowingOf(outcomesSoFar, session.manifest(), roles)] { Q_EMIT narrowingReady(n); });
        lastNarrowing = now();
        narrowingInterval = std::max(3.0, 20.0 * (lastNarrowing - start));
      }
      // Running totals cost O(layers) however long the campaign; the plots need no more
      // than two redraws a second.
      if (now() - lastSummary < 0.5) return;
      lastSummary = now();
      post([this, s = session.liveSummaries(), pairs] { Q_EMIT summariesReady(s, pairs); });
    };
    complete = session.run(observer, stopFlag());
    post([this, n = narrowingOf(outcomesSoFar, session.manifest(), roles)] { Q_EMIT narrowingReady(n); });
    const auto summaries = session.summaries();
    post([this, summaries, pairs] { Q_EMIT summariesReady(summaries, pairs); });
    std::int64_t injections = 0;
    for (const auto& s : summaries)
      for (const auto& l : s.layers) injections += l.injections;
    if (complete) {
      const auto outcomes = readCampaignOutcomes(dir, session.manifest());
      std::optional<PairedComparison> paired;
      if (summaries.size() == 2) {
        paired = compareCampaignOutcomes(outcomes, session.manifest());
        post([this, c = *paired] { Q_EMIT pairedReady(c); });
      }
      post([this, f = fragilityOf(outcomes)] { Q_EMIT fragilityReady(f); });
      writeCampaignSummary(dir, session.manifest(), summaries, paired ? &*paired : nullptr, &outcomes);
      message = tr("Campaign complete: %1 injections; summary.json and summary.csv written to %2")
                    .arg(injections)
                    .arg(request.directory);
    } else {
      message = tr("Cancelled: %1 of %2 injections are recorded in %3; Start resumes the campaign")
                    .arg(injections)
                    .arg(total)
                    .arg(request.directory);
    }
  } catch (const std::exception& e) {
    const QString error = QString::fromStdString(e.what());
    post([this, error] { Q_EMIT failed(error); });
    message = tr("Campaign failed: %1").arg(error);
  }
  postFinal([this, complete, message] { Q_EMIT finished(complete, message); });
}

void CampaignController::open(const QString& directory) {
  if (isRunning()) {
    Q_EMIT failed(tr("Cannot open a stored campaign while one is running."));
    return;
  }
  opening_ = true;
  runOnWorker([this, directory] {
    try {
      const std::string dir = directory.toStdString();
      const CampaignManifest manifest = readCampaignManifest(dir);
      widgets::CampaignRequest request;
      request.directory = directory;
      for (const auto& m : manifest.models) request.models << QString::fromStdString(m);
      request.data = QString::fromStdString(manifest.data);
      request.config = manifest.config;
      request.restrictRanges = manifest.restrictRanges;
      request.clampRanges = manifest.clampRanges;
      const auto outcomes = readCampaignOutcomes(dir, manifest);
      const auto summaries = summarizeCampaignOutcomes(outcomes, manifest, dir, /*requireComplete=*/false);
      const auto pairs = manifest.correspondingLayers();
      std::optional<PairedComparison> paired;
      if (manifest.models.size() == 2) paired = compareCampaignOutcomes(outcomes, manifest);
      // summary.json is written once every planned injection is recorded (CampaignDirectory.h).
      const bool complete = std::filesystem::exists(std::filesystem::path(dir) / "summary.json");
      post([this, request, summaries, pairs, paired, complete, fragility = fragilityOf(outcomes),
            narrowing = narrowingOf(outcomes, manifest, roleNames(manifest.models.size()))] {
        opening_ = false;
        Q_EMIT opened(request);
        Q_EMIT summariesReady(summaries, pairs);
        Q_EMIT storedCampaignOpened(complete);
        if (paired) Q_EMIT pairedReady(*paired);
        Q_EMIT fragilityReady(fragility);
        Q_EMIT narrowingReady(narrowing);
      });
    } catch (const std::exception& e) {
      const QString error = QString::fromStdString(e.what());
      post([this, error] {
        opening_ = false;
        Q_EMIT failed(error);
      });
    }
  });
}

}  // namespace faultlens::app
