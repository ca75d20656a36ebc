// Every text a member sees follows the community's language: usage lines and /help generated from the commands'
// typed arguments with placeholders from the catalogue, badge and level texts from the config's *_zh keys, and
// English counts with a singular ("1 member", "2 members"). Command names and choice words stay as typed.
#include <catch2/catch.hpp>

#include "support/bot_harness.hpp"

using namespace fanbase;
using fanbase::testing::BotHarness;
using fanbase::testing::example_config;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
constexpr auto said = &BotHarness::said;

namespace {

config::Config chinese() {
  return example_config("[[community]]\nplatform = \"console\"\nchat_id = \"fanclub\"\nlanguage = \"zh\"\n");
}

}  // namespace

TEST_CASE("usage replies and /help read in Chinese in a zh community", "[language][help]") {
  BotHarness h(chinese());
  h.say("bob", "大家好");
  SECTION("a usage reply names the arguments in Chinese; command and choice words stay as typed") {
    CHECK(said(h.say("mod", "/award")) == "用法：/award @成员 数量 原因");
    CHECK(said(h.say("alice", "/digest sometimes")) == "用法：/digest [daily|weekly|off] [小时]");
    CHECK(said(h.say("alice", "/follow")) == "用法：/follow <编号>");
    CHECK(said(h.say("alice", "/topic")) == "用法：/topic new <标题> [#标签 …] | <编号> | close|pin|unpin <编号>");
    CHECK(said(h.say("alice", "/upvote")) == "用法：/upvote <回答>");
  }
  SECTION("/help lists every command with Chinese placeholders and summaries") {
    const std::string help = said(h.say("mod", "/help"));
    CHECK_THAT(help, StartsWith("命令：\n"));
    CHECK_THAT(help, Contains("/points [@成员] — "));
    CHECK_THAT(help, Contains("/top [数量] [week|month|all] — 排行榜"));
    CHECK_THAT(help, Contains("/report (回复) [原因] — "));
    CHECK_THAT(help, Contains("管理员命令："));
    CHECK_THAT(help, Contains("/mute @成员 时长 [原因] — "));
    CHECK_THAT(help, Contains("/ban @成员 [时长] [原因] — "));
    CHECK_THAT(help, Contains("/modlog [@成员] [数量] — "));
    CHECK(help.find("@user") == std::string::npos);
    CHECK(help.find("reason") == std::string::npos);
    CHECK(help.find("DURATION") == std::string::npos);
  }
  SECTION("/help <command> explains one command in Chinese") {
    CHECK(said(h.say("alice", "/help award")) ==
          "/award @成员 数量 原因\n给成员加分并写明原因（记入账本）。\n适用：管理员");
    CHECK_THAT(said(h.say("alice", "/help help")), StartsWith("/help [命令]\n"));
  }
  SECTION("a refusal for a finer rule names the argument in Chinese too") {
    CHECK(said(h.say("alice", "/history @bob")) == "抱歉，/history @成员 仅限管理员使用。");
  }
}

TEST_CASE("the same usage lines stay English in an English community", "[language][help]") {
  BotHarness h;
  CHECK(said(h.say("mod", "/award")) == "Usage: /award @user N reason");
  CHECK(said(h.say("alice", "/help award")) ==
        "/award @user N reason\nGive points to a member, with a reason (recorded).\nFor: moderators");
  CHECK(said(h.say("alice", "/history @bob")) == "Sorry, /history @user is for moderators only.");
}

TEST_CASE("badges and levels show their Chinese texts in a zh community", "[language][badges]") {
  BotHarness h(chinese());
  h.say("alice", "第一条消息");
  const std::string badges = said(h.say("alice", "/badges"));
  CHECK_THAT(badges, Contains("初次发言 — 第一次发言"));
  CHECK_THAT(badges, Contains("话痨 — 发言 100 次"));
  CHECK(badges.find("First Words") == std::string::npos);
  CHECK(badges.find("Sent 100 messages") == std::string::npos);
  const std::string levels = said(h.say("alice", "/levels"));
  CHECK_THAT(levels, Contains("Lv.1 新粉 — 0 分起"));
  CHECK_THAT(levels, Contains("Lv.6 传奇 — 4000 分起"));
  CHECK(levels.find("Newcomer") == std::string::npos);
  CHECK_THAT(said(h.say("alice", "/points")), Contains("Lv.1 新粉"));
}

TEST_CASE("an English community keeps the default badge and level texts", "[language][badges]") {
  BotHarness h;
  h.say("alice", "first message");
  CHECK_THAT(said(h.say("alice", "/badges")), Contains("初次发言 First Words"));
  CHECK_THAT(said(h.say("alice", "/levels")), Contains("Lv.1 新粉 Newcomer — from 0 points"));
}

TEST_CASE("a level or badge without a Chinese text falls back to its default text", "[language][badges]") {
  BotHarness h(example_config("[[community]]\nplatform = \"console\"\nchat_id = \"fanclub\"\nlanguage = \"zh\"\n",
                              {{"title_zh = \"新粉\"\n", ""}, {"name_zh = \"话痨\"\n", ""}}));
  h.say("alice", "你好");
  CHECK_THAT(said(h.say("alice", "/levels")), Contains("Lv.1 新粉 Newcomer — 0 分起"));
  CHECK_THAT(said(h.say("alice", "/badges")), Contains("话痨 Chatterbox — 发言 100 次"));
}

TEST_CASE("English counts say \"1 member\" and \"2 members\"", "[language][plural]") {
  BotHarness h;
  h.say("bob", "hello there");
  h.say("carol", "hello too");
  SECTION("one point, two points") {
    CHECK(said(h.say("mod", "/award @bob 1 a kind word")) == "mod gave 1 point to bob: a kind word. bob now has 2.");
    CHECK(said(h.say("mod", "/award @bob 2 more kind words")) ==
          "mod gave 2 points to bob: more kind words. bob now has 4.");
    CHECK(said(h.say("mod", "/revoke @bob 1 oops")) == "mod took 1 point from bob: oops. bob now has 3.");
    CHECK_THAT(said(h.say("carol", "/history")), StartsWith("carol's last 1 point change:"));
    CHECK_THAT(said(h.say("mod", "/history @bob")), StartsWith("bob's last 4 point changes:"));
  }
  SECTION("one member, two members") {
    // bob and carol said hello; dave has only sent a command: two segments of 2 and 1 (the owner, staff, is not
    // segmented: issue 10 #13, where the owner alone made a "1 member" segment that /announce sent to 0).
    h.say("dave", "/points");
    const std::string table = said(h.say("owner", "/segments"));
    CHECK_THAT(table, Contains(", 3 members):"));
    CHECK_THAT(table, Contains(" — 2 members · points"));
    CHECK_THAT(table, Contains(" — 1 member · points"));
    CHECK_THAT(said(h.say("owner", "/announce --segment 2 hello")), Contains("Sent to 1 member of the "));
    CHECK_THAT(said(h.say("owner", "/announce --segment 1 hello")), Contains("Sent to 2 members of the "));
    // dave leaves: zero takes the plural, and /segments says 0 as well.
    Event leave = h.message("dave", "");
    leave.kind = EventKind::member_left;
    leave.subjects = {UserInfo{"dave", "dave", "dave", false}};
    h.apply(leave);
    CHECK_THAT(said(h.say("owner", "/segments")), Contains(" — 0 members · points"));
    CHECK_THAT(said(h.say("owner", "/announce --segment 2 hello")), Contains("Sent to 0 members of the "));
  }
}

TEST_CASE("badge and level-up announcements read in the community's language", "[language]") {
  BotHarness h(chinese());
  const auto first = BotHarness::texts(h.say("mia", "大家好，我是新来的粉丝"));
  CHECK(first.find("🏅 mia 获得徽章「初次发言」：第一次发言") != std::string::npos);
  CHECK(first.find("First Words") == std::string::npos);
}
