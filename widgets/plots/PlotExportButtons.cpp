#include "widgets/plots/PlotExportButtons.h"

#include <QHBoxLayout>
#include <QPushButton>

#include "widgets/plots/PlotExport.h"
#include "widgets/plots/PlotViews.h"

namespace faultlens::widgets {

PlotExportButtons::PlotExportButtons(CurrentPlot current, QWidget* parent)
    : QWidget(parent), current_(std::move(current)) {
  auto* plot = new QPushButton(tr("Export plot…"), this);
  plot->setObjectName("exportPlot");
  plot->setToolTip(tr("Save the visible plot as PDF, SVG or PNG"));
  auto* data = new QPushButton(tr("Export data…"), this);
  data->setObjectName("exportData");
  data->setToolTip(tr("Save the numbers behind the visible plot as CSV"));
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot);
  layout->addWidget(data);
  connect(plot, &QPushButton::clicked, this, [this] { choose(false); });
  connect(data, &QPushButton::clicked, this, [this] { choose(true); });
}

QString PlotExportButtons::exportTo(const QString& path) {
  const QString error = exportPlotOrData(*current_().first, path);
  if (!error.isEmpty()) Q_EMIT problem(tr("Export failed"), error);
  else Q_EMIT status(tr("Saved %1").arg(path));
  return error;
}

void PlotExportButtons::choose(bool data) {
  const QString path = askPlotExportPath(this, current_().second, data);
  if (!path.isEmpty()) exportTo(path);
}

}  // namespace faultlens::widgets
