#pragma once
// SHA-256 digests that identify a campaign's inputs by content, not by path: a model file
// replaced at the same path, or a data folder refilled, must never be mixed into a
// campaign that ran on the old one. OpenSSL computes the hash.
#include <cstddef>
#include <string>

namespace faultlens {

/// Incremental SHA-256. hex() ends it: "sha256:" and 64 lower-case hex digits.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  Sha256& update(const void* data, std::size_t size);
  Sha256& update(const std::string& text) { return update(text.data(), text.size()); }
  /// A length-prefixed field, so that ("ab","c") and ("a","bc") hash differently.
  Sha256& field(const std::string& text);
  std::string hex();

 private:
  void* ctx_;  // EVP_MD_CTX, kept out of this header
};

/// The digest of a whole file's bytes, read in blocks; errors name the file.
std::string sha256OfFile(const std::string& path);

}  // namespace faultlens
