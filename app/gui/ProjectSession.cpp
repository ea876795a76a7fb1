#include "app/gui/ProjectSession.h"

#include <memory>

#include <QFileInfo>

#include <utility>

#include "app/gui/Workbench.h"
#include "core/Error.h"
#include "core/io/ProjectFile.h"
#include "widgets/CamGridView.h"
#include "widgets/FaultEditor.h"
#include "widgets/ImageBrowser.h"
#include "widgets/MainWindow.h"

namespace faultlens::app {
using widgets::MainWindow;
using widgets::ModelSlot;

ProjectSession::ProjectSession(MainWindow& window, Workbench& workbench, QObject* parent)
    : QObject(parent), window_(window), workbench_(workbench) {
  connect(&window, &MainWindow::openProjectRequested, this, &ProjectSession::openProject);
  connect(&window, &MainWindow::saveProjectRequested, this, &ProjectSession::saveProject);
  connect(&window, &MainWindow::loadFaultListRequested, this, &ProjectSession::loadFaultList);
  connect(&window, &MainWindow::saveFaultListRequested, this, &ProjectSession::saveFaultList);
  // The project's data set did not open: its int8 format must not apply to the next one.
  connect(&workbench, &Workbench::dataFailed, this, [this] { pendingFormat_.clear(); });
  connect(&workbench, &Workbench::dataOpened, this, [this] {
    if (!pendingFormat_.isEmpty()) workbench_.setNumberFormat(std::exchange(pendingFormat_, QString()));
    if (pendingImage_ < 0) return;
    if (!window_.imageBrowser()->selectImage(pendingImage_))
      window_.showError(tr("Image not in the data set"),
                        tr("The project shows image %1, but the data set has %2 images (0 to %3). "
                           "Choose an image in the list.")
                            .arg(pendingImage_)
                            .arg(window_.imageBrowser()->imageCount())
                            .arg(window_.imageBrowser()->imageCount() - 1));
    pendingImage_ = -1;
  });
}

std::vector<FaultListEntry> ProjectSession::currentFaults() const {
  std::vector<FaultListEntry> faults;
  FaultListEntry entry;
  if (workbench_.fault()) {
    entry.site = workbench_.fault()->first;
    entry.model = workbench_.fault()->second;
    faults.push_back(entry);
  } else if (workbench_.weightFaults().empty()) {
    // Nothing applied: the fault composed in the editor is what the user means to keep.
    const auto* editor = window_.faultEditor();
    entry.site = editor->spec();
    entry.model = editor->errorModel();
    if (!entry.site.layerName.empty()) faults.push_back(entry);
  }
  // Random weight faults are stored as their explicit sites: the list repeats them exactly.
  const auto& weights = workbench_.weightFaults();
  faults.insert(faults.end(), weights.begin(), weights.end());
  return faults;
}

ModelSlot ProjectSession::currentFaultTarget() const {
  return workbench_.fault() ? workbench_.faultTarget() : window_.faultEditor()->targetModel();
}

ProjectModel ProjectSession::currentFaultLayersOf() const {
  // A text-guided layer without a baseline partner (its projection "fc", say) may share its
  // name with a baseline layer: projects and fault lists say whose layer the fault names.
  return currentFaultTarget() == ModelSlot::Guided ? ProjectModel::Guided : ProjectModel::Baseline;
}

bool ProjectSession::saveProject(const QString& path) {
  Project project;
  project.baselinePath = workbench_.modelPath(ModelSlot::Baseline).toStdString();
  project.guidedPath = workbench_.modelPath(ModelSlot::Guided).toStdString();
  project.dataSpec = workbench_.dataSpec().toStdString();
  project.image = std::max(0, workbench_.currentImage());
  project.faults = currentFaults();
  project.faultLayersOf = currentFaultLayersOf();
  project.cam = workbench_.camSettings();
  project.numberFormat = workbench_.numberFormat();
  try {
    writeProject(QFileInfo(path).absoluteFilePath().toStdString(), project);
  } catch (const Error& e) {
    window_.showError(tr("Cannot save project"), QString::fromStdString(e.what()));
    return false;
  }
  window_.showStatus(tr("Saved project %1").arg(path));
  return true;
}

bool ProjectSession::openProject(const QString& path) {
  Project project;
  try {
    project = readProject(QFileInfo(path).absoluteFilePath().toStdString());
  } catch (const Error& e) {
    window_.showError(tr("Cannot open project"), QString::fromStdString(e.what()));
    return false;
  }
  workbench_.setCamSettings(project.cam);
  window_.camView()->setSettings(project.cam);
  // Asked for before the models load, so they load once in it; int8 profiles its scales on
  // the project's data set, so it waits for that.
  const QString format = QString::fromStdString(project.numberFormat.name());
  if (project.numberFormat.needsScale() && !project.dataSpec.empty()) pendingFormat_ = format;
  else if (project.numberFormat != workbench_.numberFormat()) workbench_.setNumberFormat(format);
  if (!project.baselinePath.empty())
    workbench_.loadModel(ModelSlot::Baseline, QString::fromStdString(project.baselinePath));
  if (!project.guidedPath.empty()) workbench_.loadModel(ModelSlot::Guided, QString::fromStdString(project.guidedPath));
  if (project.faults.empty()) {
    workbench_.clearFault();
    window_.clearFaultyPredictions();
  } else {
    applyFaults(project.faults, path,
                project.faultLayersOf == ProjectModel::Guided ? ModelSlot::Guided : ModelSlot::Baseline);
  }
  if (!project.dataSpec.empty()) {
    pendingImage_ = project.image;
    workbench_.openData(QString::fromStdString(project.dataSpec));
  }
  window_.showStatus(tr("Opened project %1").arg(path));
  return true;
}

bool ProjectSession::saveFaultList(const QString& path) {
  const auto faults = currentFaults();
  if (faults.empty()) {
    window_.showError(tr("Nothing to save"), tr("No fault is applied or composed in the Fault dock."));
    return false;
  }
  try {
    writeFaultList(path.toStdString(), faults, currentFaultLayersOf());
  } catch (const Error& e) {
    window_.showError(tr("Cannot save fault list"), QString::fromStdString(e.what()));
    return false;
  }
  window_.showStatus(tr("Saved fault list %1").arg(path));
  return true;
}

bool ProjectSession::loadFaultList(const QString& path) {
  try {
    const FaultListFile list = readFaultListFile(path.toStdString());
    applyFaults(list.faults, path, list.layersOf == ProjectModel::Guided ? ModelSlot::Guided : ModelSlot::Baseline);
  } catch (const Error& e) {
    window_.showError(tr("Cannot load fault list"), QString::fromStdString(e.what()));
    return false;
  }
  return true;
}

void ProjectSession::applyFaults(const std::vector<FaultListEntry>& faults, const QString& source, ModelSlot target) {
  // Every weight fault is applied; of the activation faults the workbench injects one at a
  // time (campaigns take whole lists): the first, and the status bar says what was left out.
  if (faults.empty()) {
    window_.showError(tr("No faults"), tr("%1: the list is empty").arg(source));
    return;
  }
  std::vector<FaultListEntry> weights;
  std::vector<FaultListEntry> activations;
  for (const auto& f : faults) (f.target == FaultTarget::Weight ? weights : activations).push_back(f);
  workbench_.clearFault();
  window_.clearFaultyPredictions();
  if (!weights.empty()) workbench_.setWeightFaults(weights);
  QStringList applied;
  if (!weights.empty())
    applied << (weights.size() == 1 ? tr("1 weight fault") : tr("%1 weight faults").arg(weights.size()));
  if (!activations.empty()) {
    const FaultSpec spec = activations.front().site;
    const ErrorModel model = activations.front().model;
    workbench_.setFault(spec, model, target);
    applied << QString::fromStdString(formatFaultSpec(spec));
    auto* editor = window_.faultEditor();
    const auto showInEditor = [editor, spec, model, target] { return editor->showFault(spec, model, target); };
    // The editor offers a layer only once the model with it has loaded: tried again after
    // each model that loads (the fault may name the second one's layer) until it is shown,
    // or until another fault replaced this one (the editor must not show a stale one).
    if (!showInEditor()) {
      auto connection = std::make_shared<QMetaObject::Connection>();
      const Workbench* workbench = &workbench_;
      *connection = connect(&workbench_, &Workbench::modelLoaded, editor, [=] {
        const bool current = workbench->fault() && workbench->faultTarget() == target &&
                             formatFaultSpec(workbench->fault()->first) == formatFaultSpec(spec);
        if (!current || showInEditor()) QObject::disconnect(*connection);
      });
    }
  }
  if (activations.size() > 1)
    window_.showStatus(tr("%1: applied %2; the workbench injects one activation fault at a time, %3 more ignored")
                           .arg(source, applied.join(tr(" and ")))
                           .arg(activations.size() - 1));
  else window_.showStatus(tr("Applied %1 from %2").arg(applied.join(tr(" and ")), source));
}

}  // namespace faultlens::app
