#pragma once
// The campaign protocol as form rows, shared by the campaign dock and Export all figures, so
// both name the choice the same way: a short name in the box (a long one would widen a dock
// past a laptop screen) and what the chosen protocol means on a wrapped line under it.
#include <QObject>

#include "core/campaign/CampaignPlan.h"

class QComboBox;
class QFormLayout;
class QLabel;
class QWidget;

namespace faultlens::widgets {

class ProtocolChoice : public QObject {
  Q_OBJECT
 public:
  /// Adds a "Protocol" row (the box, object name `objectName`) and the description row
  /// under it (`objectName` + "Note") to `form`; the controls are children of `parent`.
  /// The paper's protocol is chosen first, so a campaign's numbers mean what the paper's mean.
  ProtocolChoice(QFormLayout* form, const QString& objectName, QWidget* parent);

  Protocol protocol() const;
  void setProtocol(Protocol protocol);
  void setEnabled(bool enabled);

 Q_SIGNALS:
  void changed(faultlens::Protocol protocol);

 private:
  void describe();

  QComboBox* box_;
  QLabel* note_;
};

}  // namespace faultlens::widgets
