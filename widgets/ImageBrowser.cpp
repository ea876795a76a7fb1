#include "widgets/ImageBrowser.h"

#include <QComboBox>
#include <QLabel>
#include <QListView>
#include <QSortFilterProxyModel>
#include <QVBoxLayout>

namespace faultlens::widgets {

void ImageListModel::setSource(std::shared_ptr<const ImageSource> source) {
  beginResetModel();
  source_ = std::move(source);
  classNames_ = source_ ? source_->classNames() : QStringList();
  thumbnails_.clear();
  endResetModel();
}

int ImageListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || !source_ ? 0 : source_->count();
}

QVariant ImageListModel::data(const QModelIndex& index, int role) const {
  if (!source_ || !index.isValid() || index.row() >= source_->count()) return {};
  const int row = index.row();
  switch (role) {
    case Qt::DisplayRole: return QString::number(row);
    case Qt::DecorationRole: {
      if (QPixmap* cached = thumbnails_.object(row)) return *cached;
      const QImage img = source_->image(row);
      if (img.isNull()) return {};
      auto* pix = new QPixmap(QPixmap::fromImage(img.scaled(56, 56, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
      const QPixmap copy = *pix;
      thumbnails_.insert(row, pix);
      return copy;
    }
    case Qt::ToolTipRole: {
      const int label = source_->label(row);
      return label >= 0 && label < classNames_.size() ? tr("#%1: %2").arg(row).arg(classNames_[label]) : tr("#%1").arg(row);
    }
    case DatasetIndexRole: return row;
    case LabelRole: return source_->label(row);
  }
  return {};
}

ImageBrowser::ImageBrowser(QWidget* parent)
    : QWidget(parent),
      model_(new ImageListModel(this)),
      filter_(new QSortFilterProxyModel(this)),
      classFilter_(new QComboBox(this)),
      view_(new QListView(this)),
      caption_(new QLabel(this)) {
  filter_->setSourceModel(model_);
  filter_->setFilterRole(ImageListModel::LabelRole);
  view_->setModel(filter_);
  view_->setViewMode(QListView::IconMode);
  view_->setIconSize({56, 56});
  view_->setGridSize({72, 84});
  view_->setUniformItemSizes(true);
  view_->setResizeMode(QListView::Adjust);
  view_->setMovement(QListView::Static);
  view_->setLayoutMode(QListView::Batched);
  classFilter_->setToolTip(tr("Show only images of one class"));
  caption_->setWordWrap(true);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  layout->addWidget(classFilter_);
  layout->addWidget(view_, 1);
  layout->addWidget(caption_);
  connect(classFilter_, &QComboBox::currentIndexChanged, this, [this](int i) { setClassFilter(i - 1); });
  connect(view_->selectionModel(), &QItemSelectionModel::currentChanged, this,
          [this](const QModelIndex& current) { onCurrentChanged(current); });
  setSource(nullptr);
}

void ImageBrowser::setSource(std::shared_ptr<const ImageSource> source) {
  const QSignalBlocker block(classFilter_);
  classFilter_->clear();
  classFilter_->addItem(tr("All classes"));
  if (source)
    for (const auto& name : source->classNames()) classFilter_->addItem(name);
  caption_->setText(source ? source->description() : tr("No data set"));
  model_->setSource(std::move(source));
  setClassFilter(-1);
}

void ImageBrowser::setClassFilter(int classIndex) {
  filter_->setFilterFixedString(QString());
  if (classIndex >= 0)
    filter_->setFilterRegularExpression(QRegularExpression(QStringLiteral("^%1$").arg(classIndex)));
  if (classFilter_->currentIndex() != classIndex + 1) {
    const QSignalBlocker block(classFilter_);
    classFilter_->setCurrentIndex(classIndex + 1);
  }
}

int ImageBrowser::visibleCount() const { return filter_->rowCount(); }

void ImageBrowser::selectImage(int datasetIndex) {
  const QModelIndex source = model_->index(datasetIndex, 0);
  const QModelIndex proxy = filter_->mapFromSource(source);
  if (proxy.isValid()) view_->setCurrentIndex(proxy);
}

void ImageBrowser::onCurrentChanged(const QModelIndex& current) {
  if (current.isValid()) Q_EMIT imageSelected(current.data(ImageListModel::DatasetIndexRole).toInt());
}

}  // namespace faultlens::widgets
