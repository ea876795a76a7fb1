#include "app/gui/DatasetImageSource.h"

#include <QObject>

#include "core/Error.h"

namespace faultlens::app {

DatasetImageSource::DatasetImageSource(std::shared_ptr<const Dataset> data) : data_(std::move(data)) {}

int DatasetImageSource::count() const { return static_cast<int>(data_->size()); }

QImage DatasetImageSource::image(int index) const {
  try {
    return toQImage(data_->image(static_cast<std::size_t>(index)));
  } catch (const Error&) {
    return {};  // an undecodable file shows as an empty thumbnail; selecting it reports the error
  }
}

int DatasetImageSource::label(int index) const { return data_->label(static_cast<std::size_t>(index)); }

QStringList DatasetImageSource::classNames() const {
  QStringList names;
  for (const auto& n : data_->classNames()) names << QString::fromStdString(n);
  return names;
}

QString DatasetImageSource::description() const {
  QString text = QObject::tr("%1 — %2 images, %3 classes")
                     .arg(QString::fromStdString(data_->source()))
                     .arg(data_->size())
                     .arg(data_->classNames().size());
  const auto warnings = data_->warnings();
  if (!warnings.empty()) text += QObject::tr(" (%1 files skipped)").arg(warnings.size());
  return text;
}

}  // namespace faultlens::app
