#pragma once
// Whole-file reads with errors that name the file, and atomic writes (temporary file in
// the same directory + rename), so a crash never leaves a half-written result behind.
#include <cstddef>
#include <string>

namespace faultlens {

/// Reads a whole file; throws faultlens::Error "PATH: cannot open (reason)" etc.
std::string readFileBytes(const std::string& path);
/// Like readFileBytes, but transparently inflates gzip data (plain files pass through).
std::string readMaybeGzipped(const std::string& path);
/// The in-memory half of readMaybeGzipped: inflates `raw` when it starts with the gzip
/// magic, else returns it unchanged. `source` names the data in errors. Output is capped
/// at kMaxInflatedBytes so a corrupt or hostile file cannot exhaust memory.
std::string gunzipIfNeeded(std::string raw, const std::string& source);
inline constexpr std::size_t kMaxInflatedBytes = std::size_t(4) << 30;
/// Writes `data` to `path` atomically; throws naming the path on any failure.
void writeFileAtomically(const std::string& path, const std::string& data);
/// Like writeFileAtomically, but never replaces: returns false, writing nothing, when
/// `path` already exists (also when another process creates it at the same moment).
bool createFileAtomically(const std::string& path, const std::string& data);

}  // namespace faultlens
