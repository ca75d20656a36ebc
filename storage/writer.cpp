#include "storage/writer.hpp"

#include <sqlite3.h>

#include <future>
#include <stdexcept>

#include "base/log.hpp"

namespace fanbase::storage {

Writer::Writer(SQLite::Database& db, WriterOptions options, OnRollback on_rollback)
    : db_(db), options_(options), on_rollback_(std::move(on_rollback)) {
  if (options_.max_batch == 0) options_.max_batch = 1;
  if (options_.queue_capacity < options_.max_batch) options_.queue_capacity = options_.max_batch;
  thread_ = std::thread([this] { loop(); });
}

Writer::~Writer() { stop(); }

void Writer::submit(Apply apply, Done done, Apply isolated) {
  std::unique_lock lock(mutex_);
  has_room_.wait(lock, [&] { return queue_.size() < options_.queue_capacity || stopping_; });
  if (stopping_) {
    lock.unlock();
    if (done) done(false);
    return;
  }
  queue_.push_back(Job{std::move(apply), std::move(done), std::move(isolated)});
  if (queue_.size() == 1 || queue_.size() >= options_.max_batch) has_work_.notify_one();
}

bool Writer::run_and_wait(Apply apply) {
  std::promise<bool> committed;
  auto result = committed.get_future();
  submit(std::move(apply), [&committed](bool ok) { committed.set_value(ok); });
  return result.get();
}

void Writer::flush() {
  run_and_wait([](SQLite::Database&) {});
}

void Writer::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  has_work_.notify_all();
  has_room_.notify_all();
  // One joiner, even when several threads stop at once; the writer thread itself must not join itself.
  std::lock_guard join_lock(join_mutex_);
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

WriterStats Writer::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void Writer::loop() {
  std::deque<Job> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      has_work_.wait(lock, [&] { return !queue_.empty() || stopping_; });
      if (queue_.empty() && stopping_) return;
      // Give the batch a moment to fill: under load it fills at once; when idle one event waits at most max_wait.
      if (queue_.size() < options_.max_batch && !stopping_ && options_.max_wait.count() > 0) {
        has_work_.wait_for(lock, options_.max_wait,
                           [&] { return queue_.size() >= options_.max_batch || stopping_; });
      }
      const std::size_t n = std::min(queue_.size(), options_.max_batch);
      for (std::size_t i = 0; i < n; ++i) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    has_room_.notify_all();
    run_batch(batch);
    batch.clear();
  }
}

// One transaction over the batch; false (after ROLLBACK) when a job or the COMMIT threw.
bool Writer::run_pass(std::deque<Job>& batch, bool isolated) {
  try {
    db_.exec("BEGIN IMMEDIATE");
    try {
      for (Job& job : batch) {
        (isolated && job.isolated ? job.isolated : job.apply)(db_);
        // SQLite may end the transaction by itself (some disk-full and I/O errors): never run on in autocommit.
        if (sqlite3_get_autocommit(db_.getHandle()) != 0) throw std::runtime_error("the batch transaction ended early");
      }
      db_.exec("COMMIT");
      return true;
    } catch (...) {
      try {
        db_.exec("ROLLBACK");
      } catch (...) {  // the transaction may already be gone (SQLite rolls back by itself on some errors)
      }
      throw;
    }
  } catch (const std::exception& e) {  // the storage thread's top: logged here, reported through `done`
    log::warn(isolated ? "storage.batch_failed" : "storage.batch_retry",
              {{"events", std::to_string(batch.size())}, {"error", e.what()}});
  } catch (...) {  // anything else thrown by a job: the same outcome, the thread lives on
    log::warn(isolated ? "storage.batch_failed" : "storage.batch_retry",
              {{"events", std::to_string(batch.size())}, {"error", "unknown exception"}});
  }
  if (on_rollback_) on_rollback_();
  return false;
}

void Writer::run_batch(std::deque<Job>& batch) {
  bool retried = false;
  bool committed = run_pass(batch, false);
  if (!committed) {
    retried = true;
    committed = run_pass(batch, true);
  }
  {
    std::lock_guard lock(mutex_);
    stats_.jobs += batch.size();
    stats_.batches += 1;
    if (!committed) stats_.failed_batches += 1;
    if (retried) stats_.retried_batches += 1;
  }
  for (Job& job : batch) {
    if (!job.done) continue;
    try {
      job.done(committed);
    } catch (const std::exception& e) {  // a completion's own failure must not end the storage thread
      log::error("storage.completion_failed", {{"error", e.what()}});
    }
  }
}

}  // namespace fanbase::storage
