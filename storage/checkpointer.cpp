#include "storage/checkpointer.hpp"

#include <sqlite3.h>

#include "base/log.hpp"

namespace fanbase::storage {

Checkpointer::Checkpointer(SQLite::Database& writer_db, const std::string& path, int soft_pages, int hard_pages)
    : writer_db_(writer_db), path_(path), soft_pages_(soft_pages), hard_pages_(hard_pages) {
  writer_db_.exec("PRAGMA wal_autocheckpoint = 0");
  sqlite3_wal_hook(writer_db_.getHandle(), &Checkpointer::on_commit, this);
  thread_ = std::thread([this] { loop(); });
}

Checkpointer::~Checkpointer() {
  sqlite3_wal_hook(writer_db_.getHandle(), nullptr, nullptr);
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int Checkpointer::on_commit(void* self_ptr, sqlite3* db, const char* name, int pages) {
  auto* self = static_cast<Checkpointer*>(self_ptr);
  if (pages >= self->hard_pages_) {
    // The background thread fell behind: copy back now, so the next transaction can restart the WAL.
    sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  } else if (pages >= self->soft_pages_) {
    {
      std::lock_guard lock(self->mutex_);
      self->pending_ = true;
    }
    self->wake_.notify_one();
  }
  return SQLITE_OK;
}

void Checkpointer::loop() {
  try {
    SQLite::Database db(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX);
    db.exec("PRAGMA busy_timeout = 5000");
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return pending_ || stopping_; });
        if (stopping_) return;
        pending_ = false;
      }
      const int rc = sqlite3_wal_checkpoint_v2(db.getHandle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
        log::warn("storage.checkpoint_failed", {{"error", sqlite3_errstr(rc)}});
      }
    }
  } catch (const std::exception& e) {  // top of the thread: the writer's own inline checkpoints still bound the WAL
    log::error("storage.checkpointer_stopped", {{"error", e.what()}});
  }
}

}  // namespace fanbase::storage
