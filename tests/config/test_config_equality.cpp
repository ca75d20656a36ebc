// Config and every section struct compare with ==, so a reload can tell which sections changed: the same text
// loads equal, one key changed makes exactly its section differ, and a value that only moved in the file (its
// recorded location changed) is not a change.
#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/load_config.hpp"

using namespace fanbase::config;

namespace {

// The names of the members of Config that differ between a and b; every member is listed.
std::vector<std::string> changed_sections(const Config& a, const Config& b) {
  std::vector<std::string> out;
  const auto check = [&out](bool equal, const char* name) {
    if (!equal) out.emplace_back(name);
  };
  check(a.source == b.source, "source");
  check(a.bot == b.bot, "bot");
  check(a.storage == b.storage, "storage");
  check(a.console == b.console, "console");
  check(a.telegram == b.telegram, "telegram");
  check(a.communities == b.communities, "communities");
  check(a.points == b.points, "points");
  check(a.levels == b.levels, "levels");
  check(a.badges == b.badges, "badges");
  check(a.moderation == b.moderation, "moderation");
  check(a.filters == b.filters, "filters");
  check(a.qa == b.qa, "qa");
  check(a.topics == b.topics, "topics");
  check(a.commands == b.commands, "commands");
  check(a.recommender == b.recommender, "recommender");
  check(a.segments == b.segments, "segments");
  check(a.digest == b.digest, "digest");
  check(a.messages == b.messages, "messages");
  return out;
}

Config load_example() { return load_config_text(embedded_example_config(), "<embedded example>"); }

// The example's text with the first occurrence of `from` replaced by `to` (which must be there). Anchor a key on
// "\n": the comments mention some of them.
std::string example_with(std::string_view from, std::string_view to) {
  std::string text(embedded_example_config());
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  return text;
}

}  // namespace

TEST_CASE("the embedded example loaded twice compares equal, section by section", "[config]") {
  const Config a = load_example();
  const Config b = load_example();
  CHECK(a == b);
  CHECK(changed_sections(a, b).empty());
  const Config copy = a;
  CHECK(copy == a);
}

TEST_CASE("changing one key in a copy makes exactly its section differ", "[config]") {
  const Config original = load_example();
  using Edit = std::pair<const char*, std::function<void(Config&)>>;
  const Edit edit = GENERATE(
      Edit{"source", [](Config& c) { c.source = "other.toml"; }},
      Edit{"bot", [](Config& c) { c.bot.utc_offset_minutes += 60; }},
      Edit{"storage", [](Config& c) { c.storage.retention_days += 1; }},
      Edit{"console", [](Config& c) { c.console.chat_title = "Other Club"; }},
      Edit{"telegram", [](Config& c) { c.telegram.allowed_updates.pop_back(); }},
      Edit{"communities", [](Config& c) { c.communities.push_back({"console", "second", "zh", {}, {}}); }},
      Edit{"points", [](Config& c) { c.points.topic_post.min_length += 1; }},
      Edit{"levels", [](Config& c) { c.levels.back().title = "Other"; }},
      Edit{"badges", [](Config& c) { c.badges.front().metric = BadgeMetric::replies; }},
      Edit{"moderation", [](Config& c) { c.moderation.escalation.front().duration_ms += 60'000; }},
      Edit{"filters", [](Config& c) { c.filters.patterns.front().text += "x"; }},
      Edit{"qa", [](Config& c) { c.qa.similar_min_score = 0.5; }},
      Edit{"topics", [](Config& c) { c.topics.weekly.push_back({"Weekly", {"news"}, 4, 600, "", "fanclub"}); }},
      Edit{"commands", [](Config& c) { c.commands.rate_limit.count += 1; }},
      Edit{"recommender", [](Config& c) { c.recommender.weights.dislike = -6.0; }},
      Edit{"segments", [](Config& c) { c.segments.k += 1; }},
      Edit{"digest", [](Config& c) { c.digest.max_items += 1; }},
      Edit{"messages", [](Config& c) { c.messages["zh"]["points.balance"] = {"{points}", "x.toml:1:1"}; }});
  Config changed = original;
  edit.second(changed);
  INFO(edit.first);
  CHECK_FALSE(changed == original);
  CHECK(changed_sections(original, changed) == std::vector<std::string>{edit.first});
}

TEST_CASE("one key changed in the file makes exactly its section differ", "[config]") {
  const Config original = load_example();
  using Edit = std::pair<const char*, std::pair<const char*, const char*>>;
  const Edit edit = GENERATE(Edit{"storage", {"\nretention_days = 7", "\nretention_days = 8"}},
                             Edit{"telegram", {"\nwebhook_port = 8081", "\nwebhook_port = 8082"}},
                             Edit{"filters", {"\"free crypto\"", "\"free tokens\""}},
                             Edit{"qa", {"\nsimilar_min_score = 0.35", "\nsimilar_min_score = 0.4"}},
                             Edit{"commands", {"count = 5, per_seconds = 60", "count = 5, per_seconds = 30"}},
                             Edit{"segments", {"\nk = 3", "\nk = 4"}});
  const Config changed = load_config_text(example_with(edit.second.first, edit.second.second), "<embedded example>");
  INFO(edit.first);
  CHECK_FALSE(changed == original);
  CHECK(changed_sections(original, changed) == std::vector<std::string>{edit.first});
}

TEST_CASE("a pattern or message override that only moved in the file is not a change", "[config]") {
  const std::string body =
      "[filters.blocklist]\n"
      "patterns = ['free\\s+crypto']\n"
      "[messages.en]\n"
      "\"points.balance\" = \"You have {points}\"\n";
  const Config a = load_config_text(body, "test.toml");
  const Config b = load_config_text("# a comment added above\n\n" + body, "test.toml");
  REQUIRE(a.filters.patterns.at(0).where != b.filters.patterns.at(0).where);
  REQUIRE(a.messages.at("en").at("points.balance").where != b.messages.at("en").at("points.balance").where);
  CHECK(a == b);
  CHECK(changed_sections(a, b).empty());
}
