#include "widgets/CamGridView.h"

#include <QEvent>
#include <QCheckBox>
#include <QComboBox>
#include <QSlider>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace faultlens::widgets {

CamGridView::CamGridView(QWidget* parent)
    : QWidget(parent),
      layer_(new QComboBox(this)),
      colours_(new QComboBox(this)),
      scale_(new QComboBox(this)),
      opacity_(new QSlider(Qt::Horizontal, this)),
      colourBar_(new QCheckBox(tr("colour bar"), this)),
      picture_(new QLabel(this)),
      caption_(new QLabel(this)),
      export_(new QPushButton(tr("Export…"), this)) {
  layer_->setObjectName("camLayer");
  layer_->setToolTip(tr("The CAM target: the convolution or block output whose channels are ablated"));
  colours_->setObjectName("camColours");
  for (const char* name : {"jet", "viridis", "cividis"})
    colours_->addItem(QString::fromLatin1(name), QString::fromLatin1(name));
  colours_->setToolTip(tr("Colour map (jet as in the paper; viridis and cividis are colour-blind safe)"));
  scale_->setObjectName("camScale");
  // First, and the default: one huge faulty value cannot flatten the clean maps.
  scale_->addItem(tr("scale of the clean maps"), QStringLiteral("clean"));
  scale_->addItem(tr("one scale for all maps"), QStringLiteral("shared"));
  scale_->addItem(tr("one scale per model"), QStringLiteral("model"));
  scale_->addItem(tr("one scale per map"), QStringLiteral("map"));
  scale_->setToolTip(tr("Which maps share a colour scale. Clean: every map on the clean maps' range, faulty values "
                        "above it white, so clean and faulty maps stay comparable under a huge faulty value"));
  opacity_->setObjectName("camOpacity");
  opacity_->setRange(0, 100);
  opacity_->setValue(50);
  opacity_->setToolTip(tr("Opacity of the maps over the image"));
  colourBar_->setObjectName("camColourBar");
  colourBar_->setChecked(true);
  colourBar_->setToolTip(tr("Draw a colour bar for each colour scale"));
  setTargets({}, {});
  // Long layer names and scale texts may not set the dock's minimum width (the column
  // beside the model panels must fit a 1366-pixel screen): the boxes shrink and elide.
  for (QComboBox* box : {layer_, colours_, scale_}) {
    box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    box->setMinimumContentsLength(6);
  }
  // The target on a row of its own: beside the colour and scale boxes, a block name and a
  // German scale text did not fit a laptop's dock.
  auto* controls = new QHBoxLayout;
  controls->addWidget(colours_, 1);
  controls->addWidget(scale_, 2);
  auto* overlay = new QHBoxLayout;
  overlay->addWidget(new QLabel(tr("Opacity"), this));
  overlay->addWidget(opacity_, 1);
  overlay->addWidget(colourBar_);
  const auto changed = [this] {
    wantedLayer_ = layer_->currentData().toString();
    Q_EMIT settingsChanged(settings());
  };
  for (QComboBox* box : {layer_, colours_, scale_}) connect(box, &QComboBox::activated, this, changed);
  // On release, not on every step of a drag: each change recomputes the grid.
  connect(opacity_, &QSlider::sliderReleased, this, changed);
  connect(opacity_, &QSlider::actionTriggered, this, [this, changed](int action) {
    if (action != QAbstractSlider::SliderMove) QTimer::singleShot(0, this, changed);  // keys, page clicks
  });
  connect(colourBar_, &QCheckBox::clicked, this, changed);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(layer_);
  layout->addLayout(controls);
  layout->addLayout(overlay);
  picture_->setAlignment(Qt::AlignCenter);
  picture_->setMinimumSize(200, 160);
  picture_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
  // The picture's own size decides the scale: it also changes when the caption below it
  // gains or loses lines, without the view being resized (the first grid was cropped).
  picture_->installEventFilter(this);
  caption_->setWordWrap(true);
  caption_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  export_->setEnabled(false);
  export_->setToolTip(tr("Save the grid as a figure (PDF, SVG or PNG) in the figure style, with its caption"));
  layout->addWidget(picture_, 1);
  layout->addWidget(caption_);
  layout->addWidget(export_, 0, Qt::AlignRight);
  connect(export_, &QPushButton::clicked, this, &CamGridView::exportRequested);
  showMessage(tr("Ablation-CAM maps appear here once an image is selected."));
}

void CamGridView::setTargets(const QStringList& targets, const QString& defaultTarget) {
  const QSignalBlocker block(layer_);
  layer_->clear();
  layer_->addItem(defaultTarget.isEmpty() ? tr("last block (default)") : tr("%1 (default)").arg(defaultTarget),
                  QString());
  for (const QString& t : targets) layer_->addItem(t, t);
  layer_->setCurrentIndex(std::max(0, layer_->findData(wantedLayer_)));
}

ProjectCamSettings CamGridView::settings() const {
  ProjectCamSettings s;
  s.layer = wantedLayer_.toStdString();
  s.colourMap = colours_->currentData().toString().toStdString();
  s.scale = scale_->currentData().toString().toStdString();
  s.opacity = opacity_->value() / 100.0;
  s.colourBar = colourBar_->isChecked();
  return s;
}

void CamGridView::setSettings(const ProjectCamSettings& s) {
  wantedLayer_ = QString::fromStdString(s.layer);
  layer_->setCurrentIndex(std::max(0, layer_->findData(wantedLayer_)));
  colours_->setCurrentIndex(std::max(0, colours_->findData(QString::fromStdString(s.colourMap))));
  scale_->setCurrentIndex(std::max(0, scale_->findData(QString::fromStdString(s.scale))));
  const QSignalBlocker block(opacity_);
  opacity_->setValue(static_cast<int>(std::lround(s.opacity * 100)));
  colourBar_->setChecked(s.colourBar);
}

void CamGridView::showGrid(const QImage& grid, const QString& caption, const QString& sidecar) {
  image_ = grid;
  sidecar_ = sidecar;
  caption_->setText(caption);
  export_->setEnabled(!grid.isNull());
  rescale();
}

void CamGridView::showMessage(const QString& message) {
  image_ = QImage();
  sidecar_.clear();
  picture_->setPixmap(QPixmap());
  picture_->setText(message);
  caption_->clear();
  export_->setEnabled(false);
}

bool CamGridView::eventFilter(QObject* watched, QEvent* event) {
  if (watched == picture_ && event->type() == QEvent::Resize) rescale();
  return QWidget::eventFilter(watched, event);
}

void CamGridView::rescale() {
  if (image_.isNull()) return;
  picture_->setPixmap(
      QPixmap::fromImage(image_).scaled(picture_->size(), Qt::KeepAspectRatio, Qt::SmoothTransformation));
}

}  // namespace faultlens::widgets
