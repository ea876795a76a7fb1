#pragma once
// The campaign view: configure a statistical fault-injection campaign, start it, watch
// progress (rate, ETA) and the per-layer results grow, cancel it, and resume a stored one
// from its directory. It only asks and displays; app/ runs the campaign off the GUI thread.
#include <QWidget>

#include <optional>
#include <vector>

#include "core/model/LayerInfo.h"
#include "core/campaign/CampaignDirectory.h"
#include "core/campaign/CampaignPlan.h"
#include "core/campaign/CampaignStats.h"
#include "core/campaign/FragileInputs.h"
#include "widgets/plots/PlotData.h"

class QComboBox;
class QDoubleSpinBox;
class QHBoxLayout;
class QLabel;
class QTableWidget;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace faultlens::widgets {

class CampaignDeltaLossPlot;
class CampaignNarrowingPlot;
class CampaignResultPlot;
class FragilityScatterPlot;

/// What the user asked for. `models`, `data`, `restrictRanges` and the paper protocol's
/// `clampRanges` are filled when a stored campaign was opened (its manifest pins them);
/// empty models and data mean "the workbench's current ones". Range restriction is set up
/// with the CLI; the view resumes it. The paper's protocol (the default) profiles its clamp
/// ranges on `profileData` when the campaign has none yet.
struct CampaignRequest {
  QString directory;
  QStringList models;
  QString data;
  /// The paper protocol's training data to profile on (a data-set spec); empty: the data
  /// set's known training split.
  QString profileData;
  std::vector<RangeProfileUse> restrictRanges;
  std::vector<RangeProfileUse> clampRanges;
  /// int8: the output scales of the workbench's models, one list per model of `models`
  /// (an empty list: not known). Filled with the workbench's models; not stored.
  ScalesPerModel formatScales;
  QString device = QStringLiteral("cpu");  ///< where the models run: the workbench's device; not stored
  CampaignConfig config;                   ///< imageEnd: number of images, 0 for the whole data set
};

class CampaignPanel : public QWidget {
  Q_OBJECT
 public:
  explicit CampaignPanel(QWidget* parent = nullptr);

  /// The baseline's layers: the ones the chosen fault kind applies to are offered.
  void setLayers(const std::vector<LayerInfo>& layers);
  CampaignRequest request() const;
  /// The workbench's models now compute in this format: the form offers it for the next
  /// campaign (not while one runs); the user may still choose another.
  void offerNumberFormat(const QString& name);
  /// Fills the form from a stored campaign so Start resumes it.
  void setRequest(const CampaignRequest& request);
  CampaignResultPlot* plot() const { return plot_; }
  CampaignDeltaLossPlot* deltaLossPlot() const { return deltaLossPlot_; }
  CampaignNarrowingPlot* narrowingPlot() const { return narrowingPlot_; }
  bool isRunning() const { return running_; }
  QString progressText() const;
  QString summaryText() const;
  /// Where a ΔLoss mean is carried by overflowed injections or NaN/Inf losses were left out;
  /// empty when neither.
  QString deltaLossWarningText() const;
  QString pairedText() const;
  /// What adaptive stopping saved, under the narrowing plot (empty for a fixed campaign).
  QString stoppingText() const;
  /// The fragile-inputs table's rows, for tests: "model,image,injections,mismatches".
  QStringList fragileRows() const;

 public Q_SLOTS:
  /// Says what happens before the injections start (e.g. profiling ranges).
  void showPreparing(const QString& what);
  void showStarted(qint64 total, qint64 alreadyRecorded);
  void showProgress(qint64 done, qint64 total, double elapsedSeconds);
  /// Per-model summaries so far (baseline first); live while running.
  /// `pairs`: the two models' corresponding layers (baseline index, text-guided index).
  void showSummaries(const std::vector<faultlens::CampaignSummary>& summaries,
                     const std::vector<std::pair<int, int>>& pairs);
  /// How every layer's interval narrowed so far, and where layers stopped.
  void showNarrowing(const faultlens::widgets::NarrowingData& data);
  /// The two models compared pair by pair (complete or stored two-model campaigns).
  void showPairedComparison(const faultlens::PairedComparison& comparison);
  /// Per model (baseline first), the images its faults hit: the scatter against the clean
  /// Top2Diff and the most fragile ones in a table. A click on either asks for the image.
  void showFragileInputs(const std::vector<std::vector<faultlens::ImageFragility>>& perModel);
  /// The run ended (complete, cancelled or failed): the form is editable again. A complete
  /// run fills the bar (adaptive stopping ends before the planned maximum).
  void showFinished(bool complete, const QString& message);
  /// A stored campaign was opened: the bar is full when it is complete, empty and marked
  /// unfinished when Start would resume it.
  void showStoredState(bool complete);

 Q_SIGNALS:
  void startRequested(const faultlens::widgets::CampaignRequest& request);
  void cancelRequested();
  void openRequested(const QString& directory);
  void problem(const QString& title, const QString& message);
  void status(const QString& message);
  /// The user clicked an image in the fragile inputs (a point or a table row).
  void imageRequested(int datasetIndex);

 private:
  // Construction, one part each.
  QWidget* createSettingsPage();
  QHBoxLayout* createButtonRow();
  QHBoxLayout* createProgressRow();
  QWidget* createExportButtons();
  QWidget* createFragilePage();
  QWidget* createNarrowingPage();
  /// Start: emits startRequested when a directory and at least one layer are chosen and
  /// the bit range is ordered, otherwise says what is missing.
  void startIfComplete();
  void rebuildLayerList();
  void setRunning(bool running);
  void chooseDirectory();
  /// The format box's format, or none when its text names no format.
  std::optional<NumberFormat> chosenFormat() const;
  /// The bit boxes offer the chosen format's bits; a range that was the whole old code
  /// becomes the whole new one.
  void fitBitsToFormat();

  std::vector<LayerInfo> layers_;
  QStringList storedModels_;
  std::vector<RangeProfileUse> storedRanges_;
  std::vector<RangeProfileUse> storedClampRanges_;
  QString storedData_;
  QLineEdit* directory_;
  QListWidget* layerList_;
  QComboBox* kind_;
  class ProtocolChoice* protocol_;
  QLineEdit* profileData_;
  QComboBox* errorModel_;
  QSpinBox* injections_;
  QSpinBox* images_;
  QComboBox* format_;  // editable: fixed:I.F takes any I and F
  QSpinBox* bitLow_;
  QSpinBox* bitHigh_;
  QSpinBox* flips_;
  QComboBox* flipPlacement_;
  QLineEdit* seed_;
  QSpinBox* batchSize_;
  QDoubleSpinBox* untilHalfWidth_;
  QComboBox* stopMetric_;
  QSpinBox* checkEvery_;
  QLabel* pinned_;
  QPushButton* start_;
  QPushButton* cancel_;
  QPushButton* open_;
  QProgressBar* progress_;
  QLabel* progressLabel_;
  QLabel* summary_;
  QLabel* deltaLossWarning_;
  QLabel* paired_;
  QWidget* fragilePage_;
  FragilityScatterPlot* fragilityPlot_;
  QTableWidget* fragileTable_;
  CampaignResultPlot* plot_;
  CampaignDeltaLossPlot* deltaLossPlot_;
  CampaignNarrowingPlot* narrowingPlot_;
  QLabel* stopping_;  // adaptive stopping: injections used against the fixed count
  QTabWidget* tabs_;
  bool running_ = false;
  int formatWidth_ = 32;        // bits of the code the bit boxes were last fitted to
  qint64 alreadyRecorded_ = 0;  // injections on disk when this run started
};

}  // namespace faultlens::widgets

Q_DECLARE_METATYPE(faultlens::widgets::CampaignRequest)
Q_DECLARE_METATYPE(std::vector<faultlens::CampaignSummary>)
Q_DECLARE_METATYPE(faultlens::widgets::NarrowingData)
