#pragma once
// Thumbnails of the open data set, filterable by class. Thumbnails are made on demand and
// cached, so a 60,000-image set opens instantly.
#include <QAbstractListModel>
#include <QCache>
#include <QWidget>

#include "widgets/ViewData.h"

class QComboBox;
class QListView;
class QSortFilterProxyModel;
class QLabel;

namespace faultlens::widgets {

class ImageListModel : public QAbstractListModel {
  Q_OBJECT
 public:
  enum Roles { DatasetIndexRole = Qt::UserRole + 1, LabelRole };
  using QAbstractListModel::QAbstractListModel;

  void setSource(std::shared_ptr<const ImageSource> source);
  const ImageSource* source() const { return source_.get(); }
  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

 private:
  std::shared_ptr<const ImageSource> source_;
  QStringList classNames_;
  mutable QCache<int, QPixmap> thumbnails_{2000};
};

class ImageBrowser : public QWidget {
  Q_OBJECT
 public:
  explicit ImageBrowser(QWidget* parent = nullptr);

  void setSource(std::shared_ptr<const ImageSource> source);
  /// Shows only images of this class (-1: all).
  void setClassFilter(int classIndex);
  int visibleCount() const;
  QSize sizeHint() const override { return {300, 600}; }
  /// Selects the image with this data-set index (if visible) and emits imageSelected.
  void selectImage(int datasetIndex);

 Q_SIGNALS:
  void imageSelected(int datasetIndex);

 private:
  void onCurrentChanged(const QModelIndex& current);

  ImageListModel* model_;
  QSortFilterProxyModel* filter_;
  QComboBox* classFilter_;
  QListView* view_;
  QLabel* caption_;
};

}  // namespace faultlens::widgets
