#include "widgets/plots/FigureStyle.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSettings>

#include <algorithm>
#include <cmath>

namespace faultlens::widgets {
namespace {

constexpr double kMinInches = 1.0, kMaxInches = 40.0;

QString inches(double v) { return QString::number(v, 'g', 4); }

}  // namespace

FigureStyle FigureStyle::preset(Size size) {
  FigureStyle s;
  s.size = size;
  switch (size) {
    case Size::SingleColumn: s.widthInches = 3.5, s.heightInches = 2.625; break;
    // 43 × 19.5 picas: IEEE's two-column width (7.16 in, 182 mm) in whole points.
    case Size::DoubleColumn: s.widthInches = 516 / 72.0, s.heightInches = 234 / 72.0; break;
    case Size::Slide:
      s.widthInches = 10.0, s.heightInches = 5.625;
      s.fontPoints = 14.0;
      break;
    case Size::Custom: break;
  }
  return s;
}

std::optional<FigureStyle> FigureStyle::fromSizeName(const QString& name, QString* why) {
  const QString n = name.trimmed().toLower();
  if (n == "single") return preset(Size::SingleColumn);
  if (n == "double") return preset(Size::DoubleColumn);
  if (n == "slide") return preset(Size::Slide);
  static const QRegularExpression custom(R"(^(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)$)");
  const auto m = custom.match(n);
  if (m.hasMatch()) {
    const double w = m.captured(1).toDouble(), h = m.captured(2).toDouble();
    if (w >= kMinInches && w <= kMaxInches && h >= kMinInches && h <= kMaxInches) {
      FigureStyle s = preset(Size::Custom);
      s.widthInches = w;
      s.heightInches = h;
      return s;
    }
  }
  if (why)
    *why = QCoreApplication::translate("faultlens::widgets::FigureStyle",
                                       "'%1' is no figure size: single, double, slide, or WxH in inches "
                                       "(e.g. 3.3x2.5), each %2 to %3 in")
               .arg(name, inches(kMinInches), inches(kMaxInches));
  return std::nullopt;
}

QString FigureStyle::sizeName() const {
  switch (size) {
    case Size::SingleColumn: return QStringLiteral("single");
    case Size::DoubleColumn: return QStringLiteral("double");
    case Size::Slide: return QStringLiteral("slide");
    case Size::Custom: break;
  }
  return inches(widthInches) + 'x' + inches(heightInches);
}

std::optional<FigureStyle::Legend> FigureStyle::legendFromName(const QString& name) {
  if (name == "inside") return Legend::Inside;
  if (name == "outside") return Legend::Outside;
  if (name == "none") return Legend::None;
  return std::nullopt;
}

QString FigureStyle::legendName(Legend legend) {
  switch (legend) {
    case Legend::Inside: return QStringLiteral("inside");
    case Legend::Outside: return QStringLiteral("outside");
    case Legend::None: break;
  }
  return QStringLiteral("none");
}

double FigureStyle::tickPoints() const { return std::max(kSmallestPoints, fontPoints - 1.0); }

QJsonObject FigureStyle::toJson() const {
  return {{"size", sizeName()},      {"width_in", widthInches},      {"height_in", heightInches},
          {"font_pt", fontPoints},   {"tick_font_pt", tickPoints()}, {"font_family", fontFamily},
          {"line_pt", linePoints()}, {"legend", legendName(legend)}, {"png_dpi", dpi}};
}

bool FigureStyle::operator==(const FigureStyle& o) const {
  return size == o.size && widthInches == o.widthInches && heightInches == o.heightInches &&
         fontPoints == o.fontPoints && fontFamily == o.fontFamily && legend == o.legend && dpi == o.dpi;
}

FigureStyle rememberedFigureStyle() {
  QSettings settings;
  FigureStyle style;
  if (const auto s = FigureStyle::fromSizeName(settings.value("figures/size", "single").toString(), nullptr))
    style = *s;
  const double font = settings.value("figures/fontPoints", style.fontPoints).toDouble();
  if (font >= FigureStyle::kMinFontPoints && font <= FigureStyle::kMaxFontPoints) style.fontPoints = font;
  if (const auto legend = FigureStyle::legendFromName(settings.value("figures/legend").toString()))
    style.legend = *legend;
  const int dpi = settings.value("figures/dpi", style.dpi).toInt();
  if (dpi >= 30 && dpi <= 2400) style.dpi = dpi;
  return style;
}

void rememberFigureStyle(const FigureStyle& style) {
  QSettings settings;
  settings.setValue("figures/size", style.sizeName());
  settings.setValue("figures/fontPoints", style.fontPoints);
  settings.setValue("figures/legend", FigureStyle::legendName(style.legend));
  settings.setValue("figures/dpi", style.dpi);
}

}  // namespace faultlens::widgets
