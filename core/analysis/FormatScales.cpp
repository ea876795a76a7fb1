#include "core/analysis/FormatScales.h"

#include "core/Error.h"
#include "core/analysis/ActivationRanges.h"
#include "core/model/Model.h"

namespace faultlens {

LayerScales chooseScales(Model& model, const ScaleSources& sources, const std::string& missing) {
  for (const LayerScales* scales : {&sources.recorded, &sources.given, &sources.inUse, &sources.clamp})
    if (!scales->empty()) return *scales;
  if (sources.data) return profiledAbsMax(model, *sources.data);
  throw Error(missing);
}

void useNumberFormatFrom(Model& model, const NumberFormat& format, const ScaleSources& sources,
                         const std::string& missing) {
  if (format == NumberFormat{}) return;
  model.useNumberFormat(format, format.needsScale() ? chooseScales(model, sources, missing) : LayerScales{});
}

std::string scalesNeedDataMessage(const NumberFormat& format) {
  return format.name() + " scales each layer by its abs-max on clean images: open a data set first";
}

}  // namespace faultlens
