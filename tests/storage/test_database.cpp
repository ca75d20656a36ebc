// storage/database: opening the read-write connection (directories, WAL, foreign keys, migrations).
#include <catch2/catch.hpp>

#include <sys/stat.h>

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

namespace {
std::filesystem::perms mode_of(const std::string& path) {
  return std::filesystem::status(path).permissions() & std::filesystem::perms::all;
}
}  // namespace

TEST_CASE("a database created by open_database is 0600, and so are its -wal and -shm files", "[storage][database]") {
  using std::filesystem::perms;
  TempDir dir;
  const std::string path = dir.file("private.db");
  const mode_t old_umask = ::umask(022);  // the usual default, which gave 0644 before
  {
    auto db = open_database(StorageOptions{path});
    db->exec("CREATE TABLE t(x); INSERT INTO t VALUES (1)");  // the WAL gets written
    REQUIRE(std::filesystem::exists(path + "-wal"));
    REQUIRE(std::filesystem::exists(path + "-shm"));
    CHECK(mode_of(path) == (perms::owner_read | perms::owner_write));
    CHECK(mode_of(path + "-wal") == (perms::owner_read | perms::owner_write));
    CHECK(mode_of(path + "-shm") == (perms::owner_read | perms::owner_write));
  }
  // A file the operator opened up keeps its mode (only files we create are tightened).
  const std::string shared = dir.file("shared.db");
  { auto db = open_database(StorageOptions{shared}); }
  std::filesystem::permissions(shared, perms::owner_read | perms::owner_write | perms::group_read);
  { auto db = open_database(StorageOptions{shared}); }
  CHECK(mode_of(shared) == (perms::owner_read | perms::owner_write | perms::group_read));
  ::umask(old_umask);
}
