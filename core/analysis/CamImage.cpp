#include "core/analysis/CamImage.h"

#include <cmath>
#include <cstdio>
#include <limits>
#include <opencv2/imgproc.hpp>

#include "core/Error.h"
#include "core/data/ImageCodec.h"
#include "core/io/ProjectFile.h"
#include "core/io/FileIO.h"

namespace faultlens {
namespace {

int openCvColourMap(CamColourMap map) {
  switch (map) {
    case CamColourMap::Viridis: return cv::COLORMAP_VIRIDIS;
    case CamColourMap::Cividis: return cv::COLORMAP_CIVIDIS;
    case CamColourMap::Jet: break;
  }
  return cv::COLORMAP_JET;
}

/// 8-bit levels 0..255 → RGB colours of the map (OpenCV hands out BGR).
cv::Mat colourise(const cv::Mat& levels, CamColourMap map) {
  cv::Mat bgr, rgb;
  cv::applyColorMap(levels, bgr, openCvColourMap(map));
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  return rgb;
}

std::string formatValue(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

void putLabel(cv::Mat& canvas, const std::string& text, cv::Point origin, double scale = 0.5) {
  cv::putText(canvas, text, origin, cv::FONT_HERSHEY_SIMPLEX, scale, cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
}

}  // namespace

CamColourMap parseCamColourMap(const std::string& name) {
  if (name == "jet") return CamColourMap::Jet;
  if (name == "viridis") return CamColourMap::Viridis;
  if (name == "cividis") return CamColourMap::Cividis;
  throw Error("unknown colour map '" + name + "' (jet, viridis or cividis)");
}

const char* camColourMapName(CamColourMap map) {
  switch (map) {
    case CamColourMap::Viridis: return "viridis";
    case CamColourMap::Cividis: return "cividis";
    case CamColourMap::Jet: break;
  }
  return "jet";
}

CamScaleScope parseCamScaleScope(const std::string& name) {
  if (name == "map") return CamScaleScope::PerMap;
  if (name == "model") return CamScaleScope::PerModel;
  if (name == "shared") return CamScaleScope::Shared;
  if (name == "clean") return CamScaleScope::Clean;
  throw Error("unknown colour scale scope '" + name + "' (map, model, shared or clean)");
}

const char* camScaleScopeName(CamScaleScope scope) {
  switch (scope) {
    case CamScaleScope::PerMap: return "map";
    case CamScaleScope::PerModel: return "model";
    case CamScaleScope::Clean: return "clean";
    case CamScaleScope::Shared: break;
  }
  return "shared";
}

cv::Mat upsampleCam(const AblationCam& cam, int width, int height) {
  cv::Mat raw(cam.height, cam.width, CV_32F, const_cast<float*>(cam.map.data()));
  cv::Mat out;
  cv::resize(raw, out, cv::Size(width, height), 0, 0, cv::INTER_LINEAR);
  return out;
}

AblationCam upsampledCam(const AblationCam& cam, int width, int height) {
  AblationCam out = cam;
  out.height = height;
  out.width = width;
  const cv::Mat up = upsampleCam(cam, width, height);
  out.map.clear();
  out.map.reserve(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
  for (int y = 0; y < height; ++y) out.map.insert(out.map.end(), up.ptr<float>(y), up.ptr<float>(y) + width);
  return out;
}

ColourScale finiteRange(const std::vector<const AblationCam*>& maps) {
  double low = std::numeric_limits<double>::infinity(), high = -low;
  for (const AblationCam* m : maps) {
    if (!m) continue;
    for (float v : m->map)
      if (std::isfinite(v)) {
        low = std::min(low, static_cast<double>(v));
        high = std::max(high, static_cast<double>(v));
      }
  }
  if (!(low <= high)) return {0.0, 1.0};
  if (high - low < 1e-12) high = low + 1e-12;
  return {low, high};
}

cv::Mat renderCamOverlay(const cv::Mat& rgb, const cv::Mat& map, const ColourScale& scale, CamColourMap colours,
                         double opacity) {
  if (rgb.type() != CV_8UC3 || map.type() != CV_32F || rgb.size() != map.size())
    throw Error("CAM overlay: image and map must be 8-bit RGB and float32 of the same size");
  cv::Mat levels(map.size(), CV_8U);
  cv::Mat nan(map.size(), CV_8U, cv::Scalar(0));
  cv::Mat above(map.size(), CV_8U, cv::Scalar(0));
  const double span = scale.high - scale.low;
  for (int r = 0; r < map.rows; ++r)
    for (int c = 0; c < map.cols; ++c) {
      const float v = map.at<float>(r, c);
      if (!std::isfinite(v)) {
        nan.at<uchar>(r, c) = 1;
        levels.at<uchar>(r, c) = 0;
        continue;
      }
      if (scale.markAbove && v > scale.high) above.at<uchar>(r, c) = 1;
      const double t = std::clamp((v - scale.low) / span, 0.0, 1.0);
      levels.at<uchar>(r, c) = static_cast<uchar>(std::lround(t * 255.0));
    }
  cv::Mat colour = colourise(levels, colours);
  cv::Mat out;
  cv::addWeighted(rgb, 1.0 - opacity, colour, opacity, 0.0, out);
  out.setTo(cv::Scalar(kNanColour[0], kNanColour[1], kNanColour[2]), nan);
  out.setTo(cv::Scalar(kAboveScaleColour[0], kAboveScaleColour[1], kAboveScaleColour[2]), above);
  return out;
}

cv::Mat renderColourBar(int height, const ColourScale& scale, CamColourMap colours) {
  const int barWidth = 16, labelWidth = 64;
  cv::Mat levels(height, 1, CV_8U);
  for (int r = 0; r < height; ++r)
    levels.at<uchar>(r, 0) = static_cast<uchar>(255 - (255 * r) / std::max(1, height - 1));
  cv::Mat strip = colourise(levels, colours);
  cv::Mat bar;
  cv::resize(strip, bar, cv::Size(barWidth, height), 0, 0, cv::INTER_NEAREST);
  cv::Mat canvas(height + 20, barWidth + labelWidth, CV_8UC3, cv::Scalar(255, 255, 255));
  bar.copyTo(canvas(cv::Rect(0, 10, barWidth, height)));
  putLabel(canvas, formatValue(scale.high), cv::Point(barWidth + 4, 18), 0.4);
  putLabel(canvas, formatValue(scale.low), cv::Point(barWidth + 4, height + 12), 0.4);
  if (scale.markAbove) {  // the white swatch above the bar: values beyond the clean range
    canvas(cv::Rect(0, 0, barWidth, 8)).setTo(cv::Scalar(235, 235, 235));
    putLabel(canvas, ">", cv::Point(barWidth + 4, 8), 0.35);
  }
  return canvas;
}

CamGridOptions camGridOptions(const ProjectCamSettings& settings) {
  CamGridOptions options;
  options.colours = parseCamColourMap(settings.colourMap);
  options.scope = parseCamScaleScope(settings.scale);
  options.opacity = settings.opacity;
  options.colourBar = settings.colourBar;
  return options;
}

CamGridPlan planCamGrid(const cv::Mat& rgb, const std::vector<CamPair>& rows, const CamGridOptions& options) {
  if (rows.empty()) throw Error("CAM grid: no maps to show");
  CamGridPlan plan;
  plan.faultyColumn = std::any_of(rows.begin(), rows.end(), [](const CamPair& p) { return p.faulty != nullptr; });
  // One scale per group: every panel (map), each row (model) or all panels (shared).
  std::vector<const AblationCam*> all;
  for (const auto& p : rows) {
    all.push_back(p.clean);
    if (p.faulty) all.push_back(p.faulty);
  }
  // Clean: the clean maps alone set the range; the faulty ones are read against it.
  std::vector<const AblationCam*> cleanMaps;
  for (const auto& p : rows) cleanMaps.push_back(p.clean);
  const bool oneScale = options.scope == CamScaleScope::Shared || options.scope == CamScaleScope::Clean;
  plan.bars = oneScale                                   ? CamBarPlacement::One
              : options.scope == CamScaleScope::PerModel ? CamBarPlacement::PerRow
                                                         : CamBarPlacement::PerMap;
  if (oneScale) {
    ColourScale shared = finiteRange(options.scope == CamScaleScope::Clean ? cleanMaps : all);
    shared.markAbove = options.scope == CamScaleScope::Clean;
    plan.scales.push_back(shared);
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    plan.rowTitles.push_back(rows[r].model);
    if (options.scope == CamScaleScope::PerModel) plan.scales.push_back(finiteRange({rows[r].clean, rows[r].faulty}));
    const AblationCam* maps[2] = {rows[r].clean, rows[r].faulty};
    for (int c = 0; c < 2; ++c) {
      const AblationCam* cam = maps[c];
      if (!cam) continue;
      CamGridPlan::Panel panel;
      panel.row = static_cast<int>(r);
      panel.column = c;
      if (options.scope == CamScaleScope::PerMap) plan.scales.push_back(finiteRange({cam}));
      panel.scale = static_cast<int>(plan.scales.size()) - 1;
      const cv::Mat map = upsampleCam(*cam, rgb.cols, rgb.rows);
      for (auto it = map.begin<float>(); !plan.anyNan && it != map.end<float>(); ++it) plan.anyNan = std::isnan(*it);
      panel.overlay = renderCamOverlay(rgb, map, plan.scales[panel.scale], options.colours, options.opacity);
      plan.panels.push_back(std::move(panel));
    }
  }
  return plan;
}

cv::Mat colourRamp(CamColourMap colours, int n) {
  cv::Mat levels(1, n, CV_8U);
  for (int i = 0; i < n; ++i) levels.at<uchar>(0, i) = static_cast<uchar>((255 * i) / std::max(1, n - 1));
  return colourise(levels, colours);
}

cv::Mat composeCamGrid(const cv::Mat& rgb, const std::vector<CamPair>& rows, const CamGridOptions& options) {
  return composeCamGrid(planCamGrid(rgb, rows, options), options);
}

cv::Mat composeCamGrid(const CamGridPlan& plan, const CamGridOptions& options) {
  const int rowCount = static_cast<int>(plan.rowTitles.size());
  const int size = options.panelSize, titleHeight = 24, rowTitleWidth = 110, gap = 6;
  const int columns = plan.faultyColumn ? 2 : 1;
  // Colour bars: beside every panel for per-map scales, else one per row (per model) or one
  // for the grid (shared), right of the panels.
  const bool barPerMap = options.colourBar && plan.bars == CamBarPlacement::PerMap;
  const int barWidth = options.colourBar ? 80 : 0;
  const int columnWidth = size + gap + (barPerMap ? barWidth : 0);
  const int barsRight = rowTitleWidth + columns * columnWidth;
  const int width = barsRight + (options.colourBar && !barPerMap ? barWidth : 0) + gap;
  const int height = titleHeight + rowCount * (size + gap);
  cv::Mat canvas(height, width, CV_8UC3, cv::Scalar(255, 255, 255));
  putLabel(canvas, "clean", cv::Point(rowTitleWidth + size / 2 - 20, 17));
  if (plan.faultyColumn) putLabel(canvas, "faulty", cv::Point(rowTitleWidth + columnWidth + size / 2 - 24, 17));
  for (int r = 0; r < rowCount; ++r)
    putLabel(canvas, plan.rowTitles[r], cv::Point(4, titleHeight + r * (size + gap) + size / 2));
  for (const auto& p : plan.panels) {
    const int top = titleHeight + p.row * (size + gap);
    const int left = rowTitleWidth + p.column * columnWidth;
    cv::Mat panel;
    cv::resize(p.overlay, panel, cv::Size(size, size), 0, 0, cv::INTER_NEAREST);
    panel.copyTo(canvas(cv::Rect(left, top, size, size)));
    // A row's bar once, with its clean panel (every row has one).
    if (barPerMap || (options.colourBar && plan.bars == CamBarPlacement::PerRow && p.column == 0)) {
      cv::Mat bar = renderColourBar(size - 20, plan.scales[p.scale], options.colours);
      bar.copyTo(canvas(cv::Rect(barPerMap ? left + size + gap : barsRight, top, bar.cols, bar.rows)));
    }
  }
  if (options.colourBar && plan.bars == CamBarPlacement::One) {
    const int barHeight = std::min(height - titleHeight - 20, 2 * size);
    cv::Mat bar = renderColourBar(barHeight, plan.scales.front(), options.colours);
    bar.copyTo(canvas(cv::Rect(barsRight, titleHeight, bar.cols, bar.rows)));
  }
  return canvas;
}

void writePngAtomically(const std::string& path, const cv::Mat& rgb) {
  writeFileAtomically(path, encodePng(rgb, path));
}

}  // namespace faultlens
