#pragma once
// The File ▸ Open recent list: models, data sets and projects the user opened, newest
// first, kept in QSettings so they survive a restart. Paths that no longer exist are
// still listed (a network drive may come back) and fail with the usual clear message.
#include <QString>
#include <QVector>

namespace faultlens::widgets {

struct RecentFile {
  enum class Kind { Baseline, Guided, Data, Project };
  Kind kind;
  QString path;
  bool operator==(const RecentFile& o) const { return kind == o.kind && path == o.path; }
};

class RecentFiles {
 public:
  static constexpr int kMaxEntries = 12;
  /// Reads the list from QSettings (key "recentFiles").
  RecentFiles();
  const QVector<RecentFile>& entries() const { return entries_; }
  /// Moves (or adds) the entry to the front and writes the list back.
  void add(RecentFile::Kind kind, const QString& path);
  void clear();

 private:
  void save() const;
  QVector<RecentFile> entries_;
};

}  // namespace faultlens::widgets
