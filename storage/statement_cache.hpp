// Prepared statements kept per connection, keyed by their SQL text. get() returns a statement that has been
// reset and unbound, ready to bind. Owned by a repository; used on the storage thread only.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace fanbase::storage {

class StatementCache {
 public:
  explicit StatementCache(SQLite::Database& db) : db_(db) {}
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  SQLite::Statement& get(const char* sql);
  // What each statement prepared on the connection has cost so far, from SQLite's own counters: a statement
  // whose index cannot be used shows up here as many steps per run, not only as a slow benchmark.
  struct Cost {
    std::string sql;
    std::int64_t runs = 0;
    std::int64_t vm_steps = 0;
    std::int64_t full_scan_steps = 0;
  };
  std::vector<Cost> costs() const;
  SQLite::Database& db() noexcept { return db_; }

 private:
  SQLite::Database& db_;
  // Keyed by the literal's address: every call site passes a string literal, so lookups hash a pointer.
  std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> statements_;
};

}  // namespace fanbase::storage
