#pragma once
// File ▸ Export all figures: asks where the paper's report set goes and what it covers
// (images, the campaign to report or run, CAM images, resolution). The figures use the
// CAM dock's current layer, colour map and scale; app/ does the work off the GUI thread.
#include <QDialog>
#include <QVector>

#include "widgets/plots/FigureStyle.h"

class QComboBox;
class QLineEdit;
class QRadioButton;
class QSpinBox;

namespace faultlens::widgets {

struct ReportRequest {
  QString directory;          ///< output folder (created)
  int images = 0;             ///< images for accuracy, sweep and ranges; 0: all
  QString campaignDirectory;  ///< a finished two-model campaign; empty: run one into DIR/campaign
  int injections = 4096;      ///< per layer and model when the campaign runs
  bool paperProtocol = true;  ///< that campaign's protocol: the paper's (default) or raw
  /// Training data (a data-set spec) the paper's protocol profiles its clamp ranges on;
  /// empty: the open data set's training split where FaultLens knows one.
  QString profileData;
  QVector<int> camImages;    ///< data-set indices of the CAM grids
  int camWeightFaults = -1;  ///< random weight bit flips for the faulty CAMs; -1: the paper's density
  FigureStyle figure;        ///< size, type, legend and PNG resolution of every figure
};

/// Parses "0, 7,12" into indices; empty with `error` set for anything else.
QVector<int> parseImageList(const QString& text, QString* error);

class ReportExportDialog : public QDialog {
  Q_OBJECT
 public:
  explicit ReportExportDialog(QWidget* parent = nullptr);

  /// Prefills the form; a non-empty campaignDirectory selects "report this campaign".
  void setRequest(const ReportRequest& request);
  ReportRequest request() const;

  void accept() override;  ///< refuses (with a message) an empty folder, a bad image list or figure size

 private:
  QLineEdit* directory_;
  QSpinBox* images_;
  QRadioButton* useCampaign_;
  QRadioButton* runCampaign_;
  QLineEdit* campaign_;
  QSpinBox* injections_;
  class ProtocolChoice* protocol_;
  QLineEdit* profileData_;
  QLineEdit* camImages_;
  QSpinBox* camFaults_;
  class FigureStyleForm* figureStyle_;
};

}  // namespace faultlens::widgets

Q_DECLARE_METATYPE(faultlens::widgets::ReportRequest)
