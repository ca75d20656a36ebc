// ScopedSavepoint: SAVEPOINT on construction, RELEASE on release(), and ROLLBACK TO + RELEASE in the destructor
// when not released. Replaces SQLiteCpp 3.2.1's Savepoint, whose destructor rolls back without RELEASE and so
// leaves the savepoint on the stack. The three statements come prepared from the caller's StatementCache (one
// per event on the hot path), so the name must be fixed per call site: pass one of the *_sql sets below.
// Used on the storage thread inside the writer's transaction.
#pragma once

#include <SQLiteCpp/Database.h>

#include "storage/statement_cache.hpp"

namespace fanbase::storage {

struct SavepointSql {
  const char* begin;
  const char* release;
  const char* rollback;
};

inline constexpr SavepointSql event_savepoint{"SAVEPOINT event_effects", "RELEASE event_effects",
                                              "ROLLBACK TO event_effects"};

class ScopedSavepoint {
 public:
  ScopedSavepoint(StatementCache& stmts, const SavepointSql& sql) : stmts_(stmts), sql_(sql) {
    stmts_.get(sql_.begin).exec();
  }
  ScopedSavepoint(const ScopedSavepoint&) = delete;
  ScopedSavepoint& operator=(const ScopedSavepoint&) = delete;
  ~ScopedSavepoint() {
    if (released_) return;
    try {
      stmts_.get(sql_.rollback).exec();
      stmts_.get(sql_.release).exec();
    } catch (...) {  // a destructor must not throw. This fails only when SQLite ended the whole transaction
    }                // by itself; the pipeline and the writer check for that and fail the batch.
  }
  void release() {
    stmts_.get(sql_.release).exec();
    released_ = true;
  }

 private:
  StatementCache& stmts_;
  const SavepointSql sql_;  // by value: three pointers to string literals
  bool released_ = false;
};

}  // namespace fanbase::storage
