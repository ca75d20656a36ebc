// One number per thing a member sees (issue 10, item 14): a topic is "#N" in /topics, /posts, /recommend and
// /open alike, and /follow takes it; a question is "QN" everywhere; an owner's post is "PN".
#include <catch2/catch.hpp>

#include <string>

#include "support/bot_harness.hpp"

using namespace fanbase;
using fanbase::testing::BotHarness;
using Catch::Matchers::Contains;

TEST_CASE("a topic keeps its topic number in /posts, /recommend and /open, and /follow takes it", "[recommend][numbers]") {
  BotHarness h;
  // The question takes content item 1, so the topic's item (2) differs from its topic number (1).
  h.say("bob", "/ask How do I profile a C++ program? #cpp");
  CHECK_THAT(BotHarness::texts(h.say("alice", "/topic new Best compiler flags #cpp")), Contains("Topic #1: Best compiler flags"));
  REQUIRE(h.count("SELECT id FROM content_item WHERE kind = 'topic'") == 2);
  CHECK_THAT(BotHarness::texts(h.say("owner", "/post add https://example.org/x Nice read #cpp")),
             Contains("Post P3 added: Nice read #cpp"));

  const std::string posts = BotHarness::texts(h.say("carol", "/posts"));
  CHECK_THAT(posts, Contains("🗣 #1 Best compiler flags #cpp"));
  CHECK_THAT(posts, Contains("❓ Q1 How do I profile a C++ program? #cpp"));
  CHECK_THAT(posts, Contains("🔗 P3 Nice read #cpp"));
  CHECK(posts.find("#2") == std::string::npos);

  const std::string picks = BotHarness::texts(h.say("carol", "/recommend 3"));
  CHECK_THAT(picks, Contains("Best compiler flags (#1)"));
  CHECK_THAT(picks, Contains("How do I profile a C++ program? (Q1)"));
  CHECK_THAT(picks, Contains("Nice read (P3)"));

  // What the lists show is what the commands take.
  CHECK_THAT(BotHarness::texts(h.say("carol", "/follow 1")), Contains("You follow topic #1: Best compiler flags"));
  CHECK_THAT(BotHarness::texts(h.say("dave", "/follow #1")), Contains("You follow topic #1"));
  const std::string opened = BotHarness::texts(h.say("dave", "/open #1"));
  CHECK_THAT(opened, Contains("Best compiler flags (#1)"));
  CHECK_THAT(opened, Contains("/topic 1"));
  CHECK_THAT(BotHarness::texts(h.say("dave", "/open 1")), Contains("Best compiler flags (#1)"));
  CHECK_THAT(BotHarness::texts(h.say("dave", "/open q1")), Contains("/question 1"));
  CHECK_THAT(BotHarness::texts(h.say("erin", "/open P3")), Contains("Nice read (P3)\nhttps://example.org/x"));
  CHECK(BotHarness::texts(h.say("erin", "/open P1")) == "There is no live item P1 here.");  // item 1 is a question
  CHECK(BotHarness::texts(h.say("erin", "/open 2")) == "There is no live item 2 here.");    // no topic #2
  CHECK(BotHarness::texts(h.say("erin", "/open x7")) == "“x7” is not an item number.");
  CHECK(h.count("SELECT count(*) FROM interaction WHERE kind = 'view' AND item_id = 2") == 1);  // dave's view, once
  CHECK(BotHarness::texts(h.say("owner", "/post retire #1")) == "Item #1 is retired: it will not be recommended again.");
  CHECK(h.count("SELECT count(*) FROM content_item WHERE id = 2 AND retired_at IS NOT NULL") == 1);
}
