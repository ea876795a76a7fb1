#include "widgets/plots/PlotExport.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QTemporaryFile>

#include "widgets/plots/PlotViews.h"
#include "widgets/plots/QCustomPlotInclude.h"

#include <cstdio>

namespace faultlens::widgets {
namespace {

/// A not-yet-existing temporary name beside `path` (same file system, so rename is atomic).
QString temporaryBeside(const QString& path, const QString& suffix) {
  QTemporaryFile probe(QFileInfo(path).absolutePath() + "/.faultlens-XXXXXX." + suffix);
  if (!probe.open()) return {};
  const QString name = probe.fileName();
  probe.close();
  return name;  // removed when `probe` goes out of scope; QCustomPlot writes it again
}

QString renameOver(const QString& from, const QString& to) {
  if (std::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) != 0) {
    QFile::remove(from);
    return QObject::tr("%1: cannot replace the file (permissions?)").arg(to);
  }
  return {};
}

/// Draws the plot into `path` as its suffix says, atomically.
QString renderPlot(QCustomPlot& plot, const QString& path, const PlotExportOptions& options) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  const QDir dir = QFileInfo(path).absoluteDir();
  if (!dir.exists()) return QObject::tr("%1: the directory does not exist").arg(path);
  if (suffix == "svg") {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return QObject::tr("%1: cannot write (%2)").arg(path, file.errorString());
    QSvgGenerator svg;
    svg.setOutputDevice(&file);
    svg.setSize(QSize(options.widthPx, options.heightPx));
    svg.setViewBox(QRect(0, 0, options.widthPx, options.heightPx));
    svg.setResolution(96);
    svg.setTitle(plot.objectName());
    QCPPainter painter(&svg);
    plot.toPainter(&painter, options.widthPx, options.heightPx);
    painter.end();
    if (!file.commit()) return QObject::tr("%1: cannot write (%2)").arg(path, file.errorString());
    return {};
  }
  if (suffix != "png" && suffix != "pdf")
    return QObject::tr("%1: unknown figure format '%2' (png, svg or pdf)").arg(path, suffix);
  const QString temporary = temporaryBeside(path, suffix);
  if (temporary.isEmpty()) return QObject::tr("%1: the directory is not writable").arg(path);
  bool ok = false;
  if (suffix == "pdf") {
    ok = plot.savePdf(temporary, options.widthPx, options.heightPx, QCP::epNoCosmetic);
  } else {
    const double scale = options.dpi / 96.0;
    ok = plot.savePng(temporary, options.widthPx, options.heightPx, scale, -1, options.dpi);
  }
  if (!ok) {
    QFile::remove(temporary);
    return QObject::tr("%1: rendering or writing the figure failed (disk full?)").arg(path);
  }
  return renameOver(temporary, path);
}

}  // namespace

QString exportPlot(QCustomPlot& plot, const QString& path, const PlotExportOptions& options) {
  // Texts laid out for the figure's size while it is drawn, for the window's afterwards.
  auto* fitting = qobject_cast<AnalysisPlot*>(&plot);
  if (fitting) fitting->fitTextsTo(QSize(options.widthPx, options.heightPx), true);
  const QString error = renderPlot(plot, path, options);
  if (fitting) {
    fitting->fitTextsTo(plot.size());
    plot.replot(QCustomPlot::rpQueuedReplot);
  }
  return error;
}

QString writeTextAtomically(const QString& path, const QString& text) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) return QObject::tr("%1: cannot write (%2)").arg(path, file.errorString());
  file.write(text.toUtf8());
  if (!file.commit()) return QObject::tr("%1: cannot write (%2)").arg(path, file.errorString());
  return {};
}

QString exportPlotOrData(AnalysisPlot& plot, const QString& path, const PlotExportOptions& options) {
  return QFileInfo(path).suffix().compare("csv", Qt::CaseInsensitive) == 0 ? writeTextAtomically(path, plot.dataCsv())
                                                                           : exportPlot(plot, path, options);
}

QString askPlotExportPath(QWidget* parent, const QString& stem, bool data) {
  return data ? QFileDialog::getSaveFileName(parent, QObject::tr("Export plot data"), stem + ".csv",
                                             QObject::tr("CSV (*.csv)"))
              : QFileDialog::getSaveFileName(parent, QObject::tr("Export plot"), stem + ".pdf",
                                             QObject::tr("PDF (*.pdf);;SVG (*.svg);;PNG (*.png)"));
}

}  // namespace faultlens::widgets
