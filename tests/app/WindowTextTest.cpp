// What the window says, it says in full and in its language: with the demo pair, a fault
// and a stored two-model campaign (ΔLoss warning and paired comparison showing), at a
// laptop's and a large screen's size, in English and German, no label, button or tab is
// cut, no box needs a horizontal scroll bar, and the German window shows no English text
// that the translation file translates. Error boxes wait for the dialog the user answers.
#include <QAbstractItemView>
#include <QAbstractScrollArea>
#include <QDialog>
#include <QDockWidget>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QMessageBox>
#include <QScrollArea>
#include <QScrollBar>
#include <QStyleOptionComboBox>
#include <QTabBar>
#include <QTextDocument>
#include <QToolButton>
#include <QXmlStreamReader>

#include "core/data/Dataset.h"
#include "tests/app/WorkbenchFixture.h"

using namespace faultlens;
using widgets::ModelSlot;

namespace {

/// The German translation file's source texts whose translation differs from them.
QSet<QString> translatedSources() {
  QFile file(QStringLiteral(FAULTLENS_GERMAN_TS));
  if (!file.open(QIODevice::ReadOnly)) return {};
  QSet<QString> sources;
  QXmlStreamReader xml(&file);
  QString source;
  while (!xml.atEnd()) {
    if (!xml.readNextStartElement()) continue;
    if (xml.name() == QLatin1String("source")) source = xml.readElementText();
    else if (xml.name() == QLatin1String("translation")) {
      const QString translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
      if (!translation.isEmpty() && translation != source) sources.insert(source);
    }
  }
  return sources;
}

QString withoutMnemonic(QString text) { return text.remove(QRegularExpression("&(?=[^&])")); }

/// The widget's class and name, and the nearest named widget around it.
QString describe(const QWidget* w) {
  QString text = QStringLiteral("%1 '%2'").arg(QString::fromLatin1(w->metaObject()->className()), w->objectName());
  for (const QWidget* p = w->parentWidget(); p; p = p->parentWidget())
    if (!p->objectName().isEmpty() && !p->objectName().startsWith("qt_"))
      return text +
             QStringLiteral(" in %1 '%2'").arg(QString::fromLatin1(p->metaObject()->className()), p->objectName());
  return text;
}

/// Every visible text of the window, with the widget that shows it.
QList<QPair<QString, const QWidget*>> visibleTexts(const QWidget& root) {
  QList<QPair<QString, const QWidget*>> texts;
  for (const QWidget* w : root.findChildren<QWidget*>()) {
    if (!w->isVisible()) continue;
    if (const auto* label = qobject_cast<const QLabel*>(w)) texts.append({label->text(), w});
    else if (const auto* button = qobject_cast<const QAbstractButton*>(w)) texts.append({button->text(), w});
    else if (const auto* box = qobject_cast<const QGroupBox*>(w)) texts.append({box->title(), w});
    else if (const auto* tabs = qobject_cast<const QTabBar*>(w))
      for (int i = 0; i < tabs->count(); ++i) texts.append({tabs->tabText(i), w});
    if (const auto* dock = qobject_cast<const QDockWidget*>(w)) texts.append({dock->windowTitle(), w});
  }
  return texts;
}

/// Texts that do not fit the room their widget has: cut, elided or scrolled sideways.
QStringList cutTexts(const QWidget& root) {
  QStringList cut;
  for (const QWidget* w : root.findChildren<QWidget*>()) {
    if (!w->isVisible() || w->width() <= 0) continue;
    if (w->property(widgets::kTextElidedProperty).toBool()) {
      cut << QStringLiteral("%1 shortens its text to \"…\"").arg(describe(w));
      continue;
    }
    if (const auto* plot = qobject_cast<const QCustomPlot*>(w)) {
      // Notes drawn inside a plot (no inflection point, …) must stay inside it.
      for (int i = 0; i < plot->itemCount(); ++i) {
        const auto* note = qobject_cast<const QCPItemText*>(plot->item(i));
        if (!note || !note->visible() || note->text().isEmpty()) continue;
        const QRectF box(note->topLeft->pixelPosition(), note->bottomRight->pixelPosition());
        if (!QRectF(plot->rect()).adjusted(-1, -1, 1, 1).contains(box))
          cut << QStringLiteral("%1 %2 px wide draws '%3' outside it")
                     .arg(describe(w))
                     .arg(plot->width())
                     .arg(note->text());
      }
      continue;
    }
    if (const auto* combo = qobject_cast<const QComboBox*>(w)) {
      QStyleOptionComboBox option;
      option.initFrom(combo);
      option.editable = combo->isEditable();
      const QRect field =
          combo->style()->subControlRect(QStyle::CC_ComboBox, &option, QStyle::SC_ComboBoxEditField, combo);
      if (!combo->isEditable() && combo->fontMetrics().horizontalAdvance(combo->currentText()) > field.width() + 1)
        cut << QStringLiteral("%1 %2 px wide shows '%3'").arg(describe(w)).arg(field.width()).arg(combo->currentText());
      continue;
    }
    if (const auto* label = qobject_cast<const QLabel*>(w)) {
      if (label->text().isEmpty() || label->pixmap().cacheKey() != 0) continue;
      if (label->wordWrap()) {
        if (label->heightForWidth(label->contentsRect().width()) > label->contentsRect().height() + 1)
          cut << QStringLiteral("%1 needs more height than it has: %2").arg(describe(w), label->text().left(80));
        continue;
      }
      QString plain = label->text();
      if (Qt::mightBeRichText(plain)) {
        QTextDocument document;
        document.setHtml(plain);
        plain = document.toPlainText();
      }
      const QFontMetrics metrics(label->font());
      for (const QString& line : plain.split('\n'))
        if (metrics.horizontalAdvance(line) > label->contentsRect().width() + 1)
          cut << QStringLiteral("%1 %2 px wide shows '%3' (%4 px)")
                     .arg(describe(w))
                     .arg(label->contentsRect().width())
                     .arg(line)
                     .arg(metrics.horizontalAdvance(line));
    } else if (const auto* button = qobject_cast<const QAbstractButton*>(w)) {
      if (!button->text().isEmpty() && button->sizeHint().width() > button->width() + 1)
        cut << QStringLiteral("%1 %2 px wide shows '%3' (needs %4 px)")
                   .arg(describe(w))
                   .arg(button->width())
                   .arg(button->text())
                   .arg(button->sizeHint().width());
    } else if (const auto* tabs = qobject_cast<const QTabBar*>(w)) {
      // The bar's size hint is the sum of its tabs' unelided widths.
      if (tabs->count() > 1 && tabs->sizeHint().width() > tabs->width() + 1)
        cut << QStringLiteral("%1 %2 px wide has tabs of %3 px (cut, elided or scrolled away)")
                   .arg(describe(w))
                   .arg(tabs->width())
                   .arg(tabs->sizeHint().width());
    } else if (const auto* area = qobject_cast<const QAbstractScrollArea*>(w)) {
      // Tables scroll sideways by design; a box of controls and text must fit its width.
      if (!qobject_cast<const QAbstractItemView*>(w) && area->horizontalScrollBar()->isVisible())
        cut << QStringLiteral("%1 needs a horizontal scroll bar for %2")
                   .arg(describe(w),
                        qobject_cast<const QScrollArea*>(w) && qobject_cast<const QScrollArea*>(w)->widget()
                            ? describe(qobject_cast<const QScrollArea*>(w)->widget())
                            : QStringLiteral("its content"));
    }
  }
  return cut;
}

}  // namespace

class WindowTextTest : public QObject {
  Q_OBJECT

  std::string campaignDir_;

 private Q_SLOTS:
  void initTestCase() {
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    // A raw-protocol campaign of the demo pair with exponent flips: overflowed injections
    // carry its ΔLoss, so the dock shows the warning and the paired comparison.
    const QString demo = QStringLiteral(FAULTLENS_DEMO_MODELS_DIR);
    auto baseline = Model::load((demo + "/fashion_baseline.pt").toStdString());
    auto guided = Model::load((demo + "/fashion_textguided.pt").toStdString());
    auto data = openDataset("fashion-mnist");
    CampaignConfig config;
    config.protocol = Protocol::Raw;
    config.injectionsPerLayer = 24;
    config.batchSize = 8;
    config.imageEnd = 40;
    config.bits = {30, 30};
    config.seed = 3;
    campaignDir_ = test::tempDir("windowtext") + "/campaign";
    CampaignSession session(campaignDir_, {baseline.get(), guided.get()}, *data, config);
    std::atomic<bool> never{false};
    QVERIFY(session.run({}, never));
  }

  void everyTextFitsAndSpeaksTheWindowsLanguage() {
    const QSet<QString> german = translatedSources();
    QVERIFY2(german.size() > 300, "the German translation file was not read");
    for (const QString language : {QStringLiteral("en"), QStringLiteral("de")}) {
      QTranslator* translator =
          language == "de" ? app::installTranslations(*qApp, QLocale(QLocale::German, QLocale::Germany)) : nullptr;
      QVERIFY(language == "en" || translator);
      for (const QSize screen : {QSize(1366, 728), QSize(1920, 1040)}) {
        QSettings().clear();
        test::WiredWorkbench wired;
        auto& window = wired.window;
        app::CampaignController campaigns;
        app::connectCampaigns(window, wired.workbench, campaigns);
        app::AnalysisController analyses;
        app::connectAnalyses(window, wired.workbench, analyses);
        if (!test::openDemoPair(window)) return;
        // Fashion-MNIST, whose labels the models' classes name: analyses fill their plots.
        window.openDataRequested(QStringLiteral("fashion-mnist"));
        QTRY_COMPARE_WITH_TIMEOUT(window.imageBrowser()->visibleCount(), 10000, 20000);
        window.imageBrowser()->selectImage(1);
        test::applyFault(window, parseFaultSpec("fc@3:30"), ErrorModel::BitFlip);
        QTRY_VERIFY_WITH_TIMEOUT(window.panel(ModelSlot::Guided)->faultyView()->hasPrediction(), 20000);
        // The fault came right after the selection: the header still shows the image.
        QTRY_COMPARE_WITH_TIMEOUT(window.shownImage(), 1, 20000);
        campaigns.open(QString::fromStdString(campaignDir_));
        QTRY_VERIFY_WITH_TIMEOUT(!window.campaignPanel()->pairedText().isEmpty(), 20000);
        QSignalSpy analysed(&analyses, &app::AnalysisController::finished);
        window.analysisPanel()->findChild<QPushButton*>("analysisCompute")->click();
        QTRY_COMPARE_WITH_TIMEOUT(analysed.count(), 1, 60000);
        window.resize(screen);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        for (const QString view : {QStringLiteral("campaign"), QStringLiteral("cam")}) {
          window.showView(view);
          QTest::qWait(150);
          const QString where = QStringLiteral("%1, %2×%3, %4 dock in front")
                                    .arg(language)
                                    .arg(screen.width())
                                    .arg(screen.height())
                                    .arg(view);
          const QStringList cut = cutTexts(window);
          QVERIFY2(cut.isEmpty(), qPrintable(where + ":\n  " + cut.join("\n  ")));
          if (language == "de") {
            QStringList english;
            for (const auto& [text, widget] : visibleTexts(window))
              if (german.contains(text) || german.contains(withoutMnemonic(text)))
                english << QStringLiteral("%1: '%2'").arg(describe(widget), text);
            english.removeDuplicates();
            QVERIFY2(english.isEmpty(), qPrintable(where + ", untranslated:\n  " + english.join("\n  ")));
          }
          if (const QString keep = qEnvironmentVariable("KEEP_FIGURES"); !keep.isEmpty())
            window.grab().save(QStringLiteral("%1/text-%2-%3-%4.png").arg(keep, language, view).arg(screen.width()));
        }
        wired.workbench.waitForIdle();
      }
      if (translator) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
      }
    }
  }

  void anErrorWaitsForTheDialogTheUserAnswers() {
    widgets::MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.askInputSpec(ModelSlot::Baseline, "/models/plain.pt", proposeInputSpec(3));
    auto* dialog = window.findChild<widgets::InputSpecDialog*>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    window.showError("Cannot open data", "/data/gone: does not exist");
    QTest::qWait(50);
    const auto boxShown = [&] {
      const auto* box = window.findChild<QMessageBox*>("errorBox");
      return box && box->isVisible();
    };
    QVERIFY2(!boxShown(), "the error box covers the dialog the user is answering");
    QVERIFY(window.statusText().contains("/data/gone"));  // said at once in the status bar
    dialog->reject();
    QTRY_VERIFY(boxShown());
  }
};

QTEST_MAIN(WindowTextTest)
#include "WindowTextTest.moc"
