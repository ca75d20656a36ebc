#include "storage/statement_cache.hpp"

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

}  // namespace fanbase::storage
