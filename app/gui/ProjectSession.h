#pragma once
// Project files and fault lists for the workbench (core/io/ProjectFile.h, core/faults/FaultList.h):
// saves what is open now — both models, the data set, the image, the applied fault — and
// brings a saved project back, selecting its image once the data set is open. Errors go
// to the window as non-modal messages naming the file.
#include <QObject>
#include <QString>

#include <vector>

#include "core/faults/FaultList.h"
#include "widgets/ViewData.h"

namespace faultlens::widgets {
class MainWindow;
}

namespace faultlens::app {

class Workbench;

class ProjectSession : public QObject {
  Q_OBJECT
 public:
  ProjectSession(widgets::MainWindow& window, Workbench& workbench, QObject* parent = nullptr);

  /// Each returns false (after telling the user why) when the file cannot be read or written.
  bool saveProject(const QString& path);
  bool openProject(const QString& path);
  bool saveFaultList(const QString& path);
  bool loadFaultList(const QString& path);

 private:
  /// The applied fault, else the one composed in the fault editor.
  std::vector<FaultListEntry> currentFaults() const;
  /// The model whose layer names currentFaults()'s activation fault uses.
  widgets::ModelSlot currentFaultTarget() const;
  /// Whose layers the faults of currentFaults() name, as projects and fault lists record it.
  ProjectModel currentFaultLayersOf() const;
  /// `target`: the model whose layer names the activation faults use.
  void applyFaults(const std::vector<FaultListEntry>& faults, const QString& source,
                   widgets::ModelSlot target = widgets::ModelSlot::Baseline);

  widgets::MainWindow& window_;
  Workbench& workbench_;
  int pendingImage_ = -1;  // selected when the project's data set has opened
  QString pendingFormat_;  // int8: asked for when the project's data set has opened (its scales)
};

}  // namespace faultlens::app
