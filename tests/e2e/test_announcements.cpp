// Level-ups and badges are announced in the chat as they happen. The example config is copied with a low
// second level (3 lifetime points) and a low Chatterbox badge (3 messages) so a short session reaches both.
#include <catch2/catch.hpp>

#include <string>

#include "e2e/e2e.hpp"

using namespace fanbase::e2e;
using fanbase::testing::read_text_file;
using fanbase::testing::write_text_file;

namespace {

// The example's text with `from` replaced by `to` (exactly one occurrence expected).
void replace_once(std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  text.replace(at, from.size(), to);
}

std::string low_threshold_config(const TempDir& dir) {
  std::string text = read_text_file(example_config);
  replace_once(text, "threshold = 50\n", "threshold = 3\n");
  replace_once(text, "description = \"Sent 100 messages · 发言 100 次\"\nmetric = \"messages\"\nat = 100\n",
               "description = \"Sent 3 messages · 发言 3 次\"\nmetric = \"messages\"\nat = 3\n");
  const std::string path = dir / "fanbase.toml";
  write_text_file(path, text);
  return path;
}

}  // namespace

TEST_CASE("Reaching a level and earning a badge are announced in the console output", "[e2e][announcements]") {
  TempDir dir;
  const std::string config = low_threshold_config(dir);
  const std::string db = dir / "fan.db";

  // Three messages two minutes apart (the message cooldown is 60 s), one point each: Lv.2 at 3 points.
  const auto result = run_fanbase({"run", "--config", config, "--db", db},
                              "alice: first message of the day\n"
                              "/wait 2m\n"
                              "alice: a second thought about the show\n"
                              "/wait 2m\n"
                              "alice: and a third one about the encore\n"
                              "alice: /points\n",
                              dir);
  INFO(result.describe());
  REQUIRE(result.exit_code == 0);
  CHECK(result.out ==
        "fanbase: 🏅 alice earned the badge “初次发言 First Words”: Sent a first message · 第一次发言\n"
        "fanbase: 🏅 alice earned the badge “话痨 Chatterbox”: Sent 3 messages · 发言 3 次\n"
        "fanbase: 🎉 alice reached Lv.2: 活跃粉 Regular!\n"
        "fanbase: alice: balance 3 · lifetime 3 · Lv.2 活跃粉 Regular\n"
        "  197 more to Lv.3 粉丝达人 Super Fan.\n");

  CHECK(query_rows(db, "SELECT user_id, points, earned, level FROM member") == std::vector<std::string>{"alice|3|3|1"});
  CHECK(query_rows(db, "SELECT l.level FROM level_up l JOIN member m ON m.id = l.member_id WHERE m.user_id = 'alice'") ==
        std::vector<std::string>{"1"});
  CHECK(query_rows(db, "SELECT badge FROM member_badge ORDER BY badge") ==
        std::vector<std::string>{"chatterbox", "first_words"});
}

TEST_CASE("The level-up of an award is announced after the award itself", "[e2e][announcements]") {
  TempDir dir;
  const std::string config = low_threshold_config(dir);
  const auto result = run_fanbase({"run", "--config", config, "--db", dir / "fan.db"},
                              "bob: hi everyone, bob here\n"
                              "owner: /award @bob 5 welcome gift\n",
                              dir);
  INFO(result.describe());
  REQUIRE(result.exit_code == 0);
  CHECK(result.out ==
        "fanbase: 🏅 bob earned the badge “初次发言 First Words”: Sent a first message · 第一次发言\n"
        "fanbase: owner gave 5 points to bob: welcome gift. bob now has 6.\n"
        "fanbase: 🎉 bob reached Lv.2: 活跃粉 Regular!\n");
}
