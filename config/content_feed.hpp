// A content feed file ([recommender].feed_file): owner-curated posts for the recommender, as CSV
// (a header `url,title,tags`, one post per line, fields in double quotes when they hold a comma, tags separated by
// spaces, with or without '#') or TOML (`[[post]]` tables with `url`, `title` and `tags = ["a", "b"]`).
// Thread: pure function of the file; any thread.
#pragma once

#include <string>
#include <vector>

#include "base/result.hpp"

namespace fanbase::config {

struct FeedEntry {
  std::string url;
  std::string title;
  std::vector<std::string> tags;  // lower case, without '#'
};

// The posts of the file, in order. A problem is an Error whose key is "feed.bad_file" with args
// {"file:line[:column]", what is wrong}; a missing or unreadable file is "feed.unreadable" {path}.
Result<std::vector<FeedEntry>> read_content_feed(const std::string& path);

}  // namespace fanbase::config
