#pragma once
// Runs the campaign view's campaigns on their own worker thread, with their own copies of
// the models (a campaign mutates weights for weight faults and runs for hours; the
// interactive workbench keeps its models and stays usable meanwhile). Progress and live
// summaries come back as queued signals; cancel stops after the current batch, with every
// finished injection on disk, and starting the same campaign again resumes it.
#include <atomic>
#include <vector>

#include "app/gui/EngineJob.h"
#include "core/campaign/CampaignDirectory.h"
#include "core/campaign/CampaignStats.h"
#include "widgets/CampaignPanel.h"

namespace faultlens {
class Model;
}

namespace faultlens::app {

class CampaignController : public EngineJob {
  Q_OBJECT
 public:
  explicit CampaignController(QObject* parent = nullptr);
  /// Cancels a running campaign and waits for it to stop.
  ~CampaignController() override;

  /// `request.models` and `request.data` must be filled (baseline first).
  void start(const widgets::CampaignRequest& request);
  /// Reads a stored campaign's manifest and records; answers with opened() or failed().
  void open(const QString& directory);
  /// Running, or still reading a stored campaign for open().
  bool isBusy() const { return isRunning() || opening_; }

 Q_SIGNALS:
  /// What the campaign does before its injections start (e.g. profiling ranges).
  void preparing(const QString& what);
  void started(qint64 total, qint64 alreadyRecorded);
  void progress(qint64 done, qint64 total, double elapsedSeconds);
  /// Summaries of everything recorded so far, at most a few per second while running.
  /// `pairs`: the models' corresponding layers (CampaignManifest::correspondingLayers).
  void summariesReady(const std::vector<faultlens::CampaignSummary>& summaries,
                      const std::vector<std::pair<int, int>>& pairs);
  /// The paired comparison of a two-model campaign: when one completes, and when a stored
  /// one is opened (over what it has recorded).
  void pairedReady(const faultlens::PairedComparison& comparison);
  /// Per model, the images its faults hit (with the same timing as pairedReady, for any
  /// number of models).
  void fragilityReady(const std::vector<std::vector<faultlens::ImageFragility>>& perModel);
  /// How every layer's interval narrowed, and where layers stopped: every few seconds while
  /// running, when a run ends, and when a stored campaign is opened.
  void narrowingReady(const faultlens::widgets::NarrowingData& data);
  void finished(bool complete, const QString& message);
  void opened(const faultlens::widgets::CampaignRequest& request);
  /// After a stored campaign's summaries: whether every planned injection is recorded.
  void storedCampaignOpened(bool complete);
  void failed(const QString& message);

 private:
  void runCampaign(widgets::CampaignRequest request);
  /// The paper protocol's clamp profiles of `models`, read from or written to the campaign
  /// directory (ranges-M.json), profiled on the request's training data where missing.
  std::vector<RangeProfileUse> clampProfiles(const widgets::CampaignRequest& request,
                                             const std::vector<Model*>& models);
  /// How the views name a campaign's models: baseline and text-guided, or one model.
  QStringList roleNames(std::size_t models) const;

  std::atomic<bool> opening_{false};
};

}  // namespace faultlens::app
