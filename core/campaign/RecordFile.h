#pragma once
// The per-injection record file of a campaign: CSV, one line per injection, appended as
// results complete and synced to disk, so a killed run loses nothing it finished. Any
// statistic can be recomputed from it. Torch-free.
#include <cstdio>
#include <string>
#include <vector>

#include "core/campaign/CampaignStats.h"

namespace faultlens {

/// Reads all complete records. A final line cut off by a crash is ignored; any other
/// malformed line is an error naming the file and line. A missing file reads as empty.
std::vector<InjectionOutcome> readRecords(const std::string& path);
/// readRecords on text already in memory; `source` names it in errors.
std::vector<InjectionOutcome> parseRecords(const std::string& text, const std::string& source);

class RecordWriter {
 public:
  /// Opens for appending: writes the header to a new file, or cuts a torn last line off an
  /// existing one so new records start on a line of their own.
  explicit RecordWriter(const std::string& path);
  ~RecordWriter();
  RecordWriter(const RecordWriter&) = delete;
  RecordWriter& operator=(const RecordWriter&) = delete;

  /// Appends and syncs (fflush + fsync). Throws naming the file on a write error.
  void append(const std::vector<InjectionOutcome>& outcomes);

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
};

extern const char* const kRecordHeader;

}  // namespace faultlens
