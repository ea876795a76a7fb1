#pragma once
// The byte-level halves of the numeric array files users hand to FaultLens (class
// embeddings, preprocessed input batches): the .npy header and the CSV matrix. Torch-free
// and working on bytes in memory, so the fuzz targets exercise exactly what the loaders run.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace faultlens {

enum class NpyType { Float32, Float64, UInt8 };

/// What a .npy file declares, checked against its size: the data are the bytes from
/// dataOffset to the end, elementCount × itemSize of them, little-endian, C order.
struct NpyLayout {
  NpyType type = NpyType::Float32;
  std::size_t itemSize = 4;
  std::vector<std::int64_t> shape;
  std::int64_t elementCount = 1;
  std::size_t dataOffset = 0;
};

/// Parses and checks a .npy file's header (versions 1–3; float32, float64, uint8; C order);
/// throws faultlens::Error naming `source` for anything else or a size that disagrees.
NpyLayout parseNpyLayout(const std::string& bytes, const std::string& source);

/// A .npy file (version 1.0, little-endian float32, C order) holding `values` with `shape`;
/// NaN stays NaN. The inverse of parseNpyLayout for what FaultLens writes (CAM maps).
std::string npyFloat32Bytes(const std::vector<float>& values, const std::vector<std::int64_t>& shape);

/// A CSV matrix of numbers, one row per line; a leading non-numeric field (a class name)
/// is skipped. Rows must be non-empty and of equal length; blank lines are ignored.
std::vector<std::vector<float>> parseNumericCsv(const std::string& text, const std::string& source);

}  // namespace faultlens
