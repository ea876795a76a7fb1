#include "core/analysis/CamJson.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/model/Model.h"

namespace faultlens {
namespace {

nlohmann::json numberOrNull(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

nlohmann::json numbersOrNull(const std::vector<double>& values) {
  nlohmann::json out = nlohmann::json::array();
  for (double v : values) out.push_back(numberOrNull(v));
  return out;
}

}  // namespace

nlohmann::json camJson(const Model& model, const AblationCam& cam, bool withScores) {
  nlohmann::json j{{"target", cam.target},
                   {"class", cam.targetClass},
                   {"class_name", model.className(cam.targetClass)},
                   {"score", numberOrNull(cam.score)},
                   {"unreliable", cam.unreliable()},
                   {"warning", cam.warning()},
                   {"non_finite_pixels", cam.nonFinitePixels}};
  if (withScores) {
    j["ablated_scores"] = numbersOrNull(cam.ablatedScores);
    j["weights"] = numbersOrNull(cam.weights);
  }
  return j;
}

nlohmann::json camChangeJson(const CamChange& c) {
  return {{"pearson", numberOrNull(c.pearson)},
          {"top_region_iou", numberOrNull(c.topRegionIoU)},
          {"top_fraction", kCamTopFraction},
          {"centre_shift_pixels", numberOrNull(c.centreShift)},
          {"undefined", c.undefined}};
}

}  // namespace faultlens
