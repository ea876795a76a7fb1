#include "widgets/ModelPanel.h"

#include "widgets/ComputeDevice.h"

#include <QDragEnterEvent>
#include <QFileInfo>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMimeData>
#include <QScrollArea>
#include <QTableView>
#include <QVBoxLayout>

#include "widgets/LayerTableModel.h"
#include "widgets/PredictionView.h"

namespace faultlens::widgets {

ModelPanel::ModelPanel(const QString& role, QWidget* parent)
    : QGroupBox(role, parent),
      info_(new QLabel(this)),
      accuracy_(new QLabel(this)),
      prediction_(new PredictionView(this)),
      faultLabel_(new QLabel(this)),
      faulty_(new PredictionView(this)),
      layers_(new LayerTableModel(this)),
      table_(new QTableView(this)) {
  setAcceptDrops(true);
  info_->setWordWrap(true);
  info_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  table_->setModel(layers_);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->verticalHeader()->hide();
  table_->setWordWrap(false);
  table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->setAlternatingRowColors(true);
  // The panel's parts scroll inside the box: their minimum heights together (two
  // prediction lists, the fault line, the layer table) would otherwise make the window
  // taller than a 1366×768 screen; on a large screen nothing scrolls.
  auto* scroll = new QScrollArea(this);
  scroll->setObjectName("modelPanelScroll");
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setWidgetResizable(true);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);  // labels wrap, the table scrolls itself
  auto* content = new QWidget(scroll);
  scroll->setWidget(content);
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(2, 2, 2, 2);
  outer->addWidget(scroll);
  auto* layout = new QVBoxLayout(content);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(info_);
  accuracy_->setWordWrap(true);
  accuracy_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  accuracy_->setToolTip(tr("Computed in the Analyses dock"));
  layout->addWidget(accuracy_);
  layout->addWidget(prediction_);
  faultLabel_->setWordWrap(true);
  layout->addWidget(faultLabel_);
  layout->addWidget(faulty_);
  layout->addWidget(table_, 1);
  // Mouse and keyboard alike: the current row is the fault editor's layer.
  // Not the first current row: Qt sets one when the table first gets focus (at start), which
  // is no choice of the user's and would move the editor off the fault it shows.
  connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex& index, const QModelIndex& previous) {
            if (index.isValid() && previous.isValid())
              Q_EMIT layerActivated(layers_->index(index.row(), LayerTableModel::Name).data().toString());
          });
  connect(table_, &QTableView::clicked, this, [this](const QModelIndex& index) {
    Q_EMIT layerActivated(layers_->index(index.row(), LayerTableModel::Name).data().toString());
  });
  clearFaulty();
  setEmpty(tr("No model loaded. Use File ▸ Open or drop a TorchScript file here."));
}

void ModelPanel::setModel(const ModelSummary& s) {
  hasModel_ = true;
  summary_ = s;
  // The file's name on screen, its whole path in the tool tip: long paths took three lines.
  info_->setText(tr("<b>%1</b><br>%2<br>%3 layers · %4 classes · %5 parameters · input %6")
                     .arg(s.name.toHtmlEscaped(), QFileInfo(s.path).fileName().toHtmlEscaped())
                     .arg(s.layers.size())
                     .arg(s.numClasses)
                     .arg(QLocale().toString(s.parameters))
                     .arg(s.inputShape) +
                 (s.numberFormat == QLatin1String("fp32") ? QString() : tr(" · computes in %1").arg(s.numberFormat)) +
                 // Said where it is not the CPU, as the format where it is not fp32.
                 (s.device == QLatin1String("cpu") ? QString() : tr(" · on %1").arg(computeDeviceName(s.device))));
  info_->setToolTip(s.path);
  accuracy_->clear();  // a new model: the old accuracy no longer applies
  layers_->setLayers(s.layers);
  prediction_->clear(tr("Select an image"));
}

void ModelPanel::setAccuracy(const QString& text) { accuracy_->setText(text); }

QString ModelPanel::accuracyText() const { return accuracy_->text(); }

void ModelPanel::setEmpty(const QString& message) {
  hasModel_ = false;
  info_->setText(message);
  info_->setToolTip({});
  accuracy_->clear();
  layers_->setLayers({});
  prediction_->clear(message.isEmpty() ? tr("No model") : QString());
}

bool ModelPanel::restoreModel() {
  if (!hasModel_) return false;
  setModel(summary_);
  return true;
}

void ModelPanel::setBusy(const QString& message) {
  info_->setText(message);
  info_->setToolTip({});
  prediction_->clear(message);
}

QString ModelPanel::infoText() const { return info_->text() + '\n' + info_->toolTip(); }

void ModelPanel::showFaulty(const FaultyPredictionData& r) {
  faulty_->setPrediction(r.prediction);
  faulty_->show();
  QStringList what;
  if (r.activationFault) what << tr("%1 → %2").arg(formatValue(r.before, 7), formatValue(r.after, 7));
  if (r.weightFaults > 0) {
    QString text = r.weightFaults == 1 ? tr("1 weight fault") : tr("%1 weight faults").arg(r.weightFaults);
    if (r.nonFiniteWeights) text += tr(", %1 of them non-finite").arg(r.nonFiniteWeights);
    what << text;
  }
  // Two facts, each said on its own: whether the top class moved, and whether logits went
  // NaN/Inf (which a campaign counts as a misclassification whatever the top class).
  QStringList outcome;
  const QString red = QStringLiteral("<span style='color:#c0392b'><b>%1</b></span>");
  if (r.prediction.topClass < 0 && r.prediction.tiedClasses > 1) outcome << red.arg(tr("top class tied"));
  else if (r.topClassChanged) outcome << red.arg(tr("top class changed"));
  else outcome << tr("same top class");
  if (r.prediction.nonFiniteLogits > 0)
    outcome << red.arg(tr("%1 of %2 logits NaN/Inf (a campaign counts a misclassification)")
                           .arg(r.prediction.nonFiniteLogits)
                           .arg(r.prediction.logitCount));
  const QString where = r.faultSite.isEmpty() ? QString() : tr(" at %1").arg(r.faultSite.toHtmlEscaped());
  const QString note = r.faultNote.isEmpty() ? QString()
                                             : QStringLiteral("<br><i>%1</i>").arg(r.faultNote.toHtmlEscaped());
  faultLabel_->setText(tr("<b>With fault</b>%1: %2 — %3%4")
                           .arg(where, what.join(QStringLiteral("; ")), outcome.join(QStringLiteral("; ")), note));
  faultLabel_->show();
}

void ModelPanel::clearFaulty(const QString& message) {
  faulty_->clear();
  faulty_->hide();
  faultLabel_->setText(message);
  faultLabel_->setVisible(!message.isEmpty());
}

QString ModelPanel::faultText() const { return faultLabel_->text(); }

void ModelPanel::dragEnterEvent(QDragEnterEvent* event) {
  const auto urls = event->mimeData()->urls();
  if (urls.size() == 1 && urls.front().isLocalFile()) event->acceptProposedAction();
}

void ModelPanel::dropEvent(QDropEvent* event) {
  const auto urls = event->mimeData()->urls();
  if (urls.size() != 1 || !urls.front().isLocalFile()) return;
  Q_EMIT modelFileDropped(urls.front().toLocalFile());
  event->acceptProposedAction();
}

}  // namespace faultlens::widgets
