#pragma once
// How an exported figure looks: its printed size, type, line widths and legend. One style
// serves every export (a plot's Export menu, File ▸ Export all figures, `faultlens-cli
// report`), so the same inputs give the same figure everywhere. A figure is drawn at its
// final size: 8 pt text in a 3.5 in column prints at 8 pt, never shrunk from a large canvas.
#include <QJsonObject>
#include <QSizeF>
#include <QString>

#include <cmath>
#include <optional>

namespace faultlens::widgets {

struct FigureStyle {
  /// Journal column widths (IEEE: 3.5 in and 7.16 in), a 16:9 slide, or any width × height.
  enum class Size { SingleColumn, DoubleColumn, Slide, Custom };
  /// Inside: in the corner of the axes that covers no data (outside when every corner
  /// does); Outside: a row under the axes; None: no legend (the caption names the series).
  enum class Legend { Inside, Outside, None };

  Size size = Size::SingleColumn;
  double widthInches = 3.5;
  double heightInches = 2.625;  ///< 4:3
  double fontPoints = 8.0;      ///< axis titles and legend at the printed size
  /// A sans face that PDFs embed; SVGs name it with the CSS generic `sans-serif` after it.
  QString fontFamily = QStringLiteral("DejaVu Sans");
  Legend legend = Legend::Inside;
  int dpi = 300;  ///< PNG only

  /// The preset (with its default font size: 8 pt for the columns, 14 pt for a slide).
  static FigureStyle preset(Size size);
  /// "single" (3.5 × 2.625 in), "double" (516 × 234 pt, IEEE's 7.16 in), "slide" (10 ×
  /// 5.625 in) or "WxH" in inches ("3.3x2.5"), each 1..40 in; nullopt with `why` set
  /// otherwise.
  static std::optional<FigureStyle> fromSizeName(const QString& name, QString* why);
  /// The name fromSizeName reads back ("single", …, or "3.3x2.5").
  QString sizeName() const;
  static std::optional<Legend> legendFromName(const QString& name);  ///< inside | outside | none
  static QString legendName(Legend legend);

  /// The page in whole points (Qt writes PDF pages in whole points): 3.3 in → 238 pt.
  QSizeF pagePoints() const { return {std::round(72.0 * widthInches), std::round(72.0 * heightInches)}; }
  /// Text below this size is not drawn smaller (tick labels are one point under the base).
  static constexpr double kSmallestPoints = 7.0;
  double tickPoints() const;
  /// Data lines and markers grow with the type, so a slide reads like a column figure.
  double linePoints() const { return fontPoints / 8.0; }
  double markerPoints() const { return 0.55 * fontPoints; }

  /// Valid font sizes: 6..36 pt.
  static constexpr double kMinFontPoints = 6.0, kMaxFontPoints = 36.0;

  /// For the manifest and the caption: size name, inches, points, family, legend, dpi.
  QJsonObject toJson() const;
  bool operator==(const FigureStyle& other) const;
};

/// The style remembered in the workbench's settings (the last one chosen), or the default.
FigureStyle rememberedFigureStyle();
void rememberFigureStyle(const FigureStyle& style);

}  // namespace faultlens::widgets
