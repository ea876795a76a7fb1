#include "core/text/ClassEmbeddings.h"

#include <ATen/ATen.h>

#include <filesystem>
#include <iomanip>
#include <sstream>

#include "core/Error.h"
#include "core/io/FileIO.h"
#include "core/io/NumericFiles.h"
#include "core/io/TensorFile.h"

namespace faultlens {

namespace {

at::Tensor readCsv(const std::string& path) {
  const auto rows = parseNumericCsv(readFileBytes(path), path);
  at::Tensor t = at::empty({static_cast<std::int64_t>(rows.size()), static_cast<std::int64_t>(rows.front().size())});
  auto out = t.accessor<float, 2>();
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < rows[i].size(); ++j) out[i][j] = rows[i][j];
  return t;
}

}  // namespace

at::Tensor loadClassEmbeddings(const std::string& path, int numClasses) {
  const std::string ext = std::filesystem::path(path).extension().string();
  at::Tensor t;
  if (ext == ".npy") t = readNpy(path);
  else if (ext == ".pt" || ext == ".pth") t = readTorchTensor(path);
  else if (ext == ".csv") t = readCsv(path);
  else throw fileError(path, "unknown embedding format (expected .npy, .pt, .pth or .csv)");
  if (t.dim() != 2)
    throw fileError(path, "embeddings must be a 2-D [classes, dimension] array, got " + std::to_string(t.dim()) +
                              " dimensions");
  if (numClasses >= 0 && t.size(0) != numClasses)
    throw fileError(path, "has " + std::to_string(t.size(0)) + " class embeddings, the data set has " +
                              std::to_string(numClasses) + " classes");
  const at::Tensor values = t.to(at::kFloat).contiguous();  // what the head is built from
  if (!at::isfinite(values).all().item<bool>())
    throw fileError(path, "embeddings contain NaN or Inf (or values beyond float32's range)");
  // Norms in float64: rows of 1e30 would overflow a float32 norm to Inf and normalise to 0.
  if (values.to(at::kDouble).norm(2, 1).min().item<double>() == 0.0)
    throw fileError(path, "an embedding row is all zeros");
  return values;
}

void saveClassEmbeddingsCsv(const std::string& path, const at::Tensor& embeddings,
                            const std::vector<std::string>& classNames) {
  std::ostringstream out;
  out << std::setprecision(9);
  const at::Tensor e = embeddings.to(at::kFloat).contiguous();
  for (std::int64_t i = 0; i < e.size(0); ++i) {
    std::string name = i < static_cast<std::int64_t>(classNames.size()) ? classNames[i] : std::to_string(i);
    for (char& c : name)
      if (c == ',') c = ';';
    out << name;
    for (std::int64_t j = 0; j < e.size(1); ++j) out << ',' << e[i][j].item<float>();
    out << '\n';
  }
  writeFileAtomically(path, out.str());
}

at::Tensor normalizeRows(const at::Tensor& embeddings) {
  // In float64: a float32 norm of a row like 1e30 overflows to Inf and the row becomes 0.
  const at::Tensor e = embeddings.to(at::kDouble);
  return (e / e.norm(2, 1, true).clamp_min(1e-300)).to(embeddings.scalar_type());
}

at::Tensor randomClassEmbeddings(int numClasses, int dimension, std::uint64_t seed) {
  auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
  return normalizeRows(at::randn({numClasses, dimension}, gen));
}

}  // namespace faultlens
