#pragma once
// Thumbnails of the open data set, filterable by class and, once the Analyses dock has
// evaluated the models, by correctness and Top2Diff. Thumbnails are made on demand and
// cached, so a 60,000-image set opens instantly.
#include <QAbstractListModel>
#include <QCache>
#include <QSortFilterProxyModel>
#include <QWidget>

#include "widgets/ViewData.h"

class QComboBox;
class QListView;
class QLabel;
class QSpinBox;

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

/// Which images to keep by the two models' answers (evaluated images only).
enum class CorrectnessFilter { Any, BaselineWrong, GuidedWrong, EitherWrong, BothCorrect };

/// One model's evaluation of images [0, correct.size()) of the data set.
struct ImageEvaluation {
  QVector<bool> correct;
  QVector<double> top2Diff;  ///< percentage points; NaN for non-finite outputs
};

/// Keeps rows by class, correctness and Top2Diff. Images without an evaluation pass only
/// while no evaluation-based filter is on.
class ImageFilterProxy : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  using QSortFilterProxyModel::QSortFilterProxyModel;
  void setClassIndex(int classIndex);
  void setCorrectness(CorrectnessFilter filter);
  /// Keep images whose Top2Diff is at most this in either model (NaN counts as 0); a
  /// negative value switches the filter off.
  void setMaxTop2Diff(double percentagePoints);
  /// model 0: baseline, 1: text-guided; an empty evaluation forgets that model's.
  void setEvaluation(int model, const ImageEvaluation& evaluation);
  bool hasEvaluation() const { return !evaluations_[0].correct.isEmpty() || !evaluations_[1].correct.isEmpty(); }

 protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

 private:
  int classIndex_ = -1;
  CorrectnessFilter correctness_ = CorrectnessFilter::Any;
  double maxTop2Diff_ = -1.0;
  ImageEvaluation evaluations_[2];
};

class ImageBrowser : public QWidget {
  Q_OBJECT
 public:
  explicit ImageBrowser(QWidget* parent = nullptr);

  void setSource(std::shared_ptr<const ImageSource> source);
  /// Shows only images of this class (-1: all).
  void setClassFilter(int classIndex);
  /// Per-image results of one model (0: baseline, 1: text-guided), enabling the
  /// correctness and Top2Diff filters.
  void setEvaluation(int model, const ImageEvaluation& evaluation);
  void setCorrectnessFilter(CorrectnessFilter filter);
  /// Top2Diff ≤ this (pp) in either model; negative: off.
  void setMaxTop2Diff(double percentagePoints);
  int visibleCount() const;
  QSize sizeHint() const override { return {300, 600}; }
  /// Selects the image with this data-set index (if visible) and emits imageSelected.
  /// False when the index is outside the data set: the caller says so, because silently
  /// keeping another image on screen would attribute its figures to the wrong one.
  bool selectImage(int datasetIndex);
  /// Images in the data set (visible or not).
  int imageCount() const;

 Q_SIGNALS:
  void imageSelected(int datasetIndex);

 private:
  void onCurrentChanged(const QModelIndex& current);

  ImageListModel* model_;
  ImageFilterProxy* filter_;
  QComboBox* classFilter_;
  QComboBox* correctnessFilter_;
  QSpinBox* top2DiffFilter_;
  QListView* view_;
  QLabel* caption_;
};

}  // namespace faultlens::widgets
