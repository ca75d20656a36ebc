// Writer: the single storage thread. It owns the only read-write connection and applies submitted jobs in
// batches — up to `max_batch` jobs, or whatever arrived within `max_wait` of the first — each batch in one
// BEGIN IMMEDIATE transaction with one COMMIT (group commit, as LevelDB batches its log writes). A job's
// `done(committed)` runs on the writer thread after its batch's COMMIT (true) or after the batch rolled back
// (false); nothing is reported done before the commit.
// Optimistic batches: every job first runs its `apply` with no per-job isolation (no savepoint: SQLite would
// copy each page a job touches into a statement journal). If any job throws, the batch is rolled back and run
// once more, each job through its `isolated` apply when it has one (the pipeline's savepoint-and-catch path),
// so one bad event costs its batch a second pass instead of costing every event a savepoint.
// Thread: submit() from any thread; jobs and completions run on the writer thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include <SQLiteCpp/Database.h>

namespace fanbase::storage {

struct WriterOptions {
  std::size_t max_batch = 256;
  std::chrono::microseconds max_wait{2000};
  std::size_t queue_capacity = 8192;  // submit() blocks when this many jobs wait: backpressure, bounded memory
};

struct WriterStats {
  std::uint64_t jobs = 0;
  std::uint64_t batches = 0;
  std::uint64_t failed_batches = 0;
  std::uint64_t retried_batches = 0;  // a job threw in the optimistic pass; the batch ran again isolated
};

class Writer {
 public:
  // Runs inside the batch transaction. An exception here rolls back the whole batch (domain code catches its
  // own per event in Pipeline::process, so this means the database itself failed).
  using Apply = std::function<void(SQLite::Database&)>;
  using Done = std::function<void(bool committed)>;
  // Called on the writer thread after a batch rolled back (e.g. to drop caches that may name lost rows).
  using OnRollback = std::function<void()>;

  Writer(SQLite::Database& db, WriterOptions options, OnRollback on_rollback = {});
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  ~Writer();  // drains the queue, commits, joins

  // `isolated`: how to run the job in the second pass after a failed batch; empty = `apply` again.
  void submit(Apply apply, Done done = {}, Apply isolated = {});
  // Submits and blocks until the job's batch committed or failed. Not from the writer thread.
  bool run_and_wait(Apply apply);
  // Blocks until every job submitted before the call has completed.
  void flush();
  void stop();  // idempotent: drains what was submitted, then joins
  WriterStats stats() const;

 private:
  struct Job {
    Apply apply;
    Done done;
    Apply isolated;
  };
  bool run_pass(std::deque<Job>& batch, bool isolated);
  void loop();
  void run_batch(std::deque<Job>& batch);

  SQLite::Database& db_;
  WriterOptions options_;
  OnRollback on_rollback_;
  mutable std::mutex mutex_;
  std::mutex join_mutex_;
  std::condition_variable has_work_;
  std::condition_variable has_room_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  WriterStats stats_;
  std::thread thread_;
};

}  // namespace fanbase::storage
