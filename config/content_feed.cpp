#include "config/content_feed.hpp"

#include <toml++/toml.h>

#include <fstream>
#include <sstream>

#include "base/text.hpp"

namespace fanbase::config {
namespace {

Error bad(const std::string& where, const std::string& what) {
  return user_error(Errc::bad_input, "feed.bad_file", {where, what});
}

void add_tags(std::string_view text, std::vector<std::string>& out) {
  std::string tag;
  auto flush = [&] {
    if (!tag.empty()) out.push_back(text::lower_ascii(tag));
    tag.clear();
  };
  for (char c : text) {
    if (c == ' ' || c == '#' || c == '\t' || c == ',') flush();
    else tag += c;
  }
  flush();
}

// One CSV record's fields (RFC 4180: a field in double quotes may hold commas and "" for a quote).
Result<std::vector<std::string>> csv_fields(const std::string& line, const std::string& where) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  bool was_quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (c == ',') {
      fields.push_back(std::string(text::trim(field)));
      field.clear();
      was_quoted = false;
    } else if (c != '\r') {
      field += c;
    }
  }
  if (quoted) return bad(where, "a quoted field is never closed");
  fields.push_back(std::string(text::trim(field)));
  return fields;
}

bool is_url(std::string_view url) { return url.starts_with("https://") || url.starts_with("http://"); }

Result<std::vector<FeedEntry>> read_csv(const std::string& path, std::istream& in) {
  std::vector<FeedEntry> out;
  std::string line;
  int number = 0;
  bool header = false;
  while (std::getline(in, line)) {
    ++number;
    const std::string where = path + ":" + std::to_string(number);
    if (text::trim(line).empty() || text::trim(line).front() == '#') continue;
    auto fields = csv_fields(line, where);
    if (!fields) return fields.error();
    if (!header) {
      if (fields->size() < 2 || text::lower_ascii((*fields)[0]) != "url" || text::lower_ascii((*fields)[1]) != "title") {
        return bad(where, "the first line must be the header url,title,tags");
      }
      header = true;
      continue;
    }
    if (fields->size() < 2 || fields->size() > 3) return bad(where, "expected url,title[,tags]");
    FeedEntry e;
    e.url = (*fields)[0];
    e.title = (*fields)[1];
    if (!is_url(e.url)) return bad(where, "the url must start with https:// or http://");
    if (e.title.empty()) return bad(where, "the title is empty");
    if (fields->size() == 3) add_tags((*fields)[2], e.tags);
    out.push_back(std::move(e));
  }
  if (!header) return bad(path + ":1", "the first line must be the header url,title,tags");
  return out;
}

Result<std::vector<FeedEntry>> read_toml(const std::string& path) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    const auto& at = e.source().begin;
    return bad(path + ":" + std::to_string(at.line) + ":" + std::to_string(at.column), std::string(e.description()));
  }
  std::vector<FeedEntry> out;
  const auto where_of = [&](const toml::node& n) {
    return path + ":" + std::to_string(n.source().begin.line) + ":" + std::to_string(n.source().begin.column);
  };
  for (auto&& [key, node] : root) {
    if (key.str() != "post") return bad(where_of(node), "unknown key \"" + std::string(key.str()) + "\" (expected [[post]])");
  }
  const toml::array* posts = root["post"].as_array();
  if (posts == nullptr) return out;
  for (const toml::node& node : *posts) {
    const toml::table* t = node.as_table();
    if (t == nullptr) return bad(where_of(node), "each post is a [[post]] table");
    FeedEntry e;
    for (auto&& [key, value] : *t) {
      if (key.str() == "url" && value.is_string()) e.url = value.as_string()->get();
      else if (key.str() == "title" && value.is_string()) e.title = value.as_string()->get();
      else if (key.str() == "tags" && value.is_array()) {
        for (const toml::node& tag : *value.as_array()) {
          if (!tag.is_string()) return bad(where_of(tag), "tags are strings");
          add_tags(tag.as_string()->get(), e.tags);
        }
      } else {
        return bad(where_of(value), "unknown or mistyped key \"" + std::string(key.str()) + "\" (url, title, tags)");
      }
    }
    if (!is_url(e.url)) return bad(where_of(node), "post.url must start with https:// or http://");
    if (e.title.empty()) return bad(where_of(node), "post.title is missing");
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

Result<std::vector<FeedEntry>> read_content_feed(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return user_error(Errc::not_found, "feed.unreadable", {path});
  if (path.size() >= 5 && path.compare(path.size() - 5, 5, ".toml") == 0) return read_toml(path);
  return read_csv(path, in);
}

}  // namespace fanbase::config
