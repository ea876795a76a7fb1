#include "widgets/plots/PlotPane.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QStackedLayout>
#include <QVBoxLayout>

#include "widgets/plots/PlotExportButtons.h"
#include "widgets/plots/PlotViews.h"
#include "widgets/ViewData.h"

namespace faultlens::widgets {
namespace {

/// A bold title that ends in "…" when the pane is narrower than it (a cut word reads
/// like another word); the whole title is in the tool tip.
class ElidedTitle : public QWidget {
 public:
  ElidedTitle(const QString& text, QWidget* parent) : QWidget(parent), text_(text) {
    QFont bold = font();
    bold.setBold(true);
    setFont(bold);
    setToolTip(text);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    setMinimumHeight(fontMetrics().height());
  }
  QSize sizeHint() const override { return {fontMetrics().horizontalAdvance(text_), fontMetrics().height()}; }

 protected:
  void paintEvent(QPaintEvent*) override {
    QPainter painter(this);
    const QString shown = fontMetrics().elidedText(text_, Qt::ElideRight, width());
    painter.drawText(rect(), Qt::AlignLeft | Qt::AlignVCenter, shown);
    setProperty(kTextElidedProperty, shown != text_);  // for tests that every title is whole
  }

 private:
  QString text_;
};

}  // namespace

PlotPane::PlotPane(const QString& title, AnalysisPlot* plot, const QString& stem, const QString& emptyText,
                   QWidget* parent)
    : QWidget(parent),
      plot_(plot),
      stem_(stem),
      empty_(new QLabel(emptyText, this)),
      key_(new QLabel(this)),
      stack_(new QStackedLayout) {
  exports_ = new PlotExportButtons([this] { return std::pair{plot_, stem_}; }, this);
  connect(exports_, &PlotExportButtons::problem, this, &PlotPane::problem);
  connect(exports_, &PlotExportButtons::status, this, &PlotPane::status);
  header_ = new QHBoxLayout;
  QHBoxLayout* header = header_;
  header->addWidget(new ElidedTitle(title, this), 1);
  header->addWidget(exports_);
  // The colour key on its own line: a narrow pane keeps both it and the title whole.
  key_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  empty_->setAlignment(Qt::AlignCenter);
  empty_->setWordWrap(true);
  empty_->setFrameShape(QFrame::StyledPanel);
  plot_->setParent(this);
  stack_->addWidget(empty_);
  stack_->addWidget(plot_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(header);
  layout->addWidget(key_);
  layout->addLayout(stack_, 1);
  showEmpty();
}

void PlotPane::addPlot(AnalysisPlot* plot, const QString& stem) {
  plot->setParent(this);
  stack_->addWidget(plot);
  stems_[plot] = stem;
}

void PlotPane::addHeaderWidget(QWidget* widget) { header_->insertWidget(header_->count() - 1, widget); }

void PlotPane::addControlRowWidget(QWidget* widget) {
  if (!controls_) {
    controls_ = new QHBoxLayout;
    controls_->addStretch(1);
    auto* layout = static_cast<QVBoxLayout*>(this->layout());
    layout->insertLayout(layout->indexOf(header_) + 1, controls_);
  }
  controls_->insertWidget(controls_->count() - 1, widget);
}

void PlotPane::showPlot(AnalysisPlot* plot) {
  if (!stems_.contains(plot)) stems_[plot] = stem_;  // the first plot
  plot_ = plot;
  stem_ = stems_.value(plot);
  showPlot();
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

bool PlotPane::showsPlot() const { return stack_->currentWidget() != empty_; }

QString PlotPane::exportTo(const QString& path) { return exports_->exportTo(path); }

}  // namespace faultlens::widgets
