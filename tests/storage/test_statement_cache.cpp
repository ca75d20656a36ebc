// storage/statement_cache: one prepared statement per SQL literal, handed out reset and unbound.
#include <catch2/catch.hpp>

#include <string>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include "storage/statement_cache.hpp"
#include "storage_fixtures.hpp"

using namespace fanbase::storage;
using namespace fanbase::storage::testing;

namespace {

constexpr const char* select_two = "SELECT ?1, ?2";
constexpr const char* insert_unique = "INSERT INTO t (k) VALUES (?1)";
constexpr const char* select_all = "SELECT k FROM t ORDER BY k";

std::unique_ptr<SQLite::Database> scratch_db() {
  auto db = std::make_unique<SQLite::Database>(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db->exec("CREATE TABLE t (k TEXT NOT NULL UNIQUE)");
  return db;
}

}  // namespace

TEST_CASE("the same SQL literal gives the same prepared statement", "[storage][statement_cache]") {
  auto db = scratch_db();
  StatementCache cache(*db);
  SQLite::Statement& a = cache.get(select_two);
  SQLite::Statement& b = cache.get(select_two);
  SQLite::Statement& c = cache.get(select_all);
  CHECK(&a == &b);
  CHECK(&a != &c);
  CHECK(&cache.db() == db.get());
}

TEST_CASE("bindings from a previous use do not leak into the next", "[storage][statement_cache]") {
  auto db = scratch_db();
  StatementCache cache(*db);
  {
    auto& st = cache.get(select_two);
    st.bind(1, 10);
    st.bind(2, "secret");
    REQUIRE(st.executeStep());
    CHECK(st.getColumn(0).getInt() == 10);
    CHECK(st.getColumn(1).getString() == "secret");
  }
  auto& st = cache.get(select_two);
  st.bind(1, 20);  // only the first parameter this time
  REQUIRE(st.executeStep());
  CHECK(st.getColumn(0).getInt() == 20);
  CHECK(st.getColumn(1).isNull());
}

TEST_CASE("a statement left in the middle of its rows starts again from the first row",
          "[storage][statement_cache]") {
  auto db = scratch_db();
  db->exec("INSERT INTO t VALUES ('a'), ('b'), ('c')");
  StatementCache cache(*db);
  {
    auto& st = cache.get(select_all);
    REQUIRE(st.executeStep());
    CHECK(st.getColumn(0).getString() == "a");
  }
  auto& st = cache.get(select_all);
  std::string seen;
  while (st.executeStep()) seen += st.getColumn(0).getString();
  CHECK(seen == "abc");
}

// A failed step (here a UNIQUE violation) leaves its error code in the statement; sqlite3_reset() returns
// it again, and SQLiteCpp's reset() turns that into an exception. The cache must not make the *next*,
// unrelated use of the statement fail with the previous use's error.
TEST_CASE("a statement whose previous use failed can be used again", "[storage][statement_cache]") {
  auto db = scratch_db();
  StatementCache cache(*db);
  {
    auto& st = cache.get(insert_unique);
    st.bind(1, "a");
    CHECK(st.exec() == 1);
  }
  {
    auto& st = cache.get(insert_unique);
    st.bind(1, "a");
    CHECK_THROWS_AS(st.exec(), SQLite::Exception);  // the duplicate is refused
  }
  SQLite::Statement* st = nullptr;
  CHECK_NOTHROW(st = &cache.get(insert_unique));
  REQUIRE(st != nullptr);
  st->bind(1, "b");
  CHECK(st->exec() == 1);
  CHECK(count_rows(*db, "t") == 2);
}
