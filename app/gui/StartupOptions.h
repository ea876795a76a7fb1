#pragma once
// What the workbench's command line asks for at start. Parsed and checked before any
// window exists: `faultlens --help` needs no display, and a mistyped number is refused at
// once instead of becoming 0 (QString::toInt's answer to "abc") and a puzzling message
// later. Adding a start-up option means one entry here and its step in StartupActions.
#include <QString>
#include <QStringList>

#include <optional>
#include <variant>

#include "core/faults/Fault.h"

namespace faultlens::app {

struct StartupOptions {
  QString baseline, guided;  ///< empty: the demo models
  QString data = QStringLiteral("fashion-mnist");
  QString project;                 ///< set: open this project instead of models and data
  QString screenshot;              ///< set: save a picture of the window there and quit
  QString view;                    ///< dock to show first
  QString campaignDir;             ///< stored campaign to show
  QString numberFormat;            ///< set: the models compute in this format (a valid name)
  std::optional<FaultSpec> fault;  ///< activation fault applied at start
  int threads = 0;                 ///< LibTorch threads; 0: every hardware thread
  int image = 0;                   ///< image selected at start
  int analyseImages = 0;           ///< >0: run the Analyses dock on this many images
  int weightFaults = 0;            ///< >0: apply this many random weight faults (seed 1)
  /// What the activation plot shows: -1 the data set's ranges, else an
  /// ImageLayerPlot::Quantity of the selected image (--activations data|max|mean|deviation).
  int activationMode = -1;
};

/// True when argv asks only for help or the version: answered without a display.
bool asksForHelpOrVersion(int argc, char** argv);

/// Parses the command line of the running Q(Core)Application. Returns the options, or the
/// exit code when it has already answered: 0 after printing help or the version, 2 after
/// printing what is wrong with the command line.
std::variant<StartupOptions, int> parseStartupOptions(const QStringList& arguments);

}  // namespace faultlens::app
