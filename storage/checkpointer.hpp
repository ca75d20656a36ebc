// Checkpointer: moves WAL checkpoints off the storage thread. It turns off the writer connection's automatic
// checkpoint, watches the WAL size through a wal hook (which runs on the writer thread after each commit) and,
// past `soft_pages`, wakes its own thread, which runs a PASSIVE checkpoint on a second connection. A PASSIVE
// checkpoint never blocks the writer. Past `hard_pages` (the writer outran the background thread) the writer
// checkpoints inline once, which keeps the WAL file and its shared-memory index bounded.
// Construct after the writer connection is opened and before the writer thread starts using it; destroy before
// that connection closes. Not for ":memory:" databases.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include <SQLiteCpp/Database.h>

namespace fanbase::storage {

class Checkpointer {
 public:
  Checkpointer(SQLite::Database& writer_db, const std::string& path, int soft_pages = 2000, int hard_pages = 40000);
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;
  ~Checkpointer();

 private:
  static int on_commit(void* self, struct sqlite3* db, const char* name, int pages);
  void loop();

  SQLite::Database& writer_db_;
  std::string path_;
  int soft_pages_;
  int hard_pages_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool pending_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace fanbase::storage
