#include "app/gui/StartupOptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QMap>

#include <cstdio>
#include <cstring>
#include <limits>

#include "core/Error.h"
#include "core/faults/FaultSampler.h"
#include "core/formats/NumberFormat.h"
#include "core/Runtime.h"
#include "widgets/plots/PlotViews.h"

namespace faultlens::app {

bool asksForHelpOrVersion(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    for (const char* flag : {"-h", "-?", "--help", "--help-all", "-v", "--version"})
      if (std::strcmp(argv[i], flag) == 0) return true;
  return false;
}

std::variant<StartupOptions, int> parseStartupOptions(const QStringList& arguments) {
  QCommandLineParser cli;
  cli.setApplicationDescription("Hardware-fault analysis workbench for image classifiers.");
  const QCommandLineOption help = cli.addHelpOption();
  const QCommandLineOption version = cli.addVersionOption();
  const QCommandLineOption baseline("baseline", "Baseline TorchScript model.", "MODEL");
  const QCommandLineOption guided("guided", "Text-guided TorchScript model.", "MODEL");
  const QCommandLineOption data("data", "Data set: fashion-mnist[:train|:test], IDX/CIFAR file or image folder.",
                                "SPEC", "fashion-mnist");
  const QCommandLineOption threads("threads", "LibTorch threads (default: all hardware threads).", "N", "0");
  const QCommandLineOption image("image", "Select this image index at start.", "INDEX", "0");
  const QCommandLineOption screenshot("screenshot",
                                      "Once everything requested has loaded and been predicted, save a picture of "
                                      "the window to FILE and quit (exit 1 if that takes over 120 s).",
                                      "FILE");
  const QCommandLineOption fault("fault", "Inject this activation fault at start, e.g. fc@3:30 (LAYER@C,H,W:BIT).",
                                 "SPEC");
  const QCommandLineOption project("project",
                                   "Open this project file (models, data, image, faults) instead of the demo.", "FILE");
  const QCommandLineOption view(
      "view", "Show this dock at start: images, fault, cam, map (layer output), analyses or campaign.", "NAME");
  const QCommandLineOption analyse("analyse", "Run the Analyses dock on the first N images of the data set at start.",
                                   "N");
  const QCommandLineOption campaign("campaign", "Show this stored campaign (its directory) in the Campaign dock.",
                                    "DIR");
  const QCommandLineOption weightFaults("weight-faults", "Apply N random weight faults (seed 1) at start.", "N");
  const QCommandLineOption activations("activations",
                                       "What the activation plot shows at start: the data set's ranges (data, the "
                                       "default) or the selected image layer by layer: |a| max, |a| mean or the "
                                       "faulty run's deviation (max, mean, deviation).",
                                       "MODE", "data");
  const QCommandLineOption format("format",
                                  "Number format both models compute in: fp32, fp16, bf16, fp8-e4m3, fp8-e5m2, int8 "
                                  "(scales: each layer's abs-max over the data set's first 512 images) or fixed:I.F.",
                                  "F");
  cli.addOptions({baseline, guided, data, threads, image, screenshot, fault, project, view, analyse, campaign,
                  weightFaults, activations, format});

  const auto fail = [](const QString& message) {
    std::fprintf(stderr, "faultlens: %s\n", qPrintable(message));
    return 2;
  };
  if (!cli.parse(arguments)) return fail(cli.errorText());
  if (cli.isSet(help)) {
    std::fputs(qPrintable(cli.helpText()), stdout);
    return 0;
  }
  if (cli.isSet(version)) {
    std::printf("%s %s\n", qPrintable(QCoreApplication::applicationName()),
                qPrintable(QCoreApplication::applicationVersion()));
    return 0;
  }
  if (!cli.positionalArguments().isEmpty())
    return fail("unexpected argument '" + cli.positionalArguments().front() + "'");

  StartupOptions o;
  // A whole number within [min, max], or the message that says it is not.
  const auto number = [&cli](const QCommandLineOption& option, long long min, long long max, int& out) -> QString {
    if (!cli.isSet(option)) return {};
    bool ok = false;
    const long long n = cli.value(option).toLongLong(&ok);
    if (ok && n >= min && n <= max) {
      out = static_cast<int>(n);
      return {};
    }
    return QStringLiteral("--%1 expects a whole number from %2 to %3, got '%4'")
        .arg(option.names().first())
        .arg(min)
        .arg(max)
        .arg(cli.value(option));
  };
  for (const QString& problem : {number(image, 0, std::numeric_limits<int>::max(), o.image),
                                 number(analyse, 1, std::numeric_limits<int>::max(), o.analyseImages),
                                 number(weightFaults, 1, kMaxNetworkWeightFaults, o.weightFaults)})
    if (!problem.isEmpty()) return fail(problem);
  try {
    if (cli.isSet(threads)) o.threads = parseThreadCount(cli.value(threads).toStdString(), "--threads");
    if (cli.isSet(fault)) o.fault = parseFaultSpec(cli.value(fault).toStdString());
    if (cli.isSet(format))
      o.numberFormat = QString::fromStdString(NumberFormat::parse(cli.value(format).toStdString()).name());
  } catch (const std::exception& e) {
    return fail(QString::fromStdString(e.what()));
  }
  o.baseline = cli.value(baseline);
  o.guided = cli.value(guided);
  o.data = cli.value(data);
  o.project = cli.value(project);
  o.screenshot = cli.value(screenshot);
  o.view = cli.value(view);
  o.campaignDir = cli.value(campaign);
  const QMap<QString, int> modes{{"data", -1},
                                 {"max", static_cast<int>(widgets::ImageLayerPlot::Quantity::AbsMax)},
                                 {"mean", static_cast<int>(widgets::ImageLayerPlot::Quantity::AbsMean)},
                                 {"deviation", static_cast<int>(widgets::ImageLayerPlot::Quantity::Deviation)}};
  if (!modes.contains(cli.value(activations)))
    return fail("--activations expects data, max, mean or deviation, got '" + cli.value(activations) + "'");
  o.activationMode = modes.value(cli.value(activations));
  return o;
}

}  // namespace faultlens::app
