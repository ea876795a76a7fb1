#pragma once
// Exports a plot as PNG (chosen DPI), SVG or PDF (vector), chosen by the file suffix.
// Writes go to a temporary file in the target directory that is renamed over the target
// only when complete, so a failure never leaves a half-written figure.
#include <QString>

class QCustomPlot;

namespace faultlens::widgets {

struct PlotExportOptions {
  int widthPx = 640;   ///< logical size (1 px = 1/96 inch): 640×400 ≈ 17×10.6 cm
  int heightPx = 400;
  int dpi = 300;       ///< PNG only
};

/// Returns an empty string on success, else a message naming the file and the problem.
QString exportPlot(QCustomPlot& plot, const QString& path, const PlotExportOptions& options = {});

/// Writes text (CSV/JSON) atomically; same error convention.
QString writeTextAtomically(const QString& path, const QString& text);

}  // namespace faultlens::widgets
