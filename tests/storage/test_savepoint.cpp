// storage/savepoint: ScopedSavepoint releases on release(), and rolls back *and* releases when destroyed
// without it, so nothing is left on the savepoint stack. Its statements come from a StatementCache.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>

#include "storage/savepoint.hpp"
#include "storage/statement_cache.hpp"
#include "storage_fixtures.hpp"

using namespace fanbase::storage;
using namespace fanbase::storage::testing;

namespace {

constexpr SavepointSql effects_sp{"SAVEPOINT effects", "RELEASE effects", "ROLLBACK TO effects"};
constexpr SavepointSql event_sp{"SAVEPOINT event", "RELEASE event", "ROLLBACK TO event"};
constexpr SavepointSql stage_sp{"SAVEPOINT stage", "RELEASE stage", "ROLLBACK TO stage"};
constexpr SavepointSql sp_sp{"SAVEPOINT sp", "RELEASE sp", "ROLLBACK TO sp"};

std::unique_ptr<SQLite::Database> scratch_db() {
  auto db = std::make_unique<SQLite::Database>(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db->exec("CREATE TABLE t (v TEXT NOT NULL)");
  return db;
}

std::string values(SQLite::Database& db) {
  std::string out;
  SQLite::Statement st(db, "SELECT v FROM t ORDER BY rowid");
  while (st.executeStep()) out += st.getColumn(0).getString();
  return out;
}

}  // namespace

TEST_CASE("a released savepoint keeps its changes", "[storage][savepoint]") {
  auto db = scratch_db();
  StatementCache cache(*db);
  SECTION("inside an outer transaction, which then commits") {
    db->exec("BEGIN IMMEDIATE");
    {
      ScopedSavepoint sp(cache, effects_sp);
      db->exec("INSERT INTO t VALUES ('a')");
      sp.release();
    }
    CHECK_FALSE(in_autocommit(*db));  // the outer transaction is still open
    db->exec("COMMIT");
    CHECK(values(*db) == "a");
  }
  SECTION("on its own, where RELEASE commits") {
    {
      ScopedSavepoint sp(cache, effects_sp);
      CHECK_FALSE(in_autocommit(*db));
      db->exec("INSERT INTO t VALUES ('a')");
      sp.release();
    }
    CHECK(in_autocommit(*db));
    CHECK(values(*db) == "a");
  }
}

TEST_CASE("destroying an unreleased savepoint rolls back and releases it", "[storage][savepoint]") {
  auto db = scratch_db();
  StatementCache cache(*db);
  db->exec("BEGIN IMMEDIATE");
  db->exec("INSERT INTO t VALUES ('before')");
  {
    ScopedSavepoint sp(cache, effects_sp);
    db->exec("INSERT INTO t VALUES ('lost')");
  }
  CHECK(values(*db) == "before");
  // Nothing named "effects" is left on the stack.
  CHECK_THROWS_WITH(db->exec("RELEASE effects"), Catch::Matchers::Contains("no such savepoint"));
  // A savepoint of the same name works again, and the outer transaction commits.
  {
    ScopedSavepoint sp(cache, effects_sp);
    db->exec("INSERT INTO t VALUES ('after')");
    sp.release();
  }
  db->exec("COMMIT");
  CHECK(in_autocommit(*db));
  CHECK(values(*db) == "beforeafter");
}

TEST_CASE("an unreleased savepoint outside any transaction leaves no transaction open", "[storage][savepoint]") {
  auto db = scratch_db();
  StatementCache cache(*db);
  {
    ScopedSavepoint sp(cache, effects_sp);
    db->exec("INSERT INTO t VALUES ('lost')");
  }
  CHECK(in_autocommit(*db));
  CHECK(values(*db).empty());
  db->exec("BEGIN IMMEDIATE");  // would fail if a transaction were still open
  db->exec("COMMIT");
}

TEST_CASE("an exception unwinding through a savepoint rolls its changes back", "[storage][savepoint]") {
  auto db = scratch_db();
  StatementCache cache(*db);
  db->exec("BEGIN IMMEDIATE");
  try {
    ScopedSavepoint sp(cache, effects_sp);
    db->exec("INSERT INTO t VALUES ('lost')");
    throw std::runtime_error("stage failed");
  } catch (const std::runtime_error&) {
  }
  db->exec("INSERT INTO t VALUES ('kept')");
  db->exec("COMMIT");
  CHECK(values(*db) == "kept");
}

TEST_CASE("nested savepoints inside BEGIN IMMEDIATE roll back only the inner one", "[storage][savepoint]") {
  auto db = scratch_db();
  StatementCache cache(*db);
  db->exec("BEGIN IMMEDIATE");
  {
    ScopedSavepoint event(cache, event_sp);
    db->exec("INSERT INTO t VALUES ('1')");
    {
      ScopedSavepoint stage(cache, stage_sp);
      db->exec("INSERT INTO t VALUES ('x')");
    }  // rolled back
    {
      ScopedSavepoint stage(cache, stage_sp);
      db->exec("INSERT INTO t VALUES ('2')");
      stage.release();
    }
    CHECK(values(*db) == "12");
    event.release();
  }
  {
    ScopedSavepoint event(cache, event_sp);  // a second event in the same batch, rolled back
    db->exec("INSERT INTO t VALUES ('y')");
    {
      ScopedSavepoint stage(cache, stage_sp);
      db->exec("INSERT INTO t VALUES ('z')");
      stage.release();
    }
  }
  CHECK_FALSE(in_autocommit(*db));
  db->exec("COMMIT");
  CHECK(values(*db) == "12");
}

TEST_CASE("nested savepoints with the same name unwind the innermost first", "[storage][savepoint]") {
  auto db = scratch_db();
  StatementCache cache(*db);
  db->exec("BEGIN IMMEDIATE");
  {
    ScopedSavepoint outer(cache, sp_sp);
    db->exec("INSERT INTO t VALUES ('a')");
    {
      ScopedSavepoint inner(cache, sp_sp);
      db->exec("INSERT INTO t VALUES ('b')");
    }
    CHECK(values(*db) == "a");
    outer.release();
  }
  CHECK_THROWS(db->exec("RELEASE sp"));
  db->exec("COMMIT");
  CHECK(values(*db) == "a");
}

TEST_CASE("the shared event savepoint rolls back and can be reused for the next event", "[storage][savepoint]") {
  auto db = scratch_db();
  StatementCache cache(*db);
  db->exec("BEGIN IMMEDIATE");
  for (int i = 0; i < 3; ++i) {
    ScopedSavepoint sp(cache, event_savepoint);
    db->exec("INSERT INTO t VALUES ('" + std::to_string(i) + "')");
    if (i != 1) sp.release();  // the second event fails
  }
  CHECK_THROWS(db->exec("RELEASE event_effects"));
  db->exec("COMMIT");
  CHECK(values(*db) == "02");
}
