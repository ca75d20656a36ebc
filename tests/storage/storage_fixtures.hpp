// Helpers shared by the storage tests: a temporary directory removed at scope end, a migrated in-memory
// database, and small SQL probes. Test thread only.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include <sqlite3.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "storage/database.hpp"
#include "storage/migrations.hpp"

namespace fanbase::storage::testing {

// A fresh directory under /tmp, deleted with everything in it when the object goes out of scope.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "fanbase-storage-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const noexcept { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// An in-memory database at the latest schema, with foreign keys on (as open_database does).
inline std::unique_ptr<SQLite::Database> memory_db() {
  return open_database(StorageOptions{":memory:", false, false});
}

inline std::int64_t scalar(SQLite::Database& db, const std::string& sql) {
  return db.execAndGet(sql).getInt64();
}

inline std::int64_t count_rows(SQLite::Database& db, const std::string& table) {
  return scalar(db, "SELECT count(*) FROM " + table);
}

inline bool table_exists(SQLite::Database& db, const std::string& table) {
  SQLite::Statement st(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1");
  st.bind(1, table);
  st.executeStep();
  return st.getColumn(0).getInt() == 1;
}

inline int user_version(SQLite::Database& db) { return db.execAndGet("PRAGMA user_version").getInt(); }

// True when no transaction (and no savepoint) is open on the connection.
inline bool in_autocommit(SQLite::Database& db) { return sqlite3_get_autocommit(db.getHandle()) != 0; }

}  // namespace fanbase::storage::testing
