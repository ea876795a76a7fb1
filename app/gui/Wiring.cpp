#include "app/gui/Wiring.h"

#include "app/gui/Workbench.h"
#include "widgets/MainWindow.h"

namespace faultlens::app {
using widgets::MainWindow;
using widgets::ModelSlot;

void connectWorkbench(MainWindow& window, Workbench& workbench) {
  QObject::connect(&window, &MainWindow::openModelRequested, &workbench, &Workbench::loadModel);
  QObject::connect(&window, &MainWindow::openDataRequested, &workbench, &Workbench::openData);
  QObject::connect(&window, &MainWindow::imageSelected, &workbench, &Workbench::selectImage);
  QObject::connect(&window, &MainWindow::faultRequested, &workbench, &Workbench::setFault);
  QObject::connect(&window, &MainWindow::faultCleared, &workbench, &Workbench::clearFault);
  QObject::connect(&workbench, &Workbench::faultyPredictionReady, &window, &MainWindow::showFaultyPrediction);
  QObject::connect(&workbench, &Workbench::faultProblem, &window, &MainWindow::showFaultProblem);
  // A new image shows its clean prediction first; the faulty one follows when a fault is set.
  QObject::connect(&window, &MainWindow::imageSelected, &window, &MainWindow::clearFaultyPredictions);

  QObject::connect(&workbench, &Workbench::modelLoading, &window, &MainWindow::showModelLoading);
  QObject::connect(&workbench, &Workbench::modelLoaded, &window, &MainWindow::showModel);
  QObject::connect(&workbench, &Workbench::modelFailed, &window, [&window](ModelSlot slot, const QString& message) {
    window.showModelMissing(slot, QObject::tr("Loading failed: %1").arg(message));
    window.showError(QObject::tr("Cannot load model"), message);
  });
  QObject::connect(&workbench, &Workbench::dataOpened, &window, &MainWindow::showDataSet);
  QObject::connect(&workbench, &Workbench::dataFailed, &window, [&window](const QString& message) {
    window.showError(QObject::tr("Cannot open data set"), message);
  });
  QObject::connect(&workbench, &Workbench::imageReady, &window, &MainWindow::showImage);
  QObject::connect(&workbench, &Workbench::camGridReady, &window, &MainWindow::showCamGrid);
  QObject::connect(&workbench, &Workbench::camFailed, &window, [&window](const QString& message) {
    window.showCamMessage(QObject::tr("Ablation-CAM unavailable: %1").arg(message));
  });
  QObject::connect(&workbench, &Workbench::predictionReady, &window, &MainWindow::showPrediction);
  QObject::connect(&workbench, &Workbench::predictionFailed, &window, [&window](ModelSlot, const QString& message) {
    window.showError(QObject::tr("Inference failed"), message);
  });
}

}  // namespace faultlens::app
