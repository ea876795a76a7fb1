#include "widgets/ImageBrowser.h"

#include <QComboBox>
#include <QLabel>
#include <QListView>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

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
      return label >= 0 && label < classNames_.size() ? tr("#%1: %2").arg(row).arg(classNames_[label])
                                                      : tr("#%1").arg(row);
    }
    case DatasetIndexRole: return row;
    case LabelRole: return source_->label(row);
  }
  return {};
}

void ImageFilterProxy::setClassIndex(int classIndex) {
  classIndex_ = classIndex;
  invalidateRowsFilter();
}

void ImageFilterProxy::setCorrectness(CorrectnessFilter filter) {
  correctness_ = filter;
  invalidateRowsFilter();
}

void ImageFilterProxy::setMaxTop2Diff(double percentagePoints) {
  maxTop2Diff_ = percentagePoints;
  invalidateRowsFilter();
}

void ImageFilterProxy::setEvaluation(int model, const ImageEvaluation& evaluation) {
  evaluations_[model] = evaluation;
  invalidateRowsFilter();
}

bool ImageFilterProxy::filterAcceptsRow(int row, const QModelIndex& parent) const {
  if (classIndex_ >= 0 && sourceModel()->index(row, 0, parent).data(ImageListModel::LabelRole).toInt() != classIndex_)
    return false;
  if (correctness_ == CorrectnessFilter::Any && maxTop2Diff_ < 0) return true;
  // An evaluation-based filter is on: only images every evaluated model has seen qualify.
  bool seen = false;
  bool wrong[2] = {false, false};
  double smallestTop2Diff = INFINITY;
  for (int m = 0; m < 2; ++m) {
    const ImageEvaluation& e = evaluations_[m];
    if (e.correct.isEmpty()) continue;
    if (row >= e.correct.size()) return false;
    seen = true;
    wrong[m] = !e.correct[row];
    const double d = e.top2Diff.value(row);
    smallestTop2Diff = std::min(smallestTop2Diff, std::isnan(d) ? 0.0 : d);
  }
  if (!seen) return false;
  if (maxTop2Diff_ >= 0 && !(smallestTop2Diff <= maxTop2Diff_)) return false;
  switch (correctness_) {
    case CorrectnessFilter::Any: return true;
    case CorrectnessFilter::BaselineWrong: return !evaluations_[0].correct.isEmpty() && wrong[0];
    case CorrectnessFilter::GuidedWrong: return !evaluations_[1].correct.isEmpty() && wrong[1];
    case CorrectnessFilter::EitherWrong: return wrong[0] || wrong[1];
    case CorrectnessFilter::BothCorrect: return !wrong[0] && !wrong[1];
  }
  return true;
}

ImageBrowser::ImageBrowser(QWidget* parent)
    : QWidget(parent),
      model_(new ImageListModel(this)),
      filter_(new ImageFilterProxy(this)),
      classFilter_(new QComboBox(this)),
      correctnessFilter_(new QComboBox(this)),
      top2DiffFilter_(new QSpinBox(this)),
      view_(new QListView(this)),
      caption_(new QLabel(this)) {
  filter_->setSourceModel(model_);
  view_->setModel(filter_);
  view_->setViewMode(QListView::IconMode);
  view_->setIconSize({56, 56});
  view_->setGridSize({72, 84});
  view_->setUniformItemSizes(true);
  view_->setResizeMode(QListView::Adjust);
  view_->setMovement(QListView::Static);
  view_->setLayoutMode(QListView::Batched);
  classFilter_->setToolTip(tr("Show only images of one class"));
  correctnessFilter_->setObjectName("correctnessFilter");
  correctnessFilter_->addItem(tr("Any answer"), static_cast<int>(CorrectnessFilter::Any));
  correctnessFilter_->addItem(tr("Baseline wrong"), static_cast<int>(CorrectnessFilter::BaselineWrong));
  correctnessFilter_->addItem(tr("Text-guided wrong"), static_cast<int>(CorrectnessFilter::GuidedWrong));
  correctnessFilter_->addItem(tr("Either wrong"), static_cast<int>(CorrectnessFilter::EitherWrong));
  correctnessFilter_->addItem(tr("Both correct"), static_cast<int>(CorrectnessFilter::BothCorrect));
  top2DiffFilter_->setObjectName("top2DiffFilter");
  top2DiffFilter_->setRange(-1, 100);
  top2DiffFilter_->setValue(-1);
  top2DiffFilter_->setSpecialValueText(tr("any Top2Diff"));
  top2DiffFilter_->setPrefix(tr("Top2Diff ≤ "));
  top2DiffFilter_->setSuffix(tr(" pp"));
  for (QWidget* w : std::initializer_list<QWidget*>{correctnessFilter_, top2DiffFilter_}) {
    w->setEnabled(false);
    w->setToolTip(tr("Evaluate the models in the Analyses dock first; the filters then apply to the evaluated images"));
  }
  caption_->setWordWrap(true);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  layout->addWidget(classFilter_);
  layout->addWidget(correctnessFilter_);  // one per row: the dock stays narrow
  layout->addWidget(top2DiffFilter_);
  layout->addWidget(view_, 1);
  layout->addWidget(caption_);
  connect(classFilter_, &QComboBox::currentIndexChanged, this, [this](int i) { setClassFilter(i - 1); });
  connect(correctnessFilter_, &QComboBox::currentIndexChanged, this, [this] {
    filter_->setCorrectness(static_cast<CorrectnessFilter>(correctnessFilter_->currentData().toInt()));
  });
  connect(top2DiffFilter_, &QSpinBox::valueChanged, this, [this](int v) { filter_->setMaxTop2Diff(v); });
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
  // Another data set: evaluations of the old one no longer apply.
  for (int m = 0; m < 2; ++m) filter_->setEvaluation(m, {});
  setCorrectnessFilter(CorrectnessFilter::Any);
  setMaxTop2Diff(-1);
  for (QWidget* w : std::initializer_list<QWidget*>{correctnessFilter_, top2DiffFilter_}) w->setEnabled(false);
  model_->setSource(std::move(source));
  setClassFilter(-1);
}

void ImageBrowser::setEvaluation(int model, const ImageEvaluation& evaluation) {
  filter_->setEvaluation(model, evaluation);
  for (QWidget* w : std::initializer_list<QWidget*>{correctnessFilter_, top2DiffFilter_}) {
    w->setEnabled(filter_->hasEvaluation());
    w->setToolTip(tr("Applies to the %1 evaluated images").arg(evaluation.correct.size()));
  }
}

void ImageBrowser::setCorrectnessFilter(CorrectnessFilter filter) {
  correctnessFilter_->setCurrentIndex(correctnessFilter_->findData(static_cast<int>(filter)));
  filter_->setCorrectness(filter);
}

void ImageBrowser::setMaxTop2Diff(double percentagePoints) {
  top2DiffFilter_->setValue(percentagePoints < 0 ? -1 : static_cast<int>(std::ceil(percentagePoints)));
  filter_->setMaxTop2Diff(percentagePoints);
}

void ImageBrowser::setClassFilter(int classIndex) {
  filter_->setClassIndex(classIndex);
  if (classFilter_->currentIndex() != classIndex + 1) {
    const QSignalBlocker block(classFilter_);
    classFilter_->setCurrentIndex(classIndex + 1);
  }
}

int ImageBrowser::visibleCount() const { return filter_->rowCount(); }

bool ImageBrowser::selectImage(int datasetIndex) {
  if (datasetIndex < 0 || datasetIndex >= model_->rowCount()) return false;
  const QModelIndex source = model_->index(datasetIndex, 0);
  const QModelIndex proxy = filter_->mapFromSource(source);
  if (proxy.isValid()) view_->setCurrentIndex(proxy);
  return true;
}

int ImageBrowser::imageCount() const { return model_->rowCount(); }

void ImageBrowser::onCurrentChanged(const QModelIndex& current) {
  if (current.isValid()) Q_EMIT imageSelected(current.data(ImageListModel::DatasetIndexRole).toInt());
}

}  // namespace faultlens::widgets
