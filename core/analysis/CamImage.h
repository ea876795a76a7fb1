#pragma once
// Turning Ablation-CAM maps into pictures: upsampling, colour scales shared across panels,
// colour maps, overlays and the clean/faulty × baseline/text-guided grid. All images are
// 8-bit RGB (not OpenCV's BGR); NaN pixels get their own colour instead of poisoning the
// scale (docs/architecture.md, "Ablation-CAM").
#include <opencv2/core/mat.hpp>

#include <string>
#include <vector>

#include "core/analysis/AblationCam.h"

namespace faultlens {

struct ProjectCamSettings;

enum class CamColourMap { Jet, Viridis, Cividis };
CamColourMap parseCamColourMap(const std::string& name);  ///< jet | viridis | cividis
const char* camColourMapName(CamColourMap map);

/// Which panels share one colour scale. Clean: all panels on the range of the clean maps
/// (both models), so one huge faulty value cannot flatten them; faulty pixels above it
/// are drawn in kAboveScaleColour.
enum class CamScaleScope { PerMap, PerModel, Shared, Clean };
CamScaleScope parseCamScaleScope(const std::string& name);  ///< map | model | shared | clean
const char* camScaleScopeName(CamScaleScope scope);

/// A colour scale in the map's own units (ReLU'd weighted activations).
struct ColourScale {
  double low = 0.0;
  double high = 1.0;
  bool markAbove = false;  ///< pixels above `high` get kAboveScaleColour instead of the top colour
};

/// Colour for NaN pixels: magenta, absent from all three colour maps.
inline const cv::Vec3b kNanColour(255, 0, 255);
/// Colour for pixels above a clean-map scale: white, absent from all three colour maps.
inline const cv::Vec3b kAboveScaleColour(255, 255, 255);

/// The raw map bilinearly upsampled to width × height (float32, NaN kept).
cv::Mat upsampleCam(const AblationCam& cam, int width, int height);
/// The same map as a CAM of width × height pixels (row-major), as the views show it: what
/// the change metrics and the CLI's input-size map work on.
AblationCam upsampledCam(const AblationCam& cam, int width, int height);

/// min/max over the finite pixels of the maps; {0, 1} when none is finite, and a range of
/// at least 1e-12 so a flat map does not divide by zero.
ColourScale finiteRange(const std::vector<const AblationCam*>& maps);

/// Colours `map` (float32, e.g. from upsampleCam) on `scale` and blends it over `rgb`
/// (8-bit RGB, same size): out = (1 − opacity)·image + opacity·colour. NaN → kNanColour.
cv::Mat renderCamOverlay(const cv::Mat& rgb, const cv::Mat& map, const ColourScale& scale, CamColourMap colours,
                         double opacity);

/// A vertical colour bar `height` pixels high with the scale's ends written beside it.
cv::Mat renderColourBar(int height, const ColourScale& scale, CamColourMap colours);

/// One model's clean and faulty maps of one image.
struct CamPair {
  std::string model;  ///< row title, e.g. "baseline"
  const AblationCam* clean = nullptr;
  const AblationCam* faulty = nullptr;  ///< may be null: clean column only
};

struct CamGridOptions {
  CamColourMap colours = CamColourMap::Jet;
  CamScaleScope scope = CamScaleScope::Shared;
  double opacity = 0.5;
  int panelSize = 224;  ///< panels are scaled to this many pixels (nearest neighbour)
  bool colourBar = true;
};

/// The options a workbench view or project chose: colour map and scale by name (checked),
/// opacity and colour bar; panel size stays at its default.
CamGridOptions camGridOptions(const ProjectCamSettings& settings);

/// Where a grid's colour bars go: beside every panel (per-map scales), at the end of each
/// row (per model) or one for the whole grid (shared and clean scales).
enum class CamBarPlacement { PerMap, PerRow, One };

/// What a comparison grid shows, before it is drawn: each panel's overlay at the input's
/// own resolution, the colour scales and where their bars go. The raster grid below and
/// the workbench's vector figure are both drawn from it.
struct CamGridPlan {
  struct Panel {
    int row = 0, column = 0;  ///< column 0 clean, 1 faulty
    cv::Mat overlay;          ///< 8-bit RGB, the size of the input image
    int scale = 0;            ///< index into `scales`
  };
  std::vector<std::string> rowTitles;
  bool faultyColumn = false;
  std::vector<Panel> panels;
  std::vector<ColourScale> scales;
  CamBarPlacement bars = CamBarPlacement::One;
  bool anyNan = false;  ///< some map has NaN pixels (drawn in kNanColour)
};
CamGridPlan planCamGrid(const cv::Mat& rgb, const std::vector<CamPair>& rows, const CamGridOptions& options);

/// The colour map's colours from the scale's low end to its high end (8-bit RGB, 1 × n).
cv::Mat colourRamp(CamColourMap colours, int n = 256);

/// The comparison grid: one row per model, columns clean | faulty, titled, with a colour
/// bar per scale group (one for Shared). `rgb` is displayImage() of the input.
cv::Mat composeCamGrid(const cv::Mat& rgb, const std::vector<CamPair>& rows, const CamGridOptions& options);
/// The same grid from a plan made with the same options (a caller that also draws the
/// plan as a vector figure plans once).
cv::Mat composeCamGrid(const CamGridPlan& plan, const CamGridOptions& options);

/// Writes an 8-bit RGB image as PNG atomically (temporary file + rename).
void writePngAtomically(const std::string& path, const cv::Mat& rgb);

}  // namespace faultlens
