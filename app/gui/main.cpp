// faultlens: the workbench GUI. Opens the built-in demo models (when shipped) and the
// Fashion-MNIST test set unless told otherwise on the command line.
#include <QApplication>

#include <variant>

#include "app/gui/AnalysisController.h"
#include "app/gui/CampaignController.h"
#include "app/gui/ReportController.h"
#include "app/gui/StartupActions.h"
#include "app/gui/StartupOptions.h"
#include "app/gui/ProjectSession.h"
#include "app/gui/Translations.h"
#include "app/gui/Wiring.h"
#include "app/gui/Workbench.h"
#include "core/Error.h"
#include "core/Runtime.h"
#include "widgets/MainWindow.h"

namespace {

namespace app = faultlens::app;

void setIdentity() {
  QCoreApplication::setApplicationName("FaultLens");
  QCoreApplication::setOrganizationName("FaultLens");
  QCoreApplication::setApplicationVersion(FAULTLENS_VERSION);
}

}  // namespace

int main(int argc, char** argv) {
  if (app::asksForHelpOrVersion(argc, argv)) {
    // Answered on the console: no display needed (a QApplication would abort without one).
    QCoreApplication console(argc, argv);
    setIdentity();
    const auto answer = app::parseStartupOptions(QCoreApplication::arguments());
    return std::holds_alternative<int>(answer) ? std::get<int>(answer) : 0;
  }
  QApplication application(argc, argv);
  setIdentity();
  app::installTranslations(application);
  const auto parsed = app::parseStartupOptions(QCoreApplication::arguments());
  if (std::holds_alternative<int>(parsed)) return std::get<int>(parsed);
  const app::StartupOptions& options = std::get<app::StartupOptions>(parsed);
  faultlens::configureRuntime(options.threads);

  faultlens::widgets::MainWindow window;
  window.setVersionInfo(
      QStringLiteral("Qt %1 · LibTorch %2").arg(qVersion(), QString::fromStdString(faultlens::libtorchVersion())));
  app::Workbench workbench;
  app::connectWorkbench(window, workbench);
  app::CampaignController campaigns;
  app::connectCampaigns(window, workbench, campaigns);
  app::AnalysisController analyses;
  app::connectAnalyses(window, workbench, analyses);
  app::ReportController reports;
  app::connectReports(window, workbench, reports);

  const app::WorkbenchParts parts{window, workbench, campaigns, analyses};
  if (!app::applyStartupOptions(options, parts)) return 2;
  // Constructed after the start-up steps: a project's own image then wins over --image.
  app::ProjectSession session(window, workbench);
  // Listens before the project opens, so that its errors fail a scripted screenshot too.
  if (!options.screenshot.isEmpty()) app::saveScreenshotWhenIdle(options.screenshot, parts);
  if (!options.project.isEmpty()) session.openProject(options.project);
  else workbench.openData(options.data);
  window.show();
  const int rc = application.exec();
  workbench.waitForIdle();
  return rc;
}
