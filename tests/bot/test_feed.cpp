// The content feed file: read at start, re-read when it changes; its posts become content items of the configured
// chat, posts taken out are retired, and a bad file leaves the previous posts in place.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <SQLiteCpp/Database.h>

#include "support/bot_harness.hpp"

using namespace fanbase;
using namespace std::chrono_literals;

namespace {
std::int64_t scalar(Application& app, const std::string& sql) {
  std::int64_t v = 0;
  app.with_database([&](SQLite::Database& db) { v = db.execAndGet(sql).getInt64(); });
  return v;
}
bool wait_for(const std::function<bool()>& ok) {
  for (int i = 0; i < 400; ++i) {
    if (ok()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return ok();
}
}  // namespace

TEST_CASE("the feed file's posts become content items and follow the file's changes", "[bot][feed]") {
  const auto path = std::filesystem::temp_directory_path() / ("fanbase-feed-" + std::to_string(::getpid()) + ".csv");
  std::ofstream(path) << "url,title,tags\nhttps://example.com/1,Tour dates,tour\nhttps://example.com/2,New single,music\n";
  Application app(testing::example_config({}, {{"feed_file = \"\"", "feed_file = \"" + path.string() + "\""},
                                               {"feed_chat_id = \"\"", "feed_chat_id = \"fanclub\""},
                                               {"feed_check_seconds = 30", "feed_check_seconds = 1"}}),
                  AppOptions{":memory:"});
  REQUIRE(wait_for([&] { return scalar(app, "SELECT count(*) FROM content_item WHERE source = 'feed'") == 2; }));
  CHECK(scalar(app, "SELECT count(*) FROM community WHERE chat_id = 'fanclub'") == 1);

  // A bad edit is refused: the two posts stay.
  std::this_thread::sleep_for(1100ms);  // a new modification time
  std::ofstream(path) << "url,title\nnot a url,oops\n";
  std::this_thread::sleep_for(2500ms);
  CHECK(scalar(app, "SELECT count(*) FROM content_item WHERE source = 'feed' AND retired_at IS NULL") == 2);

  // One post taken out, one added: retired and added.
  std::ofstream(path) << "url,title,tags\nhttps://example.com/2,New single,music\nhttps://example.com/3,Merch,shop\n";
  REQUIRE(wait_for([&] {
    return scalar(app, "SELECT count(*) FROM content_item WHERE source = 'feed' AND retired_at IS NULL") == 2 &&
           scalar(app, "SELECT count(*) FROM content_item WHERE source = 'feed' AND retired_at IS NOT NULL") == 1;
  }));
  CHECK(scalar(app, "SELECT count(*) FROM content_item WHERE url = 'https://example.com/3'") == 1);
  std::filesystem::remove(path);
}
