#include "core/text/ClassEmbeddings.h"

#include <ATen/ATen.h>

#include <filesystem>
#include <iomanip>
#include <sstream>

#include "core/Error.h"
#include "core/FileIO.h"
#include "core/TensorFile.h"

namespace faultlens {

namespace {

at::Tensor readCsv(const std::string& path) {
  std::istringstream in(readFileBytes(path));
  std::string line;
  std::vector<std::vector<float>> rows;
  int lineNo = 0;
  while (std::getline(in, line)) {
    ++lineNo;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<float> row;
    std::stringstream fields(line);
    std::string field;
    bool first = true;
    while (std::getline(fields, field, ',')) {
      try {
        std::size_t used = 0;
        const float v = std::stof(field, &used);
        if (used != field.size() && field.find_first_not_of(" \t", used) != std::string::npos)
          throw std::invalid_argument(field);
        row.push_back(v);
      } catch (const std::exception&) {
        if (!first) throw fileError(path, "line " + std::to_string(lineNo) + ": '" + field + "' is not a number");
        // A leading non-numeric field is the class name.
      }
      first = false;
    }
    if (row.empty()) throw fileError(path, "line " + std::to_string(lineNo) + " holds no numbers");
    if (!rows.empty() && row.size() != rows.front().size())
      throw fileError(path, "line " + std::to_string(lineNo) + " has " + std::to_string(row.size()) +
                                " values, the first row has " + std::to_string(rows.front().size()));
    rows.push_back(std::move(row));
  }
  if (rows.empty()) throw fileError(path, "no embedding rows");
  at::Tensor t = at::empty({static_cast<std::int64_t>(rows.size()), static_cast<std::int64_t>(rows.front().size())});
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < rows[i].size(); ++j) t[i][j] = rows[i][j];
  return t;
}

}  // namespace

at::Tensor loadClassEmbeddings(const std::string& path, int numClasses) {
  const std::string ext = std::filesystem::path(path).extension().string();
  at::Tensor t;
  if (ext == ".npy")
    t = readNpy(path);
  else if (ext == ".pt" || ext == ".pth")
    t = readTorchTensor(path);
  else if (ext == ".csv")
    t = readCsv(path);
  else
    throw fileError(path, "unknown embedding format (expected .npy, .pt, .pth or .csv)");
  if (t.dim() != 2) throw fileError(path, "embeddings must be a 2-D [classes, dimension] array, got " +
                                              std::to_string(t.dim()) + " dimensions");
  if (numClasses >= 0 && t.size(0) != numClasses)
    throw fileError(path, "has " + std::to_string(t.size(0)) + " class embeddings, the data set has " +
                              std::to_string(numClasses) + " classes");
  if (!at::isfinite(t).all().item<bool>()) throw fileError(path, "embeddings contain NaN or Inf");
  if (t.norm(2, 1).min().item<float>() == 0.0f) throw fileError(path, "an embedding row is all zeros");
  return t.to(at::kFloat).contiguous();
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
  return embeddings / embeddings.norm(2, 1, true).clamp_min(1e-12);
}

at::Tensor randomClassEmbeddings(int numClasses, int dimension, std::uint64_t seed) {
  auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
  return normalizeRows(at::randn({numClasses, dimension}, gen));
}

}  // namespace faultlens
