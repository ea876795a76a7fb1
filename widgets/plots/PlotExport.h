#pragma once
// Exports a plot as PDF or SVG (vector) or PNG, chosen by the file suffix, drawn at the
// printed size and in the type of a FigureStyle, with a caption file beside it. Writes go
// to a temporary file in the target directory that is renamed over the target only when
// complete, so a failure never leaves a half-written figure.
#include <QString>

#include "widgets/plots/FigureStyle.h"

class QWidget;

namespace faultlens::widgets {

class AnalysisPlot;

/// Writes `plot` to `path` (.pdf, .svg or .png) in `style`. Returns an empty string on
/// success, else a message naming the file and the problem.
QString exportPlot(AnalysisPlot& plot, const QString& path, const FigureStyle& style = {});

/// The caption file of a figure: "cam.pdf" → "cam.caption.txt".
QString captionPathFor(const QString& figurePath);

/// Writes text (CSV/JSON) or bytes atomically; same error convention.
QString writeTextAtomically(const QString& path, const QString& text);
QString writeBytesAtomically(const QString& path, const QByteArray& bytes);

/// An SVG whose every font-family names a CSS generic family after Qt's face ("'DejaVu
/// Sans', sans-serif"), so other tools never substitute a serif face.
QString svgWithGenericFontFamily(const QString& svg);

/// The export buttons of the plot views: a `.csv` path gets the data behind the plot, any
/// other the figure and its caption file. Same error convention.
QString exportPlotOrData(AnalysisPlot& plot, const QString& path, const FigureStyle& style = {});
/// Asks for a file to export a plot (`data`: CSV) to, starting at `stem`; empty if cancelled.
QString askPlotExportPath(QWidget* parent, const QString& stem, bool data);

}  // namespace faultlens::widgets
