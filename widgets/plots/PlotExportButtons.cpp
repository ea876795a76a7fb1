#include "widgets/plots/PlotExportButtons.h"

#include <QHBoxLayout>
#include <QMenu>
#include <QToolButton>

#include "widgets/plots/FigureStyleForm.h"
#include "widgets/plots/PlotExport.h"
#include "widgets/plots/PlotViews.h"

namespace faultlens::widgets {

PlotExportButtons::PlotExportButtons(CurrentPlot current, QWidget* parent)
    : QWidget(parent), current_(std::move(current)) {
  // One small button with a menu: plot headers stay one line in narrow docks.
  auto* button = new QToolButton(this);
  button->setText(tr("Export"));
  button->setObjectName("exportMenu");
  button->setToolTip(tr("Save the plot (PDF, SVG, PNG) or the numbers behind it (CSV)"));
  button->setPopupMode(QToolButton::InstantPopup);
  auto* menu = new QMenu(button);
  QAction* plot = menu->addAction(tr("Plot as PDF, SVG or PNG…"), this, [this] { choose(false); });
  plot->setObjectName("exportPlot");
  QAction* data = menu->addAction(tr("Data as CSV…"), this, [this] { choose(true); });
  data->setObjectName("exportData");
  menu->addSeparator();
  QAction* style = menu->addAction(tr("Figure style…"), this, [this] { chooseFigureStyle(this); });
  style->setObjectName("figureStyle");
  style->setToolTip(tr("Printed size, type size and legend of every exported figure"));
  button->setMenu(menu);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(button);
}

QString PlotExportButtons::exportTo(const QString& path) {
  const QString error = exportPlotOrData(*current_().first, path, rememberedFigureStyle());
  if (!error.isEmpty()) Q_EMIT problem(tr("Export failed"), error);
  else Q_EMIT status(tr("Saved %1").arg(path));
  return error;
}

void PlotExportButtons::choose(bool data) {
  const QString path = askPlotExportPath(this, current_().second, data);
  if (!path.isEmpty()) exportTo(path);
}

}  // namespace faultlens::widgets
