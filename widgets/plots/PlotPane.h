#pragma once
// One plot as a pane of its own: a title, the plot's export buttons, and until the plot
// has data a line saying how to fill it (an empty frame with axes reads like a result).
#include <QHash>
#include <QWidget>

class QHBoxLayout;
class QLabel;
class QStackedLayout;

namespace faultlens::widgets {

class AnalysisPlot;
class PlotExportButtons;

class PlotPane : public QWidget {
  Q_OBJECT
 public:
  /// Takes `plot` into the pane; `stem` starts the export dialog's file name.
  PlotPane(const QString& title, AnalysisPlot* plot, const QString& stem, const QString& emptyText,
           QWidget* parent = nullptr);

  /// The plot shown (or shown last).
  AnalysisPlot* plot() const { return plot_; }
  /// Another plot the pane can show instead (e.g. another mode of the same view).
  void addPlot(AnalysisPlot* plot, const QString& stem);
  /// A control in the header, before the Export menu (e.g. a mode box).
  void addHeaderWidget(QWidget* widget);
  /// A control on a row of its own under the header, left-aligned: for panes with several
  /// controls, which in the header would make the pane too wide for a laptop's dock.
  void addControlRowWidget(QWidget* widget);
  /// The plot is shown (call after giving it data) or the empty text is.
  void showPlot();
  void showPlot(AnalysisPlot* plot);
  void showEmpty();
  /// Empty, with `why` in place of the plot (e.g. the models it was computed with changed).
  void showEmpty(const QString& why);
  bool showsPlot() const;
  /// Writes the plot (or a .csv path: its data); "" on success, else the message that
  /// problem() also carries.
  QString exportTo(const QString& path);

 Q_SIGNALS:
  void problem(const QString& title, const QString& message);
  void status(const QString& message);

 private:
  AnalysisPlot* plot_;
  QString stem_;
  QHash<AnalysisPlot*, QString> stems_;
  QHBoxLayout* header_ = nullptr;
  QHBoxLayout* controls_ = nullptr;  // the control row; made by its first widget
  QLabel* empty_;
  QLabel* key_;  // the plot's colour key, which stands in for a legend a small plot hides
  QStackedLayout* stack_;
  PlotExportButtons* exports_;
};

}  // namespace faultlens::widgets
