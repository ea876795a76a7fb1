#pragma once
// From the engine's pictures to the widgets' plain figure data: OpenCV images to QImages,
// and an Ablation-CAM grid plan to the vector CAM figure (shared by `report`, Export all
// figures and the CAM dock's export).
#include <QImage>
#include <QStringList>
#include <opencv2/core/mat.hpp>

#include "core/analysis/CamImage.h"
#include "widgets/plots/CamFigure.h"

namespace faultlens::app {

/// An 8-bit grey or RGB image (the engine's order) as a QImage that owns its pixels; a null
/// QImage for anything else.
QImage toQImage(const cv::Mat& image);

/// The figure of `plan` drawn with `options`' colour map and bars; titles in the caller's
/// language (rows: one per model; columns: clean, faulty).
widgets::CamFigureData camFigureData(const CamGridPlan& plan, const CamGridOptions& options,
                                     const QStringList& rowTitles, const QStringList& columnTitles);

}  // namespace faultlens::app
