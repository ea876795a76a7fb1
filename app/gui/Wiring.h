#pragma once
// Connects the window's requests to the workbench and the workbench's results to the
// window. Kept apart from main() so tests drive exactly what users get.
namespace faultlens::widgets {
class MainWindow;
}
namespace faultlens::app {
class Workbench;
class CampaignController;
class AnalysisController;
class ReportController;
void connectWorkbench(widgets::MainWindow& window, Workbench& workbench);
/// The campaign view: a new campaign uses the workbench's models and data set, a stored
/// one the models and data its manifest names.
void connectCampaigns(widgets::MainWindow& window, const Workbench& workbench, CampaignController& campaigns);
/// The analyses view: accuracy, activation ranges and the Top2Diff sweep of the workbench's
/// models on its data set.
void connectAnalyses(widgets::MainWindow& window, const Workbench& workbench, AnalysisController& analyses);
/// File ▸ Export all figures: the paper's report for the workbench's two models, data set
/// and CAM settings.
void connectReports(widgets::MainWindow& window, const Workbench& workbench, ReportController& reports);
}  // namespace faultlens::app
