#include "widgets/RecentFiles.h"

#include <QSettings>
#include <QStringList>

namespace faultlens::widgets {
namespace {

constexpr const char* kKey = "recentFiles";
const char* const kKindNames[] = {"baseline", "guided", "data", "project"};

}  // namespace

RecentFiles::RecentFiles() {
  // Stored as "kind\tpath" strings: readable in the settings file, no custom types.
  for (const QString& item : QSettings().value(kKey).toStringList()) {
    const int tab = item.indexOf('\t');
    if (tab <= 0 || tab + 1 >= item.size()) continue;  // a hand-edited or foreign entry: skip it
    const QString kind = item.left(tab);
    for (int k = 0; k < 4; ++k)
      if (kind == QLatin1String(kKindNames[k]) && entries_.size() < kMaxEntries)
        entries_.push_back({static_cast<RecentFile::Kind>(k), item.mid(tab + 1)});
  }
}

void RecentFiles::add(RecentFile::Kind kind, const QString& path) {
  if (path.isEmpty()) return;
  const RecentFile entry{kind, path};
  entries_.removeAll(entry);
  entries_.prepend(entry);
  if (entries_.size() > kMaxEntries) entries_.resize(kMaxEntries);
  save();
}

void RecentFiles::clear() {
  entries_.clear();
  save();
}

void RecentFiles::save() const {
  QStringList items;
  for (const auto& e : entries_) items << QLatin1String(kKindNames[static_cast<int>(e.kind)]) + '\t' + e.path;
  QSettings().setValue(kKey, items);
}

}  // namespace faultlens::widgets
