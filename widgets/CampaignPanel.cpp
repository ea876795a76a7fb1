#include "widgets/CampaignPanel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QHeaderView>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

#include "core/faults/FloatBits.h"
#include "widgets/plots/PlotDataFromEngine.h"
#include "widgets/plots/PlotExportButtons.h"
#include "widgets/plots/PlotViews.h"
#include "widgets/CountBox.h"
#include "widgets/ProtocolChoice.h"
#include "widgets/ViewData.h"

namespace faultlens::widgets {
namespace {

const ErrorModel kErrorModels[] = {ErrorModel::BitFlip, ErrorModel::StuckAt0, ErrorModel::StuckAt1,
                                   ErrorModel::RandomValue};

QString duration(double seconds) {
  if (!std::isfinite(seconds)) return QStringLiteral("–");
  const qint64 s = std::llround(seconds);
  return s >= 3600 ? QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60)
         : s >= 60 ? QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60)
                   : QStringLiteral("%1 s").arg(s);
}

}  // namespace

CampaignPanel::CampaignPanel(QWidget* parent)
    : QWidget(parent),
      directory_(new QLineEdit(this)),
      layerList_(new QListWidget(this)),
      kind_(new QComboBox(this)),
      profileData_(new QLineEdit(this)),
      errorModel_(new QComboBox(this)),
      injections_(new QSpinBox(this)),
      images_(new CountBox(tr("all"), 100000000, this)),
      format_(new QComboBox(this)),
      bitLow_(new QSpinBox(this)),
      bitHigh_(new QSpinBox(this)),
      flips_(new QSpinBox(this)),
      flipPlacement_(new QComboBox(this)),
      seed_(new QLineEdit(QStringLiteral("1"), this)),
      batchSize_(new QSpinBox(this)),
      untilHalfWidth_(new QDoubleSpinBox(this)),
      stopMetric_(new QComboBox(this)),
      checkEvery_(new QSpinBox(this)),
      pinned_(new QLabel(this)),
      start_(new QPushButton(tr("&Start"), this)),
      cancel_(new QPushButton(tr("Cancel"), this)),
      open_(new QPushButton(tr("Open stored…"), this)),
      progress_(new QProgressBar(this)),
      progressLabel_(new QLabel(this)),
      summary_(new QLabel(this)),
      deltaLossWarning_(new QLabel(this)),
      paired_(new QLabel(this)),
      fragilePage_(new QWidget(this)),
      fragilityPlot_(new FragilityScatterPlot(fragilePage_)),
      fragileTable_(new QTableWidget(fragilePage_)),
      plot_(new CampaignResultPlot(this)),
      deltaLossPlot_(new CampaignDeltaLossPlot(this)),
      narrowingPlot_(new CampaignNarrowingPlot(this)),
      stopping_(new QLabel(this)),
      tabs_(new QTabWidget(this)) {
  // Buttons and progress stay in view; settings and results share the space below.
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(createButtonRow());
  layout->addLayout(createProgressRow());
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(summary_);
  deltaLossWarning_->setObjectName("campaignDeltaLossWarning");
  deltaLossWarning_->setWordWrap(true);
  deltaLossWarning_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  deltaLossWarning_->setStyleSheet(QStringLiteral("color: #c0392b"));
  deltaLossWarning_->hide();
  layout->addWidget(deltaLossWarning_);
  paired_->setWordWrap(true);
  paired_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  paired_->hide();
  layout->addWidget(paired_);
  tabs_->addTab(createSettingsPage(), tr("Settings"));
  tabs_->addTab(plot_, tr("Mismatch rate"));
  tabs_->addTab(deltaLossPlot_, tr("ΔLoss"));
  tabs_->addTab(createNarrowingPage(), tr("Narrowing"));
  tabs_->addTab(createFragilePage(), tr("Fragile inputs"));
  layout->addWidget(tabs_, 1);

  connect(kind_, &QComboBox::currentIndexChanged, this, &CampaignPanel::rebuildLayerList);
  connect(start_, &QPushButton::clicked, this, &CampaignPanel::startIfComplete);
  connect(cancel_, &QPushButton::clicked, this, [this] {
    cancel_->setEnabled(false);
    progressLabel_->setText(tr("Cancelling after the current batch…"));
    Q_EMIT cancelRequested();
  });
  connect(open_, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a stored campaign (its directory)"));
    if (!dir.isEmpty()) Q_EMIT openRequested(dir);
  });
  connect(directory_, &QLineEdit::textEdited, this, [this] {
    // Another directory is another campaign: back to the workbench's models and data.
    storedModels_.clear();
    storedData_.clear();
    storedRanges_.clear();
    pinned_->clear();
  });
  setRunning(false);
}

QWidget* CampaignPanel::createSettingsPage() {
  auto* form = new QFormLayout;
  auto* dirRow = new QHBoxLayout;
  directory_->setObjectName("campaignDirectory");
  directory_->setPlaceholderText(tr("directory for records and summary"));
  directory_->setToolTip(tr("Results are appended here as they complete; starting again with the same settings "
                            "resumes where the last run stopped"));
  auto* browse = new QPushButton(tr("…"), this);
  browse->setToolTip(tr("Choose the campaign directory"));
  connect(browse, &QPushButton::clicked, this, &CampaignPanel::chooseDirectory);
  dirRow->addWidget(directory_, 1);
  dirRow->addWidget(browse);
  form->addRow(tr("Directory"), dirRow);
  kind_->addItem(tr("activation"), static_cast<int>(FaultKind::Activation));
  kind_->addItem(tr("weight"), static_cast<int>(FaultKind::Weight));
  kind_->setToolTip(tr("Flip bits in layer outputs (activations) or in layer weights"));
  form->addRow(tr("Fault kind"), kind_);
  protocol_ = new ProtocolChoice(form, QStringLiteral("campaignProtocol"), this);
  profileData_->setObjectName("campaignProfileData");
  profileData_->setPlaceholderText(tr("the data set's training split"));
  profileData_->setToolTip(tr("Training data the paper's protocol profiles each layer's range on: "
                              "fashion-mnist:train, an IDX or CIFAR file or an image folder"));
  form->addRow(tr("Range profile from"), profileData_);
  const auto enableProfile = [this] {
    profileData_->setEnabled(protocol_->protocol() == Protocol::Paper && !running_);
  };
  connect(protocol_, &ProtocolChoice::changed, this, enableProfile);
  enableProfile();
  for (ErrorModel m : kErrorModels) errorModel_->addItem(QString::fromLatin1(errorModelName(m)), static_cast<int>(m));
  form->addRow(tr("Error model"), errorModel_);
  layerList_->setToolTip(tr("Layers to inject into; all of them by default"));
  layerList_->setMaximumHeight(120);
  form->addRow(tr("Layers"), layerList_);
  injections_->setObjectName("campaignInjections");
  injections_->setRange(1, 100000000);
  injections_->setValue(4096);
  injections_->setToolTip(tr("Injections per layer and model (4096 is the paper's setting)"));
  form->addRow(tr("Injections per layer"), injections_);
  images_->setToolTip(tr("Draw images from the first N of the data set (all: the whole set)"));
  form->addRow(tr("Images"), images_);
  format_->setObjectName("campaignFormat");
  format_->setEditable(true);
  format_->setInsertPolicy(QComboBox::NoInsert);
  for (const char* name : {"fp32", "bf16", "fp16", "fp8-e4m3", "fp8-e5m2", "int8", "fixed:3.12"})
    format_->addItem(QString::fromLatin1(name));
  format_->setToolTip(tr("The number format the models compute in during the campaign (weights rounded once, "
                         "every conv/linear output rounded); faults flip bits of the value's code in it. int8 "
                         "scales each layer by its abs-max: the paper protocol's profiles, else the first 512 "
                         "images of the data set"));
  connect(format_, &QComboBox::currentTextChanged, this, &CampaignPanel::fitBitsToFormat);
  form->addRow(tr("Values in"), format_);
  auto* bitRow = new QHBoxLayout;
  for (QSpinBox* b : {bitLow_, bitHigh_}) b->setRange(0, 31);
  bitHigh_->setValue(31);
  bitRow->addWidget(bitLow_);
  bitRow->addWidget(new QLabel(tr("to"), this));
  bitRow->addWidget(bitHigh_);
  form->addRow(tr("Bits"), bitRow);
  auto* flipRow = new QHBoxLayout;
  flips_->setObjectName("campaignFlips");
  flips_->setRange(1, 32);
  flips_->setToolTip(tr("Bits each fault changes in one value (a multi-bit upset); 1 is the paper's single flip"));
  flipPlacement_->addItem(tr("adjacent (a burst)"), static_cast<int>(BitPlacement::Burst));
  flipPlacement_->addItem(tr("anywhere in the range"), static_cast<int>(BitPlacement::Anywhere));
  flipPlacement_->setToolTip(tr("Where a fault's bits lie: side by side within the bit range, or drawn apart "
                                "from it (seeded)"));
  flipRow->addWidget(flips_);
  flipRow->addWidget(flipPlacement_, 1);
  form->addRow(tr("Bits per fault"), flipRow);
  const auto enablePlacement = [this] { flipPlacement_->setEnabled(flips_->value() > 1 && !running_); };
  connect(flips_, &QSpinBox::valueChanged, this, enablePlacement);
  enablePlacement();
  seed_->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{1,19}")), seed_));
  seed_->setToolTip(tr("Every image, site and bit is drawn from this seed: the same seed gives the same campaign"));
  form->addRow(tr("Seed"), seed_);
  batchSize_->setRange(1, 4096);
  batchSize_->setValue(64);
  batchSize_->setToolTip(tr("Faults per forward pass; part of the campaign's identity"));
  form->addRow(tr("Faults per pass"), batchSize_);
  // Adaptive stopping: off (0) runs every layer to the injection count above.
  // In percent, as every plot shows rates: percentage points of the mismatch rate, or
  // percent of the mean ΔLoss (the request keeps fractions, as campaign.json does).
  untilHalfWidth_->setObjectName("campaignHalfWidth");
  untilHalfWidth_->setRange(0.0, 100.0);
  untilHalfWidth_->setDecimals(2);
  untilHalfWidth_->setSingleStep(0.5);
  untilHalfWidth_->setSpecialValueText(tr("off"));
  untilHalfWidth_->setToolTip(tr("Stop a layer once its 99 % interval half-width is at most this (checked every "
                                 "few injections; the count above is the maximum). Corresponding layers of two "
                                 "models stop together, when both are this narrow. Off: every layer runs to the "
                                 "count above"));
  stopMetric_->addItem(tr("mismatch rate"), static_cast<int>(StopMetric::MismatchRate));
  stopMetric_->addItem(tr("ΔLoss, relative to its mean"), static_cast<int>(StopMetric::RelativeDeltaLoss));
  stopMetric_->setToolTip(tr("Whose interval must be narrow: the mismatch rate's (Wilson) or the mean ΔLoss's, "
                             "divided by the mean"));
  // One field per row: side by side, they made the dock wider than a laptop's.
  form->addRow(tr("Stop at half-width"), untilHalfWidth_);
  form->addRow(tr("Half-width of"), stopMetric_);
  checkEvery_->setRange(1, 100000000);
  checkEvery_->setValue(static_cast<int>(StoppingRule{}.step));
  checkEvery_->setToolTip(tr("Injections per layer between two checks; a multiple of the faults per pass wastes "
                             "nothing"));
  form->addRow(tr("Check every"), checkEvery_);
  const auto enableStopping = [this] {
    const bool on = untilHalfWidth_->value() > 0.0 && !running_;
    stopMetric_->setEnabled(on);
    checkEvery_->setEnabled(on);
  };
  connect(untilHalfWidth_, &QDoubleSpinBox::valueChanged, this, enableStopping);
  enableStopping();
  const auto showUnit = [this] {
    untilHalfWidth_->setSuffix(static_cast<StopMetric>(stopMetric_->currentData().toInt()) == StopMetric::MismatchRate
                                   ? tr(" pp")
                                   : tr(" % of the mean"));
  };
  connect(stopMetric_, &QComboBox::currentIndexChanged, this, showUnit);
  showUnit();
  pinned_->setWordWrap(true);
  form->addRow(pinned_);
  auto* page = new QWidget(this);
  page->setLayout(form);
  return page;
}

QHBoxLayout* CampaignPanel::createButtonRow() {
  auto* buttons = new QHBoxLayout;
  start_->setObjectName("campaignStart");
  cancel_->setObjectName("campaignCancel");
  start_->setToolTip(tr("Start the campaign, or resume it when the directory holds an unfinished one"));
  cancel_->setToolTip(tr("Stop after the current batch; finished injections stay on disk"));
  open_->setToolTip(tr("Show a stored campaign and its results; Start resumes it"));
  for (QPushButton* b : {start_, cancel_, open_}) buttons->addWidget(b);
  buttons->addStretch(1);
  // Here rather than in the tab bar's corner, where they left the tabs too little room.
  buttons->addWidget(createExportButtons());
  return buttons;
}

QHBoxLayout* CampaignPanel::createProgressRow() {
  progress_->setRange(0, 1);
  progress_->setValue(0);
  progressLabel_->setWordWrap(true);
  auto* row = new QHBoxLayout;
  row->addWidget(progress_, 1);
  row->addWidget(progressLabel_, 2);
  return row;
}

QWidget* CampaignPanel::createNarrowingPage() {
  // The plot, and under it what adaptive stopping saved (empty for a fixed campaign).
  auto* page = new QWidget(this);
  auto* layout = new QVBoxLayout(page);
  layout->setContentsMargins(0, 0, 0, 0);
  narrowingPlot_->setParent(page);
  layout->addWidget(narrowingPlot_, 1);
  stopping_->setWordWrap(true);
  stopping_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(stopping_);
  return page;
}

QString CampaignPanel::stoppingText() const { return stopping_->text(); }

void CampaignPanel::showNarrowing(const NarrowingData& data) {
  narrowingPlot_->setData(data);
  if (data.bound <= 0) {
    stopping_->clear();
    return;
  }
  // Per model: layers stopped and the injections they used, against the fixed count.
  const qint64 maximum = data.maximum;
  QStringList parts;
  for (int m = 0; m < data.models.size(); ++m) {
    qint64 used = 0, layers = 0, stopped = 0, early = 0;
    for (const auto& s : data.layers) {
      if (s.modelIndex != m) continue;
      ++layers;
      if (s.stoppedAt > 0) ++stopped, early += s.stoppedAt < maximum;
      used += s.stoppedAt > 0 ? s.stoppedAt : static_cast<qint64>(s.injections.isEmpty() ? 0 : s.injections.last());
    }
    if (layers == 0) continue;
    parts << tr("%1: %2 of %3 layers stopped (%4 before %5), %6 injections instead of %7")
                 .arg(data.models[m])
                 .arg(stopped)
                 .arg(layers)
                 .arg(early)
                 .arg(maximum)
                 .arg(used)
                 .arg(layers * maximum);
  }
  stopping_->setText(parts.join(QStringLiteral("; ")));
}

QWidget* CampaignPanel::createFragilePage() {
  // Scatter above, the most fragile images below; a click on either selects the image.
  auto* layout = new QVBoxLayout(fragilePage_);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(fragilityPlot_, 3);
  fragileTable_->setColumnCount(6);
  fragileTable_->setHorizontalHeaderLabels(
      {tr("model"), tr("image"), tr("injections"), tr("mismatches"), tr("mismatch rate (%)"), tr("clean Top2Diff")});
  fragileTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  fragileTable_->setSelectionBehavior(QAbstractItemView::SelectRows);
  fragileTable_->setSelectionMode(QAbstractItemView::SingleSelection);
  fragileTable_->verticalHeader()->hide();
  fragileTable_->horizontalHeader()->setStretchLastSection(true);
  layout->addWidget(fragileTable_, 2);
  connect(fragilityPlot_, &FragilityScatterPlot::imageClicked, this,
          [this](qint64 image) { Q_EMIT imageRequested(static_cast<int>(image)); });
  connect(fragileTable_, &QTableWidget::cellClicked, this, [this](int row, int) {
    if (const QTableWidgetItem* item = fragileTable_->item(row, 1)) Q_EMIT imageRequested(item->text().toInt());
  });
  return fragilePage_;
}

void CampaignPanel::showFragileInputs(const std::vector<std::vector<ImageFragility>>& perModel) {
  static const char* const kRoles[] = {QT_TR_NOOP("baseline"), QT_TR_NOOP("text-guided")};
  constexpr int kRowsPerModel = 50;  // the most fragile; the CSV in the directory has all
  QVector<FragilitySeries> series;
  fragileTable_->setRowCount(0);
  for (std::size_t m = 0; m < perModel.size() && m < 2; ++m) {
    FragilitySeries f;
    f.model = tr(kRoles[m]);
    f.spearman = fragilityTop2DiffCorrelation(perModel[m]);
    for (const auto& image : perModel[m]) {
      f.images << image.image;
      f.top2Diff << image.cleanTop2Diff;
      f.mismatchRate << image.mismatchRate();
      f.injections << image.injections;
    }
    series << f;
    int shown = 0;
    for (const auto& image : rankByFragility(perModel[m])) {
      if (shown++ == kRowsPerModel) break;
      const int row = fragileTable_->rowCount();
      fragileTable_->insertRow(row);
      const QStringList cells{f.model,
                              QString::number(image.image),
                              QString::number(image.injections),
                              QString::number(image.mismatches),
                              formatFixed(100 * image.mismatchRate(), 2),
                              std::isnan(image.cleanTop2Diff) ? tr("n/a") : formatFixed(image.cleanTop2Diff, 2)};
      for (int c = 0; c < cells.size(); ++c) fragileTable_->setItem(row, c, new QTableWidgetItem(cells[c]));
    }
  }
  fragilityPlot_->setSeries(series);
}

QStringList CampaignPanel::fragileRows() const {
  QStringList rows;
  for (int r = 0; r < fragileTable_->rowCount(); ++r) {
    QStringList cells;
    for (int c = 0; c < 4; ++c) cells << fragileTable_->item(r, c)->text();
    rows << cells.join(',');
  }
  return rows;
}

QWidget* CampaignPanel::createExportButtons() {
  // The visible plot; from the settings tab, the mismatch rates.
  auto* exports = new PlotExportButtons(
      [this]() -> std::pair<AnalysisPlot*, QString> {
        if (tabs_->currentWidget() == deltaLossPlot_) return {deltaLossPlot_, QStringLiteral("campaign_delta_loss")};
        if (tabs_->currentWidget() == fragilePage_) return {fragilityPlot_, QStringLiteral("fragile_images")};
        if (tabs_->currentWidget() == narrowingPlot_->parentWidget())
          return {narrowingPlot_, QStringLiteral("campaign_narrowing")};
        return {plot_, QStringLiteral("campaign_mismatch")};
      },
      this);
  connect(exports, &PlotExportButtons::problem, this, &CampaignPanel::problem);
  connect(exports, &PlotExportButtons::status, this, &CampaignPanel::status);
  return exports;
}

void CampaignPanel::startIfComplete() {
  const CampaignRequest r = request();
  if (r.directory.isEmpty()) {
    Q_EMIT problem(tr("Cannot start the campaign"), tr("Choose a directory for its records first."));
    return;
  }
  if (layerList_->count() > 0 && r.config.layers.empty()) {
    bool any = false;
    for (int i = 0; i < layerList_->count(); ++i) any = any || layerList_->item(i)->checkState() == Qt::Checked;
    if (!any) {
      Q_EMIT problem(tr("Cannot start the campaign"), tr("Tick at least one layer."));
      return;
    }
  }
  if (!chosenFormat()) {
    Q_EMIT problem(tr("Cannot start the campaign"),
                   tr("\"%1\" is not a number format: fp32, fp16, bf16, fp8-e4m3, fp8-e5m2, int8 or fixed:I.F.")
                       .arg(format_->currentText()));
    return;
  }
  if (r.config.flips.count > r.config.bits.high - r.config.bits.low + 1) {
    Q_EMIT problem(tr("Cannot start the campaign"), tr("%1 bits per fault do not fit in bits %2 to %3.")
                                                        .arg(r.config.flips.count)
                                                        .arg(r.config.bits.low)
                                                        .arg(r.config.bits.high));
    return;
  }
  if (r.config.bits.low > r.config.bits.high) {
    Q_EMIT problem(tr("Cannot start the campaign"), tr("The lowest bit is above the highest."));
    return;
  }
  setRunning(true);
  progressLabel_->setText(tr("Starting…"));
  Q_EMIT startRequested(r);
}

void CampaignPanel::setLayers(const std::vector<LayerInfo>& layers) {
  layers_ = layers;
  rebuildLayerList();
}

void CampaignPanel::rebuildLayerList() {
  layerList_->clear();
  const auto kind = static_cast<FaultKind>(kind_->currentData().toInt());
  for (int index : campaignLayers(layers_, kind)) {
    auto* item = new QListWidgetItem(QString::fromStdString(layers_[index].name), layerList_);
    item->setData(Qt::UserRole, index);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(Qt::Checked);
  }
}

void CampaignPanel::offerNumberFormat(const QString& name) {
  if (!running_) format_->setEditText(name);
}

std::optional<NumberFormat> CampaignPanel::chosenFormat() const {
  try {
    return NumberFormat::parse(format_->currentText().trimmed().toStdString());
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

void CampaignPanel::fitBitsToFormat() {
  const std::optional<NumberFormat> format = chosenFormat();
  if (!format) return;  // still being typed
  const int width = format->bitWidth();
  const bool whole = bitLow_->value() == 0 && bitHigh_->value() == formatWidth_ - 1;
  for (QSpinBox* b : {bitLow_, bitHigh_}) b->setMaximum(width - 1);
  flips_->setMaximum(width);
  if (whole) bitHigh_->setValue(width - 1);
  formatWidth_ = width;
}

CampaignRequest CampaignPanel::request() const {
  CampaignRequest r;
  r.directory = directory_->text().trimmed();
  r.models = storedModels_;
  r.data = storedData_;
  r.restrictRanges = storedRanges_;
  r.clampRanges = storedClampRanges_;
  r.profileData = profileData_->text().trimmed();
  CampaignConfig& c = r.config;
  c.protocol = protocol_->protocol();
  c.kind = static_cast<FaultKind>(kind_->currentData().toInt());
  c.errorModel = static_cast<ErrorModel>(errorModel_->currentData().toInt());
  c.injectionsPerLayer = injections_->value();
  c.imageBegin = 0;
  c.imageEnd = static_cast<std::size_t>(images_->value());
  c.format = chosenFormat().value_or(NumberFormat{});
  c.bits = {bitLow_->value(), bitHigh_->value()};
  c.flips.count = flips_->value();
  c.flips.placement = static_cast<BitPlacement>(flipPlacement_->currentData().toInt());
  c.seed = seed_->text().toULongLong();
  c.batchSize = batchSize_->value();
  if (untilHalfWidth_->value() > 0.0) {
    c.stopping.halfWidth = untilHalfWidth_->value() / 100.0;
    c.stopping.metric = static_cast<StopMetric>(stopMetric_->currentData().toInt());
    c.stopping.step = checkEvery_->value();
  }
  bool all = true;
  for (int i = 0; i < layerList_->count(); ++i) {
    if (layerList_->item(i)->checkState() == Qt::Checked)
      c.layers.push_back(layerList_->item(i)->data(Qt::UserRole).toInt());
    else all = false;
  }
  if (all) c.layers.clear();  // "every layer", as the CLI's default writes it in the manifest
  return r;
}

void CampaignPanel::setRequest(const CampaignRequest& r) {
  paired_->hide();  // another campaign: its comparison comes with its summaries
  directory_->setText(r.directory);
  storedModels_ = r.models;
  storedData_ = r.data;
  storedRanges_ = r.restrictRanges;
  storedClampRanges_ = r.clampRanges;
  profileData_->setText(r.profileData);
  const CampaignConfig& c = r.config;
  protocol_->setProtocol(c.protocol);
  kind_->setCurrentIndex(kind_->findData(static_cast<int>(c.kind)));  // rebuilds the layer list
  errorModel_->setCurrentIndex(errorModel_->findData(static_cast<int>(c.errorModel)));
  injections_->setValue(static_cast<int>(c.injectionsPerLayer));
  images_->setValue(static_cast<int>(c.imageEnd));
  format_->setEditText(QString::fromStdString(c.format.name()));  // fits the bit boxes to it
  bitLow_->setValue(c.bits.low);
  bitHigh_->setValue(c.bits.high);
  flips_->setValue(c.flips.count);
  flipPlacement_->setCurrentIndex(flipPlacement_->findData(static_cast<int>(c.flips.placement)));
  seed_->setText(QString::number(c.seed));
  batchSize_->setValue(c.batchSize);
  untilHalfWidth_->setValue(c.stopping.enabled() ? 100.0 * c.stopping.halfWidth : 0.0);
  stopMetric_->setCurrentIndex(stopMetric_->findData(static_cast<int>(c.stopping.metric)));
  checkEvery_->setValue(static_cast<int>(c.stopping.step));
  for (int i = 0; i < layerList_->count(); ++i) {
    const int index = layerList_->item(i)->data(Qt::UserRole).toInt();
    const bool on = c.layers.empty() || std::find(c.layers.begin(), c.layers.end(), index) != c.layers.end();
    layerList_->item(i)->setCheckState(on ? Qt::Checked : Qt::Unchecked);
  }
  tabs_->setCurrentIndex(r.models.isEmpty() ? 0 : 1);  // a stored campaign: its results first
  pinned_->setText(r.models.isEmpty() ? QString()
                                      : tr("Stored campaign of %1 on %2%3, %4 protocol")
                                            .arg(r.models.join(tr(" and ")), r.data,
                                                 r.restrictRanges.empty() ? QString() : tr(", with range restriction"),
                                                 QString::fromUtf8(protocolName(r.config.protocol))));
}

void CampaignPanel::setRunning(bool running) {
  running_ = running;
  for (QWidget* w :
       std::initializer_list<QWidget*>{directory_, layerList_, kind_, errorModel_, injections_, images_, format_,
                                       bitLow_, bitHigh_, flips_, seed_, batchSize_, untilHalfWidth_, start_, open_})
    w->setEnabled(!running);
  protocol_->setEnabled(!running);
  flipPlacement_->setEnabled(!running && flips_->value() > 1);
  profileData_->setEnabled(!running && protocol_->protocol() == Protocol::Paper);
  stopMetric_->setEnabled(!running && untilHalfWidth_->value() > 0.0);
  checkEvery_->setEnabled(!running && untilHalfWidth_->value() > 0.0);
  cancel_->setEnabled(running);
}

void CampaignPanel::showPreparing(const QString& what) { progressLabel_->setText(what); }

void CampaignPanel::showStarted(qint64 total, qint64 alreadyRecorded) {
  tabs_->setCurrentIndex(1);  // results grow from here on
  paired_->hide();            // until this run's comparison arrives
  alreadyRecorded_ = alreadyRecorded;
  progress_->resetFormat();
  progress_->setRange(0, static_cast<int>(std::min<qint64>(total, INT_MAX)));
  progress_->setValue(static_cast<int>(std::min<qint64>(alreadyRecorded, INT_MAX)));
  progressLabel_->setText(alreadyRecorded
                              ? tr("Resuming: %1 of %2 injections already recorded").arg(alreadyRecorded).arg(total)
                              : tr("%1 injections").arg(total));
  // The run's own line in the status bar, so an earlier failure does not stand beside it.
  Q_EMIT status(tr("Campaign running: %1").arg(progressLabel_->text()));
}

void CampaignPanel::showProgress(qint64 done, qint64 total, double elapsedSeconds) {
  // `done` and `total` count this run; the bar and the counts show the whole campaign, so a
  // resumed one continues where it was instead of restarting from zero.
  const qint64 allDone = alreadyRecorded_ + done, all = alreadyRecorded_ + total;
  progress_->setRange(0, static_cast<int>(std::min<qint64>(all, INT_MAX)));
  progress_->setValue(static_cast<int>(std::min<qint64>(allDone, INT_MAX)));
  const double rate = done / std::max(elapsedSeconds, 1e-9);
  progressLabel_->setText(tr("%1 / %2 injections · %3 per second · ETA %4")
                              .arg(allDone)
                              .arg(all)
                              .arg(formatFixed(rate, 0))
                              .arg(duration(done > 0 ? (total - done) / rate : NAN)));
}

void CampaignPanel::showSummaries(const std::vector<CampaignSummary>& summaries,
                                  const std::vector<std::pair<int, int>>& pairs) {
  static const char* const kRoles[] = {QT_TR_NOOP("baseline"), QT_TR_NOOP("text-guided")};
  const QVector<CampaignResultSeries> series = alignedCampaignSeries({tr(kRoles[0]), tr(kRoles[1])}, summaries, pairs);
  QStringList parts;
  const auto injections = [](const CampaignSummary& summary) {
    std::int64_t n = 0;
    for (const auto& l : summary.layers) n += l.injections;
    return n;
  };
  for (std::size_t m = 0; m < summaries.size() && m < 2; ++m) {
    // Zero injections is no measurement: "mismatch 0 %" would read as a perfect model.
    if (injections(summaries[m]) == 0) {
      parts << tr("%1: no injections yet").arg(series[static_cast<int>(m)].model);
      continue;
    }
    parts << tr("%1: mismatch %2 %, ΔLoss %3")
                 .arg(series[static_cast<int>(m)].model)
                 .arg(formatFixed(100 * summaries[m].networkMismatchRate, 3))
                 .arg(formatValue(summaries[m].networkDeltaLoss, 4));
  }
  plot_->setSeries(series);
  deltaLossPlot_->setSeries(series);
  if (!running_ && !summaries.empty()) {  // a stored campaign: say how much of it is there
    std::int64_t recorded = 0;
    for (const auto& m : summaries) recorded += injections(m);
    progressLabel_->setText(tr("%1 injections recorded").arg(recorded));
  }
  QString text = parts.isEmpty() ? QString()
                                 : tr("Network (mean over layers) — %1").arg(parts.join(QStringLiteral("; ")));
  if (summaries.size() == 2 && injections(summaries[0]) > 0 && injections(summaries[1]) > 0) {
    const double f = improvementFactor(summaries[0].networkDeltaLoss, summaries[1].networkDeltaLoss);
    text += tr("; improvement factor %1").arg(std::isnan(f) ? tr("n/a (text-guided ΔLoss ≤ 0)") : formatValue(f, 4));
  }
  summary_->setText(text);
  // A mean carried by a handful of overflowed injections is a fact about those, not about the
  // model: said wherever it holds, with the share, and the NaN/Inf losses left out of it.
  QStringList warnings;
  bool dominated = false;
  for (std::size_t m = 0; m < summaries.size() && m < 2; ++m) {
    const CampaignSummary& s = summaries[m];
    const QString model = series[static_cast<int>(m)].model;
    if (s.deltaLossCarriedByOverflows()) {
      dominated = true;
      warnings << tr("%1 ΔLoss is carried by overflows: %2 injections with ΔLoss ≥ 10⁴ (activations pushed to "
                     "float32's far range) hold %3 % of it (the top 1 % of injections: %4 %), so the mean "
                     "describes those, not a typical fault")
                      .arg(model)
                      .arg(s.networkOverflowCount)
                      .arg(formatFixed(100.0 * s.networkOverflowShare, 1), formatFixed(100.0 * s.networkTopShare, 1));
    }
    if (s.lossExcluded() > 0)
      warnings << tr("%1: %2 injections with a NaN/Inf loss are counted apart (mismatches, not in ΔLoss)")
                      .arg(model)
                      .arg(s.lossExcluded());
  }
  if (dominated && summaries.size() == 2)
    warnings << tr("The improvement factor divides such means: compare the mismatch rates, or use the paper "
                   "protocol (bounded ranges), before reading it.");
  deltaLossWarning_->setText(warnings.join('\n'));
  deltaLossWarning_->setVisible(!warnings.isEmpty());
}

void CampaignPanel::showPairedComparison(const PairedComparison& c) {
  // 99 % intervals; "unbounded" where resampling reached a text-guided ΔLoss ≤ 0.
  const auto factor = [this](double f, const Interval& i) {
    const QString value = std::isnan(f) ? tr("n/a") : formatValue(f, 4);
    if (std::isnan(i.low) || std::isnan(i.high)) return tr("%1 [unbounded]").arg(value);
    return QStringLiteral("%1 [%2, %3]").arg(value, formatValue(i.low, 4), formatValue(i.high, 4));
  };
  const auto points = [](double d, const Interval& i) {
    return tr("%1 pp [%2, %3]").arg(formatFixed(100 * d, 3), formatFixed(100 * i.low, 3), formatFixed(100 * i.high, 3));
  };
  QString text = tr("Paired, baseline − text-guided (99 %): network improvement factor %1, mismatch difference %2 "
                    "(bootstrap p = %3)")
                     .arg(factor(c.network.factor, c.network.factorInterval))
                     .arg(points(c.network.mismatchDifference, c.network.mismatchDifferenceInterval))
                     .arg(formatValue(c.network.mismatchP, 3));
  if (c.lastLayer)
    text += tr("; last layer (%1 / %2): factor %3, mismatch difference %4 (McNemar p = %5)")
                .arg(QString::fromStdString(c.lastLayer->baselineName))
                .arg(QString::fromStdString(c.lastLayer->guidedName))
                .arg(factor(c.lastLayer->factor, c.lastLayer->factorInterval))
                .arg(points(c.lastLayer->mismatchDifference, c.lastLayer->mismatchDifferenceInterval))
                .arg(formatValue(c.lastLayer->mcnemarP, 3));
  paired_->setText(text);
  paired_->show();
}

void CampaignPanel::showFinished(bool complete, const QString& message) {
  setRunning(false);
  if (complete) showStoredState(true);
  progressLabel_->setText(message);
  Q_EMIT status(message);
}

void CampaignPanel::showStoredState(bool complete) {
  // The bar measures this campaign, not the one shown before it.
  if (complete) {
    const int all = std::max(1, progress_->value());
    progress_->setRange(0, all);
    progress_->setValue(all);
    progress_->resetFormat();
  } else {
    progress_->setRange(0, 1);
    progress_->setValue(0);
    progress_->setFormat(tr("unfinished"));
  }
}

QString CampaignPanel::progressText() const { return progressLabel_->text(); }
QString CampaignPanel::summaryText() const { return summary_->text(); }
QString CampaignPanel::deltaLossWarningText() const {
  return deltaLossWarning_->isHidden() ? QString() : deltaLossWarning_->text();
}
QString CampaignPanel::pairedText() const { return paired_->isHidden() ? QString() : paired_->text(); }

void CampaignPanel::chooseDirectory() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Campaign directory"));
  if (dir.isEmpty()) return;
  directory_->setText(dir);
  Q_EMIT directory_->textEdited(dir);
}

}  // namespace faultlens::widgets
