#pragma once
// The GUI's engine side: owns the two models and the data set, and runs every load and
// inference on a single worker thread (models are not shared between concurrent jobs;
// weight faults will mutate them). Results come back as queued signals carrying the
// widgets' plain data structs, so the GUI thread never waits on LibTorch.
#include <QObject>
#include <QThreadPool>
#include <QVector>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

#include "core/faults/Fault.h"
#include "core/faults/FaultList.h"
#include "core/model/ModelMetadata.h"
#include "core/formats/NumberFormat.h"
#include "core/io/ProjectFile.h"

#include "widgets/ViewData.h"
#include "widgets/plots/CamFigure.h"
#include "widgets/plots/PlotData.h"

namespace faultlens {
class Model;
class Dataset;
}  // namespace faultlens

namespace faultlens::app {

class Workbench : public QObject {
  Q_OBJECT
 public:
  explicit Workbench(QObject* parent = nullptr);
  ~Workbench() override;

  /// Loads a TorchScript model into a slot (asynchronously). A model that does not say
  /// what input it expects is not installed: inputSpecNeeded offers a proposal instead.
  void loadModel(widgets::ModelSlot slot, const QString& path);
  /// As loadModel, for the built-in demo model: a model of the user's opened later in the
  /// other slot that takes other inputs or classes closes it (modelClosed).
  void loadDemoModel(widgets::ModelSlot slot, const QString& path);
  /// Loads a model with an input spec the user confirmed; with `saveSidecar`, the spec is
  /// written into the model's sidecar JSON first (merged into one that exists).
  void loadModelWithInput(widgets::ModelSlot slot, const QString& path, const InputSpec& input, bool saveSidecar);
  /// Both models compute in this number format from now on ("fp32", "bf16", "int8",
  /// "fixed:3.12", ...): each loaded model is loaded again from its file in the format, both
  /// in one job, so they change together or not at all (numberFormatFailed). int8 scales each
  /// layer by its abs-max over the open data set's first 512 images (kInt8ScaleImages), so it
  /// needs a data set. Models loaded later compute in the same format.
  void setNumberFormat(const QString& name);
  /// The format asked for last (models still loading may compute in the previous one).
  const NumberFormat& numberFormat() const { return format_; }
  /// True while the models are on their way into another format than the one they show.
  bool numberFormatPending() const { return format_ != shownFormat_; }
  /// "bf16", or "int8 (scales: abs-max over 512 images of fashion-mnist)".
  QString numberFormatDescription() const { return formatDescription_; }
  /// Both models run on `device` from now on ("cpu", "cuda:0", …; core/model/Devices):
  /// each loaded model is loaded again from its file onto it, and models loaded later, and
  /// the analyses, campaigns and reports started later, run there too. An unknown device is
  /// refused (deviceFailed). The workbench starts on preferredDevice(): the first GPU where
  /// there is one.
  void setDevice(const QString& device);
  /// The device asked for last (models still loading may be on the previous one).
  QString device() const { return QString::fromStdString(device_); }
  /// Opens a data set spec (see core/data/Dataset.h) asynchronously.
  void openData(const QString& spec);
  /// Shows image `index` and predicts it with every loaded model.
  void selectImage(int index);
  /// Injects this activation fault into the selected image's inference in both models, until
  /// cleared. Its layer is one of `target`'s (or, when only the other model has a layer of
  /// that name, the other's); the other model takes the corresponding layer (see
  /// placeFaultLayer), so `fc@3:30` aimed at the baseline's classifier hits the text-guided
  /// head, not its projection that is also called `fc`.
  void setFault(const FaultSpec& spec, ErrorModel model, widgets::ModelSlot target = widgets::ModelSlot::Baseline);
  /// Weight faults (explicit sites, resolved against each model's own layers) written into
  /// both models for the selected image's inference, together with any activation fault,
  /// until cleared. Weights are restored bit for bit after every inference.
  void setWeightFaults(std::vector<FaultListEntry> faults);
  /// `count` random weight faults over all conv/linear weights of the baseline (or, without
  /// one, the text-guided model) as explicit sites, so both models get the same sites
  /// wherever their weight shapes agree. Empty when no model is loaded; throws
  /// faultlens::Error for a count below 1 or above kMaxNetworkWeightFaults.
  std::vector<FaultListEntry> randomWeightFaults(int count, std::uint64_t seed, ErrorModel model) const;
  /// Removes the activation fault and every weight fault.
  void clearFault();
  /// CAM target layer (by name; empty: each model's default), colour map and colour-scale
  /// sharing; the grid of the current image is redrawn.
  void setCamSettings(const ProjectCamSettings& settings);
  /// Computes the clean output of `layer` of the `source` model (when it is not loaded, the
  /// other) for the selected image now and for every image selected later (activationsReady).
  void requestActivations(const QString& layer, widgets::ModelSlot source = widgets::ModelSlot::Baseline);
  const ProjectCamSettings& camSettings() const { return camSettings_; }
  /// Blocks until queued jobs are done (tests, shutdown).
  void waitForIdle();

  int currentImage() const { return currentImage_; }
  /// What is open now (paths of loaded models, the data-set spec), for project files.
  QString modelPath(widgets::ModelSlot slot) const;
  QString dataSpec() const { return dataSpec_; }
  const std::optional<std::pair<FaultSpec, ErrorModel>>& fault() const { return fault_; }
  widgets::ModelSlot faultTarget() const { return faultTarget_; }
  const std::vector<FaultListEntry>& weightFaults() const { return weightFaults_; }
  /// True while jobs are queued or running (their results may still be on their way).
  bool busy() const { return pending_ > 0; }
  bool hasModel(widgets::ModelSlot slot) const;
  /// int8: the output scales the slot's model computes with, for jobs that load the same
  /// file again (numberFormatScales); empty for other formats, no model, or a model not yet
  /// in the wanted format (such jobs then profile their own).
  LayerScales formatScales(widgets::ModelSlot slot) const;
  /// How many clean Ablation-CAMs the engine has computed (tests: a new fault on the same
  /// image reuses the clean maps).
  int cleanCamsComputed() const { return cleanCamsComputed_; }

 Q_SIGNALS:
  void modelLoading(faultlens::widgets::ModelSlot slot, const QString& path);
  void modelLoaded(faultlens::widgets::ModelSlot slot, const faultlens::widgets::ModelSummary& summary);
  void modelFailed(faultlens::widgets::ModelSlot slot, const QString& message);
  /// The slot's demo model was closed: it took other inputs or classes than the model just
  /// opened in the other slot (`reason` says which).
  void modelClosed(faultlens::widgets::ModelSlot slot, const QString& reason);
  /// The model at `path` carries no input metadata; `proposal` is FaultLens's guess from
  /// its first convolution. Answer with loadModelWithInput (or not at all).
  void inputSpecNeeded(faultlens::widgets::ModelSlot slot, const QString& path, const faultlens::InputSpec& proposal);
  void dataOpened(std::shared_ptr<const faultlens::widgets::ImageSource> source);
  void dataFailed(const QString& message);
  void imageReady(int index, const QImage& image, const QString& caption);
  void predictionReady(faultlens::widgets::ModelSlot slot, const faultlens::widgets::PredictionData& prediction);
  void predictionFailed(faultlens::widgets::ModelSlot slot, const QString& message);
  void faultyPredictionReady(faultlens::widgets::ModelSlot slot,
                             const faultlens::widgets::FaultyPredictionData& result);
  /// The selected image's way through this model's layers: clean statistics, and under a
  /// fault the faulty ones and each layer's deviation (computed in the prediction runs).
  void layerProfileReady(faultlens::widgets::ModelSlot slot, const faultlens::widgets::ImageLayerProfile& profile);
  /// The fault does not fit this model (unknown layer, site out of range).
  void faultProblem(faultlens::widgets::ModelSlot slot, const QString& message);
  /// Ablation-CAM grid of the current image: clean (and faulty) maps of every loaded model
  /// on one shared colour scale.
  /// `sidecar`: the panels as JSON (class, y, guard flags, change metrics), saved beside an export.
  void camGridReady(const QImage& grid, const QString& caption, const QString& sidecar);
  /// The same grid as a vector figure for export (sent just before camGridReady).
  void camFigureReady(const widgets::CamFigureData& figure);
  void camFailed(const QString& message);
  /// One image's clean output of a layer, without the batch dimension, row-major.
  /// `source`: the model whose output it is ("Baseline", or "Text-guided" when no baseline is loaded).
  void activationsReady(const QString& layer, const QVector<qint64>& shape, const QVector<float>& values,
                        const QString& source);
  /// Every loaded model now computes in `format` (the bit view and bit ranges follow it).
  void numberFormatChanged(const faultlens::NumberFormat& format, const QString& description);
  /// The format was not taken (a bad name, int8 without a data set, a model it does not fit);
  /// the models keep computing in numberFormat().
  void numberFormatFailed(const QString& message);
  /// Models load onto `device` from now on (those loaded are on their way there).
  void deviceChanged(const QString& device);
  /// setDevice was given a device LibTorch does not see; the device stays device().
  void deviceFailed(const QString& message);

 private:
  /// `confirmed`: the input spec the user gave; none: propose one when the model lacks it.
  void startLoading(widgets::ModelSlot slot, const QString& path, std::optional<InputSpec> confirmed);
  void predict(widgets::ModelSlot slot, int index);
  /// Queues the CAM grid of `index` (after the predictions: the pool is serial).
  void updateCams(int index);
  void computeActivations(int index);
  /// Runs `job` on the engine thread, counted in pending_ until its results are posted.
  void run(std::function<void()> job);
  /// Installs a loaded model in its slot and recomputes what the views show from it.
  /// `confirmed`: the input spec the user gave for it, kept so a format change loads it alike.
  void install(widgets::ModelSlot slot, std::shared_ptr<Model> model, const std::optional<InputSpec>& confirmed);
  /// True when `request` is the slot's latest load, which then no longer counts as on its way;
  /// false for a load overtaken by a later one (its result is dropped).
  bool settleLoad(widgets::ModelSlot slot, int request);
  /// Loads again every installed model that computes in another format than the wanted one.
  /// Loads again every model that is not in the wanted format or on the wanted device.
  void reloadModelsAsWanted();
  struct CleanCams;  // Workbench.cpp; touched on the engine thread only

  QThreadPool pool_;
  std::shared_ptr<Model> models_[2];
  QString demoPath_[2];                         // the demo model asked for in each slot (StartupActions), if any
  std::optional<InputSpec> confirmedInput_[2];  // per installed model: a format change reloads it alike
  std::atomic<int> loadRequests_[2] = {0, 0};   // bumps with every load of a slot (read by format jobs)
  int settledRequest_[2] = {0, 0};              // the latest load of each slot that has come back
  NumberFormat format_;                         // wanted: set when asked for, so loads asked for later use it
  std::string device_;                          // wanted, likewise
  NumberFormat shownFormat_;                    // the last format announced by numberFormatChanged
  QString formatDescription_ = QStringLiteral("fp32");
  std::shared_ptr<Dataset> data_;
  std::optional<std::pair<FaultSpec, ErrorModel>> fault_;
  widgets::ModelSlot faultTarget_ = widgets::ModelSlot::Baseline;  // whose layer the fault names
  std::vector<FaultListEntry> weightFaults_;
  ProjectCamSettings camSettings_;
  QString activationLayer_;
  widgets::ModelSlot activationSource_ = widgets::ModelSlot::Baseline;
  std::atomic<int> activationGeneration_{0};  // bumps with every activation request
  std::atomic<int> pending_{0};
  std::atomic<int> generation_{0};  // bumps on every selection: stale results are dropped
  // Bumps only when another image or data set is selected: a fault applied right after a
  // selection must not drop that image's picture (its header kept the previous image).
  std::atomic<int> imageSelection_{0};
  int currentImage_ = -1;
  QString dataSpec_;
  std::unique_ptr<CleanCams> cleanCams_;
  std::atomic<int> cleanCamsComputed_{0};
};

}  // namespace faultlens::app
