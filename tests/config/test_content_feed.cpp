#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "config/content_feed.hpp"

using fanbase::config::read_content_feed;

namespace {
std::string write_temp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}
}  // namespace

TEST_CASE("a CSV feed is read with quoted fields and tags", "[config][feed]") {
  const auto path = write_temp("fanbase-feed-ok.csv",
                               "url,title,tags\n"
                               "https://example.com/a,Tour dates,#tour #live\n"
                               "# a comment\n"
                               "\n"
                               "https://example.com/b,\"Interview, part 2\",Interview\n");
  auto posts = read_content_feed(path);
  REQUIRE(posts);
  REQUIRE(posts->size() == 2);
  CHECK((*posts)[0].title == "Tour dates");
  CHECK((*posts)[0].tags == std::vector<std::string>{"tour", "live"});
  CHECK((*posts)[1].title == "Interview, part 2");
  CHECK((*posts)[1].tags == std::vector<std::string>{"interview"});
}

TEST_CASE("a bad CSV feed names its line", "[config][feed]") {
  auto no_header = read_content_feed(write_temp("fanbase-feed-h.csv", "https://x.com,a\n"));
  REQUIRE_FALSE(no_header);
  CHECK(no_header.error().args.at(0).ends_with("fanbase-feed-h.csv:1"));
  auto bad_url = read_content_feed(write_temp("fanbase-feed-u.csv", "url,title\nhttps://ok.com,ok\nftp://x,y\n"));
  REQUIRE_FALSE(bad_url);
  CHECK(bad_url.error().args.at(0).ends_with(":3"));
  CHECK(bad_url.error().args.at(1) == "the url must start with https:// or http://");
  auto open_quote = read_content_feed(write_temp("fanbase-feed-q.csv", "url,title\nhttps://a.com,\"never closed\n"));
  REQUIRE_FALSE(open_quote);
  CHECK(open_quote.error().args.at(1) == "a quoted field is never closed");
  CHECK(read_content_feed("/nonexistent/feed.csv").error().key == "feed.unreadable");
}

TEST_CASE("a TOML feed is read and its mistakes are located", "[config][feed]") {
  auto ok = read_content_feed(write_temp("fanbase-feed.toml",
                                         "[[post]]\nurl = \"https://example.com/x\"\ntitle = \"新专辑预告\"\n"
                                         "tags = [\"Album\", \"#news\"]\n"));
  REQUIRE(ok);
  REQUIRE(ok->size() == 1);
  CHECK(ok->at(0).title == "新专辑预告");
  CHECK(ok->at(0).tags == std::vector<std::string>{"album", "news"});
  auto typo = read_content_feed(write_temp("fanbase-feed-bad.toml", "[[post]]\nurl = \"https://e.com\"\ntitel = \"x\"\n"));
  REQUIRE_FALSE(typo);
  CHECK(typo.error().args.at(0).ends_with("fanbase-feed-bad.toml:3:9"));
  auto syntax = read_content_feed(write_temp("fanbase-feed-syn.toml", "[[post]\n"));
  REQUIRE_FALSE(syntax);
  CHECK(syntax.error().args.at(0).find("fanbase-feed-syn.toml:1:") != std::string::npos);
}
