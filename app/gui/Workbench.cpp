#include "app/gui/Workbench.h"

#include <QFileInfo>
#include <QMetaObject>

#include <filesystem>

#include "app/gui/CamNoteText.h"
#include "app/gui/DatasetImageSource.h"
#include "core/Error.h"
#include "core/io/FileIO.h"
#include "core/faults/FaultSampler.h"
#include "core/faults/FaultSites.h"
#include "core/model/Devices.h"
#include "core/model/LayerAlignment.h"
#include "core/faults/WeightFaults.h"
#include "core/model/TapHandlers.h"
#include "core/analysis/Metrics.h"
#include "core/model/Model.h"
#include "core/data/Preprocess.h"
#include "core/analysis/AblationCam.h"
#include "core/analysis/ActivationRanges.h"
#include "core/analysis/FormatScales.h"
#include "core/analysis/CamChange.h"
#include "core/analysis/CamImage.h"
#include "core/analysis/CamJson.h"
#include "core/io/JsonFormat.h"
#include "core/analysis/LayerDeviation.h"
#include "widgets/plots/PlotData.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <nlohmann/json.hpp>
#include <limits>
#include <utility>

namespace faultlens::app {
using widgets::ModelSlot;

/// The clean Ablation-CAM of the shown image for each model slot. Flipping bit after bit
/// on one image leaves them valid, and each costs a resumed pass per batch of channels
/// (0.5 s on ResNet-50's last block), so only the faulty maps are recomputed. An entry is
/// valid for the same model and data set objects (a reload makes new ones), image and
/// CAM layer; weight faults never touch it (they are scoped to the faulty map).
struct Workbench::CleanCams {
  struct Entry {
    std::weak_ptr<Model> model;
    std::weak_ptr<Dataset> data;
    int index = -1;
    std::string target;
    std::optional<AblationCam> cam;
  };
  Entry slots[2];

  /// The cached map when every key matches, else nullptr.
  const AblationCam* find(int slot, const std::shared_ptr<Model>& model, const std::shared_ptr<Dataset>& data,
                          int index, const std::string& target) const {
    const Entry& e = slots[slot];
    const bool same = e.cam && e.model.lock() == model && e.data.lock() == data && e.index == index &&
                      e.target == target;
    return same ? &*e.cam : nullptr;
  }
  const AblationCam& store(int slot, const std::shared_ptr<Model>& model, const std::shared_ptr<Dataset>& data,
                           int index, const std::string& target, AblationCam cam) {
    slots[slot] = Entry{model, data, index, target, std::move(cam)};
    return *slots[slot].cam;
  }
};

namespace {

int slotIndex(ModelSlot slot) { return static_cast<int>(slot); }

QString roleName(ModelSlot slot) {
  return slot == ModelSlot::Baseline ? QObject::tr("Baseline") : QObject::tr("Text-guided");
}

/// The activation fault as model `m` takes it: aimed at a layer of the `target` model, it hits
/// that layer there and its corresponding layer (by the alignment campaigns use: name, kind
/// and shape; the last layers by role) in the other model. `problem` is set when this model
/// has no such layer; `note` says where the fault landed when that is not the name aimed at.
struct PlacedFault {
  FaultSpec spec;
  QString problem;
  QString note;
};

PlacedFault placeFault(const std::shared_ptr<Model> (&models)[2], ModelSlot target, int m, const FaultSpec& spec) {
  PlacedFault placed{spec, {}, {}};
  int aimedAt = slotIndex(target);
  if (!models[0] || !models[1]) return placed;  // one model: the layer is its own, by name
  const auto hasLayer = [&](int slot) {
    for (const LayerInfo& l : models[slot]->layers())
      if (l.name == spec.layerName) return true;
    return spec.layerName == kLastLayerRole;
  };
  // A spec from a project or the command line names no model: the one that has the layer.
  if (!hasLayer(aimedAt) && hasLayer(1 - aimedAt)) aimedAt = 1 - aimedAt;
  const auto& layers = models[m]->layers();
  const LayerAlignment alignment = LayerAlignment::automatic(models[0]->layers(), models[1]->layers());
  const FaultLayerPlacement placement =
      placeFaultLayer(alignment, models[0]->layers(), models[1]->layers(), aimedAt, spec.layerName);
  const QString name = QString::fromStdString(spec.layerName);
  // "the baseline model's fc": one phrase per model, so each language can decline it.
  const auto aimedLayer = [aimedAt](const QString& layer) {
    return aimedAt == 0 ? QObject::tr("the baseline model's %1").arg(layer)
                        : QObject::tr("the text-guided model's %1").arg(layer);
  };
  if (placement.layer[m] < 0) {
    placed.problem = QObject::tr("no layer of this model corresponds to %1 (layers pair by name, kind and output "
                                 "shape, the last layers by role)")
                         .arg(aimedLayer("'" + name + "'"));
    return placed;
  }
  const LayerInfo& hit = layers[static_cast<std::size_t>(placement.layer[m])];
  if (spec.layerName != kLastLayerRole) placed.spec.layerName = hit.name;
  const auto matchText = [](AlignedLayer::Match match) {
    switch (match) {
      case AlignedLayer::Match::Name: return QObject::tr("same name and shape");
      case AlignedLayer::Match::Order: return QObject::tr("same place and shape");
      case AlignedLayer::Match::LastLayer: return QObject::tr("last layer");
      case AlignedLayer::Match::Mapping: return QObject::tr("layer map");
      case AlignedLayer::Match::None: break;
    }
    return QString();
  };
  if (m != aimedAt && hit.name != spec.layerName)
    placed.note = QObject::tr("%1 corresponds to %2 (%3)")
                      .arg(QString::fromStdString(hit.name), aimedLayer(name), matchText(placement.match));
  if (m != aimedAt && placement.sameNameElsewhere >= 0) {
    const auto shapeOf = [&](int slot, int layer) {
      return QString::fromStdString(shapeToString(models[slot]->layers()[static_cast<std::size_t>(layer)].outputShape));
    };
    const QString warning = QObject::tr("this model's own %1 %2 is another layer (%3 is %4): not faulted")
                                .arg(name, shapeOf(m, placement.sameNameElsewhere), aimedLayer(name),
                                     shapeOf(aimedAt, placement.layer[aimedAt]));
    placed.note = placed.note.isEmpty() ? warning : placed.note + "; " + warning;
  }
  return placed;
}

/// The layer-by-layer view of one prediction: clean statistics from `reference`, and the
/// faulty ones with deviations when `faulty` ran.
widgets::ImageLayerProfile layerProfile(const Model& model, ModelSlot slot, const CleanLayerReference& reference,
                                        const LayerDeviationCollector* faulty) {
  widgets::ImageLayerProfile p;
  p.model = roleName(slot);
  const int count = static_cast<int>(model.layers().size());
  const std::vector<LayerDeviation> deviations = faulty ? faulty->deviations(count)
                                                        : LayerDeviationCollector(reference).deviations(count);
  for (int l = 0; l < count; ++l) {
    const LayerDeviation& d = deviations[static_cast<std::size_t>(l)];
    p.layers << QString::fromStdString(model.layers()[static_cast<std::size_t>(l)].name);
    // A layer whose output is all NaN/Inf has no finite |a|: shown as +inf, not as 0.
    const auto finiteOr = [](const ActivationStats& s, double v) {
      return s.count == 0 && s.nonFinite > 0 ? std::numeric_limits<double>::infinity() : v;
    };
    p.cleanMax << finiteOr(d.clean, d.clean.absMax);
    p.cleanMean << finiteOr(d.clean, d.clean.absMean());
    if (!faulty) continue;
    p.faultyMax << (d.faulty.nonFinite > 0 ? std::numeric_limits<double>::infinity() : d.faulty.absMax);
    p.faultyMean << (d.faulty.nonFinite > 0 ? std::numeric_limits<double>::infinity() : d.faulty.absMean());
    p.relativeL2 << d.relativeL2;
  }
  return p;
}

widgets::ModelSummary summarize(const Model& model, ModelSlot slot) {
  widgets::ModelSummary s;
  s.role = roleName(slot);
  s.name = QString::fromStdString(model.metadata().name);
  s.path = QString::fromStdString(model.path());
  s.numClasses = model.numClasses();
  s.parameters = model.parameterCount();
  s.inputShape =
      QStringLiteral("%1×%2×%3").arg(model.input().channels).arg(model.input().height).arg(model.input().width);
  s.layers = model.layers();
  for (const CamTarget& t : camTargets(model)) s.camTargets << QString::fromStdString(t.name);
  if (!s.camTargets.isEmpty()) s.defaultCamTarget = QString::fromStdString(defaultCamTarget(model).name);
  s.numberFormat = QString::fromStdString(model.numberFormat().name());
  s.device = QString::fromStdString(model.device());
  return s;
}

ModelLoadOptions loadOptionsFor(const std::optional<InputSpec>& confirmed, const std::string& device) {
  ModelLoadOptions options;
  options.device = device;
  if (confirmed) {
    options.input = *confirmed;
    options.mean = confirmed->mean;
    options.std = confirmed->std;
  } else {
    options.proposeMissingInput = true;  // a proposal is asked about, never applied unasked
  }
  return options;
}

QString describeFormat(const NumberFormat& format, const Dataset* data) {
  const QString name = QString::fromStdString(format.name());
  if (!format.needsScale() || !data) return name;
  const auto images = std::min(data->size(), kInt8ScaleImages);
  return QObject::tr("%1 (scales: each layer's abs-max over %2 images of %3)")
      .arg(name)
      .arg(images)
      .arg(QString::fromStdString(data->source()));
}

widgets::PredictionData toPrediction(const Model& model, const std::vector<float>& logits, int label,
                                     const std::vector<std::string>& dataClasses) {
  widgets::PredictionData p;
  for (const auto& c : topK(logits, 5))
    p.top.push_back({c.index, QString::fromStdString(model.className(c.index)), c.probability});
  p.finite = allFinite(logits);
  p.top2Diff = p.finite ? top2Diff(logits) : std::numeric_limits<double>::quiet_NaN();
  p.logitCount = static_cast<int>(logits.size());
  float best = -std::numeric_limits<float>::infinity();
  int bestIndex = -1;
  for (std::size_t c = 0; c < logits.size(); ++c) {
    const float v = logits[c];
    p.nonFiniteLogits += !std::isfinite(v);
    if (std::isnan(v)) continue;
    if (bestIndex < 0 || v > best) best = v, bestIndex = static_cast<int>(c), p.tiedClasses = 1;
    else if (v == best) ++p.tiedClasses;
  }
  if (bestIndex >= 0 && p.tiedClasses == 1) {
    p.topClass = bestIndex;
    p.topClassName = QString::fromStdString(model.className(bestIndex));
  }
  p.modelClasses = model.numClasses();
  p.dataClasses = static_cast<int>(dataClasses.size());
  // The same rule as the evaluation: labels index the data set's classes, so they say
  // nothing about a model with other classes.
  if (p.classesDiffer()) return p;
  p.groundTruth = label;
  if (label >= 0 && label < static_cast<int>(dataClasses.size()))
    p.groundTruthName = QString::fromStdString(dataClasses[label]);
  return p;
}

/// The weight faults of a list resolved against one model's layers; throws faultlens::Error
/// for a site the model lacks.
std::vector<WeightFault> resolveWeightFaults(const std::vector<LayerInfo>& layers,
                                             const std::vector<FaultListEntry>& entries) {
  std::vector<WeightFault> out;
  for (const auto& e : entries) {
    WeightFault f = resolveWeightFault(layers, e.site, e.model);
    f.randomValue = e.randomValue;
    out.push_back(f);
  }
  return out;
}

}  // namespace

Workbench::Workbench(QObject* parent)
    : QObject(parent), device_(preferredDevice()), cleanCams_(std::make_unique<CleanCams>()) {
  qRegisterMetaType<widgets::ModelSlot>();
  qRegisterMetaType<widgets::ModelSummary>();
  qRegisterMetaType<widgets::PredictionData>();
  qRegisterMetaType<widgets::FaultyPredictionData>();
  qRegisterMetaType<widgets::ImageLayerProfile>();
  qRegisterMetaType<std::shared_ptr<const widgets::ImageSource>>();
  pool_.setMaxThreadCount(1);  // one engine job at a time; LibTorch itself uses every core
  // Keep the engine thread for good: a fresh one is slow on its first job (OpenMP team,
  // LibTorch thread state; `faultlens-bench --latency-only` measured about twice the
  // apply-fault latency), which users would meet after the pool's default 30 s of idling.
  pool_.setExpiryTimeout(-1);
}

Workbench::~Workbench() { waitForIdle(); }  // before cleanCams_ goes: jobs use it

void Workbench::waitForIdle() { pool_.waitForDone(); }

void Workbench::run(std::function<void()> job) {
  ++pending_;
  pool_.start([this, job = std::move(job)] {
    job();
    // Decrement after the job's queued results, so busy() stays true until they are delivered.
    QMetaObject::invokeMethod(
        this, [this] { --pending_; }, Qt::QueuedConnection);
  });
}

bool Workbench::hasModel(ModelSlot slot) const { return models_[slotIndex(slot)] != nullptr; }

LayerScales Workbench::formatScales(ModelSlot slot) const {
  const auto& model = models_[slotIndex(slot)];
  if (!model || !format_.needsScale() || model->numberFormat() != format_) return {};
  return numberFormatScales(*model);
}

QString Workbench::modelPath(ModelSlot slot) const {
  const auto& model = models_[slotIndex(slot)];
  return model ? QString::fromStdString(model->path()) : QString();
}

void Workbench::loadModel(ModelSlot slot, const QString& path) {
  demoPath_[slotIndex(slot)].clear();  // the user's choice: never closed for the other's sake
  startLoading(slot, path, std::nullopt);
}

void Workbench::loadDemoModel(ModelSlot slot, const QString& path) {
  demoPath_[slotIndex(slot)] = path;
  startLoading(slot, path, std::nullopt);
}

void Workbench::loadModelWithInput(ModelSlot slot, const QString& path, const InputSpec& input, bool saveSidecar) {
  if (saveSidecar) {
    try {
      // Merged into a sidecar that exists (it may name the classes), so nothing is lost.
      const std::string sidecar = sidecarPathFor(path.toStdString());
      ModelMetadata meta;
      std::error_code ec;
      if (std::filesystem::exists(sidecar, ec)) meta = parseModelMetadata(readFileBytes(sidecar), sidecar);
      meta.input = input;
      writeFileAtomically(sidecar, modelMetadataToJson(meta));
    } catch (const std::exception& e) {
      Q_EMIT modelFailed(slot, QString::fromStdString(e.what()));
      return;
    }
  }
  startLoading(slot, path, input);
}

void Workbench::startLoading(ModelSlot slot, const QString& path, std::optional<InputSpec> confirmed) {
  const std::string device = device_;
  const ModelLoadOptions options = loadOptionsFor(confirmed, device);
  const int request = ++loadRequests_[slotIndex(slot)];
  Q_EMIT modelLoading(slot, path);
  const NumberFormat format = format_;
  std::shared_ptr<Dataset> data = data_;
  run([this, slot, path, options, confirmed, format, device, data, request] {
    try {
      std::shared_ptr<Model> model = Model::load(path.toStdString(), options);
      if (model->metadata().inputProposed) {
        const InputSpec proposal = model->metadata().input;
        QMetaObject::invokeMethod(
            this,
            [this, slot, path, proposal, request] {
              if (!settleLoad(slot, request)) return;  // superseded: not asked about any more
              Q_EMIT inputSpecNeeded(slot, path, proposal);
              // Until the user answers, the slot keeps what it had.
              if (models_[slotIndex(slot)] && currentImage_ >= 0) predict(slot, currentImage_);
            },
            Qt::QueuedConnection);
        return;
      }
      useNumberFormatFrom(*model, format, ScaleSources::profiledOn(data.get()), scalesNeedDataMessage(format));
      QMetaObject::invokeMethod(
          this,
          [this, slot, model, confirmed, format, device, request] {
            // Another load of this slot was asked for since: that one decides what the slot holds.
            if (!settleLoad(slot, request)) return;
            // The format or device changed while this model loaded: load it again as now wanted.
            if (format != format_ || device != device_)
              return startLoading(slot, QString::fromStdString(model->path()), confirmed);
            install(slot, model, confirmed);
          },
          Qt::QueuedConnection);
    } catch (const std::exception& e) {
      const QString message = QString::fromStdString(e.what());
      QMetaObject::invokeMethod(
          this,
          [this, slot, message, request] {
            if (!settleLoad(slot, request)) return;  // superseded: its failure is moot
            Q_EMIT modelFailed(slot, message);
            // The model loaded before stays: its panel was showing "Loading…", so predict again.
            if (models_[slotIndex(slot)] && currentImage_ >= 0) predict(slot, currentImage_);
          },
          Qt::QueuedConnection);
    }
  });
}

bool Workbench::settleLoad(ModelSlot slot, int request) {
  if (request != loadRequests_[slotIndex(slot)]) return false;
  settledRequest_[slotIndex(slot)] = request;
  return true;
}

void Workbench::install(ModelSlot slot, std::shared_ptr<Model> model, const std::optional<InputSpec>& confirmed) {
  const widgets::ModelSummary summary = summarize(*model, slot);
  // The built-in demo model in the other slot cannot be compared with a model of the user's
  // that takes other inputs or has other classes (a Fashion-MNIST demo beside an ImageNet
  // baseline): it is closed, with the reason, instead of running on as if it were a partner.
  // Two models the user chose are left as they are.
  const int other = 1 - slotIndex(slot);
  QString closedBecause;
  if (const auto& o = models_[other];
      o && !demoPath_[other].isEmpty() && QString::fromStdString(o->path()) == demoPath_[other]) {
    const InputSpec &a = o->input(), &b = model->input();
    if (a.channels != b.channels || a.height != b.height || a.width != b.width ||
        o->numClasses() != model->numClasses())
      closedBecause = tr("Closed: %1 takes %2×%3×%4 inputs and has %5 classes, but the model just opened (%6) takes "
                         "%7×%8×%9 and has %10; the two cannot be compared. Open a matching model here.")
                          .arg(QFileInfo(QString::fromStdString(o->path())).fileName())
                          .arg(a.channels)
                          .arg(a.height)
                          .arg(a.width)
                          .arg(o->numClasses())
                          .arg(roleName(slot))
                          .arg(b.channels)
                          .arg(b.height)
                          .arg(b.width)
                          .arg(model->numClasses());
  }
  models_[slotIndex(slot)] = std::move(model);
  confirmedInput_[slotIndex(slot)] = confirmed;
  if (!closedBecause.isEmpty()) {
    models_[other].reset();
    confirmedInput_[other].reset();
    Q_EMIT modelClosed(static_cast<ModelSlot>(other), closedBecause);
  }
  // Everything computed from the old model is stale: drop results still in flight and
  // recompute what the views show (the CAM grid holds both models).
  ++generation_;
  Q_EMIT modelLoaded(slot, summary);
  if (currentImage_ >= 0) {
    for (ModelSlot s : {ModelSlot::Baseline, ModelSlot::Guided}) predict(s, currentImage_);
    updateCams(currentImage_);
    computeActivations(currentImage_);
  }
}

void Workbench::setNumberFormat(const QString& name) {
  NumberFormat format;
  try {
    format = NumberFormat::parse(name.trimmed().toStdString());
  } catch (const std::exception& e) {
    Q_EMIT numberFormatFailed(QString::fromStdString(e.what()));
    return;
  }
  if (format.needsScale() && !data_) {
    Q_EMIT numberFormatFailed(tr("%1 scales each layer by its abs-max on clean images: open a data set first")
                                  .arg(QString::fromStdString(format.name())));
    return;
  }
  // Wanted from now on: models whose loading starts after this call load in it.
  format_ = format;
  struct Reload {
    ModelSlot slot;
    QString path;
    std::optional<InputSpec> confirmed;
    int loadRequest;  // the slot's loadRequests_ when asked: a later load makes this reload moot
  };
  std::vector<Reload> reloads;
  // A model already in the format stays, unless the format's scales come from the data (int8
  // chosen again: profiled afresh on the data set open now).
  for (ModelSlot slot : {ModelSlot::Baseline, ModelSlot::Guided})
    if (const auto& m = models_[slotIndex(slot)]; m && (format.needsScale() || m->numberFormat() != format))
      reloads.push_back({slot, modelPath(slot), confirmedInput_[slotIndex(slot)], loadRequests_[slotIndex(slot)]});
  std::shared_ptr<Dataset> data = data_;
  const QString description = describeFormat(format, data.get());
  // The panels keep showing the models as they are until the reloaded ones are installed (the
  // window says that both are loading again): a failed switch then changes nothing on screen.
  const std::string device = device_;
  run([this, format, device, data, reloads, description] {
    // Both models in one job: they change format together, or neither does.
    std::vector<std::shared_ptr<Model>> loaded(reloads.size());
    try {
      for (std::size_t i = 0; i < reloads.size(); ++i) {
        const Reload& r = reloads[i];
        if (r.loadRequest != loadRequests_[slotIndex(r.slot)]) continue;  // another model is on its way
        loaded[i] = Model::load(r.path.toStdString(), loadOptionsFor(r.confirmed, device));
        useNumberFormatFrom(*loaded[i], format, ScaleSources::profiledOn(data.get()), scalesNeedDataMessage(format));
      }
    } catch (const std::exception& e) {
      const QString message = QString::fromStdString(e.what());
      QMetaObject::invokeMethod(
          this,
          [this, message, format] {
            // Back to the format the window shows (the last one that took), unless another was
            // asked for since; a model loaded meanwhile in the failed one is loaded again.
            if (format_ == format) format_ = shownFormat_;
            Q_EMIT numberFormatFailed(message);
            reloadModelsAsWanted();
          },
          Qt::QueuedConnection);
      return;
    }
    QMetaObject::invokeMethod(
        this,
        [this, format, description, reloads, loaded] {
          if (format_ != format) return;  // another format was asked for since: its job follows
          shownFormat_ = format;
          formatDescription_ = description;
          Q_EMIT numberFormatChanged(format, description);
          for (std::size_t i = 0; i < reloads.size(); ++i)
            if (loaded[i] && reloads[i].loadRequest == loadRequests_[slotIndex(reloads[i].slot)])
              install(reloads[i].slot, loaded[i], reloads[i].confirmed);
          reloadModelsAsWanted();
        },
        Qt::QueuedConnection);
  });
}

void Workbench::reloadModelsAsWanted() {
  for (ModelSlot slot : {ModelSlot::Baseline, ModelSlot::Guided})
    // A slot with a load on its way is left to it: that load is in the wanted format and on
    // the wanted device, or loads itself again so.
    if (const auto& m = models_[slotIndex(slot)]; m && (m->numberFormat() != format_ || m->device() != device_) &&
                                                  settledRequest_[slotIndex(slot)] == loadRequests_[slotIndex(slot)])
      startLoading(slot, modelPath(slot), confirmedInput_[slotIndex(slot)]);
}

void Workbench::setDevice(const QString& name) {
  const std::string device = name.trimmed().toStdString();
  const auto devices = availableDevices();
  if (std::find(devices.begin(), devices.end(), device) == devices.end()) {
    QStringList seen;
    for (const auto& d : devices) seen << QString::fromStdString(d);
    Q_EMIT deviceFailed(
        tr("%1 is not a device this build of LibTorch sees (it sees: %2)").arg(name, seen.join(QStringLiteral(", "))));
    return;
  }
  device_ = device;
  Q_EMIT deviceChanged(name.trimmed());
  reloadModelsAsWanted();
}

void Workbench::openData(const QString& spec) {
  run([this, spec] {
    try {
      std::shared_ptr<Dataset> data = openDataset(spec.toStdString());
      auto source = std::make_shared<const DatasetImageSource>(data);
      QMetaObject::invokeMethod(
          this,
          [this, data, source, spec] {
            data_ = data;
            dataSpec_ = spec;
            currentImage_ = -1;
            ++generation_;
            ++imageSelection_;
            Q_EMIT dataOpened(source);
            // int8 scales each layer by its abs-max on the open data set: profile afresh on this
            // one, so the workbench, analyses, campaigns and reports all use the same scales.
            if (format_.needsScale() && shownFormat_.needsScale())
              setNumberFormat(QString::fromStdString(format_.name()));
          },
          Qt::QueuedConnection);
    } catch (const std::exception& e) {
      const QString message = QString::fromStdString(e.what());
      QMetaObject::invokeMethod(
          this, [this, message] { Q_EMIT dataFailed(message); }, Qt::QueuedConnection);
    }
  });
}

void Workbench::selectImage(int index) {
  if (!data_ || index < 0 || index >= static_cast<int>(data_->size())) return;
  currentImage_ = index;
  ++generation_;
  const int selection = ++imageSelection_;
  std::shared_ptr<Dataset> data = data_;
  run([this, data, index, selection] {
    if (selection != imageSelection_) return;  // another image was selected meanwhile
    QString caption;
    QImage image;
    try {
      image = toQImage(data->image(static_cast<std::size_t>(index)));
      const int label = data->label(static_cast<std::size_t>(index));
      caption = label >= 0 ? tr("class %1: %2").arg(label).arg(QString::fromStdString(data->classNames().at(label)))
                           : tr("unlabelled");
    } catch (const std::exception& e) {
      caption = QString::fromStdString(e.what());
    }
    QMetaObject::invokeMethod(
        this,
        [this, index, image, caption, selection] {
          if (selection == imageSelection_) Q_EMIT imageReady(index, image, caption);
        },
        Qt::QueuedConnection);
  });
  for (ModelSlot slot : {ModelSlot::Baseline, ModelSlot::Guided}) predict(slot, index);
  updateCams(index);
  computeActivations(index);
}

void Workbench::requestActivations(const QString& layer, ModelSlot source) {
  activationLayer_ = layer;
  activationSource_ = source;
  if (currentImage_ >= 0) computeActivations(currentImage_);
}

void Workbench::computeActivations(int index) {
  // The model asked for, else the one loaded: a layer only one model has is drawn from it.
  const int wanted = models_[slotIndex(activationSource_)] ? slotIndex(activationSource_) : models_[0] ? 0 : 1;
  std::shared_ptr<Model> model = models_[wanted];
  const QString source = roleName(static_cast<ModelSlot>(wanted));
  std::shared_ptr<Dataset> data = data_;
  if (!model || !data || activationLayer_.isEmpty()) return;
  const QString layer = activationLayer_;
  // Its own counter: a fault applied meanwhile does not make the clean map stale.
  const int generation = ++activationGeneration_;
  run([this, model, data, index, layer, generation, source] {
    if (generation != activationGeneration_) return;
    try {
      const int l = model->layerIndex(layer.toStdString());
      OutputCapture capture({l});
      model->forward(makeBatch(*data, {static_cast<std::size_t>(index)}, model->input()).images, &capture);
      const at::Tensor out = capture.output(l)[0].to(at::kFloat).contiguous();
      QVector<qint64> shape(out.sizes().begin(), out.sizes().end());
      QVector<float> values(out.data_ptr<float>(), out.data_ptr<float>() + out.numel());
      QMetaObject::invokeMethod(
          this,
          [this, layer, shape, values, generation, source] {
            if (generation == activationGeneration_) Q_EMIT activationsReady(layer, shape, values, source);
          },
          Qt::QueuedConnection);
    } catch (const std::exception&) {
      // The layer is not in this model or has no per-image output: the map stays empty.
    }
  });
}

void Workbench::setFault(const FaultSpec& spec, ErrorModel model, ModelSlot target) {
  fault_ = std::make_pair(spec, model);
  faultTarget_ = target;
  ++generation_;
  if (currentImage_ >= 0) {
    for (ModelSlot slot : {ModelSlot::Baseline, ModelSlot::Guided}) predict(slot, currentImage_);
    updateCams(currentImage_);
  }
}

void Workbench::setWeightFaults(std::vector<FaultListEntry> faults) {
  weightFaults_ = std::move(faults);
  ++generation_;
  if (currentImage_ >= 0) {
    for (ModelSlot slot : {ModelSlot::Baseline, ModelSlot::Guided}) predict(slot, currentImage_);
    updateCams(currentImage_);
  }
}

std::vector<FaultListEntry> Workbench::randomWeightFaults(int count, std::uint64_t seed, ErrorModel model) const {
  const Model* source = models_[0] ? models_[0].get() : models_[1].get();
  if (!source) return {};
  if (count < 1) throw Error("the number of weight faults must be at least 1, got " + std::to_string(count));
  std::vector<FaultListEntry> out;
  // Bits of the code the models compute in: a bf16 weight has bits 0..15.
  const BitRange bits{0, format_.bitWidth() - 1};
  for (const WeightFault& f : sampleNetworkWeightFaults(source->layers(), count, seed, bits, model)) {
    FaultListEntry e;
    e.target = FaultTarget::Weight;
    e.site = describeWeightFault(source->layers(), f);
    e.model = f.model;
    e.randomValue = f.randomValue;
    out.push_back(std::move(e));
  }
  return out;
}

void Workbench::setCamSettings(const ProjectCamSettings& settings) {
  camSettings_ = settings;
  ++generation_;
  if (currentImage_ >= 0) updateCams(currentImage_);
}

void Workbench::clearFault() {
  fault_.reset();
  weightFaults_.clear();
  ++generation_;
  if (currentImage_ >= 0) updateCams(currentImage_);
}

void Workbench::updateCams(int index) {
  std::shared_ptr<Model> models[2] = {models_[0], models_[1]};
  std::shared_ptr<Dataset> data = data_;
  if (!data || (!models[0] && !models[1])) return;
  const int generation = generation_;
  const auto fault = fault_;
  const auto weights = weightFaults_;
  const auto camSettings = camSettings_;
  const ModelSlot target = faultTarget_;
  run([this, models, data, index, generation, fault, weights, camSettings, target] {
    if (generation != generation_) return;
    try {
      const auto i = static_cast<std::size_t>(index);
      std::deque<AblationCam> cams;  // stable addresses for the grid rows
      std::vector<CamPair> rows;
      QStringList notes;
      nlohmann::json panels = nlohmann::json::array();  // the export's sidecar
      const Model* first = nullptr;
      for (int m = 0; m < 2; ++m) {
        if (!models[m]) continue;
        Model& model = *models[m];
        first = first ? first : &model;
        const at::Tensor image = makeBatch(*data, {i}, model.input()).images;
        AblationCamOptions cleanOptions;
        cleanOptions.target = resolveCamTarget(model, camSettings.layer).name;
        const AblationCam* cached = cleanCams_->find(m, models[m], data, index, cleanOptions.target);
        if (!cached) {
          cached = &cleanCams_->store(m, models[m], data, index, cleanOptions.target,
                                      computeAblationCam(model, image, cleanOptions));
          ++cleanCamsComputed_;
        }
        cams.push_back(*cached);
        CamPair row{roleName(static_cast<ModelSlot>(m)).toStdString(), &cams.back(), nullptr};
        const AblationCam& clean = cams.back();
        nlohmann::json cleanPanel = camJson(model, clean, false);
        // Stable ids in the sidecar, as the report writes them; the grid's titles are translated.
        const char* const modelId = m == 0 ? "baseline" : "text-guided";
        cleanPanel["model"] = modelId;
        cleanPanel["state"] = "clean";
        panels.push_back(cleanPanel);
        // A model without class names calls class 745 "class 745": not "class class 745".
        const QString className = QString::fromStdString(model.className(clean.targetClass));
        const QString cls =
            tr("class %1").arg(className.startsWith(QLatin1String("class ")) ? className.mid(6) : className);
        notes << tr("%1: %2, %3, y = %4")
                     .arg(roleName(static_cast<ModelSlot>(m)), QString::fromStdString(clean.target), cls,
                          widgets::formatValue(clean.score));
        if (fault || !weights.empty()) {
          try {
            std::vector<ActivationFault> activation;
            if (fault) {
              const PlacedFault placed = placeFault(models, target, m, fault->first);
              if (!placed.problem.isEmpty()) throw Error(placed.problem.toStdString());
              activation.push_back(resolveActivationFault(model.layers(), placed.spec, 0, fault->second));
            }
            ScopedWeightFaults weightScope(model, resolveWeightFaults(model.layers(), weights));
            AblationCamOptions options = cleanOptions;
            options.targetClass = clean.targetClass;  // explain the clean answer's class under the fault
            cams.push_back(computeAblationCam(model, image, options, activation));
            row.faulty = &cams.back();
            const CamChange change = compareCams(clean, cams.back(), model.input().width, model.input().height);
            if (std::isnan(change.pearson) && std::isnan(change.topRegionIoU) && std::isnan(change.centreShift))
              notes << tr("  how far the faulty map moved is undefined: %1").arg(camUndefinedNote(change));
            else
              notes << tr("  faulty map moved: r = %1, top-20 % IoU %2, centre %3 px")
                           .arg(widgets::formatValue(change.pearson, 3), widgets::formatValue(change.topRegionIoU, 3),
                                widgets::formatValue(change.centreShift, 3));
            if (cams.back().unreliable()) notes << tr("  faulty map: %1").arg(camReliabilityNote(cams.back()));
            nlohmann::json panel = camJson(model, cams.back(), false);
            panel["model"] = modelId;
            panel["state"] = "faulty";
            panel["change"] = camChangeJson(change);
            panels.push_back(panel);
          } catch (const Error&) {
            // The fault does not fit this model: the predictions already report it.
          }
        }
        if (clean.unreliable()) notes << tr("  clean map: %1").arg(camReliabilityNote(clean));
        rows.push_back(row);
      }
      CamGridOptions options = camGridOptions(camSettings);
      options.panelSize = 160;
      // One plan (the overlays) for both the dock's picture and the exported figure.
      const CamGridPlan plan = planCamGrid(displayImage(data->image(i), first->input()), rows, options);
      const QImage picture = toQImage(composeCamGrid(plan, options));
      QStringList rowTitles;
      for (const CamPair& row : rows) rowTitles << QString::fromStdString(row.model);
      widgets::CamFigureData figure = app::camFigureData(plan, options, rowTitles, {tr("clean"), tr("faulty")});
      static const char* const kScales[] = {QT_TR_NOOP("\nOne colour scale per map; magenta = NaN."),
                                            QT_TR_NOOP("\nOne colour scale per model; magenta = NaN."),
                                            QT_TR_NOOP("\nShared colour scale; magenta = NaN."),
                                            QT_TR_NOOP("\nColour scale of the clean maps (both models); faulty "
                                                       "values above it are white; magenta = NaN.")};
      const QString caption = notes.join('\n') + tr(kScales[static_cast<int>(options.scope)]);
      // The figure's caption: which image and faults, then the dock's own lines.
      const QString faults =
          fault ? tr("under the activation fault %1").arg(QString::fromStdString(formatFaultSpec(fault->first)))
          : !weights.empty() ? tr("under %n weight fault(s)", nullptr, int(weights.size()))
                             : tr("without a fault");
      figure.caption = tr("Ablation-CAM maps of image %1 of %2, clean and %3. ")
                           .arg(index)
                           .arg(QString::fromStdString(data->source()), faults) +
                       QString(caption).replace('\n', ' ').simplified();
      const nlohmann::json sidecarJson{{"image", index},
                                       {"data", data->source()},
                                       {"colour_map", camColourMapName(options.colours)},
                                       {"scale", camScaleScopeName(options.scope)},
                                       {"panels", panels}};
      const QString sidecar = QString::fromStdString(jsonText(sidecarJson) + "\n");
      QMetaObject::invokeMethod(
          this,
          [this, picture, caption, sidecar, figure, generation] {
            if (generation != generation_) return;
            Q_EMIT camFigureReady(figure);
            Q_EMIT camGridReady(picture, caption, sidecar);
          },
          Qt::QueuedConnection);
    } catch (const std::exception& e) {
      const QString message = QString::fromStdString(e.what());
      QMetaObject::invokeMethod(
          this, [this, message] { Q_EMIT camFailed(message); }, Qt::QueuedConnection);
    }
  });
}

void Workbench::predict(ModelSlot slot, int index) {
  std::shared_ptr<Model> model = models_[slotIndex(slot)];
  std::shared_ptr<Model> both[2] = {models_[0], models_[1]};
  std::shared_ptr<Dataset> data = data_;
  if (!model || !data) return;
  const int generation = generation_;
  const auto fault = fault_;
  const auto weights = weightFaults_;
  const ModelSlot target = faultTarget_;
  run([this, model, both, data, slot, index, generation, fault, weights, target] {
    if (generation != generation_) return;  // the user has moved on to another image
    try {
      const auto i = static_cast<std::size_t>(index);
      const Batch batch = makeBatch(*data, {i}, model->input());
      // The taps only read: the logits are those of a forward pass without them.
      const bool faultFollows = fault || !weights.empty();
      CleanLayerReference reference(faultFollows);
      const auto logits = logitRows(model->forward(batch.images, &reference)).front();
      const auto prediction = toPrediction(*model, logits, data->label(i), data->classNames());
      QMetaObject::invokeMethod(
          this,
          [this, slot, prediction, generation] {
            if (generation == generation_) Q_EMIT predictionReady(slot, prediction);
          },
          Qt::QueuedConnection);
      const auto emitProfile = [this, slot, generation](const widgets::ImageLayerProfile& profile) {
        QMetaObject::invokeMethod(
            this,
            [this, slot, profile, generation] {
              if (generation == generation_) Q_EMIT layerProfileReady(slot, profile);
            },
            Qt::QueuedConnection);
      };
      if (!faultFollows) {
        emitProfile(layerProfile(*model, slot, reference, nullptr));
        return;
      }
      std::vector<ActivationFault> activation;
      std::vector<WeightFault> weightFaults;
      std::optional<ActivationFaultInjector> injector;
      PlacedFault placed;
      try {
        if (fault) {
          placed = placeFault(both, target, slotIndex(slot), fault->first);
          if (!placed.problem.isEmpty()) {
            QMetaObject::invokeMethod(
                this, [this, slot, problem = placed.problem] { Q_EMIT faultProblem(slot, problem); },
                Qt::QueuedConnection);
            return;
          }
          activation.push_back(resolveActivationFault(model->layers(), placed.spec, 0, fault->second));
        }
        weightFaults = resolveWeightFaults(model->layers(), weights);
        // Checked here, like the sites: a bit outside the model's number format is the fault's problem.
        injector.emplace(model->layers(), activation);
        for (const WeightFault& w : weightFaults) faultedWeightValue(*model, w);
      } catch (const Error& e) {
        // A layer this model lacks: its own layer table is on screen to choose from.
        const auto* unknown = dynamic_cast<const UnknownLayerError*>(&e);
        const QString message =
            unknown ? tr("this model has no conv2d/linear layer named '%1'; its layers are in the table below")
                          .arg(QString::fromStdString(unknown->layer()))
                    : QString::fromStdString(e.what());
        QMetaObject::invokeMethod(
            this, [this, slot, message] { Q_EMIT faultProblem(slot, message); }, Qt::QueuedConnection);
        return;
      }
      LayerDeviationCollector deviation(reference);
      TapChain chain({&*injector, &deviation});  // the collector sees each output after the fault
      widgets::FaultyPredictionData result;
      std::vector<float> faulty;
      {
        ScopedWeightFaults weightScope(*model, weightFaults);  // restored when the scope ends
        for (const auto& w : weightScope.applied()) result.nonFiniteWeights += !std::isfinite(w.after);
        faulty = logitRows(model->forward(batch.images, &chain)).front();
      }
      emitProfile(layerProfile(*model, slot, reference, &deviation));
      result.prediction = toPrediction(*model, faulty, data->label(i), data->classNames());
      result.activationFault = !activation.empty();
      if (result.activationFault) {
        const AppliedActivationFault& applied = injector->applied().front();
        const ValueEncoding& encoding = model->layers()[static_cast<std::size_t>(applied.fault.layer)].outputEncoding;
        result.before = applied.before;
        result.after = applied.after;
        // The codes from the fault itself: a NaN it made keeps its bits here.
        result.beforeCode = encode(encoding.format, applied.before, encoding.scale);
        result.afterCode = faultedCode(encoding, result.beforeCode, applied.fault.model, applied.fault.bit,
                                       applied.fault.mask, applied.fault.randomValue);
        result.numberFormat = QString::fromStdString(encoding.format.name());
        FaultSpec hit = placed.spec;
        hit.layerName = model->layers()[static_cast<std::size_t>(applied.fault.layer)].name;  // the role resolved
        result.faultSite = QString::fromStdString(formatFaultSpec(hit));
        result.faultNote = placed.note;
      }
      result.weightFaults = static_cast<int>(weightFaults.size());
      result.mismatch = isMismatch(logits, faulty);
      result.topClassChanged = prediction.topClass != result.prediction.topClass;
      QMetaObject::invokeMethod(
          this,
          [this, slot, result, generation] {
            if (generation == generation_) Q_EMIT faultyPredictionReady(slot, result);
          },
          Qt::QueuedConnection);
    } catch (const std::exception& e) {
      const QString message = QString::fromStdString(e.what());
      QMetaObject::invokeMethod(
          this, [this, slot, message] { Q_EMIT predictionFailed(slot, message); }, Qt::QueuedConnection);
    }
  });
}

}  // namespace faultlens::app
