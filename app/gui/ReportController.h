#pragma once
// File ▸ Export all figures: runs the paper's report (app/report/PaperReport) for the
// workbench's models and data set with its own model copies. The engine work runs on a
// worker thread with progress and cancel; the figures are then drawn on the GUI thread
// (QCustomPlot widgets live there), about a second.
#include <QString>

#include <string>

#include "app/gui/EngineJob.h"
#include "core/formats/NumberFormat.h"
#include "core/io/ProjectFile.h"
#include "widgets/ReportExportDialog.h"

namespace faultlens::app {

struct ReportJob {
  QString baseline, guided;  ///< model files
  QString data;              ///< data-set spec
  widgets::ReportRequest request;
  ProjectCamSettings cam;  ///< the CAM dock's layer, colour map, scale, opacity, colour bar
  NumberFormat format;     ///< the workbench's: the report computes in it
  /// int8: the scales the workbench's baseline and text-guided models compute with (each
  /// empty when not known: the report profiles them as the workbench does).
  ScalesPerModel formatScales;
  std::string device = "cpu";  ///< the workbench's: the report's models run there
};

class ReportController : public EngineJob {
  Q_OBJECT
 public:
  explicit ReportController(QObject* parent = nullptr);
  ~ReportController() override;

  void start(const ReportJob& job);

 Q_SIGNALS:
  void progress(const QString& stage, double fraction);
  /// complete: every file is written; the message says where (or why not).
  void finished(bool complete, const QString& message);
  void failed(const QString& message);

 private:
  void run(ReportJob job);
};

}  // namespace faultlens::app
