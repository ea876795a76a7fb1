#pragma once
// The UI language: English source strings, translated when the locale has a catalogue
// (translations/faultlens_de.ts → :/i18n/faultlens_de.qm). Qt's own dialog strings are
// translated too when Debian's Qt translations are installed.
#include <QLocale>

class QCoreApplication;
class QTranslator;

namespace faultlens::app {

/// Installs the translator for `locale` (default: the system locale, from LANG/LC_ALL).
/// Returns it (owned by `app`), or nullptr when FaultLens has no catalogue for the locale.
QTranslator* installTranslations(QCoreApplication& app, const QLocale& locale = QLocale::system());

}  // namespace faultlens::app
