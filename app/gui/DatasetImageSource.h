#pragma once
// Adapts a core Dataset to the widgets' ImageSource (8-bit RGB / grey → QImage).
#include <memory>

#include "app/report/CamFigureFromEngine.h"  // toQImage
#include "core/data/Dataset.h"
#include "widgets/ViewData.h"

namespace faultlens::app {

class DatasetImageSource : public widgets::ImageSource {
 public:
  explicit DatasetImageSource(std::shared_ptr<const Dataset> data);
  int count() const override;
  QImage image(int index) const override;
  int label(int index) const override;
  QStringList classNames() const override;
  QString description() const override;

 private:
  std::shared_ptr<const Dataset> data_;
};

}  // namespace faultlens::app
