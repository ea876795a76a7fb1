#include "widgets/ReportExportDialog.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "widgets/plots/FigureStyleForm.h"
#include "widgets/CountBox.h"
#include "widgets/ProtocolChoice.h"

namespace faultlens::widgets {

QVector<int> parseImageList(const QString& text, QString* error) {
  QVector<int> out;
  for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
    bool ok = false;
    const int index = part.trimmed().toInt(&ok);
    if (!ok || index < 0) {
      if (error) *error = QObject::tr("'%1' is not an image index").arg(part.trimmed());
      return {};
    }
    out << index;
  }
  if (out.isEmpty() && error) *error = QObject::tr("give at least one image index, e.g. 0,1,2,3");
  return out;
}

namespace {

/// A line edit with a Browse… button that picks a folder.
QWidget* folderField(QLineEdit* edit, QWidget* parent, const QString& caption) {
  auto* row = new QWidget(parent);
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(edit, 1);
  auto* browse = new QPushButton(QObject::tr("Browse…"), row);
  layout->addWidget(browse);
  QObject::connect(browse, &QPushButton::clicked, row, [edit, parent, caption] {
    const QString dir = QFileDialog::getExistingDirectory(parent, caption, edit->text());
    if (!dir.isEmpty()) edit->setText(dir);
  });
  return row;
}

}  // namespace

ReportExportDialog::ReportExportDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Export all figures"));
  auto* intro = new QLabel(tr("Writes the paper's figure set for the baseline and text-guided models on the open "
                              "data set: Top2Diff sweep, activation ranges, campaign mismatch rates and ΔLoss, "
                              "Ablation-CAM grids (with the CAM dock's layer, colour map and scale), Table 1 and "
                              "a manifest: the same files as faultlens-cli report."),
                           this);
  intro->setWordWrap(true);

  directory_ = new QLineEdit(this);
  directory_->setObjectName("reportDirectory");
  images_ = new CountBox(tr("all"), 10'000'000, this);
  images_->setObjectName("reportImages");
  images_->setToolTip(tr("Images for accuracy, the Top2Diff sweep and the activation ranges, from the first; "
                         "the campaign run here uses the whole data set, as the paper's does"));
  useCampaign_ = new QRadioButton(tr("Report the finished campaign in"), this);
  runCampaign_ = new QRadioButton(tr("Run a campaign (whole data set) into <folder>/campaign"), this);
  auto* group = new QButtonGroup(this);
  group->addButton(useCampaign_);
  group->addButton(runCampaign_);
  campaign_ = new QLineEdit(this);
  campaign_->setObjectName("reportCampaign");
  injections_ = new QSpinBox(this);
  injections_->setRange(1, 10'000'000);
  injections_->setValue(4096);
  injections_->setSuffix(tr(" injections per layer"));
  profileData_ = new QLineEdit(this);
  profileData_->setObjectName("reportProfileData");
  profileData_->setPlaceholderText(tr("the data set's training split"));
  profileData_->setToolTip(tr("Training data the paper's protocol profiles each layer's range on: fashion-mnist:train, "
                              "an IDX or CIFAR file or an image folder"));
  camImages_ = new QLineEdit(QStringLiteral("0,1,2,3"), this);
  camImages_->setToolTip(tr("Data-set indices, separated by commas"));
  camFaults_ = new QSpinBox(this);
  camFaults_->setRange(-1, 10'000'000);
  camFaults_->setValue(-1);
  camFaults_->setSpecialValueText(tr("paper's density"));
  camFaults_->setToolTip(
      tr("Random weight bit flips for the faulty CAMs; the paper's density is 2000 per 25.5 M weights"));
  connect(runCampaign_, &QRadioButton::toggled, this, [this](bool run) {
    campaign_->setEnabled(!run);
    injections_->setEnabled(run);
    protocol_->setEnabled(run);
    profileData_->setEnabled(run && protocol_->protocol() == Protocol::Paper);
  });

  auto* form = new QFormLayout;
  form->addRow(tr("Output folder"), folderField(directory_, this, tr("Folder for the figures")));
  form->addRow(tr("Images (accuracy, sweeps)"), images_);
  form->addRow(useCampaign_, folderField(campaign_, this, tr("Finished two-model campaign")));
  form->addRow(runCampaign_, injections_);
  protocol_ = new ProtocolChoice(form, QStringLiteral("reportProtocol"), this);
  connect(protocol_, &ProtocolChoice::changed, this,
          [this](Protocol p) { profileData_->setEnabled(runCampaign_->isChecked() && p == Protocol::Paper); });
  runCampaign_->setChecked(true);
  form->addRow(tr("Range profile from"), profileData_);
  form->addRow(tr("CAM images"), camImages_);
  form->addRow(tr("CAM weight faults"), camFaults_);
  figureStyle_ = new FigureStyleForm(form, this);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
  connect(buttons, &QDialogButtonBox::accepted, this, &ReportExportDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &ReportExportDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro);
  layout->addLayout(form);
  layout->addWidget(buttons);
}

void ReportExportDialog::setRequest(const ReportRequest& request) {
  directory_->setText(request.directory);
  images_->setValue(request.images);
  campaign_->setText(request.campaignDirectory);
  (request.campaignDirectory.isEmpty() ? runCampaign_ : useCampaign_)->setChecked(true);
  injections_->setValue(request.injections);
  protocol_->setProtocol(request.paperProtocol ? Protocol::Paper : Protocol::Raw);
  profileData_->setText(request.profileData);
  QStringList indices;
  for (int i : request.camImages) indices << QString::number(i);
  if (!indices.isEmpty()) camImages_->setText(indices.join(QLatin1Char(',')));
  camFaults_->setValue(request.camWeightFaults);
  figureStyle_->setStyle(request.figure);
}

ReportRequest ReportExportDialog::request() const {
  ReportRequest r;
  r.directory = directory_->text().trimmed();
  r.images = images_->value();
  r.campaignDirectory = useCampaign_->isChecked() ? campaign_->text().trimmed() : QString();
  r.injections = injections_->value();
  r.paperProtocol = protocol_->protocol() == Protocol::Paper;
  r.profileData = profileData_->text().trimmed();
  r.camImages = parseImageList(camImages_->text(), nullptr);
  r.camWeightFaults = camFaults_->value();
  r.figure = figureStyle_->style(nullptr).value_or(FigureStyle{});
  return r;
}

void ReportExportDialog::accept() {
  QString problem;
  if (directory_->text().trimmed().isEmpty()) problem = tr("Choose an output folder.");
  else if (useCampaign_->isChecked() && campaign_->text().trimmed().isEmpty())
    problem = tr("Choose the campaign folder, or let the report run the campaign.");
  else if (QString error; parseImageList(camImages_->text(), &error).isEmpty())
    problem = tr("CAM images: %1").arg(error);
  else if (QString why; !figureStyle_->style(&why)) problem = tr("Figure size: %1").arg(why);
  if (!problem.isEmpty()) {
    QMessageBox::warning(this, windowTitle(), problem);
    return;
  }
  QDialog::accept();
}

}  // namespace faultlens::widgets
