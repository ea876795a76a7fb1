#pragma once
// "Export plot…" and "Export data…" for whichever plot a view shows: ask for a file, write
// the figure (by suffix) or the CSV behind it, report the outcome. The analyses and
// campaign views put one in their tab bar's corner, which keeps the docks narrow.
#include <QWidget>

#include <functional>
#include <utility>

namespace faultlens::widgets {

class AnalysisPlot;

class PlotExportButtons : public QWidget {
  Q_OBJECT
 public:
  /// The plot on show and the file-name stem the save dialog starts from.
  using CurrentPlot = std::function<std::pair<AnalysisPlot*, QString>()>;
  PlotExportButtons(CurrentPlot current, QWidget* parent);

  /// Writes the current plot (a .csv path: its data) to `path`; "" on success, else the
  /// message that problem() also carries.
  QString exportTo(const QString& path);

 Q_SIGNALS:
  void problem(const QString& title, const QString& message);
  void status(const QString& message);

 private:
  void choose(bool data);

  CurrentPlot current_;
};

}  // namespace faultlens::widgets
