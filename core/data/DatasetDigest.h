#pragma once
// A data set's identity by content: what a model actually sees. The decoded 8-bit pixels
// (with their geometry), the labels and the class names of images [begin, end) go into one
// SHA-256, so the same images read from another path agree, and a refilled folder or a
// replaced IDX file does not.
#include <cstddef>
#include <string>

namespace faultlens {

class Dataset;

/// "sha256:…" over class names and images [begin, end); errors name the data set.
std::string datasetDigest(const Dataset& data, std::size_t begin, std::size_t end);

}  // namespace faultlens
