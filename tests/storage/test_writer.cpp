// storage/writer: the single storage thread with group commit — batching, completion only after COMMIT,
// whole-batch rollback, flush, draining stop, and backpressure.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "storage/database.hpp"
#include "storage/writer.hpp"
#include "storage_fixtures.hpp"

using namespace fanbase::storage;
using namespace fanbase::storage::testing;
using namespace std::chrono_literals;

namespace {

// A job's table: one row per job, keyed by a name, so "stored or not" is one lookup.
void create_jobs_table(SQLite::Database& db) { db.exec("CREATE TABLE IF NOT EXISTS job (name TEXT PRIMARY KEY)"); }

Writer::Apply insert_job(std::string name) {
  return [name = std::move(name)](SQLite::Database& db) {
    SQLite::Statement st(db, "INSERT INTO job (name) VALUES (?1)");
    st.bind(1, name);
    st.exec();
  };
}

std::int64_t count_jobs_elsewhere(const std::string& path, const std::string& where = "1") {
  SQLite::Database reader(path, SQLite::OPEN_READONLY);
  return reader.execAndGet("SELECT count(*) FROM job WHERE " + where).getInt64();
}

// A job that blocks the writer thread until the test opens the gate; `started` says it is running.
struct Gate {
  std::promise<void> started;
  std::promise<void> open;
  std::shared_future<void> opened = open.get_future().share();

  Writer::Apply job() {
    return [this](SQLite::Database&) {
      started.set_value();
      opened.wait();
    };
  }
};

// Collects done(committed) results from the writer thread.
struct Outcomes {
  std::mutex mutex;
  std::vector<bool> results;
  Writer::Done done() {
    return [this](bool ok) {
      std::lock_guard lock(mutex);
      results.push_back(ok);
    };
  }
  std::size_t count(bool value) {
    std::lock_guard lock(mutex);
    std::size_t n = 0;
    for (bool r : results) n += r == value ? 1 : 0;
    return n;
  }
};

}  // namespace

TEST_CASE("jobs submitted together from two threads share transactions", "[storage][writer]") {
  TempDir dir;
  const std::string path = dir.file("w.db");
  auto db = open_database(StorageOptions{path, false});
  create_jobs_table(*db);
  constexpr int per_thread = 300;
  std::atomic<int> outside_transaction{0};
  Outcomes outcomes;
  {
    Writer writer(*db, WriterOptions{});
    Gate gate;
    writer.submit(gate.job());
    gate.started.get_future().wait();  // the writer is busy: everything below queues up

    auto producer = [&](char tag) {
      for (int i = 0; i < per_thread; ++i) {
        auto insert = insert_job(std::string(1, tag) + std::to_string(i));
        writer.submit(
            [&, insert](SQLite::Database& d) {
              if (in_autocommit(d)) ++outside_transaction;
              insert(d);
            },
            outcomes.done());
      }
    };
    std::thread a(producer, 'a');
    std::thread b(producer, 'b');
    a.join();
    b.join();
    gate.open.set_value();
    writer.flush();

    const WriterStats stats = writer.stats();
    CHECK(stats.jobs == 2 * per_thread + 2);  // + the gate + the flush
    CHECK(stats.batches < stats.jobs);
    // the gate, full batches of max_batch = 256, and perhaps the flush on its own
    CHECK(stats.batches <= 2 + (2 * per_thread + 255) / 256);
    CHECK(stats.failed_batches == 0);
  }
  CHECK(outside_transaction == 0);
  CHECK(outcomes.count(true) == 2 * per_thread);
  CHECK(outcomes.count(false) == 0);
  CHECK(count_jobs_elsewhere(path) == 2 * per_thread);
}

TEST_CASE("done(true) runs only after the batch is committed and visible to another connection",
          "[storage][writer]") {
  TempDir dir;
  const std::string path = dir.file("w.db");
  auto db = open_database(StorageOptions{path, false});
  create_jobs_table(*db);
  Writer writer(*db, WriterOptions{});

  Gate gate;
  writer.submit(gate.job());
  gate.started.get_future().wait();
  // Three jobs in one batch: when the first one is reported done, all three rows must be committed.
  std::promise<std::int64_t> seen_by_first;
  std::promise<std::int64_t> seen_by_last;
  writer.submit(insert_job("one"), [&](bool ok) {
    seen_by_first.set_value(ok ? count_jobs_elsewhere(path) : -1);
  });
  writer.submit(insert_job("two"));
  writer.submit(insert_job("three"), [&](bool ok) {
    seen_by_last.set_value(ok ? count_jobs_elsewhere(path, "name = 'three'") : -1);
  });
  gate.open.set_value();

  auto first = seen_by_first.get_future();
  auto last = seen_by_last.get_future();
  REQUIRE(first.wait_for(10s) == std::future_status::ready);
  REQUIRE(last.wait_for(10s) == std::future_status::ready);
  CHECK(first.get() == 3);
  CHECK(last.get() == 1);
}

TEST_CASE("a job that throws rolls back its whole batch and later jobs still work", "[storage][writer]") {
  TempDir dir;
  const std::string path = dir.file("w.db");
  auto db = open_database(StorageOptions{path, false});
  create_jobs_table(*db);
  std::atomic<int> rollbacks{0};
  Writer writer(*db, WriterOptions{}, [&] { ++rollbacks; });

  Gate gate;
  writer.submit(gate.job());
  gate.started.get_future().wait();
  Outcomes batch;
  bool ran_after_throw = false;
  writer.submit(insert_job("before-1"), batch.done());
  writer.submit(insert_job("before-2"), batch.done());
  writer.submit([](SQLite::Database& d) {
    insert_job("thrower")(d);
    throw std::runtime_error("disk on fire");
  }, batch.done());
  writer.submit([&](SQLite::Database& d) {
    ran_after_throw = true;
    insert_job("after")(d);
  }, batch.done());
  gate.open.set_value();
  writer.flush();

  CHECK(batch.count(false) == 4);
  CHECK(batch.count(true) == 0);
  CHECK_FALSE(ran_after_throw);  // each pass stops at the throw
  CHECK(rollbacks == 2);         // the optimistic pass and the isolated pass (these jobs have no isolated apply)
  CHECK(count_jobs_elsewhere(path) == 0);
  CHECK(writer.stats().failed_batches == 1);
  CHECK(writer.stats().retried_batches == 1);

  CHECK(writer.run_and_wait(insert_job("later")));
  CHECK(count_jobs_elsewhere(path) == 1);
  CHECK(count_jobs_elsewhere(path, "name = 'later'") == 1);
  CHECK(rollbacks == 2);
}

TEST_CASE("a batch that fails optimistically commits on its isolated second pass", "[storage][writer]") {
  TempDir dir;
  const std::string path = dir.file("w.db");
  auto db = open_database(StorageOptions{path, false});
  create_jobs_table(*db);
  std::atomic<int> rollbacks{0};
  Writer writer(*db, WriterOptions{}, [&] { ++rollbacks; });

  Gate gate;
  writer.submit(gate.job());
  gate.started.get_future().wait();
  Outcomes batch;
  int optimistic_runs = 0;
  writer.submit(insert_job("first"), batch.done());
  // Throws when run without isolation; its isolated form contains the failure itself (as Pipeline::process does).
  writer.submit([&](SQLite::Database&) { ++optimistic_runs; throw std::runtime_error("poison"); }, batch.done(),
                [](SQLite::Database& d) { insert_job("isolated")(d); });
  writer.submit(insert_job("last"), batch.done());
  gate.open.set_value();
  writer.flush();

  CHECK(optimistic_runs == 1);
  CHECK(batch.count(true) == 3);
  CHECK(rollbacks == 1);
  CHECK(count_jobs_elsewhere(path) == 3);
  CHECK(count_jobs_elsewhere(path, "name = 'isolated'") == 1);
  CHECK(writer.stats().retried_batches == 1);
  CHECK(writer.stats().failed_batches == 0);
}

TEST_CASE("run_and_wait reports whether the job committed", "[storage][writer]") {
  auto db = memory_db();
  create_jobs_table(*db);
  Writer writer(*db, WriterOptions{});
  CHECK(writer.run_and_wait(insert_job("x")));
  CHECK_FALSE(writer.run_and_wait(insert_job("x")));  // PRIMARY KEY violation
  writer.stop();
  CHECK(count_rows(*db, "job") == 1);
}

TEST_CASE("flush waits for every job submitted before it", "[storage][writer]") {
  TempDir dir;
  const std::string path = dir.file("w.db");
  auto db = open_database(StorageOptions{path, false});
  create_jobs_table(*db);
  Writer writer(*db, WriterOptions{1, std::chrono::microseconds{0}, 8192});  // one job per batch
  for (int i = 0; i < 5; ++i) {
    writer.submit([i](SQLite::Database& d) {
      std::this_thread::sleep_for(20ms);
      insert_job("slow" + std::to_string(i))(d);
    });
  }
  writer.flush();
  CHECK(count_jobs_elsewhere(path) == 5);
  CHECK(writer.stats().jobs == 6);
  CHECK(writer.stats().batches == 6);
}

TEST_CASE("stop drains the queued jobs and commits them", "[storage][writer]") {
  TempDir dir;
  const std::string path = dir.file("w.db");
  auto db = open_database(StorageOptions{path, false});
  create_jobs_table(*db);
  Outcomes outcomes;
  // A long max_wait: stop() must cut it short rather than lose or delay the queue.
  Writer writer(*db, WriterOptions{256, std::chrono::microseconds{5'000'000}, 8192});
  Gate gate;
  writer.submit(gate.job());
  gate.started.get_future().wait();
  for (int i = 0; i < 20; ++i) writer.submit(insert_job("q" + std::to_string(i)), outcomes.done());

  std::thread opener([&] {
    std::this_thread::sleep_for(50ms);
    gate.open.set_value();
  });
  const auto t0 = std::chrono::steady_clock::now();
  writer.stop();
  const auto took = std::chrono::steady_clock::now() - t0;
  opener.join();

  CHECK(outcomes.count(true) == 20);
  CHECK(count_jobs_elsewhere(path) == 20);
  CHECK(took < 4s);

  SECTION("and a job submitted after stop is refused without running") {
    bool ran = false;
    std::promise<bool> refused;
    writer.submit([&](SQLite::Database&) { ran = true; }, [&](bool ok) { refused.set_value(ok); });
    auto f = refused.get_future();
    REQUIRE(f.wait_for(1s) == std::future_status::ready);  // completed inline: the thread is gone
    CHECK_FALSE(f.get());
    CHECK_FALSE(ran);
    writer.stop();  // idempotent
    CHECK(count_jobs_elsewhere(path) == 20);
  }
}

TEST_CASE("the destructor drains queued jobs", "[storage][writer]") {
  auto db = memory_db();
  create_jobs_table(*db);
  {
    Writer writer(*db, WriterOptions{4, std::chrono::microseconds{1'000'000}, 8});
    for (int i = 0; i < 8; ++i) writer.submit(insert_job("d" + std::to_string(i)));
  }
  CHECK(count_rows(*db, "job") == 8);
}

TEST_CASE("submit blocks while the queue is full and resumes when there is room", "[storage][writer]") {
  auto db = memory_db();
  create_jobs_table(*db);
  Writer writer(*db, WriterOptions{1, std::chrono::microseconds{0}, 2});
  Gate gate;
  writer.submit(gate.job());
  gate.started.get_future().wait();  // taken off the queue; the writer is stuck in it
  writer.submit(insert_job("queued-1"));
  writer.submit(insert_job("queued-2"));  // the queue is now at capacity

  std::atomic<bool> returned{false};
  auto third = std::async(std::launch::async, [&] {
    writer.submit(insert_job("waited"));
    returned = true;
  });
  CHECK(third.wait_for(200ms) == std::future_status::timeout);
  CHECK_FALSE(returned);

  gate.open.set_value();
  REQUIRE(third.wait_for(10s) == std::future_status::ready);
  CHECK(returned);
  writer.flush();
  CHECK(count_rows(*db, "job") == 3);
  CHECK(writer.stats().jobs == 5);
  CHECK(writer.stats().failed_batches == 0);
}

TEST_CASE("a submit blocked on a full queue is refused when the writer stops", "[storage][writer]") {
  auto db = memory_db();
  create_jobs_table(*db);
  auto writer = std::make_unique<Writer>(*db, WriterOptions{1, std::chrono::microseconds{0}, 1});
  Gate gate;
  writer->submit(gate.job());
  gate.started.get_future().wait();
  writer->submit(insert_job("queued"));  // full

  std::promise<bool> blocked_result;
  auto blocked = std::async(std::launch::async, [&] {
    writer->submit(insert_job("blocked"), [&](bool ok) { blocked_result.set_value(ok); });
  });
  REQUIRE(blocked.wait_for(100ms) == std::future_status::timeout);
  std::thread opener([&] {
    std::this_thread::sleep_for(100ms);
    gate.open.set_value();
  });
  writer->stop();
  opener.join();
  REQUIRE(blocked.wait_for(10s) == std::future_status::ready);
  auto r = blocked_result.get_future();
  REQUIRE(r.wait_for(1s) == std::future_status::ready);
  CHECK_FALSE(r.get());
  CHECK(count_rows(*db, "job") == 1);  // the queued job was drained; the blocked one was not run
  CHECK(db->execAndGet("SELECT name FROM job").getString() == "queued");
}
