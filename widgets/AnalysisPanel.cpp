#include "widgets/AnalysisPanel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QResizeEvent>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

#include <limits>

#include "widgets/plots/PlotPane.h"
#include "widgets/plots/PlotViews.h"
#include "widgets/CountBox.h"

namespace faultlens::widgets {

AnalysisPanel::AnalysisPanel(QWidget* parent)
    : QWidget(parent),
      images_(new CountBox(tr("all"), 100000000, this)),
      compute_(new QPushButton(tr("&Compute"), this)),
      cancel_(new QPushButton(tr("Cancel"), this)),
      progress_(new QProgressBar(this)),
      progressLabel_(new QLabel(this)),
      panes_(new QSplitter(Qt::Horizontal, this)),
      ranges_(new ActivationRangePlot),
      sweep_(new Top2DiffSweepPlot) {
  images_->setValue(1000);
  images_->setToolTip(tr("Evaluate the first N images of the data set (all: the whole set)"));
  compute_->setObjectName("analysisCompute");
  compute_->setToolTip(tr("Accuracy, Top2Diff sweep and per-layer activation ranges of both models"));
  cancel_->setObjectName("analysisCancel");
  auto* controls = new QHBoxLayout;
  controls->addWidget(new QLabel(tr("Images"), this));
  controls->addWidget(images_);
  for (QPushButton* b : {compute_, cancel_}) controls->addWidget(b);
  // Progress on the same row: the plots get the height.
  controls->addWidget(progress_, 1);
  controls->addWidget(progressLabel_, 2);
  // Wraps in a narrow dock (a laptop's) instead of being cut.
  progressLabel_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  progressLabel_->setWordWrap(true);
  // Both plots at once, side by side (one above the other when the dock is tall).
  const QString empty = tr("Compute evaluates both models on the first N images and fills this plot.");
  rangesHint_ = empty;
  rangesPane_ = new PlotPane(tr("Activations per layer"), ranges_, QStringLiteral("activation_ranges"), empty, this);
  // The same pane shows the selected image layer by layer: where a fault's corruption
  // starts, grows or dies out, beside the data set's ranges.
  imagePlot_ = new ImageLayerPlot;
  rangesPane_->addPlot(imagePlot_, QStringLiteral("image_layers"));
  activationMode_ = new QComboBox(this);
  activationMode_->setObjectName("activationMode");
  activationMode_->addItem(tr("data set |a| max, mean"), -1);
  activationMode_->addItem(tr("this image |a| max"), static_cast<int>(ImageLayerPlot::Quantity::AbsMax));
  activationMode_->addItem(tr("this image |a| mean"), static_cast<int>(ImageLayerPlot::Quantity::AbsMean));
  activationMode_->addItem(tr("this image: deviation"), static_cast<int>(ImageLayerPlot::Quantity::Deviation));
  activationMode_->setToolTip(tr("The data set's activation ranges (Compute), or the selected image layer by "
                                 "layer: clean and with the applied fault, or the faulty output's relative L2 "
                                 "deviation from the clean one"));
  // On a row of its own, whole: beside the title it squeezed both ("Activ…", "data s…").
  rangesPane_->addControlRowWidget(activationMode_);
  connect(activationMode_, &QComboBox::currentIndexChanged, this, &AnalysisPanel::refreshActivationPane);
  sweepPane_ = new PlotPane(tr("Top2Diff sweep"), sweep_, QStringLiteral("top2diff_sweep"), empty, this);
  // Accuracy under weight bit-error rates: a sweep of its own (trials × rates evaluations).
  ber_ = new BitErrorRatePlot;
  berPane_ = new PlotPane(tr("Accuracy vs BER"), ber_, QStringLiteral("ber_sweep"),
                          tr("Sweep evaluates both models with every weight bit flipped independently at each rate "
                             "(the bits of the format they compute in), several seeded draws per rate."),
                          this);
  berRates_ = new QLineEdit(QStringLiteral("1e-7:1e-4:4"), this);
  berRates_->setObjectName("berRates");
  berRates_->setToolTip(tr("Bit-error rates: LO:HI:N for N log-spaced rates, or a list R1,R2,..."));
  berRates_->setMaximumWidth(berRates_->fontMetrics().horizontalAdvance(QStringLiteral("1e-7:1e-4:4")) + 12);
  berTrials_ = new QSpinBox(this);
  berTrials_->setObjectName("berTrials");
  berTrials_->setRange(1, 1000);
  berTrials_->setValue(5);
  berTrials_->setPrefix(tr("trials "));
  berTrials_->setToolTip(tr("Trials: independent draws per rate; the interval is a 99 % Student-t interval over "
                            "them"));
  berSeed_ = new QSpinBox(this);
  berSeed_->setObjectName("berSeed");
  berSeed_->setRange(0, std::numeric_limits<int>::max());
  berSeed_->setValue(1);
  berSeed_->setPrefix(tr("seed "));
  berSeed_->setToolTip(tr("Seed of the draws: the same seed, rates and trials give the same flips "
                          "(faultlens-cli ber --seed)"));
  berCompute_ = new QPushButton(tr("S&weep"), this);
  berCompute_->setObjectName("berCompute");
  berCompute_->setToolTip(tr("Accuracy of both models at each rate on the first N images (Images above)"));
  // Rates and Sweep in the header, trials and seed under it: all four in one row would make
  // the pane too wide for the Analyses dock on a laptop screen.
  berPane_->addHeaderWidget(berRates_);
  berPane_->addHeaderWidget(berCompute_);
  berPane_->addControlRowWidget(berTrials_);
  berPane_->addControlRowWidget(berSeed_);
  connect(berCompute_, &QPushButton::clicked, this, [this] {
    computeBitErrorRates(images_->value(), berRates_->text(), berTrials_->value(), berSeed_->value());
  });
  // The sweep and the BER pane share the second place as tabs: three plots side by side
  // would leave each too narrow to read under the model panels.
  auto* sweeps = new QTabWidget(this);
  sweeps->setObjectName("analysisSweeps");
  sweeps->setDocumentMode(true);
  sweeps->addTab(sweepPane_, tr("Top2Diff"));
  sweeps->addTab(berPane_, tr("Bit-error rate"));
  panes_->addWidget(rangesPane_);
  panes_->addWidget(sweeps);
  // Half each, whatever the headers' widths (the BER pane's controls would take more).
  panes_->setStretchFactor(0, 1);
  panes_->setStretchFactor(1, 1);
  panes_->setSizes({1000, 1000});
  for (PlotPane* pane : {rangesPane_, sweepPane_, berPane_}) {
    connect(pane, &PlotPane::problem, this, &AnalysisPanel::problem);
    connect(pane, &PlotPane::status, this, &AnalysisPanel::status);
  }
  panes_->setChildrenCollapsible(false);
  progress_->setRange(0, 1);
  progress_->setValue(0);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(controls);
  layout->addWidget(panes_, 1);

  connect(compute_, &QPushButton::clicked, this, [this] { compute(images_->value()); });
  connect(cancel_, &QPushButton::clicked, this, [this] {
    cancel_->setEnabled(false);
    progressLabel_->setText(tr("Cancelling…"));
    Q_EMIT cancelRequested();
  });
  setRunning(false);
}

void AnalysisPanel::compute(int images) {
  if (running_) return;
  images_->setValue(images);
  setRunning(true);
  progressLabel_->setText(tr("Loading the models…"));
  // A new run's own line in the status bar, so an earlier failure does not stand beside it.
  Q_EMIT status(tr("Analyses running on %1 images…").arg(images));
  Q_EMIT computeRequested(images);
}

void AnalysisPanel::computeBitErrorRates(int images, const QString& rates, int trials, int seed) {
  if (running_) return;
  images_->setValue(images);
  berRates_->setText(rates);
  berTrials_->setValue(trials);
  berSeed_->setValue(seed);
  setRunning(true);
  progressLabel_->setText(tr("Loading the models…"));
  Q_EMIT status(tr("Bit-error-rate sweep running on %1 images…").arg(images));
  Q_EMIT bitErrorRatesRequested(images, rates, trials, seed);
}

void AnalysisPanel::showBitErrorRates(const QVector<BitErrorRateSeries>& series) {
  ber_->setSeries(series);
  berPane_->showPlot();
  if (auto* sweeps = findChild<QTabWidget*>("analysisSweeps")) sweeps->setCurrentWidget(berPane_);
}

QString AnalysisPanel::progressText() const { return progressLabel_->text(); }

void AnalysisPanel::setRunning(bool running) {
  running_ = running;
  compute_->setEnabled(!running);
  images_->setEnabled(!running);
  berCompute_->setEnabled(!running);
  berSeed_->setEnabled(!running);
  cancel_->setEnabled(running);
}

void AnalysisPanel::showProgress(qint64 done, qint64 total) {
  progress_->setRange(0, static_cast<int>(std::min<qint64>(total, INT_MAX)));
  progress_->setValue(static_cast<int>(std::min<qint64>(done, INT_MAX)));
  progressLabel_->setText(tr("%1 / %2 evaluations").arg(done).arg(total));
}

void AnalysisPanel::showRanges(const QVector<ActivationRangeSeries>& series) {
  ranges_->setSeries(series);
  rangesComputed_ = true;
  refreshActivationPane();
}

void AnalysisPanel::showImageProfile(ModelSlot slot, const ImageLayerProfile& profile) {
  imageProfiles_[static_cast<int>(slot)] = profile;
  QVector<ImageLayerProfile> present;
  for (const auto& p : imageProfiles_)
    if (!p.layers.isEmpty()) present << p;
  imagePlot_->setProfiles(present);
  refreshActivationPane();
}

void AnalysisPanel::clearImageProfiles() {
  for (auto& p : imageProfiles_) p = {};
  imagePlot_->setProfiles({});
  refreshActivationPane();
}

void AnalysisPanel::showActivationMode(int quantity) {
  activationMode_->setCurrentIndex(std::max(0, activationMode_->findData(quantity)));
}

void AnalysisPanel::refreshActivationPane() {
  const int quantity = activationMode_->currentData().toInt();
  if (quantity < 0) {
    if (rangesComputed_) rangesPane_->showPlot(ranges_);
    else rangesPane_->showEmpty(rangesHint_);
    return;
  }
  imagePlot_->setQuantity(static_cast<ImageLayerPlot::Quantity>(quantity));
  if (imagePlot_->hasProfiles()) rangesPane_->showPlot(imagePlot_);
  else rangesPane_->showEmpty(tr("Select an image: its layers appear here, clean and with the applied fault."));
}

void AnalysisPanel::showSweep(const Top2DiffSweepData& data) {
  sweep_->setData(data);
  sweepPane_->showPlot();
}

void AnalysisPanel::invalidate(const QString& why) {
  // Nothing shown yet (e.g. at start-up): the plots keep saying how to fill them.
  if (!rangesComputed_ && !sweepPane_->showsPlot() && !berPane_->showsPlot() && !running_) return;
  rangesComputed_ = false;
  rangesHint_ = why;
  refreshActivationPane();
  sweepPane_->showEmpty(why);
  berPane_->showEmpty(why);
  if (!running_) progressLabel_->setText(why);
  progress_->setValue(0);
}

void AnalysisPanel::resizeEvent(QResizeEvent* event) {
  // Side by side in a wide dock (under the model panels), stacked in a tall one.
  panes_->setOrientation(event->size().width() >= event->size().height() ? Qt::Horizontal : Qt::Vertical);
  QWidget::resizeEvent(event);
}

void AnalysisPanel::showFinished(const QString& message) {
  setRunning(false);
  progressLabel_->setText(message);
  Q_EMIT status(message);
}

}  // namespace faultlens::widgets
