#pragma once
// Everything about a model that is not in its TorchScript graph: input geometry,
// normalisation and class names. Read from (in rising priority) the JSON FaultLens embeds
// in models it writes, a sidecar JSON next to the file, and explicit options. Torch-free.
#include <optional>
#include <string>
#include <vector>

namespace faultlens {

struct InputSpec {
  int channels = 0;
  int height = 0;
  int width = 0;
  /// Shorter image side is resized to this before the centre crop to height×width
  /// (torchvision's Resize + CenterCrop); 0 resizes straight to height×width.
  int resize = 0;
  std::vector<float> mean;  ///< per channel, applied after scaling pixels to [0,1]
  std::vector<float> std;

  bool known() const { return channels > 0 && height > 0 && width > 0; }
  /// Throws faultlens::Error (prefixed with `source`) when sizes or mean/std are inconsistent.
  void validate(const std::string& source) const;
};

struct ModelMetadata {
  std::string name;  ///< display name; defaults to the file's base name
  InputSpec input;
  std::vector<std::string> classes;
  /// The input spec is FaultLens's proposal (proposeInputSpec), not the model's own: no
  /// embedded metadata, sidecar or option gave it. Front ends say so, or ask.
  bool inputProposed = false;
};

/// The input a plain TorchScript classifier most likely expects, from the channel count of
/// its first convolution's weight: for 3 channels torchvision's ImageNet convention
/// (resize 256, centre crop 224×224, ImageNet mean/std); for one channel the MNIST family's
/// 28×28, scaled to [0, 1] without normalisation.
InputSpec proposeInputSpec(int channels);

/// Name of the entry FaultLens writes into TorchScript archives (torch.jit.save _extra_files).
inline constexpr const char* kEmbeddedMetadataName = "faultlens.json";

/// Parses metadata JSON. Missing keys stay default; `source` names the file in errors.
/// Keys: name, input {channels, height, width, resize}, mean, std, classes (list) or
/// classes_file (path relative to the JSON file).
ModelMetadata parseModelMetadata(const std::string& jsonText, const std::string& source);
std::string modelMetadataToJson(const ModelMetadata& metadata);

/// Merges `over` into `base`: every field `over` sets wins.
void mergeMetadata(ModelMetadata& base, const ModelMetadata& over);

/// One class name per line; blank lines at the end are ignored, other blank lines,
/// duplicates and an empty file are errors naming the file and line.
std::vector<std::string> readClassList(const std::string& path);
/// readClassList on text already in memory; `source` names it in errors.
std::vector<std::string> parseClassList(const std::string& text, const std::string& source);

/// The sidecar looked for next to a model: "dir/model.pt" → "dir/model.json".
std::string sidecarPathFor(const std::string& modelPath);

/// "3,224,224" → InputSpec with those sizes; throws on malformed text.
InputSpec parseInputShape(const std::string& text);
/// "0.485,0.456,0.406" → floats.
std::vector<float> parseFloatList(const std::string& text, const std::string& what);

}  // namespace faultlens
