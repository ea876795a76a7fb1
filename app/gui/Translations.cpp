#include "app/gui/Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace faultlens::app {

QTranslator* installTranslations(QCoreApplication& app, const QLocale& locale) {
  auto* own = new QTranslator(&app);
  // Tries faultlens_de_DE, faultlens_de, ... for the locale's UI languages.
  if (!own->load(locale, QStringLiteral("faultlens"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
    delete own;
    return nullptr;
  }
  QCoreApplication::installTranslator(own);
  // Numbers in the language's convention too: a German window writes "93,00 %" next to
  // "77.754 Parameter", not two conventions side by side.
  QLocale::setDefault(locale);
  auto* qt = new QTranslator(&app);
  if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
               QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
    QCoreApplication::installTranslator(qt);
  else delete qt;
  return own;
}

}  // namespace faultlens::app
