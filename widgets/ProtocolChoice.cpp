#include "widgets/ProtocolChoice.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QPalette>

namespace faultlens::widgets {

ProtocolChoice::ProtocolChoice(QFormLayout* form, const QString& objectName, QWidget* parent)
    : QObject(parent), box_(new QComboBox(parent)), note_(new QLabel(parent)) {
  box_->setObjectName(objectName);
  box_->addItem(tr("paper (GoldenEye)"), static_cast<int>(Protocol::Paper));
  box_->addItem(tr("raw"), static_cast<int>(Protocol::Raw));
  box_->setToolTip(tr("How the campaign measures. The paper's protocol (GoldenEye's) injects into correctly "
                      "classified images, clamps faulty values to each layer's range profiled on training "
                      "data and takes |ΔCE|; its ΔLoss is comparable with the paper's. The raw protocol keeps "
                      "every faulty value, so a few overflowed injections can dominate a mean"));
  note_->setObjectName(objectName + QStringLiteral("Note"));
  note_->setWordWrap(true);
  note_->setForegroundRole(QPalette::PlaceholderText);
  form->addRow(tr("Protocol"), box_);
  form->addRow(QString(), note_);
  connect(box_, &QComboBox::currentIndexChanged, this, [this] {
    describe();
    Q_EMIT changed(protocol());
  });
  describe();
}

Protocol ProtocolChoice::protocol() const { return static_cast<Protocol>(box_->currentData().toInt()); }

void ProtocolChoice::setProtocol(Protocol protocol) {
  box_->setCurrentIndex(box_->findData(static_cast<int>(protocol)));
}

void ProtocolChoice::setEnabled(bool enabled) { box_->setEnabled(enabled); }

void ProtocolChoice::describe() {
  note_->setText(protocol() == Protocol::Paper
                     ? tr("Golden images, faulty values clamped to the ranges profiled on training data, "
                          "|ΔCE|: comparable with the paper's numbers.")
                     : tr("All images, faulty values as they are, signed ΔCE: a few overflowed "
                          "injections can dominate a mean."));
}

}  // namespace faultlens::widgets
