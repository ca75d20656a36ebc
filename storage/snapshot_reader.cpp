#include "storage/snapshot_reader.hpp"

#include <SQLiteCpp/Database.h>

#include "storage/store.hpp"
#include "storage/writer.hpp"

namespace fanbase::storage {

SnapshotReader::SnapshotReader(std::string path, Writer& writer, Store& live)
    : path_(std::move(path)), memory_(path_.empty() || path_ == ":memory:"), writer_(writer), live_(live) {}

bool SnapshotReader::read(const std::function<void(Store&)>& read) const {
  if (memory_) return writer_.run_and_wait([&](SQLite::Database&) { read(live_); });
  SQLite::Database snapshot(path_, SQLite::OPEN_READONLY);
  snapshot.setBusyTimeout(5000);
  snapshot.exec("BEGIN");  // one read transaction: everything read from the same snapshot
  {
    Store store(snapshot);
    read(store);
  }
  snapshot.exec("COMMIT");
  return true;
}

}  // namespace fanbase::storage
