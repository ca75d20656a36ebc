// storage/migrations: numbered, append-only schema steps tracked in PRAGMA user_version.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>

#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "storage_fixtures.hpp"

using namespace fanbase::storage;
using namespace fanbase::storage::testing;

namespace {

// Every migration creates the table it is named after (and may add indexes to it).
std::set<std::string> migration_tables() {
  std::set<std::string> out;
  for (const Migration& m : all_migrations()) {
    if (std::string(m.sql).find("CREATE TABLE " + std::string(m.name)) != std::string::npos) out.insert(m.name);
  }
  return out;
}

std::set<std::string> tables_of(SQLite::Database& db) {
  std::set<std::string> out;
  SQLite::Statement st(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  while (st.executeStep()) out.insert(st.getColumn(0).getString());
  return out;
}

std::string schema_of(SQLite::Database& db) {
  std::string out;
  SQLite::Statement st(db, "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY name");
  while (st.executeStep()) out += st.getColumn(0).getString() + "\n";
  return out;
}

}  // namespace

TEST_CASE("migrations are numbered 1 to N without gaps", "[storage][migrations]") {
  const auto all = all_migrations();
  REQUIRE_FALSE(all.empty());
  for (std::size_t i = 0; i < all.size(); ++i) {
    CAPTURE(i, all[i].name);
    CHECK(all[i].version == static_cast<int>(i) + 1);
  }
  CHECK(latest_schema_version() == all.back().version);
  CHECK(latest_schema_version() == static_cast<int>(all.size()));
}

TEST_CASE("a fresh database is migrated to the latest version with every table", "[storage][migrations]") {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  REQUIRE(user_version(db) == 0);
  CHECK(migrate(db) == latest_schema_version());
  CHECK(user_version(db) == latest_schema_version());
  CHECK(tables_of(db) == migration_tables());
  for (const char* table : {"community", "member", "processed_event", "point_entry", "member_activity",
                            "member_badge", "level_up", "message_ref", "outbox", "audit_log"}) {
    CAPTURE(table);
    CHECK(table_exists(db, table));
  }
  CHECK(in_autocommit(db));  // no migration transaction left open
}

TEST_CASE("migrating twice is a no-op", "[storage][migrations]") {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  migrate(db);
  db.exec("INSERT INTO community (platform, chat_id, title, created_at) VALUES ('telegram', '-1001', 'Fans', 1)");
  const std::string before = schema_of(db);

  CHECK(migrate(db) == latest_schema_version());
  CHECK(user_version(db) == latest_schema_version());
  CHECK(schema_of(db) == before);
  CHECK(count_rows(db, "community") == 1);
}

TEST_CASE("migrate_to builds an older database that stops at the given version", "[storage][migrations]") {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  CHECK(migrate_to(db, 3) == 3);
  CHECK(user_version(db) == 3);
  CHECK(tables_of(db) == std::set<std::string>{"community", "member", "processed_event"});
  CHECK(migrate_to(db, 2) == 3);  // never goes back
  CHECK(user_version(db) == 3);
}

TEST_CASE("an older database is migrated to the latest version and keeps its rows", "[storage][migrations]") {
  TempDir dir;
  const std::string path = dir.file("old.db");
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    REQUIRE(migrate_to(db, 3) == 3);
    db.exec("INSERT INTO community (id, platform, chat_id, title, created_at) VALUES (7, 'telegram', '-1001', 'Fans', 5)");
    db.exec("INSERT INTO member (id, community_id, user_id, display_name, username, joined_at, last_seen_at, points, earned) "
            "VALUES (11, 7, '42', 'Alice', 'alice', 5, 6, 30, 40)");
    db.exec("INSERT INTO processed_event (key, at) VALUES ('tg:1', 5)");
  }

  auto db = open_database(StorageOptions{path});
  CHECK(user_version(*db) == latest_schema_version());
  CHECK(tables_of(*db) == migration_tables());
  CHECK(db->execAndGet("SELECT title FROM community WHERE id = 7").getString() == "Fans");
  CHECK(scalar(*db, "SELECT points FROM member WHERE id = 11 AND community_id = 7 AND user_id = '42'") == 30);
  CHECK(scalar(*db, "SELECT earned FROM member WHERE id = 11") == 40);
  CHECK(count_rows(*db, "processed_event") == 1);
  // The new tables work with the old rows.
  db->exec("INSERT INTO point_entry (community_id, member_id, delta, reason, reference, at) "
           "VALUES (7, 11, 5, 'message', 'tg:2', 7)");
  CHECK(count_rows(*db, "point_entry") == 1);
}

TEST_CASE("a database newer than this binary is refused with a StorageError saying so", "[storage][migrations]") {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("PRAGMA user_version = " + std::to_string(latest_schema_version() + 1));
  CHECK_THROWS_AS(migrate(db), StorageError);
  CHECK_THROWS_WITH(migrate(db), Catch::Matchers::Contains("newer"));
  CHECK(user_version(db) == latest_schema_version() + 1);  // left as it was
  CHECK(tables_of(db).empty());
}

TEST_CASE("open_database refuses a database file written by a newer binary", "[storage][migrations]") {
  TempDir dir;
  const std::string path = dir.file("newer.db");
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA user_version = " + std::to_string(latest_schema_version() + 1));
  }
  CHECK_THROWS_AS(open_database(StorageOptions{path}), StorageError);
  CHECK_THROWS_WITH(open_database(StorageOptions{path}), Catch::Matchers::Contains("newer"));
}

TEST_CASE("a failing migration leaves the database at the previous version", "[storage][migrations]") {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  REQUIRE(migrate_to(db, 3) == 3);
  db.exec("CREATE TABLE point_entry (x INTEGER)");  // collides with migration 4
  CHECK_THROWS_AS(migrate(db), StorageError);
  CHECK_THROWS_WITH(migrate(db), Catch::Matchers::Contains("migration 4"));
  CHECK(user_version(db) == 3);
  CHECK_FALSE(table_exists(db, "member_activity"));
  CHECK(in_autocommit(db));
}
