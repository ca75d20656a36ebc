// ScopedSavepoint: SAVEPOINT on construction, RELEASE on release(), and ROLLBACK TO + RELEASE in the destructor
// when not released. Replaces SQLiteCpp 3.2.1's Savepoint, whose destructor rolls back without RELEASE and so
// leaves the savepoint on the stack. Used on the storage thread inside the writer's transaction.
#pragma once

#include <string>

#include <SQLiteCpp/Database.h>

namespace fanbase::storage {

class ScopedSavepoint {
 public:
  ScopedSavepoint(SQLite::Database& db, std::string name) : db_(db), name_(std::move(name)) {
    db_.exec("SAVEPOINT " + name_);
  }
  ScopedSavepoint(const ScopedSavepoint&) = delete;
  ScopedSavepoint& operator=(const ScopedSavepoint&) = delete;
  ~ScopedSavepoint() {
    if (released_) return;
    try {
      db_.exec("ROLLBACK TO " + name_);
      db_.exec("RELEASE " + name_);
    } catch (...) {  // a destructor must not throw; the enclosing transaction fails at COMMIT instead
    }
  }
  void release() {
    db_.exec("RELEASE " + name_);
    released_ = true;
  }

 private:
  SQLite::Database& db_;
  std::string name_;
  bool released_ = false;
};

}  // namespace fanbase::storage
