#include "widgets/plots/PlotExport.h"

#include <QBuffer>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QTemporaryFile>

#include "widgets/plots/PlotViews.h"
#include "widgets/plots/QCustomPlotInclude.h"

#include <cmath>
#include <cstdio>

namespace faultlens::widgets {
namespace {

/// figureLayoutDpi() as the devices' whole-number resolution: text set in points prints
/// at those points.
int layoutDpi() { return qRound(figureLayoutDpi()); }

QSize canvasFor(const FigureStyle& style) {
  const double pixelsPerPoint = layoutDpi() / 72.0;
  return {static_cast<int>(std::lround(style.pagePoints().width() * pixelsPerPoint)),
          static_cast<int>(std::lround(style.pagePoints().height() * pixelsPerPoint))};
}

/// A not-yet-existing temporary name beside `path` (same file system, so rename is atomic).
QString temporaryBeside(const QString& path, const QString& suffix) {
  QTemporaryFile probe(QFileInfo(path).absolutePath() + "/.faultlens-XXXXXX." + suffix);
  if (!probe.open()) return {};
  const QString name = probe.fileName();
  probe.close();
  return name;  // removed when `probe` goes out of scope; the writer makes it again
}

QString renameOver(const QString& from, const QString& to) {
  if (std::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) != 0) {
    QFile::remove(from);
    return QObject::tr("%1: cannot replace the file (permissions?)").arg(to);
  }
  return {};
}

/// A PDF page of exactly the style's size; fonts are embedded (Qt embeds the faces it uses).
bool drawPdf(AnalysisPlot& plot, const QString& file, const FigureStyle& style, const QSize& canvas) {
  QPdfWriter writer(file);
  writer.setCreator(QStringLiteral("FaultLens"));
  writer.setTitle(plot.objectName());
  writer.setResolution(layoutDpi());
  const QPageSize page(style.pagePoints(), QPageSize::Point, QString(), QPageSize::ExactMatch);
  if (!writer.setPageLayout(QPageLayout(page, QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)))) return false;
  QCPPainter painter;
  if (!painter.begin(&writer)) return false;
  painter.setMode(QCPPainter::pmVectorized);
  painter.setMode(QCPPainter::pmNoCaching);
  painter.setMode(QCPPainter::pmNonCosmetic);  // hairlines print at their width, not as 1 device dot
  // The page is the canvas give or take a rounded pixel: stretch the canvas over it.
  painter.scale(writer.width() / double(canvas.width()), writer.height() / double(canvas.height()));
  plot.toPainter(&painter, canvas.width(), canvas.height());
  return painter.end();
}

/// SVG of the style's physical size. Qt names the face alone ("DejaVu Sans"); a CSS
/// generic family after it keeps other tools from substituting a serif face.
QString drawSvg(AnalysisPlot& plot, const QString& path, const QSize& canvas) {
  QBuffer buffer;
  buffer.open(QIODevice::WriteOnly);
  QSvgGenerator svg;
  svg.setOutputDevice(&buffer);
  svg.setSize(canvas);
  svg.setViewBox(QRect(QPoint(0, 0), canvas));
  svg.setResolution(layoutDpi());
  svg.setTitle(plot.objectName());
  QCPPainter painter(&svg);
  painter.setMode(QCPPainter::pmVectorized);
  painter.setMode(QCPPainter::pmNonCosmetic);
  plot.toPainter(&painter, canvas.width(), canvas.height());
  painter.end();
  return writeBytesAtomically(path, svgWithGenericFontFamily(QString::fromUtf8(buffer.data())).toUtf8());
}

/// Draws the plot into `path` as its suffix says, atomically.
QString renderPlot(AnalysisPlot& plot, const QString& path, const FigureStyle& style, const QSize& canvas) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix != "png" && suffix != "pdf" && suffix != "svg")
    return QObject::tr("%1: unknown figure format '%2' (png, svg or pdf)").arg(path, suffix);
  if (suffix == "svg") return drawSvg(plot, path, canvas);
  const QString temporary = temporaryBeside(path, suffix);
  if (temporary.isEmpty()) return QObject::tr("%1: the directory is not writable").arg(path);
  const bool ok = suffix == "pdf" ? drawPdf(plot, temporary, style, canvas)
                                  : plot.savePng(temporary, canvas.width(), canvas.height(),
                                                 double(style.dpi) / layoutDpi(), -1, style.dpi);
  if (!ok) {
    QFile::remove(temporary);
    return QObject::tr("%1: rendering or writing the figure failed (disk full?)").arg(path);
  }
  return renameOver(temporary, path);
}

}  // namespace

QString captionPathFor(const QString& figurePath) {
  const QFileInfo info(figurePath);
  return info.dir().filePath(info.completeBaseName() + QStringLiteral(".caption.txt"));
}

QString exportPlot(AnalysisPlot& plot, const QString& path, const FigureStyle& style) {
  if (!QFileInfo(path).absoluteDir().exists()) return QObject::tr("%1: the directory does not exist").arg(path);
  const QSize canvas = canvasFor(style);
  // Drawn as a figure of the style's size, then the window's look again.
  plot.enterFigureLook(style, canvas);
  const QString error = renderPlot(plot, path, style, canvas);
  plot.leaveFigureLook();
  return error;
}

QString writeBytesAtomically(const QString& path, const QByteArray& bytes) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) return QObject::tr("%1: cannot write (%2)").arg(path, file.errorString());
  file.write(bytes);
  if (!file.commit()) return QObject::tr("%1: cannot write (%2)").arg(path, file.errorString());
  return {};
}

QString writeTextAtomically(const QString& path, const QString& text) {
  return writeBytesAtomically(path, text.toUtf8());
}

QString svgWithGenericFontFamily(const QString& svg) {
  static const QRegularExpression family(R"re(font-family="([^"]*)")re");
  QString text = svg;
  text.replace(family, QStringLiteral("font-family=\"'\\1', sans-serif\""));
  return text;
}

QString exportPlotOrData(AnalysisPlot& plot, const QString& path, const FigureStyle& style) {
  if (QFileInfo(path).suffix().compare("csv", Qt::CaseInsensitive) == 0)
    return writeTextAtomically(path, plot.dataCsv());
  if (const QString error = exportPlot(plot, path, style); !error.isEmpty()) return error;
  return writeTextAtomically(captionPathFor(path), plot.figureCaption() + '\n');
}

QString askPlotExportPath(QWidget* parent, const QString& stem, bool data) {
  return data ? QFileDialog::getSaveFileName(parent, QObject::tr("Export plot data"), stem + ".csv",
                                             QObject::tr("CSV (*.csv)"))
              : QFileDialog::getSaveFileName(parent, QObject::tr("Export plot"), stem + ".pdf",
                                             QObject::tr("PDF (*.pdf);;SVG (*.svg);;PNG (*.png)"));
}

}  // namespace faultlens::widgets
