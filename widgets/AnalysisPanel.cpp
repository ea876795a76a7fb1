#include "widgets/AnalysisPanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

#include "widgets/plots/PlotExportButtons.h"
#include "widgets/plots/PlotViews.h"

namespace faultlens::widgets {

AnalysisPanel::AnalysisPanel(QWidget* parent)
    : QWidget(parent),
      images_(new QSpinBox(this)),
      compute_(new QPushButton(tr("&Compute"), this)),
      cancel_(new QPushButton(tr("Cancel"), this)),
      progress_(new QProgressBar(this)),
      progressLabel_(new QLabel(this)),
      tabs_(new QTabWidget(this)),
      ranges_(new ActivationRangePlot(this)),
      sweep_(new Top2DiffSweepPlot(this)) {
  images_->setRange(0, 100000000);
  images_->setValue(1000);
  images_->setSpecialValueText(tr("all"));
  images_->setToolTip(tr("Evaluate the first N images of the data set (all: the whole set)"));
  compute_->setObjectName("analysisCompute");
  compute_->setToolTip(tr("Accuracy, Top2Diff sweep and per-layer activation ranges of both models"));
  cancel_->setObjectName("analysisCancel");
  auto* controls = new QHBoxLayout;
  controls->addWidget(new QLabel(tr("Images"), this));
  controls->addWidget(images_);
  for (QPushButton* b : {compute_, cancel_}) controls->addWidget(b);
  controls->addStretch(1);
  // Exports act on the visible tab: they sit in the tab bar's corner, keeping the dock narrow.
  exports_ = new PlotExportButtons(
      [this] {
        return std::pair{currentPlot(), tabs_->currentIndex() == 0 ? QStringLiteral("activation_ranges")
                                                                   : QStringLiteral("top2diff_sweep")};
      },
      this);
  tabs_->setCornerWidget(exports_, Qt::TopRightCorner);
  tabs_->addTab(ranges_, tr("Activation ranges"));
  tabs_->addTab(sweep_, tr("Top2Diff sweep"));
  progress_->setRange(0, 1);
  progress_->setValue(0);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(controls);
  auto* progressRow = new QHBoxLayout;
  progressRow->addWidget(progress_, 1);
  progressRow->addWidget(progressLabel_, 2);
  layout->addLayout(progressRow);
  layout->addWidget(tabs_, 1);

  connect(compute_, &QPushButton::clicked, this, [this] { compute(images_->value()); });
  connect(cancel_, &QPushButton::clicked, this, [this] {
    cancel_->setEnabled(false);
    progressLabel_->setText(tr("Cancelling…"));
    Q_EMIT cancelRequested();
  });
  connect(exports_, &PlotExportButtons::problem, this, &AnalysisPanel::problem);
  connect(exports_, &PlotExportButtons::status, this, &AnalysisPanel::status);
  setRunning(false);
}

void AnalysisPanel::compute(int images) {
  if (running_) return;
  images_->setValue(images);
  setRunning(true);
  progressLabel_->setText(tr("Loading the models…"));
  Q_EMIT computeRequested(images);
}

AnalysisPlot* AnalysisPanel::currentPlot() const { return qobject_cast<AnalysisPlot*>(tabs_->currentWidget()); }

QString AnalysisPanel::progressText() const { return progressLabel_->text(); }

void AnalysisPanel::setRunning(bool running) {
  running_ = running;
  compute_->setEnabled(!running);
  images_->setEnabled(!running);
  cancel_->setEnabled(running);
}

void AnalysisPanel::showProgress(qint64 done, qint64 total) {
  progress_->setRange(0, static_cast<int>(std::min<qint64>(total, INT_MAX)));
  progress_->setValue(static_cast<int>(std::min<qint64>(done, INT_MAX)));
  progressLabel_->setText(tr("%1 / %2 image evaluations").arg(done).arg(total));
}

void AnalysisPanel::showRanges(const QVector<ActivationRangeSeries>& series) { ranges_->setSeries(series); }

void AnalysisPanel::showSweep(const Top2DiffSweepData& data) { sweep_->setData(data); }

void AnalysisPanel::showFinished(const QString& message) {
  setRunning(false);
  progressLabel_->setText(message);
  Q_EMIT status(message);
}

QString AnalysisPanel::exportCurrent(const QString& path) { return exports_->exportTo(path); }

}  // namespace faultlens::widgets
