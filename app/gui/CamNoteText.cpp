#include "app/gui/CamNoteText.h"

#include <QCoreApplication>
#include <QStringList>

#include "widgets/ViewData.h"

namespace faultlens::app {

/// The translation context of these notes (lupdate finds CamNotes::tr by its class).
class CamNotes {
  Q_DECLARE_TR_FUNCTIONS(faultlens::app::CamNotes)
};

QString camReliabilityNote(const AblationCam& cam) {
  const QString y = widgets::formatValue(cam.score);
  switch (cam.reliability) {
    case CamReliability::Reliable: return {};
    case CamReliability::ScoreNaN: return CamNotes::tr("class score y is NaN; weights undefined");
    case CamReliability::ScoreInfinite:
      return cam.score > 0 ? CamNotes::tr("class score y is +Inf; weights undefined")
                           : CamNotes::tr("class score y is −Inf; weights undefined");
    case CamReliability::ScoreNearZero:
      return CamNotes::tr("class score y = %1 is too close to zero; weights undefined").arg(y);
    case CamReliability::ScoreNegative:
      return CamNotes::tr("class score y = %1 is negative; the weights change sign").arg(y);
    case CamReliability::AblatedScoresNotFinite:
      return CamNotes::tr("%n ablated score(s) are not finite", nullptr, static_cast<int>(cam.nonFiniteAblatedScores));
  }
  return {};
}

QString camUndefinedNote(const CamChange& change) {
  QStringList reasons;
  if (change.cleanNonFinitePixels)
    reasons << CamNotes::tr("the clean map has %n non-finite pixel(s)", nullptr,
                            static_cast<int>(change.cleanNonFinitePixels));
  if (change.faultyNonFinitePixels)
    reasons << CamNotes::tr("the faulty map has %n non-finite pixel(s)", nullptr,
                            static_cast<int>(change.faultyNonFinitePixels));
  if (change.flatMap) reasons << CamNotes::tr("a flat map has no correlation");
  if (change.zeroMap) reasons << CamNotes::tr("a map that is zero everywhere has no hot region or centre");
  return reasons.join(QStringLiteral("; "));
}

}  // namespace faultlens::app
