#pragma once
// Connects the window's requests to the workbench and the workbench's results to the
// window. Kept apart from main() so tests drive exactly what users get.
namespace faultlens::widgets {
class MainWindow;
}
namespace faultlens::app {
class Workbench;
void connectWorkbench(widgets::MainWindow& window, Workbench& workbench);
}  // namespace faultlens::app
