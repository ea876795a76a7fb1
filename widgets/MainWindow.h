#pragma once
// The workbench window: the data set's images on the left, the baseline and the
// text-guided model side by side. It only displays and asks; app/ does the work and
// answers through the slots below.
#include <QByteArray>
#include <QKeySequence>
#include <QMainWindow>

#include <functional>
#include <vector>

#include "core/faults/Fault.h"
#include "core/model/ModelMetadata.h"
#include "core/io/ProjectFile.h"
#include "widgets/RecentFiles.h"
#include "widgets/ReportExportDialog.h"
#include "widgets/plots/CamFigure.h"
#include "widgets/ViewData.h"

class QLabel;
class QMenu;
class QDockWidget;
class QProgressDialog;

namespace faultlens::widgets {

class AnalysisPanel;
class CampaignPanel;
class FaultEditor;
class ImageBrowser;
class ModelPanel;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);

  ModelPanel* panel(ModelSlot slot) const;
  /// Every menu action with a shortcut, one "KEYS<tab>ACTION" line each (Help ▸ Keyboard
  /// shortcuts shows it).
  QString shortcutList() const;
  ImageBrowser* imageBrowser() const { return browser_; }
  FaultEditor* faultEditor() const { return faultEditor_; }
  CampaignPanel* campaignPanel() const { return campaignPanel_; }
  class CamGridView* camView() const {
    return camView_;
  }
  AnalysisPanel* analysisPanel() const { return analysisPanel_; }
  /// Text of the About box's version line (Qt and LibTorch versions, set by app/).
  void setVersionInfo(const QString& text) { versionInfo_ = text; }
  QString statusText() const;
  /// Shows and raises a dock: "images", "fault", "cam", "map", "analyses" or "campaign". False
  /// for another name.
  bool showView(const QString& name);

 public Q_SLOTS:
  void showModel(faultlens::widgets::ModelSlot slot, const faultlens::widgets::ModelSummary& summary);
  /// The slot's model was closed (it could not be compared with the other): the panel says why.
  void showModelClosed(faultlens::widgets::ModelSlot slot, const QString& reason);
  void showModelMissing(faultlens::widgets::ModelSlot slot, const QString& message);
  /// A load failed: the slot keeps the model it had (or says it has none) and the error is
  /// shown once.
  void showModelFailed(faultlens::widgets::ModelSlot slot, const QString& message);
  /// The model at `path` does not say what input it expects: asks the user (InputSpecDialog,
  /// window-modal, never blocking the event loop), answering with inputSpecChosen.
  void askInputSpec(faultlens::widgets::ModelSlot slot, const QString& path, const faultlens::InputSpec& proposal);
  void showModelLoading(faultlens::widgets::ModelSlot slot, const QString& path);
  void showDataSet(std::shared_ptr<const faultlens::widgets::ImageSource> source);
  void showImage(int index, const QImage& image, const QString& caption);
  /// The image the header shows; -1 for none.
  int shownImage() const { return shownImage_; }
  void showPrediction(faultlens::widgets::ModelSlot slot, const faultlens::widgets::PredictionData& prediction);
  void showFaultyPrediction(faultlens::widgets::ModelSlot slot, const faultlens::widgets::FaultyPredictionData& result);
  void showFaultProblem(faultlens::widgets::ModelSlot slot, const QString& message);
  /// Both models compute in `format` now: the fault editor's bits and the status line follow.
  void showNumberFormat(const faultlens::NumberFormat& format, const QString& description);
  /// A format was not taken: says why, and the editor shows the format still in use.
  void showNumberFormatFailed(const QString& message);
  /// The devices File ▸ Compute device offers ("cpu", "cuda:0", …) and the one in use.
  void setComputeDevices(const QStringList& devices, const QString& current);
  /// The models run on `device` now: its entry is checked.
  void showComputeDevice(const QString& device);
  void clearFaultyPredictions();
  void showStatus(const QString& message);
  void showCamGrid(const QImage& grid, const QString& caption, const QString& sidecar = {});
  /// The grid shown as a vector figure: what the CAM dock's export writes.
  void setCamFigure(const CamFigureData& figure) { camFigure_ = figure; }
  void showCamMessage(const QString& message);
  /// The selected image's output of a layer, for the fault editor's clickable map.
  void showActivations(const QString& layer, const QVector<qint64>& shape, const QVector<float>& values,
                       const QString& source = {});
  /// Non-modal error box plus the status bar: never blocks the event loop. While a dialog
  /// of this window is open the box waits for it to close.
  void showError(const QString& title, const QString& message);
  /// Export all figures: a non-modal progress window with Cancel, closed by showReportFinished.
  void showReportProgress(const QString& stage, double fraction);
  void showReportFinished(bool complete, const QString& message);

 Q_SIGNALS:
  /// Every error shown (for a scripted run, which has nobody to read the box).
  void errorShown(const QString& title, const QString& message);
  void openModelRequested(faultlens::widgets::ModelSlot slot, const QString& path);
  void inputSpecChosen(faultlens::widgets::ModelSlot slot, const QString& path, const faultlens::InputSpec& input,
                       bool saveSidecar);
  void openDataRequested(const QString& spec);
  void imageSelected(int index);
  /// `target`: the model whose layer the spec names (the other takes its corresponding layer).
  void faultRequested(const faultlens::FaultSpec& spec, faultlens::ErrorModel model,
                      faultlens::widgets::ModelSlot target = faultlens::widgets::ModelSlot::Baseline);
  /// The fault editor's format box: both models should compute in this format.
  void numberFormatRequested(const QString& name);
  /// File ▸ Compute device: both models should run on this device.
  void computeDeviceRequested(const QString& device);
  void randomWeightFaultsRequested(int count, quint64 seed, faultlens::ErrorModel model);
  /// The fault editor shows this layer's output map: app/ computes it for each image.
  void activationMapRequested(const QString& layer, faultlens::widgets::ModelSlot source);
  /// The CAM dock's layer, colour map or scale changed.
  void camSettingsChanged(const faultlens::ProjectCamSettings& settings);
  void faultCleared();
  /// File ▸ Open/Save project and fault list: app/ reads and writes the files.
  void openProjectRequested(const QString& path);
  void saveProjectRequested(const QString& path);
  void loadFaultListRequested(const QString& path);
  void saveFaultListRequested(const QString& path);
  /// File ▸ Export all figures, after its dialog; reportCancelRequested from the progress window.
  void exportAllFiguresRequested(const faultlens::widgets::ReportRequest& request);
  void reportCancelRequested();

 protected:
  void showEvent(QShowEvent* event) override;
  /// Saves the window geometry and dock layout (QSettings) for the next start.
  void closeEvent(QCloseEvent* event) override;

 private:
  /// One row of a menu table; an empty text is a separator, without a tool tip Qt shows the text.
  struct MenuEntry {
    QString text;
    std::function<void()> run;
    QKeySequence shortcut = {};
    QString toolTip = {};
    const char* objectName = nullptr;
  };
  void addMenuEntries(QMenu* menu, const std::vector<MenuEntry>& entries);
  void createMenus();
  void rememberRequestedFiles();
  void chooseProjectToOpen();
  void chooseProjectToSave();
  void chooseFaultListToLoad();
  void chooseFaultListToSave();
  /// A dock holding `content`, added to `area` and to the View menu.
  QDockWidget* addDock(const QString& title, const QString& objectName, QWidget* content, Qt::DockWidgetArea area,
                       bool closable);
  void showShortcuts();
  void fillRecentMenu();
  void chooseModel(ModelSlot slot);
  void chooseDataFolder();
  void chooseDataFile();
  void showAbout();
  void exportCamGrid();
  void chooseReportExport();

  ModelPanel* panels_[2];
  ImageBrowser* browser_;
  FaultEditor* faultEditor_;
  QLabel* imageView_;
  QLabel* imageCaption_;
  QString versionInfo_;
  std::vector<QDockWidget*> docks_;  // in View-menu order
  QByteArray defaultLayout_;
  QDockWidget* imagesDock_ = nullptr;
  QDockWidget* faultDock_ = nullptr;
  QDockWidget* camDock_ = nullptr;
  QDockWidget* mapDock_ = nullptr;
  QDockWidget* campaignDock_ = nullptr;
  CampaignPanel* campaignPanel_ = nullptr;
  QDockWidget* analysisDock_ = nullptr;
  AnalysisPanel* analysisPanel_ = nullptr;
  class CamGridView* camView_ = nullptr;
  CamFigureData camFigure_;
  bool shownOnce_ = false;
  RecentFiles recent_;
  QMenu* recentMenu_ = nullptr;
  QMenu* deviceMenu_ = nullptr;  ///< File ▸ Compute device: one checkable entry per device
  QString requestedData_;        // the data spec the user asked for, recorded once it opens
  int shownImage_ = -1;
  ReportRequest lastReport_;  // the export dialog starts from the previous answers
  QProgressDialog* reportProgress_ = nullptr;
};

}  // namespace faultlens::widgets
