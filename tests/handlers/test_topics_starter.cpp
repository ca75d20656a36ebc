// A topic's starter may close their own topic (issue 10, item 16); other members still may not, and a topic of
// the week (no starter) takes a moderator.
#include <catch2/catch.hpp>

#include "support/bot_harness.hpp"

using namespace fanbase;
using fanbase::testing::BotHarness;

TEST_CASE("a topic's starter closes their own topic; other members may not", "[topics][roles][starter]") {
  BotHarness h;
  h.say("alice", "/topic new Cover songs");
  h.say("alice", "/topic new Tour photos");
  CHECK(BotHarness::texts(h.say("bob", "/topic close 1")) == "Sorry, /topic close is for moderators only.");
  CHECK(BotHarness::texts(h.say("alice", "/topic close 1")) ==
        "🔒 Topic #1 is closed: Cover songs. Thanks to everyone who took part!");
  CHECK(BotHarness::texts(h.say("alice", "/topic close 1")) == "Topic #1 is already closed.");
  CHECK(h.count("SELECT count(*) FROM topic WHERE id = 1 AND status = 'closed'") == 1);
  CHECK(h.count("SELECT count(*) FROM topic WHERE id = 2 AND status = 'open'") == 1);
  CHECK(h.count("SELECT count(*) FROM audit_log WHERE action = 'topic.close' AND detail = '#1 Cover songs' AND "
                "actor_id = (SELECT id FROM member WHERE user_id = 'alice')") == 1);
  // Pinning stays with the moderators, for the starter too.
  CHECK(BotHarness::texts(h.say("alice", "/topic pin 2")) == "Sorry, /topic pin is for moderators only.");
  CHECK(BotHarness::texts(h.say("bob", "/topic close 2")) == "Sorry, /topic close is for moderators only.");
  CHECK(BotHarness::texts(h.say("bob", "/topic close 9")) == "There is no topic #9 here.");
}
