#pragma once
// Fault records (docs/architecture.md, "Vocabulary") and the text syntax used on the command line and in
// fault-list files. Torch-free: plain data the GUI can hold and display.
#include <cstdint>
#include <string>
#include <vector>

#include "core/faults/FloatBits.h"
#include "core/formats/NumberFormat.h"

namespace faultlens {

/// A value change in one layer's output, for one image of the batch.
struct ActivationFault {
  int layer = 0;                ///< index into Model::layers()
  std::int64_t batchIndex = 0;  ///< which image of the batch carries the fault
  std::int64_t element = 0;     ///< flat index into that image's layer output
  int bit = 0;
  ErrorModel model = ErrorModel::BitFlip;
  float randomValue = 0.0f;  ///< used by ErrorModel::RandomValue only
  /// > 0: the paper's protocol clamps the faulty value to ±clampAbsMax (clampToRange).
  double clampAbsMax = 0.0;
  /// Multi-bit faults: every bit of the value's code the fault changes, `bit` among them;
  /// 0 means `bit` alone.
  std::uint32_t mask = 0;
};

/// A value change in one layer's weight tensor, applied for one inference and undone.
struct WeightFault {
  int layer = 0;
  std::int64_t element = 0;  ///< flat index into the weight tensor
  int bit = 0;
  ErrorModel model = ErrorModel::BitFlip;
  float randomValue = 0.0f;
  std::uint32_t mask = 0;  ///< as ActivationFault::mask
};

/// The bits a fault changes in its value's code: `mask`, or bit `bit` alone when it is 0.
std::uint32_t faultMask(int bit, std::uint32_t mask);
/// Throws faultlens::Error naming the format when `bit` or a bit of `mask` lies outside
/// the encoding's code, or when `mask` is given without `bit` in it.
void requireValidFaultBits(const ValueEncoding& encoding, int bit, std::uint32_t mask);
/// The value an error model makes of `value` held in `encoding`: the bits of faultMask()
/// flipped (BitFlip) or forced to 0 / 1 (stuck-at) in the value's code, or `randomValue`
/// as the format holds it. For float32 and a single bit, exactly applyErrorModel().
float applyErrorModelIn(const ValueEncoding& encoding, float value, ErrorModel model, int bit, std::uint32_t mask,
                        float randomValue);
/// The code an error model makes of `code` (a value's code in `encoding`): the bits of
/// faultMask() flipped or forced, or the code of `randomValue`. The bit view shows it: a
/// fault that yields a NaN keeps its code here, while decode/encode would canonicalise it.
std::uint32_t faultedCode(const ValueEncoding& encoding, std::uint32_t code, ErrorModel model, int bit,
                          std::uint32_t mask, float randomValue);

/// A fault as the user writes it: `LAYER@C,H,W:BIT` (conv output), `LAYER@J:BIT` (linear
/// output), `LAYER@K,C,KH,KW:BIT` / `LAYER@O,I:BIT` (weights). Coordinates are per image:
/// the batch dimension is not written.
struct FaultSpec {
  std::string layerName;
  std::vector<std::int64_t> coords;
  int bit = 0;
  /// Multi-bit faults (`...:30+29`): every bit changed in the value's code, `bit` (the first
  /// written) among them; 0 means `bit` alone.
  std::uint32_t mask = 0;
};

/// Parses the text form; throws faultlens::Error naming the text and the problem.
FaultSpec parseFaultSpec(const std::string& text);
std::string formatFaultSpec(const FaultSpec& spec);

/// Row-major flat index of `coords` in a tensor of `shape`; throws if the rank differs or a
/// coordinate is out of range (the message names `what`, e.g. "layer1.0.conv1 output").
std::int64_t flatIndex(const std::vector<std::int64_t>& coords, const std::vector<std::int64_t>& shape,
                       const std::string& what);
/// Inverse of flatIndex.
std::vector<std::int64_t> unflattenIndex(std::int64_t index, const std::vector<std::int64_t>& shape);

std::int64_t elementCount(const std::vector<std::int64_t>& shape);

}  // namespace faultlens
