#include "storage/database.hpp"

#include <filesystem>
#include <system_error>

#include "storage/migrations.hpp"

namespace fanbase::storage {

std::unique_ptr<SQLite::Database> open_database(const StorageOptions& options) {
  const bool in_memory = options.path == ":memory:";
  if (!in_memory && options.create_parent_dirs) {
    const auto parent = std::filesystem::path(options.path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) throw StorageError("cannot create directory " + parent.string() + ": " + ec.message());
  }
  std::unique_ptr<SQLite::Database> db;
  try {
    db = std::make_unique<SQLite::Database>(options.path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db->exec("PRAGMA foreign_keys = ON");
    if (!in_memory) {
      const std::string mode = db->execAndGet("PRAGMA journal_mode = WAL").getString();
      if (mode != "wal") throw StorageError("cannot switch " + options.path + " to WAL (journal_mode=" + mode + ")");
    }
    db->exec(options.synchronous_full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
    db->exec("PRAGMA busy_timeout = 5000");
    db->exec("PRAGMA temp_store = MEMORY");
    // Bounded page cache (8 MiB) keeps the resident size small whatever the database size.
    db->exec("PRAGMA cache_size = -8192");
  } catch (const SQLite::Exception& e) {
    throw StorageError("cannot open database " + options.path + ": " + e.what());
  }
  migrate(*db);
  return db;
}

}  // namespace fanbase::storage
