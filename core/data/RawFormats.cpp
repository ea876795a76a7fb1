#include "core/data/RawFormats.h"

#include <cstdio>
#include <filesystem>

#include "core/Error.h"
#include "core/io/FileIO.h"

namespace faultlens {

std::string idxImagesBytes(std::uint32_t count, std::uint32_t rows, std::uint32_t cols, const std::string& pixels) {
  if (pixels.size() != static_cast<std::uint64_t>(count) * rows * cols)
    throw Error("IDX images: " + std::to_string(pixels.size()) + " pixel bytes for " + std::to_string(count) +
                " images of " + std::to_string(rows) + "x" + std::to_string(cols));
  std::string out("\0\0\x08\x03", 4);  // unsigned bytes, three dimensions
  for (const std::uint32_t v : {count, rows, cols})
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xFF));
  return out + pixels;
}

IdxArray parseIdx(const std::string& bytes, const std::string& path, int expectedRank) {
  if (bytes.size() < 4)
    throw fileError(path, "too short for an IDX header (" + std::to_string(bytes.size()) + " bytes)");
  const auto u8 = [&](std::size_t i) { return static_cast<std::uint8_t>(bytes[i]); };
  if (u8(0) != 0 || u8(1) != 0) throw fileError(path, "not an IDX file (magic number must start with two zero bytes)");
  if (u8(2) != 0x08) {
    char type[8];
    std::snprintf(type, sizeof type, "0x%02x", static_cast<unsigned>(u8(2)));
    throw fileError(path, std::string("IDX element type ") + type + " unsupported; expected unsigned byte (0x08)");
  }
  const int rank = u8(3);
  if (rank != expectedRank)
    throw fileError(path,
                    "IDX file has " + std::to_string(rank) + " dimensions, expected " + std::to_string(expectedRank));
  const std::size_t header = 4 + 4 * static_cast<std::size_t>(rank);
  if (bytes.size() < header) throw fileError(path, "IDX header is truncated");
  IdxArray out;
  std::uint64_t total = 1;
  for (int d = 0; d < rank; ++d) {
    const std::size_t o = 4 + 4 * d;
    const std::uint32_t v = (std::uint32_t(u8(o)) << 24) | (std::uint32_t(u8(o + 1)) << 16) |
                            (std::uint32_t(u8(o + 2)) << 8) | std::uint32_t(u8(o + 3));
    out.dims.push_back(v);
    total *= v;
    if (total > (std::uint64_t(1) << 34)) throw fileError(path, "IDX dimensions are implausibly large");
  }
  const std::uint64_t available = bytes.size() - header;
  if (available < total)
    throw fileError(path, "IDX data is truncated: header promises " + std::to_string(total) + " bytes, file has " +
                              std::to_string(available));
  if (available > total)
    throw fileError(path, "IDX file has " + std::to_string(available - total) + " bytes beyond its declared size");
  out.data.assign(bytes.begin() + static_cast<std::ptrdiff_t>(header), bytes.end());
  return out;
}

IdxArray readIdxFile(const std::string& path, int expectedRank) {
  return parseIdx(readMaybeGzipped(path), path, expectedRank);
}

namespace {

CifarVariant detectCifarVariant(const std::string& path, std::size_t bytes) {
  const bool fits10 = bytes % (kCifarImageBytes + 1) == 0;
  const bool fits100 = bytes % (kCifarImageBytes + 2) == 0;
  if (fits10 && !fits100) return CifarVariant::Cifar10;
  if (fits100 && !fits10) return CifarVariant::Cifar100;
  if (fits10 && fits100) {
    const std::string name = std::filesystem::path(path).filename().string();
    return name.rfind("data_batch", 0) == 0 || name.rfind("test_batch", 0) == 0 ? CifarVariant::Cifar10
                                                                                : CifarVariant::Cifar100;
  }
  throw fileError(path, "size " + std::to_string(bytes) +
                            " bytes is not a whole number of CIFAR-10 (3073-byte) or CIFAR-100 (3074-byte) records");
}

}  // namespace

void parseCifarRecords(const std::string& bytes, const std::string& path, CifarRecords& out) {
  if (bytes.empty()) throw fileError(path, "CIFAR file is empty");
  if (out.variant == CifarVariant::Detect) out.variant = detectCifarVariant(path, bytes.size());
  const std::size_t labelBytes = out.variant == CifarVariant::Cifar10 ? 1 : 2;
  const std::size_t record = kCifarImageBytes + labelBytes;
  if (bytes.size() % record != 0)
    throw fileError(path, "size " + std::to_string(bytes.size()) + " bytes is not a whole number of " +
                              std::to_string(record) + "-byte records (truncated?)");
  const int maxLabel = out.variant == CifarVariant::Cifar10 ? 9 : 99;
  for (std::size_t off = 0; off < bytes.size(); off += record) {
    const int label = static_cast<std::uint8_t>(bytes[off + labelBytes - 1]);  // fine label for CIFAR-100
    if (label > maxLabel)
      throw fileError(path, "record " + std::to_string(off / record) + " has label " + std::to_string(label) +
                                ", beyond " + std::to_string(maxLabel));
    out.labels.push_back(label);
    out.pixels.insert(out.pixels.end(), bytes.begin() + static_cast<std::ptrdiff_t>(off + labelBytes),
                      bytes.begin() + static_cast<std::ptrdiff_t>(off + record));
  }
}

}  // namespace faultlens
