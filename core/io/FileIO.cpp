#include "core/io/FileIO.h"

#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>

#include "core/Error.h"

namespace faultlens {
namespace fs = std::filesystem;

std::string readFileBytes(const std::string& path) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (fs::is_directory(status)) throw fileError(path, "is a directory, expected a file");
  // Devices and pipes (/dev/zero, a FIFO) would never end or never answer: refuse them.
  if (fs::exists(status) && !fs::is_regular_file(status))
    throw fileError(path, "is not a regular file (a device, pipe or socket?)");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw fileError(path, std::string("cannot open (") + std::strerror(errno) + ")");
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw fileError(path, "read error");
  return data;
}

std::string readMaybeGzipped(const std::string& path) { return gunzipIfNeeded(readFileBytes(path), path); }

std::string gunzipIfNeeded(std::string raw, const std::string& path) {
  const bool gzipped = raw.size() >= 2 && static_cast<unsigned char>(raw[0]) == 0x1f &&
                       static_cast<unsigned char>(raw[1]) == 0x8b;
  if (!gzipped) return raw;
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) throw fileError(path, "zlib initialisation failed");
  std::string out;
  zs.next_in = reinterpret_cast<Bytef*>(raw.data());
  if (raw.size() > std::numeric_limits<uInt>::max()) throw fileError(path, "gzip file is larger than 4 GiB");
  zs.avail_in = static_cast<uInt>(raw.size());
  char buffer[1 << 16];
  int status = Z_OK;
  while (status == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = sizeof buffer;
    status = inflate(&zs, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) break;
    out.append(buffer, sizeof buffer - zs.avail_out);
    if (out.size() > kMaxInflatedBytes) {
      inflateEnd(&zs);
      throw fileError(path, "gzip data inflates beyond " + std::to_string(kMaxInflatedBytes >> 30) +
                                " GiB; refusing to read it (corrupt or a decompression bomb?)");
    }
    if (status == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
      status = Z_BUF_ERROR;  // input ended before the gzip stream did
      break;
    }
  }
  inflateEnd(&zs);
  if (status != Z_STREAM_END)
    throw fileError(path, "gzip data is truncated or corrupt (" +
                              std::string(status == Z_BUF_ERROR ? "unexpected end of data" : "zlib error") + ")");
  return out;
}

namespace {

/// Writes `data` to a synced temporary file beside `path`; returns its name.
fs::path writeTemporaryBeside(const std::string& path, const std::string& data) {
  const fs::path target(path);
  const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw fileError(path, "directory " + dir.string() + " does not exist");
  if (fs::is_directory(target, ec)) throw fileError(path, "is a directory; give the name of a file to write");
  std::random_device rd;
  const fs::path temp = dir / ("." + target.filename().string() + ".tmp" + std::to_string(rd()));
  std::FILE* f = std::fopen(temp.c_str(), "wb");
  if (!f) throw fileError(path, std::string("cannot write (") + std::strerror(errno) + ")");
  // fsync before the rename: after a crash the name points at the whole new file or the
  // old one, never at an empty inode whose data never reached the disk.
  int err = 0;
  if (std::fwrite(data.data(), 1, data.size(), f) != data.size() || std::fflush(f) != 0 || ::fsync(fileno(f)) != 0)
    err = errno ? errno : EIO;
  if (std::fclose(f) != 0 && !err) err = errno ? errno : EIO;
  if (err) {
    fs::remove(temp, ec);
    throw fileError(path, std::string("write failed (") + std::strerror(err) + ")");
  }
  return temp;
}

}  // namespace

void writeFileAtomically(const std::string& path, const std::string& data) {
  const fs::path temp = writeTemporaryBeside(path, data);
  std::error_code ec;
  fs::rename(temp, path, ec);
  if (ec) {
    const std::string reason = ec.message();  // before remove() reuses `ec`
    fs::remove(temp, ec);
    throw fileError(path, "cannot replace file (" + reason + ")");
  }
}

bool createFileAtomically(const std::string& path, const std::string& data) {
  const fs::path temp = writeTemporaryBeside(path, data);
  // link() fails with EEXIST instead of replacing: of two processes creating the same file
  // at once, exactly one wins.
  const int result = ::link(temp.c_str(), path.c_str());
  const int err = errno;
  std::error_code ec;
  fs::remove(temp, ec);
  if (result == 0) return true;
  if (err == EEXIST) return false;
  throw fileError(path, std::string("cannot create (") + std::strerror(err) + ")");
}

}  // namespace faultlens
