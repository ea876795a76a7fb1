#pragma once
// Class embeddings for the text-guided head: one row per class, E columns. Computed by
// FaultLens (TextEncoder + ClassDescriptions) or elsewhere (e.g. CLIP on GPT-3
// descriptions, as in the paper) and loaded from file.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>

namespace faultlens {

/// Reads [C, E] embeddings from .npy, .pt/.pth (torch.save) or .csv (C lines of E numbers,
/// optionally a first column with the class name). Throws faultlens::Error naming the file
/// when the shape is not [numClasses, E] (numClasses < 0 skips that check) or values are
/// not finite.
at::Tensor loadClassEmbeddings(const std::string& path, int numClasses = -1);

/// Writes [C, E] as CSV: "class name,v1,...,vE" per line (atomically).
void saveClassEmbeddingsCsv(const std::string& path, const at::Tensor& embeddings,
                            const std::vector<std::string>& classNames);

/// The "random projection" ablation of the paper's Table 3: seeded Gaussian rows,
/// L2-normalised.
at::Tensor randomClassEmbeddings(int numClasses, int dimension, std::uint64_t seed);

/// Rows scaled to unit L2 norm.
at::Tensor normalizeRows(const at::Tensor& embeddings);

}  // namespace faultlens
