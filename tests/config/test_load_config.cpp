// Loading the owner's TOML: the shipped example, the built-in defaults, and every kind of problem reported
// with file:line:column and key path.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "config/load_config.hpp"

using namespace fanbase::config;

namespace {

const std::string example_path = FANBASE_SOURCE_DIR "/config/fanbase.example.toml";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// One TOML document from its lines, so that line numbers in the tests are the index + 1.
std::string lines(std::initializer_list<std::string_view> each) {
  std::string out;
  for (auto line : each) {
    out += line;
    out += '\n';
  }
  return out;
}

// 1-based column of `needle` in line `line` (1-based) of `text`.
int column_of(const std::string& text, int line, std::string_view needle) {
  std::size_t start = 0;
  for (int i = 1; i < line; ++i) start = text.find('\n', start) + 1;
  const std::size_t end = text.find('\n', start);
  const std::string_view row = std::string_view(text).substr(start, end - start);
  const std::size_t at = row.find(needle);
  REQUIRE(at != std::string_view::npos);
  return static_cast<int>(at) + 1;
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

// The single problem of a document that has exactly one.
Problem only_problem(const std::string& text) {
  const auto problems = problems_of(text);
  INFO(text);
  REQUIRE(problems.size() == 1);
  return problems.front();
}

void check_problem(const Problem& p, int line, int column, std::string_view key, std::string_view message_part) {
  INFO(p.to_string());
  CHECK(p.file == "test.toml");
  CHECK(p.line == line);
  CHECK(p.column == column);
  CHECK(p.key == key);
  CHECK_THAT(p.message, Catch::Contains(std::string(message_part)));
}

}  // namespace

TEST_CASE("the example file loads with the documented values", "[config]") {
  const Config c = load_config_file(example_path);
  CHECK(c.source == example_path);

  CHECK(c.bot.platform == PlatformKind::console);
  CHECK(c.bot.language == "en");
  CHECK(c.bot.log_level == "info");
  CHECK(c.bot.utc_offset_minutes == 0);
  CHECK(c.bot.owners == std::vector<std::string>{"owner"});
  CHECK(c.bot.moderators == std::vector<std::string>{"mod"});

  CHECK(c.storage.path == "data/fanbase.db");
  CHECK(c.storage.synchronous == Synchronous::full);
  CHECK(c.storage.batch_max_events == 1024);
  CHECK(c.storage.batch_max_wait_us == 2000);

  CHECK(c.console.chat_id == "fanclub");
  CHECK(c.console.default_user == "alice");
  CHECK(c.telegram.bot_username == "FanbaseBot");
  CHECK(c.communities.empty());
  CHECK(c.messages.empty());

  CHECK(c.points.message.points == 1);
  CHECK(c.points.message.cooldown_seconds == 60);
  CHECK(c.points.message.min_length == 3);
  CHECK(c.points.accepted_answer.points == 25);
  CHECK(c.points.checkin.streak_bonus_max == 10);
  CHECK(c.points.daily_cap == 300);
  CHECK(c.points.near_duplicate == Approx(0.85));
  CHECK(c.points.max_award == 10000);

  REQUIRE(c.levels.size() == 6);
  CHECK(c.levels.front().threshold == 0);
  CHECK(c.levels.front().title == "新粉 Newcomer");
  CHECK(c.levels[4].title == "意见领袖 Opinion Leader");
  CHECK(c.levels.back().threshold == 4000);

  REQUIRE(c.badges.size() == 9);
  CHECK(c.badges.front().id == "first_words");
  CHECK(c.badges[3].id == "week_streak");
  CHECK(c.badges[3].metric == BadgeMetric::checkin_streak);
  CHECK(c.badges[3].at == 7);
  CHECK(c.badges.back().id == "accepted");
  CHECK(c.badges.back().metric == BadgeMetric::accepted_answers);
}

TEST_CASE("every value in the example equals the built-in default", "[config]") {
  const Config example = load_config_file(example_path);
  const Config defaults = load_config_text("", "empty.toml");
  const PointsConfig declared;  // the defaults written in config.hpp

  // Only the console demo's owners, moderators and Telegram username differ from an empty file.
  CHECK(defaults.bot.owners.empty());
  CHECK(defaults.bot.moderators.empty());
  CHECK(defaults.telegram.bot_username.empty());

  CHECK(example.bot.platform == defaults.bot.platform);
  CHECK(example.bot.language == defaults.bot.language);
  CHECK(example.bot.log_level == defaults.bot.log_level);
  CHECK(example.bot.utc_offset_minutes == defaults.bot.utc_offset_minutes);
  CHECK(example.storage.path == defaults.storage.path);
  CHECK(example.storage.synchronous == defaults.storage.synchronous);
  CHECK(example.storage.batch_max_events == defaults.storage.batch_max_events);
  CHECK(example.storage.batch_max_wait_us == defaults.storage.batch_max_wait_us);
  CHECK(example.console.chat_id == defaults.console.chat_id);
  CHECK(example.console.chat_title == defaults.console.chat_title);
  CHECK(example.console.bot_name == defaults.console.bot_name);
  CHECK(example.console.default_user == defaults.console.default_user);

  const auto same_rule = [](const RuleConfig& a, const RuleConfig& b) {
    return a.enabled == b.enabled && a.points == b.points && a.cooldown_seconds == b.cooldown_seconds &&
           a.daily_cap == b.daily_cap && a.min_length == b.min_length;
  };
  for (const PointsConfig* p : {&example.points, &defaults.points}) {
    CHECK(same_rule(p->message, declared.message));
    CHECK(same_rule(p->reply, declared.reply));
    CHECK(same_rule(p->reaction_received, declared.reaction_received));
    CHECK(same_rule(p->question, declared.question));
    CHECK(same_rule(p->answer, declared.answer));
    CHECK(same_rule(p->accepted_answer, declared.accepted_answer));
    CHECK(same_rule(p->upvote_received, declared.upvote_received));
    CHECK(same_rule(p->topic_started, declared.topic_started));
    CHECK(p->checkin.points == declared.checkin.points);
    CHECK(p->checkin.streak_bonus == declared.checkin.streak_bonus);
    CHECK(p->checkin.streak_bonus_max == declared.checkin.streak_bonus_max);
    CHECK(p->daily_cap == declared.daily_cap);
    CHECK(p->near_duplicate == declared.near_duplicate);
    CHECK(p->max_award == declared.max_award);
  }

  REQUIRE(example.levels.size() == defaults.levels.size());
  for (std::size_t i = 0; i < example.levels.size(); ++i) {
    CHECK(example.levels[i].threshold == defaults.levels[i].threshold);
    CHECK(example.levels[i].title == defaults.levels[i].title);
    CHECK(example.levels[i].title_zh == defaults.levels[i].title_zh);
  }
  REQUIRE(example.badges.size() == defaults.badges.size());
  for (std::size_t i = 0; i < example.badges.size(); ++i) {
    CHECK(example.badges[i].id == defaults.badges[i].id);
    CHECK(example.badges[i].name == defaults.badges[i].name);
    CHECK(example.badges[i].description == defaults.badges[i].description);
    CHECK(example.badges[i].metric == defaults.badges[i].metric);
    CHECK(example.badges[i].at == defaults.badges[i].at);
    CHECK(example.badges[i].name_zh == defaults.badges[i].name_zh);
    CHECK(example.badges[i].description_zh == defaults.badges[i].description_zh);
  }
}

TEST_CASE("the embedded example is the example file and loads", "[config]") {
  CHECK(embedded_example_config() == read_file(example_path));
  const Config c = load_config_text(embedded_example_config(), "<embedded example>");
  CHECK(c.source == "<embedded example>");
  CHECK(c.bot.owners == std::vector<std::string>{"owner"});
  CHECK(c.levels.size() == 6);
}

TEST_CASE("an absent section keeps its defaults", "[config]") {
  const Config c = load_config_text(lines({"[bot]", "language = \"zh\""}), "test.toml");
  CHECK(c.bot.language == "zh");
  CHECK(c.bot.platform == PlatformKind::console);
  CHECK(c.storage.path == "data/fanbase.db");
  CHECK(c.storage.batch_max_events == 1024);
  CHECK(c.points.question.cooldown_seconds == 300);
  CHECK(c.points.checkin.points == 5);
  REQUIRE(c.levels.size() == 6);
  CHECK(c.levels[2].title == "粉丝达人 Super Fan");
  REQUIRE(c.badges.size() == 9);
  CHECK(c.badges[5].id == "thousand_club");
  CHECK(c.badges[5].metric == BadgeMetric::points);
  CHECK(c.badges[5].at == 1000);
  CHECK(c.communities.empty());

  SECTION("a partly written table keeps the defaults of the keys it omits") {
    const Config p = load_config_text(lines({"[points.message]", "points = 3"}), "test.toml");
    CHECK(p.points.message.points == 3);
    CHECK(p.points.message.cooldown_seconds == 60);
    CHECK(p.points.message.min_length == 3);
    CHECK(p.points.reply.points == 2);
  }
}

TEST_CASE("owners and moderators accept Telegram integer ids and strings", "[config]") {
  const Config c = load_config_text(lines({
                                        "[bot]",
                                        "owners = [123456789, \"alice\"]",
                                        "moderators = [-5, 42]",
                                    }),
                                    "test.toml");
  CHECK(c.bot.owners == std::vector<std::string>{"123456789", "alice"});
  CHECK(c.bot.moderators == std::vector<std::string>{"-5", "42"});

  const std::string bad = lines({"[bot]", "owners = [1, true, \"\"]"});
  const auto problems = problems_of(bad);
  REQUIRE(problems.size() == 2);
  check_problem(problems[0], 2, column_of(bad, 2, "true"), "bot.owners[1]", "expected an integer or a string");
  check_problem(problems[1], 2, column_of(bad, 2, "\"\""), "bot.owners[2]", "expected a non-empty string");
}

TEST_CASE("other scalar settings are read and converted", "[config]") {
  const Config c = load_config_text(lines({
                                        "[bot]",
                                        "platform = \"telegram\"",
                                        "log_level = \"debug\"",
                                        "timezone = \"+08:00\"",
                                        "[storage]",
                                        "synchronous = \"normal\"",
                                        "batch_max_events = 1",
                                        "batch_max_wait_us = 0",
                                        "[telegram]",
                                        "bot_username = \"@MyFanBot\"",
                                        "[points]",
                                        "near_duplicate = 1",
                                        "[points.reply]",
                                        "enabled = false",
                                    }),
                                    "test.toml");
  CHECK(c.bot.platform == PlatformKind::telegram);
  CHECK(c.bot.log_level == "debug");
  CHECK(c.bot.utc_offset_minutes == 8 * 60);
  CHECK(c.storage.synchronous == Synchronous::normal);
  CHECK(c.storage.batch_max_events == 1);
  CHECK(c.storage.batch_max_wait_us == 0);
  CHECK(c.telegram.bot_username == "MyFanBot");
  CHECK(c.points.near_duplicate == 1.0);
  CHECK_FALSE(c.points.reply.enabled);

  SECTION("time zones") {
    const auto offset = [](std::string_view tz) {
      return load_config_text("[bot]\ntimezone = \"" + std::string(tz) + "\"\n", "test.toml").bot.utc_offset_minutes;
    };
    CHECK(offset("UTC") == 0);
    CHECK(offset("+00:00") == 0);
    CHECK(offset("-05:30") == -(5 * 60 + 30));
    CHECK(offset("+05:45") == 5 * 60 + 45);
    CHECK(offset("+14:00") == 14 * 60);
    CHECK(offset("-12:00") == -12 * 60);
  }
}

TEST_CASE("communities are read with int or string chat ids", "[config]") {
  const Config c = load_config_text(lines({
                                        "[[community]]",
                                        "platform = \"telegram\"",
                                        "chat_id = -1001234567890",
                                        "language = \"zh\"",
                                        "owners = [7]",
                                        "[[community]]",
                                        "platform = \"console\"",
                                        "chat_id = \"fanclub\"",
                                    }),
                                    "test.toml");
  REQUIRE(c.communities.size() == 2);
  CHECK(c.communities[0].platform == "telegram");
  CHECK(c.communities[0].chat_id == "-1001234567890");
  CHECK(c.communities[0].language == "zh");
  CHECK(c.communities[0].owners == std::vector<std::string>{"7"});
  CHECK(c.communities[1].platform == "console");
  CHECK(c.communities[1].chat_id == "fanclub");
  CHECK(c.communities[1].language.empty());
}

TEST_CASE("levels are sorted, and badges can be replaced or removed", "[config]") {
  const Config c = load_config_text(lines({
                                        "[[levels]]",
                                        "threshold = 100",
                                        "title = \"B\"",
                                        "[[levels]]",
                                        "threshold = 0",
                                        "title = \"A\"",
                                        "[[badges]]",
                                        "id = \"talker_2\"",
                                        "name = \"Talker\"",
                                        "metric = \"topics_started\"",
                                    }),
                                    "test.toml");
  REQUIRE(c.levels.size() == 2);
  CHECK(c.levels[0].title == "A");
  CHECK(c.levels[1].title == "B");
  REQUIRE(c.badges.size() == 1);
  CHECK(c.badges[0].id == "talker_2");
  CHECK(c.badges[0].description.empty());
  CHECK(c.badges[0].metric == BadgeMetric::topics_started);
  CHECK(c.badges[0].at == 1);

  CHECK(load_config_text("badges = []\n", "test.toml").badges.empty());
}

TEST_CASE("levels and badges may carry Chinese texts, shown in zh communities", "[config][language]") {
  const Config c = load_config_text(lines({
                                        "[[levels]]",
                                        "threshold = 0",
                                        "title = \"Newcomer\"",
                                        "title_zh = \"新粉\"",
                                        "[[levels]]",
                                        "threshold = 10",
                                        "title = \"Regular\"",
                                        "[[badges]]",
                                        "id = \"talker\"",
                                        "name = \"Talker\"",
                                        "description = \"Sent 10 messages\"",
                                        "metric = \"messages\"",
                                        "name_zh = \"话痨\"",
                                        "description_zh = \"发言 10 次\"",
                                        "[[badges]]",
                                        "id = \"helper\"",
                                        "name = \"Helper\"",
                                        "metric = \"replies\"",
                                    }),
                                    "test.toml");
  REQUIRE(c.levels.size() == 2);
  CHECK(c.levels[0].title_in("zh") == "新粉");
  CHECK(c.levels[0].title_in("en") == "Newcomer");
  CHECK(c.levels[1].title_zh.empty());
  CHECK(c.levels[1].title_in("zh") == "Regular");  // absent: the default text
  REQUIRE(c.badges.size() == 2);
  CHECK(c.badges[0].name_in("zh") == "话痨");
  CHECK(c.badges[0].description_in("zh") == "发言 10 次");
  CHECK(c.badges[0].name_in("en") == "Talker");
  CHECK(c.badges[0].description_in("en") == "Sent 10 messages");
  CHECK(c.badges[1].name_in("zh") == "Helper");
  CHECK(c.badges[1].description_in("zh").empty());

  SECTION("the example gives every level and badge a Chinese text") {
    const Config example = load_config_text(embedded_example_config(), "<embedded example>");
    for (const auto& level : example.levels) CHECK_FALSE(level.title_zh.empty());
    for (const auto& badge : example.badges) {
      CHECK_FALSE(badge.name_zh.empty());
      CHECK_FALSE(badge.description_zh.empty());
    }
    CHECK(example.levels[0].title_in("zh") == "新粉");
    CHECK(example.badges[0].description_in("zh") == "第一次发言");
  }
  SECTION("an empty Chinese name or title is refused where it is written") {
    check_problem(only_problem(lines({"[[levels]]", "threshold = 0", "title = \"A\"", "title_zh = \"\""})), 4,
                  column_of(lines({"[[levels]]", "threshold = 0", "title = \"A\"", "title_zh = \"\""}), 4, "\"\""),
                  "levels[0].title_zh", "expected a non-empty string");
    check_problem(only_problem(lines({"[[badges]]", "id = \"x\"", "name = \"X\"", "metric = \"points\"", "name_zh = 5"})),
                  5, 11, "badges[0].name_zh", "expected a string");
  }
}

TEST_CASE("message overrides are stored with where they were written", "[config]") {
  const std::string text = lines({
      "[messages.en]",
      "\"points.balance\" = \"You have {points}\"",
      "[messages.zh]",
      "\"points.balance\" = \"你有 {points} 积分\"",
  });
  const Config c = load_config_text(text, "test.toml");
  REQUIRE(c.messages.count("en") == 1);
  const MessageOverride& en = c.messages.at("en").at("points.balance");
  CHECK(en.text == "You have {points}");
  CHECK(en.where == "test.toml:2:1");
  CHECK(c.messages.at("zh").at("points.balance").text == "你有 {points} 积分");
  CHECK(c.messages.at("zh").at("points.balance").where == "test.toml:4:1");
}

TEST_CASE("an unknown key is reported where it is written", "[config][errors]") {
  SECTION("in a sub-table") {
    const std::string text = lines({"[points.message]", "points = 2", "cooldown = 5"});
    const auto p = only_problem(text);
    check_problem(p, 3, 1, "points.message.cooldown", "unknown key");
    CHECK(p.message == "unknown key");  // too far from any known key for a suggestion
  }
  SECTION("a misspelt section") {
    const std::string text = lines({"[bot]", "language = \"en\"", "[pionts]", "daily_cap = 5"});
    check_problem(only_problem(text), 3, 2, "pionts", "unknown key (did you mean \"points\"?)");
  }
  SECTION("in an array of tables") {
    const std::string text = lines({"[[levels]]", "threshold = 0", "title = \"A\"", "colour = \"red\""});
    check_problem(only_problem(text), 4, 1, "levels[0].colour", "unknown key");
  }
  SECTION("in a community") {
    const std::string text = lines({"[[community]]", "platform = \"console\"", "chat_id = \"x\"", "langauge = \"zh\""});
    check_problem(only_problem(text), 4, 1, "community[0].langauge", "did you mean \"language\"?");
  }
}

TEST_CASE("a value of the wrong type is reported with what was expected", "[config][errors]") {
  struct Row {
    std::string text;
    int line;
    std::string_view value;
    std::string_view key;
    std::string_view message;
  };
  const Row row = GENERATE(
      Row{lines({"[points.reply]", "points = \"five\""}), 2, "\"five\"", "points.reply.points",
          "expected an integer, got a string"},
      Row{lines({"[points.reply]", "enabled = 1"}), 2, "1", "points.reply.enabled", "expected a boolean"},
      Row{lines({"[points.reply]", "points = 1.5"}), 2, "1.5", "points.reply.points", "expected an integer"},
      Row{lines({"[points]", "near_duplicate = \"high\""}), 2, "\"high\"", "points.near_duplicate",
          "expected a number"},
      Row{lines({"[storage]", "path = 5"}), 2, "5", "storage.path", "expected a string"},
      Row{lines({"[bot]", "owners = \"alice\""}), 2, "\"alice\"", "bot.owners", "expected an array"},
      Row{lines({"bot = 3"}), 1, "3", "bot", "expected a table"},
      Row{lines({"[points]", "message = 3"}), 2, "3", "points.message", "expected a table"},
      Row{lines({"[[community]]", "platform = \"console\"", "chat_id = true"}), 3, "true", "community[0].chat_id",
          "expected an integer or a string"});
  check_problem(only_problem(row.text), row.line, column_of(row.text, row.line, row.value), row.key, row.message);
}

TEST_CASE("an out-of-range value is reported with its range", "[config][errors]") {
  struct Row {
    std::string text;
    std::string_view value;
    std::string_view key;
    std::string_view message;
  };
  const Row row = GENERATE(
      Row{lines({"[points.message]", "cooldown_seconds = -5"}), "-5", "points.message.cooldown_seconds",
          "expected an integer in [0, 604800]"},
      Row{lines({"[points.message]", "cooldown_seconds = 604801"}), "604801", "points.message.cooldown_seconds",
          "expected an integer in [0, 604800]"},
      Row{lines({"[points.answer]", "points = 1000001"}), "1000001", "points.answer.points",
          "expected an integer in [0, 1000000]"},
      Row{lines({"[points]", "max_award = 0"}), "0", "points.max_award", "expected an integer in [1, 1000000000]"},
      Row{lines({"[points]", "near_duplicate = 1.5"}), "1.5", "points.near_duplicate",
          "expected a number in [0.0, 1.0], got 1.5"},
      Row{lines({"[points]", "near_duplicate = -1"}), "-1", "points.near_duplicate",
          "expected a number in [0.0, 1.0], got -1"},
      Row{lines({"[points.checkin]", "streak_bonus_max = 4000"}), "4000", "points.checkin.streak_bonus_max",
          "expected an integer in [0, 3650]"},
      Row{lines({"[storage]", "batch_max_events = 0"}), "0", "storage.batch_max_events",
          "expected an integer in [1, 10000]"},
      Row{lines({"[storage]", "batch_max_wait_us = 1000001"}), "1000001", "storage.batch_max_wait_us",
          "expected an integer in [0, 1000000]"},
      Row{lines({"[storage]", "path = \"\""}), "\"\"", "storage.path", "expected a non-empty string"},
      Row{lines({"[console]", "default_user = \"\""}), "\"\"", "console.default_user", "expected a non-empty string"},
      Row{lines({"[[badges]]", "id = \"x\"", "name = \"X\"", "metric = \"points\"", "at = 0"}), "0", "badges[0].at",
          "expected an integer in [1, "});
  const auto problem = only_problem(row.text);
  const int line = problem.line;  // the value is on the last line of each row
  CHECK(line == static_cast<int>(std::count(row.text.begin(), row.text.end(), '\n')));
  check_problem(problem, line, column_of(row.text, line, row.value), row.key, row.message);
}

TEST_CASE("an enum-like string outside its set lists the choices", "[config][errors]") {
  struct Row {
    std::string text;
    std::string_view value;
    std::string_view key;
    std::string_view message;
  };
  const Row row = GENERATE(
      Row{lines({"[bot]", "platform = \"discord\""}), "\"discord\"", "bot.platform",
          "expected one of: console, telegram (got \"discord\")"},
      Row{lines({"[bot]", "language = \"fr\""}), "\"fr\"", "bot.language", "expected one of: en, zh"},
      Row{lines({"[bot]", "log_level = \"verbose\""}), "\"verbose\"", "bot.log_level",
          "expected one of: debug, info, warn, error, off"},
      Row{lines({"[storage]", "synchronous = \"off\""}), "\"off\"", "storage.synchronous",
          "expected one of: normal, full"},
      Row{lines({"[[community]]", "platform = \"console\"", "chat_id = 1", "language = \"de\""}), "\"de\"",
          "community[0].language", "expected one of: en, zh"},
      Row{lines({"[[badges]]", "id = \"x\"", "name = \"X\"", "metric = \"message\""}), "\"message\"",
          "badges[0].metric",
          "expected one of: messages, replies, reactions_received, checkins, checkin_streak, points, questions, "
          "answers, accepted_answers, upvotes_received, topics_started"});
  const auto problem = only_problem(row.text);
  const int line = static_cast<int>(std::count(row.text.begin(), row.text.end(), '\n'));
  check_problem(problem, line, column_of(row.text, line, row.value), row.key, row.message);
}

TEST_CASE("a bad time zone is reported", "[config][errors]") {
  const std::string tz = GENERATE(as<std::string>{}, "+8:00", "+08", "GMT+8", "+15:00", "-12:30", "+08:60", "utc",
                                  "");
  const std::string text = "[bot]\ntimezone = \"" + tz + "\"\n";
  check_problem(only_problem(text), 2, 12, "bot.timezone", "expected \"UTC\" or an offset");

  const std::string wrong_type = "[bot]\ntimezone = 8\n";
  check_problem(only_problem(wrong_type), 2, 12, "bot.timezone", "expected a string");
}

TEST_CASE("level ladders are checked", "[config][errors]") {
  SECTION("a duplicate threshold is reported at the second one") {
    const std::string text = lines({
        "[[levels]]",         // 1
        "threshold = 0",      // 2
        "title = \"A\"",      // 3
        "[[levels]]",         // 4
        "threshold = 50",     // 5
        "title = \"B\"",      // 6
        "[[levels]]",         // 7
        "threshold = 50",     // 8
        "title = \"C\"",      // 9
    });
    const auto p = only_problem(text);
    check_problem(p, 8, 13, "levels[2].threshold", "duplicate threshold 50");
    CHECK_THAT(p.message, Catch::Contains("levels[1] at line 5"));
  }
  SECTION("the lowest threshold must be 0") {
    const std::string text = lines({
        "[[levels]]",         // 1
        "threshold = 100",    // 2
        "title = \"B\"",      // 3
        "[[levels]]",         // 4
        "threshold = 10",     // 5
        "title = \"A\"",      // 6
    });
    check_problem(only_problem(text), 5, 13, "levels[1].threshold", "the lowest level's threshold must be 0");
  }
  SECTION("an empty title, a missing threshold, a negative threshold") {
    const std::string text = lines({
        "[[levels]]",         // 1
        "threshold = 0",      // 2
        "title = \"\"",       // 3
        "[[levels]]",         // 4
        "title = \"B\"",      // 5
        "[[levels]]",         // 6
        "threshold = -1",     // 7
        "title = \"C\"",      // 8
    });
    const auto problems = problems_of(text);
    REQUIRE(problems.size() == 3);
    check_problem(problems[0], 3, 9, "levels[0].title", "expected a non-empty string");
    check_problem(problems[1], 4, 1, "levels[1].threshold", "missing required key");
    check_problem(problems[2], 7, 13, "levels[2].threshold", "expected an integer in [0, ");
  }
  SECTION("an empty ladder") {
    check_problem(only_problem("levels = []\n"), 1, 10, "levels", "at least one level is required");
  }
  SECTION("levels must be tables") {
    check_problem(only_problem("levels = [0]\n"), 1, 11, "levels[0]", "expected a table");
    check_problem(only_problem("levels = 0\n"), 1, 10, "levels", "expected an array of tables");
  }
}

TEST_CASE("badges are checked", "[config][errors]") {
  SECTION("a duplicate id is reported at the second one") {
    const std::string text = lines({
        "[[badges]]",                  // 1
        "id = \"early\"",              // 2
        "name = \"Early\"",            // 3
        "metric = \"messages\"",       // 4
        "[[badges]]",                  // 5
        "id = \"early\"",              // 6
        "name = \"Early again\"",      // 7
        "metric = \"checkins\"",       // 8
    });
    const auto p = only_problem(text);
    check_problem(p, 6, 6, "badges[1].id", "duplicate badge id \"early\"");
    CHECK_THAT(p.message, Catch::Contains("badges[0] at line 2"));
  }
  SECTION("an id outside [a-z0-9_]") {
    const std::string id = GENERATE(as<std::string>{}, "Early", "early-bird", "early bird", "");
    const std::string text = "[[badges]]\nid = \"" + id + "\"\nname = \"E\"\nmetric = \"points\"\n";
    check_problem(only_problem(text), 2, 6, "badges[0].id", "[a-z0-9_]");
  }
  SECTION("required keys") {
    const std::string text = lines({"[[badges]]", "description = \"no id, name or metric\""});
    const auto problems = problems_of(text);
    REQUIRE(problems.size() == 3);
    for (const auto& p : problems) {
      CHECK(p.line == 1);
      CHECK(p.message == "missing required key");
    }
    CHECK(problems[0].key == "badges[0].id");
    CHECK(problems[1].key == "badges[0].name");
    CHECK(problems[2].key == "badges[0].metric");
  }
}

TEST_CASE("communities are checked", "[config][errors]") {
  SECTION("the same platform and chat twice, even written once as integer and once as text") {
    const std::string text = lines({
        "[[community]]",                // 1
        "platform = \"telegram\"",      // 2
        "chat_id = -100123",            // 3
        "[[community]]",                // 4
        "platform = \"console\"",       // 5
        "chat_id = -100123",            // 6
        "[[community]]",                // 7
        "platform = \"telegram\"",      // 8
        "chat_id = \"-100123\"",        // 9
    });
    const auto p = only_problem(text);
    check_problem(p, 9, 11, "community[2].chat_id", "duplicate community telegram \"-100123\"");
    CHECK_THAT(p.message, Catch::Contains("community[0] at line 3"));
  }
  SECTION("platform and chat_id are required") {
    const std::string text = lines({"[[community]]", "language = \"zh\""});
    const auto problems = problems_of(text);
    REQUIRE(problems.size() == 2);
    check_problem(problems[0], 1, 1, "community[0].platform", "missing required key");
    check_problem(problems[1], 1, 1, "community[0].chat_id", "missing required key");
  }
}

TEST_CASE("message overrides are checked", "[config][errors]") {
  SECTION("an unknown language") {
    const std::string text = lines({"[messages.fr]", "\"points.balance\" = \"x\""});
    check_problem(only_problem(text), 1, 11, "messages.fr", "expected one of: en, zh");
  }
  SECTION("a text that is not a string, with the dotted key quoted in the path") {
    const std::string text = lines({"[messages.en]", "\"points.balance\" = 5"});
    check_problem(only_problem(text), 2, 20, "messages.en.\"points.balance\"", "expected a string");
  }
}

TEST_CASE("a TOML syntax error is reported with its position", "[config][errors]") {
  SECTION("an unterminated table header") {
    const std::string text = lines({"[bot]", "language = \"en\"", "[points", "daily_cap = 1"});
    const auto p = only_problem(text);
    CHECK(p.file == "test.toml");
    CHECK(p.line == 3);
    CHECK(p.column == 8);
    CHECK(p.key.empty());
    CHECK_THAT(p.message, Catch::Contains("expected ']'"));
  }
  SECTION("a key written twice") {
    const std::string text = lines({"[bot]", "language = \"en\"", "language = \"zh\""});
    const auto p = only_problem(text);
    CHECK(p.line == 3);
    CHECK(p.column > 0);
    CHECK_THAT(p.message, Catch::Contains("language"));
  }
}

TEST_CASE("several problems are all reported at once, in file order", "[config][errors]") {
  const std::string text = lines({
      "[storage]",                      // 1  (read after [bot], reported before it)
      "batch_max_events = 0",           // 2
      "[bot]",                          // 3
      "platform = \"irc\"",             // 4
      "timezone = \"+25:00\"",          // 5
      "[points.message]",               // 6
      "cooldown_seconds = -1",          // 7
      "pionts = 2",                     // 8
      "[[levels]]",                     // 9
      "threshold = 5",                  // 10
      "title = \"A\"",                  // 11
      "[[badges]]",                     // 12
      "id = \"a\"",                     // 13
      "name = \"A\"",                   // 14
      "metric = \"likes\"",             // 15
  });
  try {
    load_config_text(text, "test.toml");
    FAIL("expected a ConfigError");
  } catch (const ConfigError& error) {
    const auto& p = error.problems();
    REQUIRE(p.size() == 7);
    CHECK(p[0].key == "storage.batch_max_events");
    CHECK(p[1].key == "bot.platform");
    CHECK(p[2].key == "bot.timezone");
    CHECK(p[3].key == "points.message.cooldown_seconds");
    CHECK(p[4].key == "points.message.pionts");
    CHECK(p[5].key == "levels[0].threshold");
    CHECK(p[6].key == "badges[0].metric");
    CHECK(p[0].line == 2);
    CHECK(p[6].line == 15);

    std::string expected;
    for (const auto& problem : p) expected += (expected.empty() ? "" : "\n") + problem.to_string();
    CHECK(std::string(error.what()) == expected);
    CHECK_THAT(std::string(error.what()),
               Catch::StartsWith("test.toml:2:20: storage.batch_max_events: expected an integer in [1, 10000], got 0\n"
                                 "test.toml:4:12: bot.platform: expected one of: console, telegram"));
  }
}

TEST_CASE("Problem::to_string names file, position and key", "[config]") {
  CHECK(Problem{"f.toml", 3, 7, "points.max_award", "expected an integer"}.to_string() ==
        "f.toml:3:7: points.max_award: expected an integer");
  CHECK(Problem{"f.toml", 3, 7, "", "bad"}.to_string() == "f.toml:3:7: bad");
  CHECK(Problem{"f.toml", 0, 0, "", "cannot read: No such file or directory"}.to_string() ==
        "f.toml: cannot read: No such file or directory");
}

TEST_CASE("an unreadable file is one problem", "[config][errors]") {
  const std::string path = FANBASE_SOURCE_DIR "/config/no-such-file.toml";
  try {
    load_config_file(path);
    FAIL("expected a ConfigError");
  } catch (const ConfigError& error) {
    REQUIRE(error.problems().size() == 1);
    const Problem& p = error.problems().front();
    CHECK(p.file == path);
    CHECK(p.line == 0);
    CHECK(p.column == 0);
    CHECK(p.key.empty());
    CHECK(p.message == "cannot read: No such file or directory");
  }
  SECTION("a directory") {
    CHECK_THROWS_WITH(load_config_file(FANBASE_SOURCE_DIR "/config"), Catch::Contains("cannot read: "));
  }
}

TEST_CASE("enum names print as written in the file", "[config]") {
  CHECK(std::string(to_string(PlatformKind::console)) == "console");
  CHECK(std::string(to_string(PlatformKind::telegram)) == "telegram");
  CHECK(std::string(to_string(BadgeMetric::messages)) == "messages");
  CHECK(std::string(to_string(BadgeMetric::checkin_streak)) == "checkin_streak");
  CHECK(std::string(to_string(BadgeMetric::topics_started)) == "topics_started");
}

TEST_CASE("the Telegram connection keys are checked where they are written", "[config][telegram]") {
  check_problem(only_problem("[telegram]\ntoken_env = \"123456:ABC-DEF\"\n"), 2, 13, "telegram.token_env",
                "NAME of an environment variable");
  check_problem(only_problem("[telegram]\napi_base = \"https://api.telegram.org/bot\"\n"), 2, 12, "telegram.api_base",
                "no path");
  check_problem(only_problem("[telegram]\npoll_timeout_seconds = 500\n"), 2, 24, "telegram.poll_timeout_seconds",
                "[0, 120]");
  check_problem(only_problem("[telegram]\nallowed_updates = [\"message\", \"poll\"]\n"), 2, 31,
                "telegram.allowed_updates[1]", "not an update kind");
  const auto ok = load_config_text("[telegram]\ntoken_env = \"MY_BOT_TOKEN\"\napi_base = \"http://127.0.0.1:8081\"\n"
                                   "allowed_updates = [\"message\"]\n",
                                   std::string_view("test.toml"));
  CHECK(ok.telegram.token_env == "MY_BOT_TOKEN");
  CHECK(ok.telegram.api_base == "http://127.0.0.1:8081");
  CHECK(ok.telegram.allowed_updates == std::vector<std::string>{"message"});
  CHECK(ok.telegram.poll_timeout_seconds == 50);
}

TEST_CASE("webhook mode needs a public https address and a secret variable name", "[config][telegram]") {
  check_problem(only_problem("[telegram]\nmode = \"webhook\"\n"), 1, 1, "telegram.public_url", "webhook mode needs");
  check_problem(only_problem("[telegram]\nmode = \"push\"\n"), 2, 8, "telegram.mode", "polling, webhook");
  check_problem(only_problem("[telegram]\nwebhook_path = \"hook\"\n"), 2, 16, "telegram.webhook_path", "starting with '/'");
  const auto ok = load_config_text("[telegram]\nmode = \"webhook\"\npublic_url = \"https://fans.example.com\"\n"
                                   "webhook_port = 9000\n",
                                   std::string_view("test.toml"));
  CHECK(ok.telegram.mode == "webhook");
  CHECK(ok.telegram.webhook_port == 9000);
  CHECK(ok.telegram.secret_env == "TELEGRAM_WEBHOOK_SECRET");
}
