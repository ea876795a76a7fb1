#pragma once
// Exports a plot as PNG (chosen DPI), SVG or PDF (vector), chosen by the file suffix.
// Writes go to a temporary file in the target directory that is renamed over the target
// only when complete, so a failure never leaves a half-written figure.
#include <QString>

class QCustomPlot;
class QWidget;

namespace faultlens::widgets {

class AnalysisPlot;

struct PlotExportOptions {
  int widthPx = 640;  ///< logical size (1 px = 1/96 inch): 640×400 ≈ 17×10.6 cm
  int heightPx = 400;
  int dpi = 300;  ///< PNG only
};

/// Returns an empty string on success, else a message naming the file and the problem.
QString exportPlot(QCustomPlot& plot, const QString& path, const PlotExportOptions& options = {});

/// Writes text (CSV/JSON) atomically; same error convention.
QString writeTextAtomically(const QString& path, const QString& text);

/// The export buttons of the plot views: a `.csv` path gets the data behind the plot,
/// any other the figure. Same error convention.
QString exportPlotOrData(AnalysisPlot& plot, const QString& path, const PlotExportOptions& options = {});
/// Asks for a file to export a plot (`data`: CSV) to, starting at `stem`; empty if cancelled.
QString askPlotExportPath(QWidget* parent, const QString& stem, bool data);

}  // namespace faultlens::widgets
