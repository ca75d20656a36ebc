// Opening the one read-write SQLite connection: WAL, foreign keys, busy timeout, then numbered migrations.
// Owned by the storage thread (Writer) once opened; tests open ":memory:" directly.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include <SQLiteCpp/Database.h>

namespace fanbase::storage {

// The world is broken (unwritable file, newer schema, failed migration): startup reports it and exits 3.
class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct StorageOptions {
  std::string path;              // a file path, or ":memory:"
  bool synchronous_full = true;  // FULL: every commit survives power loss; NORMAL: survives a process crash
  bool create_parent_dirs = true;
};

// Whether an exception says the database itself failed (disk full, I/O error, busy, out of memory, corrupt,
// read-only) rather than our code: such a failure must fail the whole batch, so its events are retried,
// instead of consuming one event as a bug would.
bool is_environmental(const std::exception& e) noexcept;

// Opens (creating if needed), applies pragmas and migrates. Throws StorageError with a clear message.
// A database file created here is 0600, and so are its -wal and -shm files; an existing file keeps its mode.
std::unique_ptr<SQLite::Database> open_database(const StorageOptions& options);

}  // namespace fanbase::storage
