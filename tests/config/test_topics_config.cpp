// [topics] and [[topics.weekly]]: defaults, the example's values, and every problem reported where it is written.
#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "config/load_config.hpp"

using namespace fanbase::config;

namespace {

std::string lines(std::initializer_list<std::string_view> each) {
  std::string out;
  for (auto line : each) {
    out += line;
    out += '\n';
  }
  return out;
}

std::vector<Problem> problems_of(const std::string& text) {
  try {
    load_config_text(text, "test.toml");
  } catch (const ConfigError& error) {
    return error.problems();
  }
  FAIL("expected a ConfigError for:\n" << text);
  return {};
}

void check_only_problem(const std::string& text, int line, int column, std::string_view key,
                        std::string_view message_part) {
  const auto problems = problems_of(text);
  INFO(text);
  REQUIRE(problems.size() == 1);
  const Problem& p = problems.front();
  INFO(p.to_string());
  CHECK(p.file == "test.toml");
  CHECK(p.line == line);
  if (column > 0) CHECK(p.column == column);
  CHECK(p.key == key);
  CHECK_THAT(p.message, Catch::Contains(std::string(message_part)));
}

}  // namespace

TEST_CASE("topics settings default to the documented values and the example matches them", "[config][topics]") {
  const Config defaults = load_config_text("", "empty.toml");
  const Config example = load_config_text(embedded_example_config(), "<embedded example>");
  for (const Config* c : {&defaults, &example}) {
    CHECK(c->topics.members_can_start);
    CHECK(c->topics.hot_half_life_hours == 24);
    CHECK(c->topics.digest_minutes == 60);
    CHECK(c->topics.list_size == 10);
    CHECK(c->topics.max_title_length == 120);
    CHECK(c->topics.weekly.empty());  // the example's weekly entry is commented out
  }
}

TEST_CASE("topics settings and weekly topics are read", "[config][topics]") {
  const Config c = load_config_text(lines({
                                        "[topics]",
                                        "who_can_start = \"moderators\"",
                                        "hot_half_life_hours = 6",
                                        "digest_minutes = 15",
                                        "list_size = 5",
                                        "max_title_length = 80",
                                        "[[topics.weekly]]",
                                        "title = \"Weekend listening\"",
                                        "tags = [\"#music\", \"weekly\"]",
                                        "weekday = \"friday\"",
                                        "time = \"20:30\"",
                                        "chat_id = -1001234",
                                        "[[topics.weekly]]",
                                        "title = \"周一闲聊\"",
                                        "weekday = \"monday\"",
                                        "time = \"00:00\"",
                                        "platform = \"console\"",
                                        "chat_id = \"fanclub\"",
                                    }),
                                    "test.toml");
  CHECK_FALSE(c.topics.members_can_start);
  CHECK(c.topics.hot_half_life_hours == 6);
  CHECK(c.topics.digest_minutes == 15);
  CHECK(c.topics.list_size == 5);
  CHECK(c.topics.max_title_length == 80);
  REQUIRE(c.topics.weekly.size() == 2);
  const auto& first = c.topics.weekly[0];
  CHECK(first.title == "Weekend listening");
  CHECK(first.tags == std::vector<std::string>{"music", "weekly"});
  CHECK(first.weekday == 4);
  CHECK(first.minute_of_day == 20 * 60 + 30);
  CHECK(first.platform.empty());
  CHECK(first.chat_id == "-1001234");
  const auto& second = c.topics.weekly[1];
  CHECK(second.title == "周一闲聊");
  CHECK(second.tags.empty());
  CHECK(second.weekday == 0);
  CHECK(second.minute_of_day == 0);
  CHECK(second.platform == "console");
  CHECK(second.chat_id == "fanclub");
}

TEST_CASE("an unknown topics key is reported with file line and column", "[config][topics][errors]") {
  SECTION("in [topics]") {
    check_only_problem(lines({"[topics]", "digest_minute = 5"}), 2, 1, "topics.digest_minute",
                       "did you mean \"digest_minutes\"?");
  }
  SECTION("in a weekly entry") {
    check_only_problem(lines({"[[topics.weekly]]", "title = \"x\"", "weekday = \"monday\"", "time = \"10:00\"",
                              "chat_id = \"c\"", "colour = \"red\""}),
                       6, 1, "topics.weekly[0].colour", "unknown key");
  }
}

TEST_CASE("bad topics values are reported where they are written", "[config][topics][errors]") {
  SECTION("who may start") {
    check_only_problem(lines({"[topics]", "who_can_start = \"everyone\""}), 2, 17, "topics.who_can_start",
                       "members, moderators");
  }
  SECTION("a half-life out of range") {
    check_only_problem(lines({"[topics]", "hot_half_life_hours = 0"}), 2, 23, "topics.hot_half_life_hours", "1");
  }
  SECTION("a digest interval of the wrong type") {
    check_only_problem(lines({"[topics]", "digest_minutes = \"hourly\""}), 2, 18, "topics.digest_minutes", "integer");
  }
}

TEST_CASE("weekly topics need a valid weekday and time and a title and chat", "[config][topics][errors]") {
  SECTION("a weekday that is not a day name") {
    check_only_problem(lines({"[[topics.weekly]]", "title = \"x\"", "weekday = \"fri\"", "time = \"10:00\"",
                              "chat_id = \"c\""}),
                       3, 11, "topics.weekly[0].weekday", "friday, saturday, sunday (got \"fri\")");
  }
  SECTION("a time that is not HH:MM") {
    const std::string time = GENERATE(as<std::string>{}, "24:00", "9:30", "10:60", "10-30", "ten");
    const std::string time_line = "time = \"" + time + "\"";
    const std::string text = lines({"[[topics.weekly]]", "title = \"x\"", "weekday = \"sunday\"", time_line,
                                    "chat_id = \"c\""});
    check_only_problem(text, 4, 8, "topics.weekly[0].time", "expected a time \"HH:MM\"");
  }
  SECTION("missing keys are each reported") {
    const auto problems = problems_of(lines({"[topics]", "[[topics.weekly]]", "tags = [\"a\"]"}));
    std::vector<std::string> keys;
    for (const auto& p : problems) {
      CHECK_THAT(p.message, Catch::Contains("missing required key"));
      keys.push_back(p.key);
    }
    CHECK(keys == std::vector<std::string>{"topics.weekly[0].title", "topics.weekly[0].weekday",
                                           "topics.weekly[0].time", "topics.weekly[0].chat_id"});
  }
  SECTION("an unknown platform") {
    check_only_problem(lines({"[[topics.weekly]]", "title = \"x\"", "weekday = \"sunday\"", "time = \"10:00\"",
                              "chat_id = \"c\"", "platform = \"irc\""}),
                       6, 12, "topics.weekly[0].platform", "console, telegram");
  }
}
