#include "app/gui/ProjectSession.h"

#include <QFileInfo>

#include "app/gui/Workbench.h"
#include "core/Error.h"
#include "core/ProjectFile.h"
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
  connect(&workbench, &Workbench::dataOpened, this, [this] {
    if (pendingImage_ < 0) return;
    window_.imageBrowser()->selectImage(pendingImage_);
    pendingImage_ = -1;
  });
}

std::vector<FaultListEntry> ProjectSession::currentFaults() const {
  FaultListEntry entry;
  if (workbench_.fault()) {
    entry.site = workbench_.fault()->first;
    entry.model = workbench_.fault()->second;
  } else {
    const auto* editor = window_.faultEditor();
    entry.site = editor->spec();
    if (entry.site.layerName.empty()) return {};
    entry.model = editor->errorModel();
  }
  return {entry};
}

bool ProjectSession::saveProject(const QString& path) {
  Project project;
  project.baselinePath = workbench_.modelPath(ModelSlot::Baseline).toStdString();
  project.guidedPath = workbench_.modelPath(ModelSlot::Guided).toStdString();
  project.dataSpec = workbench_.dataSpec().toStdString();
  project.image = std::max(0, workbench_.currentImage());
  project.faults = currentFaults();
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
  if (!project.baselinePath.empty()) workbench_.loadModel(ModelSlot::Baseline, QString::fromStdString(project.baselinePath));
  if (!project.guidedPath.empty()) workbench_.loadModel(ModelSlot::Guided, QString::fromStdString(project.guidedPath));
  if (project.faults.empty()) {
    workbench_.clearFault();
    window_.clearFaultyPredictions();
  } else {
    applyFaults(project.faults, path);
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
    writeFaultList(path.toStdString(), faults);
  } catch (const Error& e) {
    window_.showError(tr("Cannot save fault list"), QString::fromStdString(e.what()));
    return false;
  }
  window_.showStatus(tr("Saved fault list %1").arg(path));
  return true;
}

bool ProjectSession::loadFaultList(const QString& path) {
  try {
    applyFaults(readFaultList(path.toStdString()), path);
  } catch (const Error& e) {
    window_.showError(tr("Cannot load fault list"), QString::fromStdString(e.what()));
    return false;
  }
  return true;
}

void ProjectSession::applyFaults(const std::vector<FaultListEntry>& faults, const QString& source) {
  // The workbench injects one activation fault at a time (campaigns take whole lists):
  // apply the first one and say plainly what was left out.
  const auto first = std::find_if(faults.begin(), faults.end(),
                                  [](const FaultListEntry& f) { return f.target == FaultTarget::Activation; });
  if (first == faults.end()) {
    window_.showError(tr("No activation fault"),
                      tr("%1: the workbench applies activation faults; this list has none").arg(source));
    return;
  }
  const FaultSpec spec = first->site;
  workbench_.setFault(spec, first->model);
  auto* editor = window_.faultEditor();
  const auto showInEditor = [editor, spec, model = first->model] {
    if (!editor->selectLayer(QString::fromStdString(spec.layerName))) return false;
    editor->setCoordinates(spec.coords);
    editor->setBit(spec.bit);
    editor->setErrorModel(model);
    return true;
  };
  // The editor offers a layer only once a model with it has loaded.
  if (!showInEditor()) connect(&workbench_, &Workbench::modelLoaded, editor, showInEditor, Qt::SingleShotConnection);
  if (faults.size() > 1)
    window_.showStatus(tr("%1: applied %2; the workbench injects one fault at a time, %3 more ignored")
                           .arg(source, QString::fromStdString(formatFaultSpec(spec)))
                           .arg(faults.size() - 1));
  else
    window_.showStatus(tr("Applied %1 from %2").arg(QString::fromStdString(formatFaultSpec(spec)), source));
}

}  // namespace faultlens::app
