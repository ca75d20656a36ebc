#include "storage/statement_cache.hpp"

#include <sqlite3.h>

namespace fanbase::storage {

SQLite::Statement& StatementCache::get(const char* sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    it = statements_.emplace(sql, std::make_unique<SQLite::Statement>(db_, sql)).first;
    return *it->second;
  }
  SQLite::Statement& st = *it->second;
  // tryReset, not reset: sqlite3_reset returns the *previous* use's error (a constraint that use already threw),
  // and reset() would throw it again here, failing the next, unrelated use. The statement is reset either way.
  (void)st.tryReset();
  // SQLiteCpp's reset keeps bindings: clear them so no value leaks into the next use.
  st.clearBindings();
  return st;
}

std::vector<StatementCache::Cost> StatementCache::costs() const {
  std::vector<Cost> out;  // every statement prepared on the connection (SQLiteCpp 3.2.1 hides the handles)
  for (sqlite3_stmt* st = sqlite3_next_stmt(db_.getHandle(), nullptr); st != nullptr;
       st = sqlite3_next_stmt(db_.getHandle(), st)) {
    Cost c;
    c.sql = sqlite3_sql(st);
    c.runs = sqlite3_stmt_status(st, SQLITE_STMTSTATUS_RUN, 0);
    c.vm_steps = sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 0);
    c.full_scan_steps = sqlite3_stmt_status(st, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace fanbase::storage
