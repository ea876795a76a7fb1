#include "app/report/CamFigureFromEngine.h"

namespace faultlens::app {

QImage toQImage(const cv::Mat& image) {
  if (image.empty() || image.depth() != CV_8U) return {};
  if (image.channels() == 1)
    return QImage(image.data, image.cols, image.rows, static_cast<qsizetype>(image.step), QImage::Format_Grayscale8)
        .copy();
  if (image.channels() == 3)  // the engine hands out RGB, which is QImage's RGB888 order
    return QImage(image.data, image.cols, image.rows, static_cast<qsizetype>(image.step), QImage::Format_RGB888).copy();
  return {};
}

widgets::CamFigureData camFigureData(const CamGridPlan& plan, const CamGridOptions& options,
                                     const QStringList& rowTitles, const QStringList& columnTitles) {
  widgets::CamFigureData data;
  data.rowTitles = rowTitles;
  data.columnTitles = plan.faultyColumn ? columnTitles : columnTitles.mid(0, 1);
  for (const auto& p : plan.panels) data.panels.push_back({p.row, p.column, toQImage(p.overlay), p.scale});
  for (const auto& s : plan.scales) data.scales.push_back({s.low, s.high, s.markAbove});
  data.bars = plan.bars == CamBarPlacement::PerMap   ? widgets::CamFigureData::Bars::PerMap
              : plan.bars == CamBarPlacement::PerRow ? widgets::CamFigureData::Bars::PerRow
                                                     : widgets::CamFigureData::Bars::One;
  data.showBars = options.colourBar;
  data.ramp = toQImage(colourRamp(options.colours));
  data.anyNan = plan.anyNan;
  return data;
}

}  // namespace faultlens::app
