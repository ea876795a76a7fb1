#include "tests/app/WorkbenchFixture.h"

namespace fs = std::filesystem;

namespace faultlens::test {
using widgets::ModelSlot;

std::string writeImageFolder() {
  const std::string root = test::tempDir("appdata");
  int n = 0;
  for (const char* cls : {"a", "b", "c"}) {
    fs::create_directories(root + "/" + cls);
    for (int k = 0; k < 2; ++k, ++n) {
      cv::Mat img(6, 6, CV_8UC1);
      for (int y = 0; y < 6; ++y)
        for (int x = 0; x < 6; ++x) img.at<std::uint8_t>(y, x) = static_cast<std::uint8_t>((x * 40 + y * 7 * n) % 256);
      cv::imwrite(root + "/" + cls + "/" + std::to_string(k) + ".png", img);
    }
  }
  return root;
}

bool openDemoPair(widgets::MainWindow& window) {
  const QString demo = QStringLiteral(FAULTLENS_DEMO_MODELS_DIR);
  window.openModelRequested(ModelSlot::Baseline, demo + "/fashion_baseline.pt");
  window.openModelRequested(ModelSlot::Guided, demo + "/fashion_textguided.pt");
  window.openDataRequested(QString::fromStdString(writeImageFolder()));
  const bool ready = QTest::qWaitFor(
      [&] {
        return window.panel(ModelSlot::Baseline)->hasModel() && window.panel(ModelSlot::Guided)->hasModel() &&
               window.imageBrowser()->visibleCount() == 6;
      },
      20000);
  if (!ready) QTest::qFail("the demo pair did not open within 20 s", __FILE__, __LINE__);
  return ready;
}

bool openTinyPair(widgets::MainWindow& window, const std::string& tag, TinyPair& pair) {
  pair.baseline = test::writeTinyConvNet(test::tempDir(tag + "b"), 1);
  pair.guided = test::writeTinyConvNet(test::tempDir(tag + "g"), 2);
  pair.folder = writeImageFolder();
  window.openModelRequested(ModelSlot::Baseline, QString::fromStdString(pair.baseline));
  window.openModelRequested(ModelSlot::Guided, QString::fromStdString(pair.guided));
  window.openDataRequested(QString::fromStdString(pair.folder));
  const bool ready = QTest::qWaitFor(
      [&] {
        return window.panel(ModelSlot::Baseline)->hasModel() && window.panel(ModelSlot::Guided)->hasModel() &&
               window.imageBrowser()->visibleCount() == 6;
      },
      20000);
  if (!ready) QTest::qFail("the tiny pair did not open within 20 s", __FILE__, __LINE__);
  return ready;
}

}  // namespace faultlens::test
