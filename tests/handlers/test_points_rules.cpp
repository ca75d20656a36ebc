// Stories about earning points automatically: the rules and the anti-farming limits.
#include <catch2/catch.hpp>

#include "support/bot_harness.hpp"

using namespace fanbase;
using fanbase::testing::BotHarness;
using fanbase::testing::example_config;
using namespace std::chrono_literals;

TEST_CASE("a message earns a point at most once per cooldown", "[points]") {
  BotHarness h;
  h.say("alice", "hello everyone, glad to be here");
  CHECK(h.points("alice") == 1);
  h.clock().advance(10s);
  h.say("alice", "what are we talking about today");
  CHECK(h.points("alice") == 1);  // within the 60 s cooldown
  h.clock().advance(61s);
  h.say("alice", "the new album is out next week");
  CHECK(h.points("alice") == 2);
}

TEST_CASE("short messages and emoji-only messages earn nothing", "[points]") {
  BotHarness h;
  const auto text = GENERATE(as<std::string>{}, "ok", "👍👍👍👍", "!!!!!!", "  a  ", "?");
  h.say("alice", text);
  CHECK(h.points("alice") == 0);
}

TEST_CASE("a near-duplicate of the member's previous message earns nothing", "[points]") {
  BotHarness h;
  h.say("alice", "hello everyone, how is it going?");
  REQUIRE(h.points("alice") == 1);
  h.clock().advance(2min);
  h.say("alice", "Hello everyone how is it going");
  CHECK(h.points("alice") == 1);
  h.clock().advance(2min);
  h.say("alice", "HELLO EVERYONE!!! how is it going???");
  CHECK(h.points("alice") == 1);
  h.clock().advance(2min);
  h.say("alice", "completely different words this time");
  CHECK(h.points("alice") == 2);
}

TEST_CASE("Chinese messages count by characters and earn like any other", "[points]") {
  BotHarness h;
  h.say("alice", "大家好");
  CHECK(h.points("alice") == 1);
  h.clock().advance(2min);
  h.say("alice", "好");
  CHECK(h.points("alice") == 1);  // one character is under min_length = 3
}

TEST_CASE("the per-kind daily cap stops message points until the next day", "[points]") {
  auto config = example_config({}, {{"cooldown_seconds = 60\ndaily_cap = 100\nmin_length = 3",
                                     "cooldown_seconds = 0\ndaily_cap = 3\nmin_length = 3"}});
  BotHarness h(config);
  const char* lines[] = {"first thing today", "second thought here", "third remark made", "fourth idea shared",
                         "fifth message sent"};
  for (const char* line : lines) h.say("alice", line);
  CHECK(h.points("alice") == 3);
  h.clock().advance(24h);
  h.say("alice", "a brand new day begins");
  CHECK(h.points("alice") == 4);
}

TEST_CASE("the overall daily cap limits all automatic points together", "[points]") {
  auto config = example_config({}, {{"daily_cap = 300", "daily_cap = 2"},
                                    {"cooldown_seconds = 60\ndaily_cap = 100\nmin_length = 3",
                                     "cooldown_seconds = 0\ndaily_cap = 100\nmin_length = 3"}});
  BotHarness h(config);
  h.say("bob", "a message to reply to");
  const auto bobs = h.last_message_id();
  h.say("alice", "first words of the day");
  h.reply("alice", bobs, "bob", "replying to bob here");  // reply = 2 points, but only 1 left today
  h.say("alice", "more words keep coming");
  CHECK(h.points("alice") == 2);
  CHECK(h.ledger_sum("alice") == 2);
}

TEST_CASE("replying to another member earns reply points and counts as a message", "[points]") {
  BotHarness h;
  h.say("bob", "who likes the new single?");
  const auto bobs = h.last_message_id();
  h.reply("alice", bobs, "bob", "I love it, on repeat all day");
  CHECK(h.points("alice") == 2);
  CHECK(h.count("SELECT count FROM member_activity WHERE kind = 'reply'") == 1);
  CHECK(h.count("SELECT msg_count FROM member WHERE user_id = 'alice'") == 1);
  h.clock().advance(2min);
  h.reply("alice", h.last_message_id(), "alice", "and replying to myself now");
  CHECK(h.points("alice") == 3);  // a reply to oneself is only a message
}

TEST_CASE("a reaction pays the author once per reacting member", "[points]") {
  BotHarness h;
  h.say("alice", "look at this photo from the show");
  const auto msg = h.last_message_id();
  REQUIRE(h.points("alice") == 1);
  h.react("bob", msg);
  CHECK(h.points("alice") == 2);
  h.react("bob", msg);  // taken back and added again: no more
  CHECK(h.points("alice") == 2);
  h.react("carol", msg);
  CHECK(h.points("alice") == 3);
  h.react("alice", msg);  // reacting to oneself
  CHECK(h.points("alice") == 3);
  h.react("bob", "no-such-message");
  CHECK(h.points("bob") == 0);
}

TEST_CASE("commands earn no message points", "[points]") {
  BotHarness h;
  h.say("alice", "/points");
  h.say("alice", "/top 5 week");
  CHECK(h.points("alice") == 0);
}

TEST_CASE("a redelivered event changes nothing", "[points][idempotency]") {
  BotHarness h;
  Event ev = h.message("alice", "hello everyone, glad to be here");
  auto first = h.apply(ev);
  CHECK_FALSE(first.duplicate);
  auto again = h.apply(ev);
  CHECK(again.duplicate);
  CHECK(again.actions.empty());
  CHECK(h.points("alice") == 1);
  CHECK(h.count("SELECT count(*) FROM point_entry") == 1);
  CHECK(h.count("SELECT count(*) FROM outbox") == static_cast<std::int64_t>(first.actions.size()));
}

TEST_CASE("balances always equal the sum of the ledger", "[points][ledger]") {
  BotHarness h;
  const char* users[] = {"alice", "bob", "carol"};
  for (int i = 0; i < 60; ++i) {
    const std::string user = users[i % 3];
    h.say(user, "message number " + std::to_string(i) + " from " + user + " with words");
    if (i % 7 == 0) h.react(users[(i + 1) % 3], h.last_message_id());
    if (i % 11 == 0) h.say("mod", "/award @" + user + " 3 helpful");
    if (i % 13 == 0) h.say("owner", "/revoke @" + user + " 1 off topic");
    h.clock().advance(25s);
  }
  for (const char* u : users) {
    CHECK(h.points(u) == h.ledger_sum(u));
    CHECK(h.points(u) > 0);
  }
}

TEST_CASE("text that only starts with a slash is an ordinary message", "[points]") {
  BotHarness h;
  const auto out = BotHarness::texts(h.say("alice", "/usr/bin/env is where it lives"));
  CHECK(out.find("/help") == std::string::npos);  // not answered as an unknown command
  CHECK(h.points("alice") == 1);                  // and it earned like any message
}

TEST_CASE("every statement on the event path finds its rows through an index", "[points][storage]") {
  BotHarness h;
  // 400 members in one chat: a statement that walks the chat's members instead of seeking shows hundreds of
  // steps per run. Every kind of event and command the pipeline handles runs at least once.
  for (int i = 0; i < 1200; ++i) {
    const std::string user = "member" + std::to_string(i % 400);
    Event ev = h.message(user, "message " + std::to_string(i) + " from " + user + " about the tour");
    ev.author.username = "name" + std::to_string(i % 450);  // usernames move between accounts
    h.apply(ev);
    if (i % 5 == 0) h.react("member" + std::to_string((i + 1) % 400), h.last_message_id());
    if (i % 7 == 0) h.reply(user, h.last_message_id(), "member" + std::to_string((i + 3) % 400), "a reply, " + user);
    h.clock().advance(std::chrono::seconds(50));
  }
  for (const char* cmd : {"/points", "/points @name3", "/badges", "/levels", "/history", "/checkin", "/help",
                          "/help top", "/top", "/top 5 week", "/top month"}) {
    h.say("member1", cmd);
  }
  h.say("mod", "/award @name5 10 thanks");
  h.say("mod", "/history @name5");
  h.say("owner", "/revoke @name5 2 oops");
  for (const auto& cost : h.app().statement_costs()) {
    if (cost.runs == 0) continue;
    // Reading a window or counting ranks is meant to visit many rows; everything else seeks.
    const bool aggregate = cost.sql.find("sum(") != std::string::npos || cost.sql.find("count(") != std::string::npos ||
                           cost.sql.find("ORDER BY earned") != std::string::npos ||
                           cost.sql.find("ORDER BY e.id") != std::string::npos;
    INFO(cost.sql << "\nruns " << cost.runs << ", VM steps " << cost.vm_steps);
    CHECK(cost.full_scan_steps == 0);
    if (!aggregate) CHECK(cost.vm_steps / cost.runs < 300);  // the widest row write takes ~100
  }
}

TEST_CASE("a long near-duplicate earns nothing, a long message with a new second half earns", "[points]") {
  BotHarness h;
  const std::string first =
      "I have been reading about the surface code all week and I still do not understand how the decoder decides "
      "which chain of errors happened when two chains give the same syndrome. Is it simply the most likely one, "
      "and how does minimum weight matching find it fast enough for a real device running at microsecond cycles?";
  h.say("alice", first);
  REQUIRE(h.points("alice") == 1);
  h.clock().advance(2min);
  h.say("alice", first + " Thanks!");  // the same question again with a word added
  CHECK(h.points("alice") == 1);
  h.clock().advance(2min);
  h.say("alice", first.substr(0, 210) + " Never mind that: what I really want to know is whether photonic machines "
                 "avoid this problem altogether, since their qubits fly away after one measurement and cannot be "
                 "checked in rounds the way superconducting ones can, or do they need cluster states for it?");
  CHECK(h.points("alice") == 2);  // beyond the first 200 characters it is a different message
}

TEST_CASE("a Chinese near-duplicate earns nothing", "[points]") {
  BotHarness h;
  h.say("alice", "今天的量子计算讨论会在下午三点开始，大家记得准时参加，会上会介绍最新的表面码实验结果。");
  REQUIRE(h.points("alice") == 1);
  h.clock().advance(2min);
  h.say("alice", "今天的量子计算讨论会在下午三点开始，大家记得准时参加！会上会介绍最新的表面码实验结果");
  CHECK(h.points("alice") == 1);
  h.clock().advance(2min);
  h.say("alice", "明天没有讨论会，实验室要搬家，请把自己的东西整理好。");
  CHECK(h.points("alice") == 2);
}
