#include "storage/database.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <SQLiteCpp/Exception.h>

#include <filesystem>
#include <new>
#include <mutex>
#include <system_error>

#include "storage/migrations.hpp"

namespace fanbase::storage {

namespace {
// SQLite keeps global allocation statistics behind a process-wide mutex on every malloc; we never read them.
// Must run before SQLite initialises; later calls are refused by SQLite (SQLITE_MISUSE) and harmless.
void configure_sqlite_once() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

// A database file we create is created 0600 (owner only), before SQLite opens it: SQLite creates the -wal and -shm
// files with the mode of the main file, so they follow. A file that already exists keeps the mode its operator gave
// it (we tighten only what we create). A path SQLite reads specially (empty, "file:" URI) is left to SQLite.
void create_private(const std::string& path) {
  if (path.empty() || path.rfind("file:", 0) == 0) return;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) ::close(fd);  // EEXIST and the rest: SQLite's open reports what is wrong
}
}  // namespace

bool is_environmental(const std::exception& e) noexcept {
  const auto* sqlite = dynamic_cast<const SQLite::Exception*>(&e);
  if (sqlite == nullptr) return dynamic_cast<const std::bad_alloc*>(&e) != nullptr;
  switch (sqlite->getErrorCode()) {
    case SQLITE_FULL: case SQLITE_IOERR: case SQLITE_BUSY: case SQLITE_LOCKED: case SQLITE_NOMEM:
    case SQLITE_CORRUPT: case SQLITE_READONLY: case SQLITE_CANTOPEN: case SQLITE_NOTADB: case SQLITE_PROTOCOL:
      return true;
    default:
      return false;
  }
}

std::unique_ptr<SQLite::Database> open_database(const StorageOptions& options) {
  configure_sqlite_once();
  const bool in_memory = options.path == ":memory:";
  if (!in_memory && options.create_parent_dirs) {
    const auto parent = std::filesystem::path(options.path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) throw StorageError("cannot create directory " + parent.string() + ": " + ec.message());
  }
  if (!in_memory) create_private(options.path);
  std::unique_ptr<SQLite::Database> db;
  try {
    // NOMUTEX: the connection belongs to the storage thread alone, so SQLite's per-call locking is pure cost.
    db = std::make_unique<SQLite::Database>(options.path,
                                            SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX);
    db->exec("PRAGMA foreign_keys = ON");
    if (!in_memory) {
      const std::string mode = db->execAndGet("PRAGMA journal_mode = WAL").getString();
      if (mode != "wal") throw StorageError("cannot switch " + options.path + " to WAL (journal_mode=" + mode + ")");
    }
    db->exec(options.synchronous_full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
    db->exec("PRAGMA busy_timeout = 5000");
    db->exec("PRAGMA temp_store = MEMORY");
    // Checkpoint every ~16 MiB of WAL instead of 4 MiB: hot pages (members, indexes) are copied back less often.
    // (The application moves checkpoints to a background thread: storage/checkpointer.hpp.)
    db->exec("PRAGMA wal_autocheckpoint = 4000");
    // A bounded page cache (24 MiB) keeps the resident size small whatever the database size.
    db->exec("PRAGMA cache_size = -24576");
  } catch (const SQLite::Exception& e) {
    throw StorageError("cannot open database " + options.path + ": " + e.what());
  }
  migrate(*db);
  return db;
}

}  // namespace fanbase::storage
