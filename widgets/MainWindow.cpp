#include "widgets/MainWindow.h"

#include <QActionGroup>

#include "widgets/ComputeDevice.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSaveFile>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

#include "widgets/ActivationMapView.h"
#include "widgets/AnalysisPanel.h"
#include "widgets/BitView.h"
#include "widgets/WheelGuard.h"
#include "widgets/CampaignPanel.h"
#include "widgets/CamGridView.h"
#include "widgets/FaultEditor.h"
#include "widgets/ImageBrowser.h"
#include "widgets/InputSpecDialog.h"
#include "widgets/ModelPanel.h"
#include "widgets/PredictionView.h"

namespace faultlens::widgets {
namespace {

/// Window layouts saved under another version are not restored: version 2 moved the
/// analyses under the model panels.
constexpr int kLayoutVersion = 2;

/// Tall panels scroll instead of forcing a window taller than a laptop screen.
QScrollArea* scrollable(QWidget* panel) {
  auto* area = new QScrollArea;
  area->setWidget(panel);
  area->setWidgetResizable(true);
  area->setFrameShape(QFrame::NoFrame);
  return area;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      panels_{new ModelPanel(tr("Baseline"), this), new ModelPanel(tr("Text-guided"), this)},
      browser_(new ImageBrowser(this)),
      faultEditor_(new FaultEditor(this)),
      imageView_(new QLabel(this)),
      imageCaption_(new QLabel(this)) {
  WheelGuard::install();  // the wheel scrolls forms; it changes a field only once focused
  setWindowTitle(tr("FaultLens"));
  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);
  auto* imageRow = new QHBoxLayout;
  imageView_->setFixedSize(84, 84);  // the image list beside it has the large thumbnails
  imageView_->setAlignment(Qt::AlignCenter);
  imageView_->setFrameShape(QFrame::StyledPanel);
  imageCaption_->setWordWrap(true);
  imageRow->addWidget(imageView_);
  imageRow->addWidget(imageCaption_, 1);
  layout->addLayout(imageRow);
  auto* splitter = new QSplitter(Qt::Horizontal, central);
  splitter->addWidget(panels_[0]);
  splitter->addWidget(panels_[1]);
  layout->addWidget(splitter, 1);
  setCentralWidget(central);

  camView_ = new CamGridView(this);
  campaignPanel_ = new CampaignPanel(this);
  analysisPanel_ = new AnalysisPanel(this);
  // Adding a view is one line here (and its entry in the View menu follows by itself).
  imagesDock_ = addDock(tr("Images"), "imagesDock", browser_, Qt::LeftDockWidgetArea, false);
  faultDock_ = addDock(tr("Fault"), "faultDock", scrollable(faultEditor_), Qt::RightDockWidgetArea, false);
  camDock_ = addDock(tr("Ablation-CAM"), "camDock", camView_, Qt::RightDockWidgetArea, false);
  campaignDock_ = addDock(tr("Campaign"), "campaignDock", scrollable(campaignPanel_), Qt::RightDockWidgetArea, true);
  mapDock_ =
      addDock(tr("Layer output"), "layerOutputDock", faultEditor_->activationMap(), Qt::RightDockWidgetArea, true);
  // The comparison layout: the CAM grid beside the model panels and, under them, the
  // per-layer activations and the Top2Diff sweep, all in view at once. The side columns
  // keep the full height (the bottom area sits under the panels only).
  analysisDock_ = addDock(tr("Analyses"), "analysisDock", analysisPanel_, Qt::BottomDockWidgetArea, true);
  setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
  setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
  tabifyDockWidget(camDock_, mapDock_);
  tabifyDockWidget(camDock_, campaignDock_);
  camDock_->raise();
  connect(campaignPanel_, &CampaignPanel::problem, this, &MainWindow::showError);
  connect(campaignPanel_, &CampaignPanel::status, this, &MainWindow::showStatus);
  connect(analysisPanel_, &AnalysisPanel::problem, this, &MainWindow::showError);
  connect(analysisPanel_, &AnalysisPanel::status, this, &MainWindow::showStatus);
  connect(camView_, &CamGridView::exportRequested, this, &MainWindow::exportCamGrid);
  connect(camView_, &CamGridView::settingsChanged, this, &MainWindow::camSettingsChanged);
  connect(faultEditor_, &FaultEditor::applyRequested, this, &MainWindow::faultRequested);
  // Each new fault starts with its own status line; a model it does not fit replaces it.
  connect(faultEditor_, &FaultEditor::applyRequested, this,
          [this] { showStatus(tr("Fault applied to the selected image in both models")); });
  connect(faultEditor_, &FaultEditor::randomWeightFaultsRequested, this, &MainWindow::randomWeightFaultsRequested);
  connect(faultEditor_, &FaultEditor::numberFormatRequested, this, [this](const QString& name) {
    showStatus(tr("Loading both models again to compute in %1…").arg(name));
    Q_EMIT numberFormatRequested(name);
  });
  connect(faultEditor_, &FaultEditor::activationMapRequested, this, &MainWindow::activationMapRequested);
  connect(faultEditor_, &FaultEditor::clearRequested, this, [this] {
    clearFaultyPredictions();
    Q_EMIT faultCleared();
  });

  for (ModelSlot slot : {ModelSlot::Baseline, ModelSlot::Guided}) {
    connect(panel(slot), &ModelPanel::modelFileDropped, this,
            [this, slot](const QString& path) { Q_EMIT openModelRequested(slot, path); });
    // A row of either model's table aims the fault at that model's layer.
    connect(panel(slot), &ModelPanel::layerActivated, faultEditor_,
            [this, slot](const QString& layer) { faultEditor_->selectLayer(layer, slot); });
  }
  connect(browser_, &ImageBrowser::imageSelected, this, &MainWindow::imageSelected);
  rememberRequestedFiles();
  createMenus();
  showImage(-1, {}, tr("No image selected"));
  statusBar()->showMessage(tr("Ready"));
  resize(1280, 800);
  if (const QScreen* screen = this->screen()) {  // larger screens get a larger first window
    const QSize available = screen->availableGeometry().size();
    resize(std::max(available.width() * 19 / 20, 1024), std::max(available.height() * 19 / 20, 700));
  }
  defaultLayout_ = saveState(kLayoutVersion);  // View ▸ Restore default layout returns here
}

QDockWidget* MainWindow::addDock(const QString& title, const QString& objectName, QWidget* content,
                                 Qt::DockWidgetArea area, bool closable) {
  auto* dock = new QDockWidget(title, this);
  dock->setObjectName(objectName);  // saveState() keys the layout by it
  dock->setWidget(content);
  QDockWidget::DockWidgetFeatures features = QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable;
  if (closable) features |= QDockWidget::DockWidgetClosable;
  dock->setFeatures(features);
  addDockWidget(area, dock);
  docks_.push_back(dock);
  return dock;
}

void MainWindow::showCamGrid(const QImage& grid, const QString& caption, const QString& sidecar) {
  // The dock shows the figure the export writes (translated vector titles; the engine's
  // picture draws ASCII text only), at a size that reads well when scaled into the dock.
  if (camFigure_.panels.isEmpty()) {
    camView_->showGrid(grid, caption, sidecar);
    return;
  }
  FigureStyle dock;
  dock.widthInches = 4.2;
  dock.heightInches = 0.9 + 1.5 * std::max<qsizetype>(1, camFigure_.rowTitles.size());
  dock.fontPoints = 9.0;
  dock.dpi = 150;
  camView_->showGrid(camFigureImage(camFigure_, dock), caption, sidecar);
}

void MainWindow::showCamMessage(const QString& message) { camView_->showMessage(message); }

void MainWindow::showActivations(const QString& layer, const QVector<qint64>& shape, const QVector<float>& values,
                                 const QString& source) {
  faultEditor_->showActivations(layer, shape, values, source);
}

void MainWindow::exportCamGrid() {
  const QString path = QFileDialog::getSaveFileName(this, tr("Export Ablation-CAM grid"), QStringLiteral("cam.pdf"),
                                                    tr("PDF (*.pdf);;SVG (*.svg);;PNG (*.png)"));
  if (path.isEmpty()) return;
  // The figure in the style of every other export, with its caption beside it.
  if (const QString error = exportCamFigure(camFigure_, path, rememberedFigureStyle()); !error.isEmpty()) {
    showError(tr("Export failed"), error);
    return;
  }
  // The numbers behind the picture (class, y, guard flags, how far each faulty map moved)
  // beside it: cam.pdf → cam.json.
  const QFileInfo info(path);
  const QString sidecarPath = info.dir().filePath(info.completeBaseName() + QStringLiteral(".json"));
  QSaveFile sidecar(sidecarPath);
  if (!camView_->sidecar().isEmpty() &&
      (!sidecar.open(QIODevice::WriteOnly) || sidecar.write(camView_->sidecar().toUtf8()) < 0 || !sidecar.commit())) {
    showError(tr("Export failed"), tr("%1: cannot write the numbers (%2)").arg(sidecarPath, sidecar.errorString()));
    return;
  }
  showStatus(camView_->sidecar().isEmpty() ? tr("Saved %1").arg(path) : tr("Saved %1 and %2").arg(path, sidecarPath));
}

void MainWindow::showEvent(QShowEvent* event) {
  QMainWindow::showEvent(event);
  if (shownOnce_) return;
  shownOnce_ = true;
  // The layout the user left last time, if any; otherwise the default sizes below.
  const QSettings settings;
  if (settings.contains("window/state")) {
    restoreGeometry(settings.value("window/geometry").toByteArray());
    if (restoreState(settings.value("window/state").toByteArray(), kLayoutVersion)) return;
  }
  // Docks size only once shown: images narrow, the fault editor as wide and as tall as its
  // content (it sits in a scroll area, whose own hints are small), the views below it (CAM,
  // layer output, analyses, campaign) get the remaining height, the models the rest.
  const QSize editor = faultEditor_->sizeHint() + QSize(24, 24);  // + scroll bar, frame and title
  resizeDocks({imagesDock_, faultDock_}, {std::max(240, width() / 5), std::max(editor.width(), width() / 3)},
              Qt::Horizontal);
  // After the first layout pass: before it, the dock area has no height to share out.
  QTimer::singleShot(0, this, [this, editor] {
    resizeDocks({faultDock_, camDock_}, {editor.height(), height() - editor.height()}, Qt::Vertical);
    resizeDocks({analysisDock_}, {std::max(280, height() * 2 / 5)}, Qt::Vertical);
  });
}

bool MainWindow::showView(const QString& name) {
  const std::pair<const char*, QDockWidget*> docks[] = {{"images", imagesDock_},     {"fault", faultDock_},
                                                        {"cam", camDock_},           {"map", mapDock_},
                                                        {"analyses", analysisDock_}, {"campaign", campaignDock_}};
  for (const auto& [key, dock] : docks)
    if (name == QLatin1String(key)) {
      dock->show();
      dock->raise();
      return true;
    }
  return false;
}

void MainWindow::closeEvent(QCloseEvent* event) {
  QSettings settings;
  settings.setValue("window/geometry", saveGeometry());
  settings.setValue("window/state", saveState(kLayoutVersion));
  QMainWindow::closeEvent(event);
}

void MainWindow::fillRecentMenu() {
  recentMenu_->clear();
  for (const RecentFile& f : recent_.entries()) {
    static const char* const kinds[] = {QT_TR_NOOP("Baseline"), QT_TR_NOOP("Text-guided"), QT_TR_NOOP("Data"),
                                        QT_TR_NOOP("Project")};
    QAction* action = recentMenu_->addAction(tr("%1: %2").arg(tr(kinds[static_cast<int>(f.kind)]), f.path));
    connect(action, &QAction::triggered, this, [this, f] {
      switch (f.kind) {
        case RecentFile::Kind::Baseline: Q_EMIT openModelRequested(ModelSlot::Baseline, f.path); break;
        case RecentFile::Kind::Guided: Q_EMIT openModelRequested(ModelSlot::Guided, f.path); break;
        case RecentFile::Kind::Data: Q_EMIT openDataRequested(f.path); break;
        case RecentFile::Kind::Project: Q_EMIT openProjectRequested(f.path); break;
      }
    });
  }
  if (recent_.entries().isEmpty()) recentMenu_->addAction(tr("(none yet)"))->setEnabled(false);
  recentMenu_->addSeparator();
  recentMenu_->addAction(tr("Clear list"), this, [this] { recent_.clear(); });
}

void MainWindow::setComputeDevices(const QStringList& devices, const QString& current) {
  deviceMenu_->clear();
  auto* group = new QActionGroup(deviceMenu_);
  for (const QString& device : devices) {
    QAction* action = deviceMenu_->addAction(computeDeviceName(device));
    action->setData(device);
    action->setCheckable(true);
    action->setChecked(device == current);
    action->setToolTip(
        device == QLatin1String("cpu")
            ? tr("Run both models, campaigns, analyses and reports on the CPU")
            : tr("Run both models, campaigns, analyses and reports on %1 (%2)").arg(computeDeviceName(device), device));
    group->addAction(action);
    connect(action, &QAction::triggered, this, [this, device] { Q_EMIT computeDeviceRequested(device); });
  }
  deviceMenu_->setEnabled(!devices.isEmpty());
}

void MainWindow::showComputeDevice(const QString& device) {
  for (QAction* action : deviceMenu_->actions()) action->setChecked(action->data().toString() == device);
}

ModelPanel* MainWindow::panel(ModelSlot slot) const { return panels_[static_cast<int>(slot)]; }

void MainWindow::addMenuEntries(QMenu* menu, const std::vector<MenuEntry>& entries) {
  for (const MenuEntry& entry : entries) {
    if (entry.text.isEmpty()) {
      menu->addSeparator();
      continue;
    }
    QAction* action = menu->addAction(entry.text, this, entry.run);
    action->setShortcut(entry.shortcut);
    if (!entry.toolTip.isEmpty()) action->setToolTip(entry.toolTip);
    if (entry.objectName) action->setObjectName(QString::fromLatin1(entry.objectName));
  }
}

void MainWindow::createMenus() {
  // The menus as tables: a new action is one row (its shortcut then appears in Help ▸
  // Keyboard shortcuts by itself).
  QMenu* file = menuBar()->addMenu(tr("&File"));
  addMenuEntries(
      file, {{tr("&Open project…"), [this] { chooseProjectToOpen(); }, QKeySequence::Open,
              tr("Models, data set, image, faults and view settings saved earlier")},
             {tr("&Save project…"), [this] { chooseProjectToSave(); }, QKeySequence::Save},
             {},
             {tr("Open &baseline model…"), [this] { chooseModel(ModelSlot::Baseline); }, QKeySequence(tr("Ctrl+B")),
              tr("Load a TorchScript classifier as the baseline")},
             {tr("Open &text-guided model…"), [this] { chooseModel(ModelSlot::Guided); }, QKeySequence(tr("Ctrl+G"))},
             {},
             {tr("Open image &folder…"), [this] { chooseDataFolder(); }, QKeySequence(tr("Ctrl+D"))},
             {tr("Open IDX / CIFAR &file…"), [this] { chooseDataFile(); }},
             {tr("Open Fashion-&MNIST test set"), [this] { Q_EMIT openDataRequested("fashion-mnist"); }}});
  deviceMenu_ = file->addMenu(tr("Compute &device"));
  deviceMenu_->setObjectName("computeDeviceMenu");
  deviceMenu_->setToolTipsVisible(true);
  recentMenu_ = file->addMenu(tr("Open &recent"));
  recentMenu_->setObjectName("recentMenu");
  connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
  fillRecentMenu();
  addMenuEntries(file, {{},
                        {tr("&Load fault list…"), [this] { chooseFaultListToLoad(); }},
                        {tr("Save fault &list…"), [this] { chooseFaultListToSave(); }},
                        {},
                        {tr("Export all &figures…"), [this] { chooseReportExport(); }, QKeySequence(tr("Ctrl+Shift+E")),
                         tr("The paper's figures, Table 1 and a manifest, as faultlens-cli report writes them")},
                        {},
                        {tr("&Quit"), [this] { close(); }, QKeySequence::Quit}});

  QMenu* view = menuBar()->addMenu(tr("&View"));
  for (QDockWidget* dock : docks_) view->addAction(dock->toggleViewAction());
  addMenuEntries(view, {{},
                        {tr("&Restore default layout"),
                         [this] { restoreState(defaultLayout_, kLayoutVersion); },
                         {},
                         {},
                         "restoreLayout"},
                        {},
                        {tr("Go to &analyses"), [this] { showView("analyses"); }, QKeySequence(tr("Ctrl+J"))},
                        {tr("Go to &campaign"), [this] { showView("campaign"); }, QKeySequence(tr("Ctrl+K"))}});

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  addMenuEntries(help, {{tr("&Keyboard shortcuts"), [this] { showShortcuts(); }},
                        {tr("&About FaultLens"), [this] { showAbout(); }}});
}

void MainWindow::rememberRequestedFiles() {
  // Models and data enter the recent list once they have opened; projects when asked for.
  connect(this, &MainWindow::openDataRequested, this, [this](const QString& spec) { requestedData_ = spec; });
  connect(this, &MainWindow::openProjectRequested, this,
          [this](const QString& path) { recent_.add(RecentFile::Kind::Project, path); });
  connect(this, &MainWindow::saveProjectRequested, this,
          [this](const QString& path) { recent_.add(RecentFile::Kind::Project, path); });
}

void MainWindow::chooseProjectToOpen() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open FaultLens project"), {},
                                                    tr("FaultLens projects (*.faultlens.json *.json)"));
  if (!path.isEmpty()) Q_EMIT openProjectRequested(path);
}

void MainWindow::chooseProjectToSave() {
  const QString path = QFileDialog::getSaveFileName(this, tr("Save FaultLens project"),
                                                    QStringLiteral("study.faultlens.json"),
                                                    tr("FaultLens projects (*.faultlens.json)"));
  if (!path.isEmpty()) Q_EMIT saveProjectRequested(path);
}

void MainWindow::chooseFaultListToLoad() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Load fault list"), {}, tr("Fault lists (*.json)"));
  if (!path.isEmpty()) Q_EMIT loadFaultListRequested(path);
}

void MainWindow::chooseFaultListToSave() {
  const QString path = QFileDialog::getSaveFileName(this, tr("Save fault list"), QStringLiteral("faults.json"),
                                                    tr("Fault lists (*.json)"));
  if (!path.isEmpty()) Q_EMIT saveFaultListRequested(path);
}

QString MainWindow::shortcutList() const {
  // Read from the menus themselves, so the list cannot drift from the real shortcuts.
  QStringList lines;
  for (QAction* menu : menuBar()->actions())
    for (QAction* action : menu->menu() ? menu->menu()->actions() : QList<QAction*>{})
      if (!action->shortcut().isEmpty())
        lines << tr("%1\t%2").arg(action->shortcut().toString(QKeySequence::NativeText),
                                  action->text().remove(QLatin1Char('&')));
  return lines.join(QLatin1Char('\n'));
}

void MainWindow::showShortcuts() {
  auto* box =
      new QMessageBox(QMessageBox::Information, tr("Keyboard shortcuts"), shortcutList(), QMessageBox::Ok, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setObjectName("shortcutsBox");
  box->open();
}

void MainWindow::chooseModel(ModelSlot slot) {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open TorchScript model"), {},
                                                    tr("TorchScript models (*.pt *.pth *.ts *.zip);;All files (*)"));
  if (!path.isEmpty()) Q_EMIT openModelRequested(slot, path);
}

void MainWindow::chooseDataFolder() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Open image folder (one sub-folder per class)"));
  if (!dir.isEmpty()) Q_EMIT openDataRequested(dir);
}

void MainWindow::chooseDataFile() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open data set file"), {},
                                                    tr("IDX or CIFAR files (*idx3-ubyte* *.bin);;All files (*)"));
  if (!path.isEmpty()) Q_EMIT openDataRequested(path);
}

void MainWindow::showAbout() {
  QMessageBox::about(this, tr("About FaultLens"),
                     tr("<h3>FaultLens %1</h3><p>A workbench for hardware-fault analysis of image classifiers: "
                        "bit flips in activations and weights, compared between a baseline and a text-guided "
                        "model.</p><p>%2</p>")
                         .arg(QApplication::applicationVersion(), versionInfo_.toHtmlEscaped()));
}

void MainWindow::showModel(ModelSlot slot, const ModelSummary& summary) {
  panel(slot)->setModel(summary);
  recent_.add(slot == ModelSlot::Baseline ? RecentFile::Kind::Baseline : RecentFile::Kind::Guided, summary.path);
  // The fault editor offers both models' layers (the baseline's first); campaigns and CAMs
  // name the baseline's, which the text-guided model's correspond to.
  faultEditor_->setLayers(panel(ModelSlot::Baseline)->layers(), panel(ModelSlot::Guided)->layers());
  if (slot == ModelSlot::Baseline || !panel(ModelSlot::Baseline)->hasModel()) {
    campaignPanel_->setLayers(summary.layers);
    camView_->setTargets(summary.camTargets, summary.defaultCamTarget);
  }
  // The grid shows both models: until it is recomputed it would pair the old model's maps
  // with the new model's panel.
  camView_->showMessage(tr("The model changed: the Ablation-CAMs of the selected image follow."));
  // Analyses and the browser's filters were computed with the old model.
  analysisPanel_->invalidate(tr("The %1 model changed: Compute again to fill this plot.").arg(summary.role));
  browser_->setEvaluation(static_cast<int>(slot), {});
  showStatus(tr("Loaded %1 model %2").arg(summary.role, summary.path));
}

void MainWindow::showModelMissing(ModelSlot slot, const QString& message) { panel(slot)->setEmpty(message); }

void MainWindow::showModelClosed(ModelSlot slot, const QString& reason) {
  panel(slot)->setEmpty(reason);
  panel(slot)->clearFaulty();
  faultEditor_->setLayers(panel(ModelSlot::Baseline)->layers(), panel(ModelSlot::Guided)->layers());
  showStatus(reason);
}

void MainWindow::showModelFailed(ModelSlot slot, const QString& message) {
  if (!panel(slot)->restoreModel()) panel(slot)->setEmpty(tr("Loading failed: %1").arg(message));
  showError(tr("Cannot load model"), message);
}

void MainWindow::askInputSpec(ModelSlot slot, const QString& path, const InputSpec& proposal) {
  auto* dialog = new InputSpecDialog(path, proposal, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QDialog::accepted, this,
          [this, dialog, slot, path] { Q_EMIT inputSpecChosen(slot, path, dialog->spec(), dialog->saveSidecar()); });
  connect(dialog, &QDialog::rejected, this, [this, slot, path] {
    if (!panel(slot)->restoreModel()) panel(slot)->setEmpty(tr("Not opened: %1 needs its input size").arg(path));
  });
  dialog->open();
}

void MainWindow::showModelLoading(ModelSlot slot, const QString& path) {
  panel(slot)->setBusy(tr("Loading %1 …").arg(path));
}

void MainWindow::showDataSet(std::shared_ptr<const ImageSource> source) {
  const QString description = source ? source->description() : QString();
  browser_->setSource(std::move(source));
  // Everything computed on the old data set goes: no image is selected in the new one yet.
  for (ModelSlot slot : {ModelSlot::Baseline, ModelSlot::Guided}) {
    panel(slot)->setAccuracy({});
    if (panel(slot)->hasModel()) panel(slot)->predictionView()->clear(tr("Select an image"));
    panel(slot)->clearFaulty();
  }
  showImage(-1, {}, tr("No image selected"));
  camView_->showMessage(tr("Ablation-CAM maps appear here once an image is selected."));
  analysisPanel_->invalidate(tr("The data set changed: Compute again to fill this plot."));
  analysisPanel_->clearImageProfiles();
  showStatus(tr("Data set: %1").arg(description));
  if (!requestedData_.isEmpty()) recent_.add(RecentFile::Kind::Data, std::exchange(requestedData_, QString()));
}

void MainWindow::showImage(int index, const QImage& image, const QString& caption) {
  shownImage_ = index;
  imageView_->setPixmap(image.isNull() ? QPixmap()
                                       : QPixmap::fromImage(image.scaled(imageView_->size(), Qt::KeepAspectRatio,
                                                                         Qt::FastTransformation)));
  imageCaption_->setText(index < 0 ? caption : tr("<b>Image %1</b><br>%2").arg(index).arg(caption.toHtmlEscaped()));
}

void MainWindow::showPrediction(ModelSlot slot, const PredictionData& prediction) {
  panel(slot)->predictionView()->setPrediction(prediction);
}

void MainWindow::showFaultyPrediction(ModelSlot slot, const FaultyPredictionData& result) {
  panel(slot)->showFaulty(result);
  // The two models compute different values at the site: the editor shows those of the
  // model the fault is aimed at (the other, when that one is not loaded).
  const ModelSlot target = faultEditor_->targetModel();
  if (result.activationFault && (slot == target || !panel(target)->hasModel()) &&
      QString::fromStdString(faultEditor_->numberFormat().name()) == result.numberFormat) {
    // Kept by the editor and shown while it holds this fault (an edit shows the new site).
    faultEditor_->showAppliedResult(
        result.beforeCode, result.afterCode, result.before, result.after,
        tr("%1 model at %2: %3 → %4")
            .arg(panel(slot)->title(), result.faultSite, formatValue(result.before, 7), formatValue(result.after, 7)));
  }
}

void MainWindow::showNumberFormat(const NumberFormat& format, const QString& description) {
  faultEditor_->setNumberFormat(format, description);
  showStatus(tr("Both models compute in %1").arg(description));
}

void MainWindow::showNumberFormatFailed(const QString& message) {
  faultEditor_->revertFormatChoice();
  showError(tr("Number format not changed"), message);
}

void MainWindow::showFaultProblem(ModelSlot slot, const QString& message) {
  panel(slot)->clearFaulty(tr("Fault not applied: %1").arg(message));
  showStatus(tr("Fault not applied to the %1 model: %2").arg(panel(slot)->title(), message));
}

void MainWindow::clearFaultyPredictions() {
  for (ModelSlot slot : {ModelSlot::Baseline, ModelSlot::Guided}) panel(slot)->clearFaulty();
}

void MainWindow::chooseReportExport() {
  if (reportProgress_) {
    showError(tr("Export all figures"), tr("An export is already running."));
    return;
  }
  ReportRequest request = lastReport_;
  // The figure style last chosen here or in a plot's export, so every figure matches.
  request.figure = rememberedFigureStyle();
  if (request.directory.isEmpty())
    request.directory = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + "/faultlens-figures";
  // The campaign dock's campaign, when it has one on disk, is what the user wants reported.
  const QString campaign = campaignPanel_->request().directory;
  if (!campaign.isEmpty() && QFileInfo::exists(campaign + "/campaign.json")) request.campaignDirectory = campaign;
  if (request.camImages.isEmpty())
    request.camImages = shownImage_ >= 0 ? QVector<int>{shownImage_} : QVector<int>{0, 1, 2, 3};
  ReportExportDialog dialog(this);
  dialog.setRequest(request);
  if (dialog.exec() != QDialog::Accepted) return;
  lastReport_ = dialog.request();
  rememberFigureStyle(lastReport_.figure);
  Q_EMIT exportAllFiguresRequested(lastReport_);
}

void MainWindow::showReportProgress(const QString& stage, double fraction) {
  if (!reportProgress_) {
    reportProgress_ = new QProgressDialog(this);
    reportProgress_->setObjectName("reportProgress");
    reportProgress_->setWindowTitle(tr("Export all figures"));
    reportProgress_->setWindowModality(Qt::NonModal);
    reportProgress_->setRange(0, 1000);
    reportProgress_->setMinimumDuration(0);
    reportProgress_->setAutoClose(false);
    reportProgress_->setAutoReset(false);
    connect(reportProgress_, &QProgressDialog::canceled, this, [this] {
      showStatus(tr("Cancelling the export after the current batch…"));
      Q_EMIT reportCancelRequested();
    });
  }
  if (reportProgress_->wasCanceled()) return;  // hidden by Cancel; closed when the job stops
  reportProgress_->setLabelText(stage);
  reportProgress_->setValue(static_cast<int>(1000 * std::clamp(fraction, 0.0, 1.0)));
  reportProgress_->show();
}

void MainWindow::showReportFinished(bool, const QString& message) {
  if (reportProgress_) {
    reportProgress_->deleteLater();
    reportProgress_ = nullptr;
  }
  showStatus(message);
}

void MainWindow::showStatus(const QString& message) { statusBar()->showMessage(message); }

QString MainWindow::statusText() const { return statusBar()->currentMessage(); }

void MainWindow::showError(const QString& title, const QString& message) {
  showStatus(title + ": " + message);
  Q_EMIT errorShown(title, message);
  const auto openBox = [this, title, message] {
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName("errorBox");
    box->open();
  };
  // A dialog the user is answering (the input-size question) keeps its place: the box
  // waits until it is closed instead of covering it.
  for (QDialog* dialog : findChildren<QDialog*>())
    if (dialog->isVisible() && dialog->windowModality() != Qt::NonModal && !qobject_cast<QMessageBox*>(dialog)) {
      connect(dialog, &QDialog::finished, this, openBox, Qt::SingleShotConnection);
      return;
    }
  openBox();
}

}  // namespace faultlens::widgets
