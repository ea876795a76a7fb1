#include "widgets/PredictionView.h"

#include <QPainter>
#include <cmath>

namespace faultlens::widgets {

PredictionView::PredictionView(QWidget* parent) : QWidget(parent) {
  // The header and two classes at least; more of the top classes as the height allows.
  setMinimumHeight(3 * (fontMetrics().height() + 6) + 8);
  clear(tr("No prediction yet"));
}

void PredictionView::setPrediction(const PredictionData& prediction) {
  prediction_ = prediction;
  hasPrediction_ = true;
  message_.clear();
  setToolTip(headerText());
  update();
}

void PredictionView::clear(const QString& message) {
  prediction_ = {};
  hasPrediction_ = false;
  message_ = message;
  setToolTip({});
  update();
}

QString PredictionView::summary() const {
  if (!hasPrediction_ || prediction_.top.isEmpty()) return message_;
  // Softmax of a NaN/Inf logit ranks arbitrary classes: the probabilities are not shown, but
  // the largest logit still names a class (NaN has no order; +Inf is the largest).
  if (!prediction_.finite) {
    const QString count = tr("NaN/Inf in %1 of %2 logits").arg(prediction_.nonFiniteLogits).arg(prediction_.logitCount);
    if (prediction_.topClass >= 0) return tr("%1; largest logit: %2").arg(count, prediction_.topClassName);
    if (prediction_.tiedClasses > 1)
      return tr("%1; %2 classes share the largest logit: a tie").arg(count).arg(prediction_.tiedClasses);
    return tr("%1; no class has a comparable logit").arg(count);
  }
  // Equal top scores (an all-equal output: 10 % each) name no class: top() only lists them in index order.
  if (prediction_.tiedClasses > 1)
    return tr("Tie: %1 classes share the top score (%2 % each)")
        .arg(prediction_.tiedClasses)
        .arg(formatFixed(100.0 * prediction_.top.front().probability, 2));
  const auto& best = prediction_.top.front();
  const QString margin = prediction_.finite ? tr("Top2Diff %1 pp").arg(formatFixed(prediction_.top2Diff, 2))
                                            : tr("NaN/Inf in logits");
  return tr("%1 %2 % (%3)").arg(best.className, formatFixed(100.0 * best.probability, 2), margin);
}

QString PredictionView::headerText() const {
  QString header = summary();
  if (prediction_.groundTruth >= 0) header += tr("  — truth: %1").arg(prediction_.groundTruthName);
  if (hasPrediction_ && prediction_.classesDiffer())
    header += tr("  — no truth: the model has %1 classes, the data set %2")
                  .arg(prediction_.modelClasses)
                  .arg(prediction_.dataClasses);
  return header;
}

QSize PredictionView::sizeHint() const { return {320, 6 * (fontMetrics().height() + 6) + 8}; }

void PredictionView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), palette().base());
  const QFontMetrics fm(font());
  const int line = fm.height() + 6;
  if (!hasPrediction_) {
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(rect(), Qt::AlignCenter, message_);
    return;
  }
  int y = 4;
  p.setPen(palette().color(QPalette::Text));
  // The class-count warning in the warning colour: otherwise a wrong pairing passes unseen.
  if (prediction_.classesDiffer()) p.setPen(QColor(192, 57, 43));
  // The header wraps (a narrow panel in German needs two lines); the bars below take what
  // is left, the best ones first.
  const QString header = headerText();
  const QRect headerBox = fm.boundingRect(QRect(6, y, width() - 12, 3 * line), Qt::TextWordWrap, header);
  const int headerLines = std::clamp((headerBox.height() + fm.height() - 1) / fm.height(), 1, 3);
  const QRect headerRect(6, y, width() - 12, headerLines * fm.height() + 6);
  const QString shown = headerLines < 3 ? header : fm.elidedText(header, Qt::ElideRight, 3 * (width() - 12));
  p.drawText(headerRect, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, shown);
  bool elided = shown != header;
  y += headerRect.height();
  setProperty(kTextElidedProperty, elided);  // for tests that every text is whole
  if (!prediction_.finite) return;
  const int labelWidth = std::min(width() / 3, 140);
  const int barLeft = 6 + labelWidth + 6;
  const int barMax = std::max(10, width() - barLeft - 70);
  for (const auto& c : prediction_.top) {
    if (y + line > height()) break;  // the rows that fit; the tool tip and header name the best
    const bool correct = c.classIndex == prediction_.groundTruth;
    p.setPen(palette().color(QPalette::Text));
    const QString name = fm.elidedText(c.className, Qt::ElideRight, labelWidth);
    elided = elided || name != c.className;
    p.drawText(QRect(6, y, labelWidth, line), Qt::AlignRight | Qt::AlignVCenter, name);
    const double prob = std::isfinite(c.probability) ? c.probability : 0.0;
    const QRect bar(barLeft, y + 3, std::max(1, int(std::lround(prob * barMax))), line - 6);
    p.fillRect(bar, correct ? QColor(46, 139, 87) : QColor(70, 110, 180));
    p.drawText(QRect(barLeft + bar.width() + 4, y, 70, line), Qt::AlignLeft | Qt::AlignVCenter,
               std::isfinite(c.probability) ? formatFixed(100.0 * c.probability, 2) + " %" : QStringLiteral("NaN"));
    y += line;
  }
  setProperty(kTextElidedProperty, elided);
}

}  // namespace faultlens::widgets
