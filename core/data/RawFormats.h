#pragma once
// The byte-level halves of the data-set readers: IDX (MNIST / Fashion-MNIST) and the
// CIFAR-10/100 binary records. Torch- and OpenCV-free, and working on bytes already in
// memory, so the fuzz targets (fuzz/) exercise exactly the code the data sets run.
#include <cstdint>
#include <string>
#include <vector>

namespace faultlens {

/// A decoded IDX file of unsigned bytes: dims and the raw data.
struct IdxArray {
  std::vector<std::uint32_t> dims;
  std::vector<std::uint8_t> data;
};

/// Decodes IDX bytes of type ubyte (0x08) with `expectedRank` dimensions; throws
/// faultlens::Error naming `source` for a wrong magic number, type, rank, size or truncation.
IdxArray parseIdx(const std::string& bytes, const std::string& source, int expectedRank);
/// Reads (and un-gzips) an IDX file, then parseIdx.
IdxArray readIdxFile(const std::string& path, int expectedRank);
/// The IDX bytes of `count` grey images of rows×cols, `pixels` row-major image after image
/// (count·rows·cols bytes; throws faultlens::Error otherwise): what parseIdx reads back.
std::string idxImagesBytes(std::uint32_t count, std::uint32_t rows, std::uint32_t cols, const std::string& pixels);

enum class CifarVariant { Cifar10, Cifar100, Detect };

/// CIFAR records split into labels and planar RGB pixels (3072 bytes per image).
struct CifarRecords {
  CifarVariant variant = CifarVariant::Detect;
  std::vector<int> labels;
  std::vector<std::uint8_t> pixels;
};

/// Decodes the records of one CIFAR batch file into `out` (appending). With
/// out.variant == Detect the variant is decided from the size and, when both fit, from
/// `source`'s file name (data_batch_* / test_batch* → CIFAR-10). Throws naming `source`
/// for empty data, sizes that are not a whole number of records, or labels beyond the
/// class count.
void parseCifarRecords(const std::string& bytes, const std::string& source, CifarRecords& out);

inline constexpr std::size_t kCifarImageBytes = 32 * 32 * 3;

}  // namespace faultlens
