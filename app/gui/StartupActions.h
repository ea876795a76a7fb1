#pragma once
// What the workbench's start-up options ask of the wired window and engine: the models
// to open, a fault, the first view and image, analyses and weight faults to run once the
// data set is there, and a screenshot. A new start-up option is a field in
// StartupOptions and one step in applyStartupOptions.
#include <QString>

namespace faultlens::widgets {
class MainWindow;
}

namespace faultlens::app {

class AnalysisController;
class CampaignController;
class Workbench;
struct StartupOptions;

/// The parts main() wires together, as the start-up steps need them.
struct WorkbenchParts {
  widgets::MainWindow& window;
  Workbench& workbench;
  CampaignController& campaigns;
  AnalysisController& analyses;
};

/// Starts loading the models (the demo pair unless given; none when a project is opened)
/// and schedules what needs the data set. False after printing why when an option cannot
/// be honoured (the caller exits with 2). Opening the data set or project is left to the
/// caller, after its ProjectSession exists.
bool applyStartupOptions(const StartupOptions& options, const WorkbenchParts& parts);

/// Saves a picture of the window to `file` once the engine and the controllers have been
/// idle for two ticks (results delivered and painted), then quits: 0 when saved, 1 when
/// not or after two minutes of waiting.
void saveScreenshotWhenIdle(const QString& file, const WorkbenchParts& parts);

}  // namespace faultlens::app
