// SnapshotReader: heavy reads see exactly the committed rows, from one snapshot, off the storage thread.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>

#include <thread>

#include "storage/database.hpp"
#include "storage/snapshot_reader.hpp"
#include "storage/store.hpp"
#include "storage/writer.hpp"
#include "storage_fixtures.hpp"

using namespace fanbase::storage;
using fanbase::storage::testing::TempDir;

TEST_CASE("a snapshot read sees committed rows through its own read-only connection", "[storage][snapshot]") {
  TempDir dir;
  const std::string path = dir.file("fanbase.db");
  auto db = open_database(StorageOptions{path, false});
  Store live(*db);
  Writer writer(*db, WriterOptions{});
  SnapshotReader reader(path, writer, live);
  CHECK_FALSE(reader.shared_connection());
  REQUIRE(writer.run_and_wait([&](SQLite::Database&) { live.communities.ensure("console", "fanclub", "Fan Club", 1); }));

  std::vector<std::string> chats;
  std::thread::id read_on;
  REQUIRE(reader.read([&](Store& s) {
    read_on = std::this_thread::get_id();
    chats = s.communities.chats("console");
    CHECK(&s != &live);  // a connection of its own, not the storage thread's
  }));
  CHECK(read_on == std::this_thread::get_id());
  CHECK(chats == std::vector<std::string>{"fanclub"});

  // A read-only connection refuses writes: heavy reads can never change the database behind the writer's back.
  CHECK_THROWS(reader.read([&](Store& s) { s.communities.ensure("console", "other", "", 2); }));
}

TEST_CASE("in memory a snapshot read is a job on the storage thread", "[storage][snapshot]") {
  auto db = open_database(StorageOptions{":memory:", false});
  Store live(*db);
  Writer writer(*db, WriterOptions{});
  SnapshotReader reader(":memory:", writer, live);
  CHECK(reader.shared_connection());
  REQUIRE(writer.run_and_wait([&](SQLite::Database&) { live.communities.ensure("console", "fanclub", "", 1); }));
  Store* seen = nullptr;
  REQUIRE(reader.read([&](Store& s) { seen = &s; }));
  CHECK(seen == &live);
}
