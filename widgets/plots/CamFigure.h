#pragma once
// The Ablation-CAM comparison grid as a figure for papers: drawn with QPainter at the
// printed size of a FigureStyle, each map embedded at the input's own resolution (no
// resampling; viewers scale it without smoothing), row and column titles, colour bars with
// their ticks and title as vector text in the figure's face, so translated labels render
// in any language. PDF, SVG, or PNG at the style's DPI, with a caption file beside it.
#include <QImage>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

#include "widgets/plots/FigureStyle.h"

class QPainter;

namespace faultlens::widgets {

struct CamFigureData {
  struct Panel {
    int row = 0, column = 0;  ///< column 0 clean, 1 faulty
    QImage image;             ///< the overlay, at the input's resolution
    int scale = 0;            ///< index into scales
  };
  /// A colour scale in the map's own units; markAbove: values above `high` are drawn white.
  struct Scale {
    double low = 0.0, high = 1.0;
    bool markAbove = false;
  };
  enum class Bars { PerMap, PerRow, One };

  QStringList rowTitles;     ///< one per model
  QStringList columnTitles;  ///< "clean", "faulty"
  QVector<Panel> panels;
  QVector<Scale> scales;
  Bars bars = Bars::One;
  bool showBars = true;
  QImage ramp;          ///< the colour map from low (left) to high (right), n × 1
  bool anyNan = false;  ///< some panel has NaN pixels: the bar gets a NaN key
  QString subtitle;     ///< an optional line over the grid (e.g. the faults)
  QString caption;      ///< the paragraph for the caption file
};

/// Draws the figure on `painter`'s device, which has `devicePerPoint` units per point and
/// resolves font point sizes at 72 × devicePerPoint dots per inch.
void drawCamFigure(QPainter& painter, const CamFigureData& data, const FigureStyle& style, double devicePerPoint);

/// The figure as an image at the style's size and DPI (what a PNG export holds; the CAM
/// dock shows it too, so its titles are the translated vector text, not OpenCV's ASCII).
QImage camFigureImage(const CamFigureData& data, const FigureStyle& style);

/// Writes the figure to `path` (.pdf, .svg or .png) and its caption beside it, each
/// atomically. Returns an empty string on success, else a message naming the file.
QString exportCamFigure(const CamFigureData& data, const QString& path, const FigureStyle& style);

}  // namespace faultlens::widgets

Q_DECLARE_METATYPE(faultlens::widgets::CamFigureData)
