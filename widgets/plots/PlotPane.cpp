#include "widgets/plots/PlotPane.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStackedLayout>
#include <QVBoxLayout>

#include "widgets/plots/PlotExportButtons.h"
#include "widgets/plots/PlotViews.h"

namespace faultlens::widgets {

PlotPane::PlotPane(const QString& title, AnalysisPlot* plot, const QString& stem, const QString& emptyText,
                   QWidget* parent)
    : QWidget(parent),
      plot_(plot),
      empty_(new QLabel(emptyText, this)),
      key_(new QLabel(this)),
      stack_(new QStackedLayout) {
  exports_ = new PlotExportButtons([this, stem] { return std::pair{plot_, stem}; }, this);
  connect(exports_, &PlotExportButtons::problem, this, &PlotPane::problem);
  connect(exports_, &PlotExportButtons::status, this, &PlotPane::status);
  auto* header = new QHBoxLayout;
  auto* name = new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()), this);
  name->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // a narrow pane cuts the title, not the plot
  name->setToolTip(title);
  header->addWidget(name, 1);
  header->addWidget(key_);
  header->addWidget(exports_);
  empty_->setAlignment(Qt::AlignCenter);
  empty_->setWordWrap(true);
  empty_->setFrameShape(QFrame::StyledPanel);
  plot_->setParent(this);
  stack_->addWidget(empty_);
  stack_->addWidget(plot_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(header);
  layout->addLayout(stack_, 1);
  showEmpty();
}

void PlotPane::showPlot() {
  key_->setText(plot_->colourKeyHtml());
  stack_->setCurrentWidget(plot_);
  exports_->setEnabled(true);
}

void PlotPane::showEmpty(const QString& why) {
  empty_->setText(why);
  showEmpty();
}

void PlotPane::showEmpty() {
  key_->clear();
  stack_->setCurrentWidget(empty_);
  exports_->setEnabled(false);
}

bool PlotPane::showsPlot() const { return stack_->currentWidget() == plot_; }

QString PlotPane::exportTo(const QString& path) { return exports_->exportTo(path); }

}  // namespace faultlens::widgets
