#include "widgets/CamGridView.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace faultlens::widgets {

CamGridView::CamGridView(QWidget* parent)
    : QWidget(parent), picture_(new QLabel(this)), caption_(new QLabel(this)), export_(new QPushButton(tr("Export PNG…"), this)) {
  auto* layout = new QVBoxLayout(this);
  picture_->setAlignment(Qt::AlignCenter);
  picture_->setMinimumSize(200, 160);
  picture_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
  caption_->setWordWrap(true);
  caption_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  export_->setEnabled(false);
  export_->setToolTip(tr("Save the grid as a PNG image, as shown (shared colour scale)"));
  layout->addWidget(picture_, 1);
  layout->addWidget(caption_);
  layout->addWidget(export_, 0, Qt::AlignRight);
  connect(export_, &QPushButton::clicked, this, &CamGridView::exportRequested);
  showMessage(tr("Ablation-CAM maps appear here once an image is selected."));
}

void CamGridView::showGrid(const QImage& grid, const QString& caption) {
  image_ = grid;
  caption_->setText(caption);
  export_->setEnabled(!grid.isNull());
  rescale();
}

void CamGridView::showMessage(const QString& message) {
  image_ = QImage();
  picture_->setPixmap(QPixmap());
  picture_->setText(message);
  caption_->clear();
  export_->setEnabled(false);
}

void CamGridView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  rescale();
}

void CamGridView::rescale() {
  if (image_.isNull()) return;
  picture_->setPixmap(QPixmap::fromImage(image_).scaled(picture_->size(), Qt::KeepAspectRatio, Qt::SmoothTransformation));
}

}  // namespace faultlens::widgets
