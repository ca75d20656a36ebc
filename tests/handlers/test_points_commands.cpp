// Stories about the points commands, levels, badges and roles.
#include <catch2/catch.hpp>

#include "support/bot_harness.hpp"

using namespace fanbase;
using fanbase::testing::BotHarness;
using fanbase::testing::example_config;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

TEST_CASE("/points shows the balance, level and the way to the next level", "[commands]") {
  BotHarness h;
  h.say("alice", "hello everyone, glad to be here");
  auto out = h.say("alice", "/points");
  CHECK(BotHarness::texts(out) == "alice: balance 1 · lifetime 1 · Lv.1 新粉 Newcomer\n49 more to Lv.2 活跃粉 Regular.");
  CHECK(out.actions.at(0).reply_to_message_id == h.last_message_id());
  auto other = h.say("bob", "/points @Alice");
  CHECK_THAT(BotHarness::texts(other), StartsWith("alice: balance 1 ·"));
  CHECK(BotHarness::texts(h.say("bob", "/points @nobody")) == "I don't know @nobody in this community yet.");
}

TEST_CASE("commands addressed to another bot are ignored, ours are answered", "[commands]") {
  BotHarness h;
  CHECK(h.say("alice", "/points@otherbot").actions.empty());
  CHECK(h.say("alice", "/points@FANBASE").actions.size() == 1);
}

TEST_CASE("an unknown command points to /help", "[commands]") {
  BotHarness h;
  CHECK(BotHarness::texts(h.say("alice", "/frobnicate now")) ==
        "I don't know /frobnicate. Type /help to see what I can do.");
}

TEST_CASE("/help lists what the caller may use and explains one command", "[commands][help]") {
  BotHarness h;
  const auto member = BotHarness::texts(h.say("alice", "/help"));
  CHECK_THAT(member, Contains("/points [@user] — Show your points"));
  CHECK_THAT(member, !Contains("/award"));
  const auto mod = BotHarness::texts(h.say("mod", "/help"));
  CHECK_THAT(mod, Contains("Moderator commands:\n/award @user N reason"));
  CHECK(BotHarness::texts(h.say("alice", "/help /award")) ==
        "/award @user N reason\nGive points to a member, with a reason (recorded).\nFor: moderators");
  CHECK_THAT(BotHarness::texts(h.say("alice", "/help top")), Contains("Also: /leaderboard, /lb"));
  CHECK(BotHarness::texts(h.say("alice", "/help nope")) == "There is no command /nope. Type /help for the list.");
  CHECK_THAT(BotHarness::texts(h.say("alice", "/start")), StartsWith("Commands:"));
}

TEST_CASE("a member using a moderator command is refused and the attempt is logged", "[commands][roles]") {
  BotHarness h;
  h.say("bob", "hello there everyone");
  CHECK(BotHarness::texts(h.say("alice", "/award @bob 50 because")) == "Sorry, /award is for moderators only.");
  CHECK(h.points("bob") == 1);
  CHECK(h.count("SELECT count(*) FROM audit_log WHERE action = 'command.refused' AND detail = '/award'") == 1);
  CHECK(h.count("SELECT count(*) FROM point_entry WHERE reason = 'award'") == 0);
}

TEST_CASE("moderators award and revoke with a reason that lands in the ledger", "[commands][roles]") {
  BotHarness h;
  h.say("bob", "hello there everyone");
  CHECK(BotHarness::texts(h.say("mod", "/award @bob 20 great answer")) ==
        "mod gave 20 points to bob: great answer. bob now has 21.");
  CHECK(BotHarness::texts(h.say("owner", "/revoke @bob 5 \"off topic\"")) ==
        "owner took 5 points from bob: off topic. bob now has 16.");
  CHECK(h.points("bob") == 16);
  CHECK(h.count("SELECT count(*) FROM point_entry WHERE reason = 'award' AND note = 'great answer' AND actor_id = "
                "(SELECT id FROM member WHERE user_id = 'mod')") == 1);
  CHECK(h.count("SELECT count(*) FROM audit_log WHERE action IN ('points.award', 'points.revoke')") == 2);
  const auto history = BotHarness::texts(h.say("bob", "/history"));
  CHECK_THAT(history, Contains("-5 revoked — off topic (by owner)"));
  CHECK_THAT(history, Contains("+20 award — great answer (by mod)"));
}

TEST_CASE("award and revoke refuse bad input without changing anything", "[commands][roles]") {
  BotHarness h;
  h.say("bob", "hello there everyone");
  struct Row { const char* command; const char* reply; };
  const Row row = GENERATE(
      Row{"/award", "Usage: /award @user N reason"},
      Row{"/award @bob", "Usage: /award @user N reason"},
      Row{"/award @bob 10", "Give a reason: it is recorded in the ledger."},
      Row{"/award @bob 10 \"  \"", "Give a reason: it is recorded in the ledger."},
      Row{"/award @bob ten nice", "“ten” is not a whole number."},
      Row{"/award @bob 0 nice", "The number must be between 1 and 10000."},
      Row{"/award @bob 10001 nice", "The number must be between 1 and 10000."},
      Row{"/award @ghost 5 nice", "I don't know @ghost in this community yet."},
      Row{"/award 5 nice", "Name a member (@username) or reply to their message."},
      Row{"/award @mod 5 me", "You can't change your own points; ask another moderator."},
      Row{"/revoke @bob 2 spam", "bob's balance is only 1."},
      Row{"/award @bob 5 \"unclosed", "Your command has a quote that is never closed."});
  CHECK(BotHarness::texts(h.say("mod", row.command)) == row.reply);
  CHECK(h.points("bob") == 1);
  CHECK(h.count("SELECT count(*) FROM point_entry") == 1);
}

TEST_CASE("a moderator can award by replying to the member's message", "[commands][roles]") {
  BotHarness h;
  h.say("bob", "here is a detailed answer to the question");
  const auto bobs = h.last_message_id();
  auto out = h.reply("mod", bobs, "bob", "/award 15 thorough answer");
  CHECK(BotHarness::texts(out) == "mod gave 15 points to bob: thorough answer. bob now has 16.");
}

TEST_CASE("reaching a threshold announces the level-up once, and a revoke lowers the level quietly", "[levels]") {
  BotHarness h;
  h.say("bob", "hello there everyone");
  auto out = h.say("mod", "/award @bob 49 welcome gift");
  REQUIRE(out.actions.size() == 2);
  CHECK(out.actions[0].text == "mod gave 49 points to bob: welcome gift. bob now has 50.");
  CHECK(out.actions[1].text == "🎉 bob reached Lv.2: 活跃粉 Regular!");
  CHECK(out.actions[1].reply_to_message_id.empty());
  CHECK(h.count("SELECT level FROM member WHERE user_id = 'bob'") == 1);
  CHECK(h.count("SELECT count(*) FROM level_up") == 1);
  h.say("mod", "/revoke @bob 10 mistake");
  CHECK(h.count("SELECT level FROM member WHERE user_id = 'bob'") == 0);
  auto again = h.say("mod", "/award @bob 10 fixed");
  CHECK(again.actions.size() == 2);  // climbing back is announced again
  CHECK(h.count("SELECT count(*) FROM level_up") == 2);
}

TEST_CASE("badges are awarded once and announced", "[badges]") {
  BotHarness h;
  auto first = h.say("alice", "my very first message here");
  CHECK(BotHarness::texts(first) == "🏅 alice earned the badge “初次发言 First Words”: Sent a first message · 第一次发言");
  h.clock().advance(2min);
  CHECK(h.say("alice", "and a second one, different").actions.empty());
  auto thousand = h.say("owner", "/award @alice 1000 launch party");
  CHECK_THAT(BotHarness::texts(thousand), Contains("千分俱乐部 Thousand Club"));
  CHECK(h.count("SELECT count(*) FROM member_badge") == 2);
  const auto list = BotHarness::texts(h.say("alice", "/badges"));
  CHECK_THAT(list, StartsWith("alice's badges: 2 of 9"));
  CHECK_THAT(list, Contains("🏅 千分俱乐部 Thousand Club"));
  CHECK_THAT(list, Contains("▫️ 话痨 Chatterbox"));
}

TEST_CASE("check-in pays daily with a growing streak that resets after a missed day", "[checkin]") {
  BotHarness h;
  CHECK(BotHarness::texts(h.say("alice", "/checkin")) == "✅ alice checked in: +5 · streak 1 · balance 5.");
  h.clock().advance(1h);
  CHECK(BotHarness::texts(h.say("alice", "/checkin")) == "You already checked in today. Next check-in in 23h 0m.");
  CHECK(h.points("alice") == 5);
  h.clock().advance(23h);
  CHECK(BotHarness::texts(h.say("alice", "/checkin")) == "✅ alice checked in: +6 · streak 2 · balance 11.");
  h.clock().advance(48h);
  CHECK(BotHarness::texts(h.say("alice", "/checkin")) == "✅ alice checked in: +5 · streak 1 · balance 16.");
}

TEST_CASE("seven check-ins in a row earn the week-streak badge", "[checkin][badges]") {
  BotHarness h;
  std::string last;
  for (int day = 0; day < 7; ++day) {
    last = BotHarness::texts(h.say("alice", "/checkin"));
    h.clock().advance(24h);
  }
  CHECK_THAT(last, Contains("streak 7"));
  CHECK_THAT(last, Contains("七日连签 Week Streak"));
  CHECK(h.points("alice") == 5 + 6 + 7 + 8 + 9 + 10 + 11);
}

TEST_CASE("/top ranks by lifetime points or by the window asked for", "[commands][top]") {
  BotHarness h;
  h.say("alice", "hello there everyone");
  h.say("bob", "hi from bob as well");
  h.say("mod", "/award @alice 30 old contribution");
  h.clock().advance(10 * 24h);
  h.say("mod", "/award @bob 10 recent help");
  CHECK(BotHarness::texts(h.say("carol", "/top")) == "🏆 Top 10 · all time\n1. alice — 31\n2. bob — 11");
  CHECK(BotHarness::texts(h.say("carol", "/top week")) == "🏆 Top 10 · last 7 days\n1. bob — 10");
  CHECK(BotHarness::texts(h.say("carol", "/top 1 month")) == "🏆 Top 1 · last 30 days\n1. alice — 31");
  CHECK(BotHarness::texts(h.say("carol", "/top year")) == "“year” is not a period: use week, month or all.");
  CHECK(BotHarness::texts(h.say("carol", "/top 99")) == "The number must be between 1 and 25.");
  const auto rank = BotHarness::texts(h.say("bob", "/rank"));
  CHECK_THAT(rank, StartsWith("bob: #2 of"));
}

TEST_CASE("a community configured in Chinese answers in Chinese, and owners may override texts", "[catalog]") {
  auto config = example_config(
      "[[community]]\nplatform = \"console\"\nchat_id = \"fanclub\"\nlanguage = \"zh\"\n\n"
      "[messages.zh]\n\"points.top_empty\" = \"还没有人上榜，快来发言吧！\"\n");
  BotHarness h(config);
  CHECK(BotHarness::texts(h.say("alice", "/top")) == "还没有人上榜，快来发言吧！");
  CHECK(BotHarness::texts(h.say("alice", "/checkin")) == "✅ alice 签到成功：+5 分（连续 1 天）。当前 5 分。");
  CHECK(BotHarness::texts(h.say("alice", "/award @bob 1 x")) == "抱歉，/award 仅限管理员使用。");
}

TEST_CASE("in a private chat only the commands that work anywhere answer", "[commands]") {
  BotHarness h;
  Event ev = h.message("alice", "/points");
  ev.private_chat = true;
  ev.chat_id = "alice-dm";
  CHECK(BotHarness::texts(h.apply(ev)) ==
        "I work in groups: add me to your community's group and use /points there.");
  Event help = h.message("alice", "/help");
  help.private_chat = true;
  help.chat_id = "alice-dm";
  CHECK_THAT(BotHarness::texts(h.apply(help)), StartsWith("Commands:"));
  CHECK(h.count("SELECT count(*) FROM community") == 0);
}

TEST_CASE("joins and leaves keep the member list current", "[members]") {
  BotHarness h;
  Event join = h.message("alice", "");
  join.kind = EventKind::member_joined;
  join.subjects = {UserInfo{"dave", "Dave", "dave", false}, UserInfo{"somebot", "Bot", "somebot", true}};
  h.apply(join);
  CHECK(h.count("SELECT count(*) FROM member WHERE user_id = 'dave' AND status = 'member'") == 1);
  CHECK(h.count("SELECT count(*) FROM member WHERE user_id = 'somebot'") == 0);
  Event leave = h.message("dave", "");
  leave.kind = EventKind::member_left;
  leave.subjects = {UserInfo{"dave", "Dave", "dave", false}};
  h.apply(leave);
  CHECK(h.count("SELECT count(*) FROM member WHERE user_id = 'dave' AND status = 'left'") == 1);
}

TEST_CASE("windowed leaderboards count whole local days and stay exact as points arrive", "[commands][top]") {
  BotHarness h;  // the clock starts at 2026-01-01T00:00Z, the example's time zone is UTC
  h.say("alice", "hello there everyone");
  h.say("bob", "good evening to all");
  h.say("mod", "/award @alice 20 early bird");
  CHECK(BotHarness::texts(h.say("carol", "/top week")) == "🏆 Top 10 · last 7 days\n1. alice — 21\n2. bob — 1");
  h.clock().advance(3 * 24h);  // the first day is now a cached past day
  h.say("mod", "/award @bob 25 great thread");
  CHECK(BotHarness::texts(h.say("carol", "/top week")) == "🏆 Top 10 · last 7 days\n1. bob — 26\n2. alice — 21");
  h.say("mod", "/award @alice 10 more help");
  CHECK(BotHarness::texts(h.say("carol", "/top week")) == "🏆 Top 10 · last 7 days\n1. alice — 31\n2. bob — 26");
  CHECK(BotHarness::texts(h.say("carol", "/top 1 week")) == "🏆 Top 1 · last 7 days\n1. alice — 31");
  h.clock().advance(4 * 24h);  // day 7: the first day has left the week
  CHECK(BotHarness::texts(h.say("carol", "/top week")) == "🏆 Top 10 · last 7 days\n1. bob — 25\n2. alice — 10");
  CHECK(BotHarness::texts(h.say("carol", "/top month")) == "🏆 Top 10 · last 30 days\n1. alice — 31\n2. bob — 26");
}
