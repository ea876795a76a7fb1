#include "core/campaign/RecordFile.h"

#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <type_traits>
#include <sstream>

#include "core/Error.h"
#include "core/io/FileIO.h"

namespace faultlens {
namespace fs = std::filesystem;

const char* const kRecordHeader =
    "layer,injection,image,element,bit,before,after,label,clean_top1,faulty_top1,clean_loss,faulty_loss,finite,"
    "clean_top2diff";

namespace {

/// The header of record files written before the clean Top2Diff was recorded: still read
/// (the Top2Diff is then NaN), never appended to.
const char* const kRecordHeaderWithoutTop2Diff =
    "layer,injection,image,element,bit,before,after,label,clean_top1,faulty_top1,clean_loss,faulty_loss,finite";

std::string formatRecord(const InjectionOutcome& o) {
  char buf[512];
  // %.9g / %.17g round-trip float and double exactly, so recomputed statistics are identical.
  std::snprintf(buf, sizeof buf, "%d,%" PRId64 ",%" PRId64 ",%" PRId64 ",%d,%.9g,%.9g,%d,%d,%d,%.17g,%.17g,%d,%.17g\n",
                o.layer, o.injection, o.image, o.element, o.bit, o.before, o.after, o.label, o.cleanTop1, o.faultyTop1,
                o.cleanLoss, o.faultyLoss, o.finite ? 1 : 0, o.cleanTop2Diff);
  return buf;
}

// strtod/strtof/strtoll rather than std::stod & co: bit flips produce subnormal values
// (e.g. 2.3e-39), for which std::stof throws out_of_range although they read back exactly.
template <typename T>
bool parseField(const std::string& text, T& value) {
  if (text.empty()) return false;
  char* end = nullptr;
  errno = 0;
  if constexpr (std::is_same_v<T, float>) {
    value = std::strtof(text.c_str(), &end);
  } else if constexpr (std::is_same_v<T, double>) {
    value = std::strtod(text.c_str(), &end);
  } else {
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (errno == ERANGE || v < std::numeric_limits<T>::min() || v > std::numeric_limits<T>::max()) return false;
    value = static_cast<T>(v);
  }
  return *end == '\0';
}

/// `fields`: 14, or 13 for records without the clean Top2Diff.
bool parseRecord(const std::string& line, std::size_t fields, InjectionOutcome& o) {
  std::vector<std::string> f;
  std::stringstream ss(line);
  std::string field;
  while (std::getline(ss, field, ',')) f.push_back(field);
  if (f.size() != fields || (f[12] != "0" && f[12] != "1")) return false;
  o.finite = f[12] == "1";
  if (fields == 14 && !parseField(f[13], o.cleanTop2Diff)) return false;
  return parseField(f[0], o.layer) && parseField(f[1], o.injection) && parseField(f[2], o.image) &&
         parseField(f[3], o.element) && parseField(f[4], o.bit) && parseField(f[5], o.before) &&
         parseField(f[6], o.after) && parseField(f[7], o.label) && parseField(f[8], o.cleanTop1) &&
         parseField(f[9], o.faultyTop1) && parseField(f[10], o.cleanLoss) && parseField(f[11], o.faultyLoss);
}

}  // namespace

std::vector<InjectionOutcome> parseRecords(const std::string& text, const std::string& path) {
  std::vector<InjectionOutcome> out;
  std::map<std::pair<int, std::int64_t>, std::size_t> lineOf;  // (layer, injection) → line
  std::size_t start = 0, lineNo = 0, fields = 14;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    if (end == std::string::npos) break;  // torn last line: the run died while writing it
    const std::string line = text.substr(start, end - start);
    ++lineNo;
    start = end + 1;
    if (lineNo == 1) {
      if (line == kRecordHeaderWithoutTop2Diff) fields = 13;
      else if (line != kRecordHeader) throw fileError(path, "not a FaultLens campaign record file (unexpected header)");
      continue;
    }
    InjectionOutcome o;
    if (!parseRecord(line, fields, o))
      throw fileError(path, "line " + std::to_string(lineNo) + " is not a valid record");
    // A campaign computes every injection once: a second record of one can only come
    // from two writers, and summing both would count it twice.
    const auto [it, fresh] = lineOf.emplace(std::make_pair(o.layer, o.injection), lineNo);
    if (!fresh)
      throw fileError(path, "lines " + std::to_string(it->second) + " and " + std::to_string(lineNo) +
                                " both record injection " + std::to_string(o.injection) + " of layer #" +
                                std::to_string(o.layer) +
                                ": two processes wrote this file; its results cannot be trusted (start the campaign "
                                "in a new directory)");
    out.push_back(o);
  }
  return out;
}

std::vector<InjectionOutcome> readRecords(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return {};
  return parseRecords(readFileBytes(path), path);
}

RecordWriter::RecordWriter(const std::string& path) : path_(path) {
  std::error_code ec;
  const bool exists = fs::exists(path, ec) && fs::file_size(path, ec) > 0;
  if (exists) {
    const std::string text = readFileBytes(path);
    parseRecords(text, path);  // validates the header and every complete line
    if (text.compare(0, std::strlen(kRecordHeader) + 1, std::string(kRecordHeader) + "\n") != 0)
      throw fileError(path, "was written by an earlier FaultLens (records without the clean Top2Diff); it stays "
                            "readable, but new records cannot be appended to it");
    const auto lastNewline = text.rfind('\n');
    fs::resize_file(path, lastNewline == std::string::npos ? 0 : lastNewline + 1, ec);
    if (ec) throw fileError(path, "cannot cut off the torn last record (" + ec.message() + ")");
  }
  file_ = std::fopen(path.c_str(), "ab");
  if (!file_) throw fileError(path, std::string("cannot open for appending (") + std::strerror(errno) + ")");
  if (!exists || fs::file_size(path, ec) == 0) append({});
}

RecordWriter::~RecordWriter() {
  if (file_) std::fclose(file_);
}

void RecordWriter::append(const std::vector<InjectionOutcome>& outcomes) {
  std::string text;
  if (std::ftell(file_) == 0) text = std::string(kRecordHeader) + "\n";
  for (const auto& o : outcomes) text += formatRecord(o);
  if (text.empty()) return;
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size() || std::fflush(file_) != 0 ||
      ::fsync(fileno(file_)) != 0)
    throw fileError(path_, std::string("cannot append records (") + std::strerror(errno) + ")");
}

}  // namespace faultlens
