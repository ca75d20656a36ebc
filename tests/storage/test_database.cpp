// storage/database: opening the read-write connection (directories, WAL, foreign keys, migrations).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>

#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "storage_fixtures.hpp"

using namespace fanbase::storage;
using namespace fanbase::storage::testing;

TEST_CASE("open_database on a file path creates parent directories and a migrated WAL database",
          "[storage][database]") {
  TempDir dir;
  const std::string path = dir.file("a/b/c/fanbase.db");
  REQUIRE_FALSE(std::filesystem::exists(dir.path() / "a"));

  auto db = open_database(StorageOptions{path});
  CHECK(std::filesystem::is_directory(dir.path() / "a/b/c"));
  CHECK(std::filesystem::is_regular_file(path));
  CHECK(db->execAndGet("PRAGMA journal_mode").getString() == "wal");
  CHECK(db->execAndGet("PRAGMA foreign_keys").getInt() == 1);
  CHECK(db->execAndGet("PRAGMA busy_timeout").getInt() == 5000);
  CHECK(db->execAndGet("PRAGMA synchronous").getInt() == 2);  // FULL by default
  CHECK(user_version(*db) == latest_schema_version());
}

TEST_CASE("open_database uses synchronous NORMAL when asked", "[storage][database]") {
  TempDir dir;
  auto db = open_database(StorageOptions{dir.file("n.db"), false});
  CHECK(db->execAndGet("PRAGMA synchronous").getInt() == 1);
}

TEST_CASE("open_database enforces foreign keys", "[storage][database]") {
  auto db = memory_db();
  CHECK(db->execAndGet("PRAGMA foreign_keys").getInt() == 1);
  CHECK_THROWS_AS(db->exec("INSERT INTO member (community_id, user_id, joined_at, last_seen_at) VALUES (999, 'u', 1, 1)"),
                  SQLite::Exception);
  CHECK(count_rows(*db, "member") == 0);
}

TEST_CASE("open_database on :memory: gives a migrated database", "[storage][database]") {
  auto db = open_database(StorageOptions{":memory:"});
  CHECK(user_version(*db) == latest_schema_version());
  CHECK(table_exists(*db, "outbox"));
}

TEST_CASE("reopening a database file keeps its rows", "[storage][database]") {
  TempDir dir;
  const std::string path = dir.file("keep.db");
  {
    auto db = open_database(StorageOptions{path});
    db->exec("INSERT INTO community (platform, chat_id, created_at) VALUES ('telegram', '-1', 1)");
  }
  auto db = open_database(StorageOptions{path});
  CHECK(count_rows(*db, "community") == 1);
  CHECK(user_version(*db) == latest_schema_version());
}

TEST_CASE("a path under a regular file gives a StorageError", "[storage][database]") {
  TempDir dir;
  const std::string blocker = dir.file("not-a-dir");
  std::ofstream(blocker) << "plain file";
  SECTION("when parent directories must be created") {
    CHECK_THROWS_AS(open_database(StorageOptions{blocker + "/sub/fanbase.db"}), StorageError);
  }
  SECTION("when the file itself cannot be created") {
    CHECK_THROWS_AS(open_database(StorageOptions{blocker + "/fanbase.db", true, false}), StorageError);
  }
  CHECK(std::filesystem::is_regular_file(blocker));
}

TEST_CASE("a file that is not a database gives a StorageError", "[storage][database]") {
  TempDir dir;
  const std::string path = dir.file("junk.db");
  std::ofstream(path) << std::string(4096, 'x');
  CHECK_THROWS_AS(open_database(StorageOptions{path}), StorageError);
}
