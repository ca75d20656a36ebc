// Stories about topics: starting, listing by heat, summaries, following, closing and pinning; posts by replying to
// a topic's announcement or writing in its forum thread (stored and paid); follower digests on ticks; and the
// owner's topic of the week.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "bot/console/console_platform.hpp"
#include "support/bot_harness.hpp"

using namespace fanbase;
using fanbase::testing::BotHarness;
using fanbase::testing::example_config;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

constexpr std::int64_t minute_ms = 60'000;
constexpr std::int64_t hour_ms = 60 * minute_ms;
constexpr std::int64_t day_ms = 24 * hour_ms;

Event tick_at(std::int64_t at) {
  Event e;
  e.kind = EventKind::tick;
  e.platform = "console";
  e.at_ms = at;
  e.key = "tick:" + std::to_string(at);
  return e;
}

// The action that presents topic `subject`, if any.
const Action* announcement(const Outcome& out) {
  for (const auto& a : out.actions) {
    if (a.subject.rfind("topic:", 0) == 0) return &a;
  }
  return nullptr;
}

// The platform delivered the outcome's announcement as message `message_id` (so replies to it are recognised).
void deliver(BotHarness& h, const Outcome& out, const std::string& message_id) {
  const Action* a = announcement(out);
  REQUIRE(a != nullptr);
  h.app().delivered({{a->outbox_id, message_id}});
  h.app().flush();
}

UserInfo bot_user() {
  UserInfo u;
  u.id = "fanbase";
  u.display_name = "fanbase";
  u.username = "fanbase";
  u.is_bot = true;
  return u;
}

// `user` replies to the bot's message `message_id`.
Outcome reply_to_bot(BotHarness& h, const std::string& user, const std::string& message_id, const std::string& text) {
  Event ev = h.message(user, text);
  ReplyTarget target;
  target.message_id = message_id;
  target.author = bot_user();
  ev.reply_to = target;
  return h.apply(std::move(ev));
}

// `user` writes in forum thread `thread`.
Outcome in_thread(BotHarness& h, const std::string& user, const std::string& thread, const std::string& text) {
  Event ev = h.message(user, text);
  ev.thread_id = thread;
  return h.apply(std::move(ev));
}

std::int64_t posts_of(BotHarness& h, int topic) {
  return h.count("SELECT count(*) FROM topic_post WHERE topic_id = " + std::to_string(topic));
}

std::int64_t ledger(BotHarness& h, const std::string& user, const std::string& reason) {
  return h.count("SELECT coalesce(sum(delta), 0) FROM point_entry WHERE reason = '" + reason +
                 "' AND member_id = (SELECT id FROM member WHERE user_id = '" + user + "')");
}

// Direct messages of an outcome, as "to: text".
std::vector<std::string> direct_messages(const BotHarness& /*h*/, const Outcome& out) {
  std::vector<std::string> dms;
  for (const auto& a : out.actions) {
    if (a.kind == ActionKind::send_direct) dms.push_back(a.user_id + ": " + a.text);
  }
  return dms;
}

struct ScratchDir {
  std::filesystem::path path;
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "fanbase-topics-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

}  // namespace

TEST_CASE("/topic new announces the topic with its subject and pays topic_started", "[topics]") {
  BotHarness h;
  const auto out = h.say("alice", "/topic new Best album of 2025 #KPop #albums #kpop");
  const Action* a = announcement(out);
  REQUIRE(a != nullptr);
  CHECK(a == &out.actions.at(0));
  CHECK(a->text ==
        "🗣 Topic #1: Best album of 2025 #kpop #albums\n"
        "Started by alice. Reply to this message to join in · /follow 1 for updates.");
  CHECK(a->subject == "topic:1");
  CHECK(a->reply_to_message_id.empty());  // a message of its own that members reply to
  CHECK(a->chat_id == "fanclub");
  CHECK(h.count("SELECT count(*) FROM topic WHERE title = 'Best album of 2025' AND tags = 'kpop albums' AND "
                "status = 'open' AND starter_id = (SELECT id FROM member WHERE user_id = 'alice')") == 1);
  CHECK(ledger(h, "alice", "topic_started") == 5);
  CHECK(h.points("alice") == 5);  // a command earns no message points
  // The starter follows the topic.
  CHECK(h.count("SELECT count(*) FROM topic_follower") == 1);
  CHECK(BotHarness::texts(h.say("alice", "/follow 1")) == "You already follow topic #1.");

  // '#words' before the last plain word stay in the title; the [points.topic_started] cooldown applies.
  h.clock().advance(61s);
  const auto second = h.say("alice", "/topic new \"#1 fan\" meetup #meetup");
  REQUIRE(announcement(second) != nullptr);
  CHECK_THAT(announcement(second)->text, StartsWith("🗣 Topic #2: #1 fan meetup #meetup\n"));
  CHECK(ledger(h, "alice", "topic_started") == 5);  // within the 600 s cooldown: no second payment
}

TEST_CASE("/topic refuses bad input without changing anything", "[topics][errors]") {
  BotHarness h;
  struct Row {
    const char* command;
    const char* reply;
  };
  const Row row = GENERATE(
      Row{"/topic", "Usage: /topic new <title> [#tag …] | <id> | close|pin|unpin <id>"},
      Row{"/topic new", "Give the topic a title: /topic new <title> [#tag …]"},
      Row{"/topic new #kpop #live", "Give the topic a title: /topic new <title> [#tag …]"},
      Row{"/topic new \"   \"", "Give the topic a title: /topic new <title> [#tag …]"},
      Row{"/topic frobnicate", "Usage: /topic new <title> [#tag …] | <id> | close|pin|unpin <id>"},
      Row{"/topic 7", "There is no topic #7 here."},
      Row{"/topic close", "Sorry, /topic close is for moderators only."},
      Row{"/follow", "Usage: /follow <id>"},
      Row{"/follow abc", "“abc” is not a topic number."},
      Row{"/follow 0", "“0” is not a topic number."},
      Row{"/follow #9", "There is no topic #9 here."},
      Row{"/unfollow 9", "There is no topic #9 here."},
      Row{"/topic new a b c d e f g h i j k #1 #2 #3 #4 #5 #6 #7 #8 #9 #10 #11", "A topic can have at most 10 tags."},
      Row{"/topic new title #a123456789012345678901234567890123", "A tag can have at most 32 characters."});
  CAPTURE(row.command);
  CHECK(BotHarness::texts(h.say("alice", row.command)) == row.reply);
  CHECK(h.count("SELECT count(*) FROM topic") == 0);
  CHECK(h.count("SELECT count(*) FROM topic_follower") == 0);
  CHECK(h.points("alice") == 0);
}

TEST_CASE("a title longer than the configured maximum is refused", "[topics][errors]") {
  BotHarness h(example_config({}, {{"max_title_length = 120", "max_title_length = 10"}}));
  CHECK(BotHarness::texts(h.say("alice", "/topic new 這是一個很長很長的標題啊")) ==
        "A topic's title can have at most 10 characters.");
  CHECK(h.count("SELECT count(*) FROM topic") == 0);
  CHECK(announcement(h.say("alice", "/topic new 這是一個剛好十個字的")) != nullptr);
}

TEST_CASE("who may start a topic is configurable", "[topics][roles]") {
  BotHarness h(example_config({}, {{"who_can_start = \"members\"", "who_can_start = \"moderators\""}}));
  CHECK(BotHarness::texts(h.say("alice", "/topic new Setlist guesses")) == "Sorry, /topic new is for moderators only.");
  CHECK(h.count("SELECT count(*) FROM topic") == 0);
  CHECK(h.count("SELECT count(*) FROM audit_log WHERE action = 'command.refused' AND detail = '/topic new'") == 1);
  CHECK(announcement(h.say("mod", "/topic new Setlist guesses")) != nullptr);
  CHECK(announcement(h.say("owner", "/topic new Merch swap")) != nullptr);
  // Members still read, follow and take part.
  CHECK_THAT(BotHarness::texts(h.say("alice", "/topic 1")), StartsWith("Topic #1: Setlist guesses · open"));
  CHECK(BotHarness::texts(h.say("alice", "/follow 2")) ==
        "You follow topic #2: Merch swap. I'll message you privately about new posts, at most every 60 minutes.");
}

TEST_CASE("/topic <id> summarises starter tags participants followers and last activity", "[topics]") {
  BotHarness h;
  const std::int64_t t0 = h.clock().now_ms();  // 2026-01-01 00:00 UTC
  const auto out = h.say("alice", "/topic new Tour dates #live #2026");
  deliver(h, out, "500");
  h.clock().advance(5min);
  reply_to_bot(h, "bob", "500", "I am going to the Berlin show");
  h.clock().advance(2min);
  reply_to_bot(h, "carol", "500", "Paris for me, with my sister");
  h.clock().advance(2min);
  reply_to_bot(h, "bob", "500", "who else is going to Berlin then?");
  h.say("dave", "/follow 1");
  const std::string summary = BotHarness::texts(h.say("dave", "/topic #1"));
  CHECK(summary ==
        "Topic #1: Tour dates #live #2026 · open\n"
        "Started by alice on 2026-01-01 00:00\n"
        "Posts: 3 · participants: 2 (bob, carol) · followers: 2\n"
        "Last activity: 2026-01-01 00:09 · hot 4.0");
  (void)t0;
}

TEST_CASE("/topics ranks open topics by a hot score that decays with time", "[topics][hot]") {
  BotHarness h;
  CHECK(BotHarness::texts(h.say("alice", "/topics")) == "No open topics yet. Start one: /topic new <title> [#tag …]");
  // Topic 1: busy now. Topic 2: started at the same time, one post.
  const auto first = h.say("alice", "/topic new Old favourites");
  deliver(h, first, "501");
  h.clock().advance(11s);
  const auto second = h.say("bob", "/topic new New single");
  deliver(h, second, "502");
  for (const char* text : {"the 2019 album still wins", "nothing beats the debut", "the live versions, always"}) {
    h.clock().advance(11s);
    reply_to_bot(h, "carol", "501", text);
  }
  h.clock().advance(11s);
  reply_to_bot(h, "dave", "502", "the single is catchy");
  CHECK(BotHarness::texts(h.say("alice", "/topics")) ==
        "🔥 Open topics (top 2 of 2):\n"
        "1. #1 Old favourites — posts: 3 · hot 4.0\n"
        "2. #2 New single — posts: 1 · hot 2.0\n"
        "Details: /topic <id> · follow: /follow <id>");

  // Two days (two half-lives) later topic 1's heat is a quarter; two fresh posts make topic 2 the hotter one.
  h.clock().advance(48h);
  reply_to_bot(h, "dave", "502", "heard it on the radio today");
  h.clock().advance(61s);
  reply_to_bot(h, "erin", "502", "the video is out as well");
  CHECK(BotHarness::texts(h.say("alice", "/hot")) ==
        "🔥 Open topics (top 2 of 2):\n"
        "1. #2 New single — posts: 3 · hot 2.5\n"
        "2. #1 Old favourites — posts: 3 · hot 1.0\n"
        "Details: /topic <id> · follow: /follow <id>");
  CHECK(h.count("SELECT count(*) FROM topic WHERE id = 2 AND posts = 3") == 1);

  // A pinned topic is listed first whatever its heat.
  CHECK(BotHarness::texts(h.say("mod", "/topic pin 1")) == "📌 Topic #1 is pinned: Old favourites. It is listed first in /topics.");
  CHECK_THAT(BotHarness::texts(h.say("alice", "/topics")),
             Contains("(top 2 of 2):\n📌 #1 Old favourites — posts: 3 · hot 1.0\n2. #2 New single"));
}

TEST_CASE("/topics shows the configured number of topics", "[topics][hot]") {
  BotHarness h(example_config({}, {{"list_size = 10", "list_size = 2"}}));
  for (const char* title : {"One", "Two", "Three"}) {
    h.clock().advance(11min);
    h.say("mod", std::string("/topic new ") + title);
  }
  CHECK(BotHarness::texts(h.say("alice", "/topics")) ==
        "🔥 Open topics (top 2 of 3):\n"
        "1. #3 Three — posts: 0 · hot 1.0\n"
        "2. #2 Two — posts: 0 · hot 1.0\n"
        "Details: /topic <id> · follow: /follow <id>");
}

TEST_CASE("a reply to a topic's announcement is a post, stored and paid by the topic-post rule", "[topics][points]") {
  BotHarness h;
  const auto out = h.say("alice", "/topic new Favourite b-sides");
  deliver(h, out, "600");
  h.clock().advance(2min);
  const auto post = reply_to_bot(h, "bob", "600", "the acoustic version of track seven");
  CHECK(posts_of(h, 1) == 1);
  CHECK(h.count("SELECT count(*) FROM topic_post WHERE via = 'reply' AND message_id = '" + h.last_message_id() +
                "' AND member_id = (SELECT id FROM member WHERE user_id = 'bob')") == 1);
  CHECK(h.count("SELECT posts FROM topic WHERE id = 1") == 1);
  // An ordinary message (PointsStage) and a topic post ([points.topic_post]): each kind once.
  CHECK(ledger(h, "bob", "message") == 1);
  CHECK(ledger(h, "bob", "topic_post") == 2);
  CHECK(h.points("bob") == 3);
  CHECK(h.count("SELECT count(*) FROM point_entry WHERE reference = (SELECT reference FROM topic_post)") == 2);
  CHECK(direct_messages(h, post).empty());  // posts are silent

  // Within the topic-post cooldown: stored as a post, paid nothing more.
  h.clock().advance(20s);
  reply_to_bot(h, "bob", "600", "and the demo of the title track");
  CHECK(posts_of(h, 1) == 2);
  CHECK(h.points("bob") == 3);
  // Too short, or repeating oneself: not a post at all.
  h.clock().advance(2min);
  reply_to_bot(h, "bob", "600", "ok");
  reply_to_bot(h, "bob", "600", "And the demo of the title track!");
  CHECK(posts_of(h, 1) == 2);
  // After the cooldown the topic-post rule pays again.
  h.clock().advance(2min);
  reply_to_bot(h, "bob", "600", "honestly every b-side beats the singles");
  CHECK(posts_of(h, 1) == 3);
  CHECK(ledger(h, "bob", "topic_post") == 4);
  CHECK(h.points("bob") == h.ledger_sum("bob"));

  // A reply to one of the bot's other messages is no post.
  const auto list = h.say("carol", "/topics");
  REQUIRE(list.actions.size() == 1);
  h.app().delivered({{list.actions[0].outbox_id, "601"}});
  h.app().flush();
  h.clock().advance(2min);
  reply_to_bot(h, "carol", "601", "nice list, thanks for that");
  CHECK(posts_of(h, 1) == 3);
  CHECK(ledger(h, "carol", "reply") == 0);
}

TEST_CASE("a reply to a closed topic earns no topic credit and says so", "[topics][errors]") {
  BotHarness h;
  const auto out = h.say("alice", "/topic new Ticket swap");
  deliver(h, out, "700");
  CHECK(BotHarness::texts(h.say("mod", "/topic close 1")) ==
        "🔒 Topic #1 is closed: Ticket swap. Thanks to everyone who took part!");
  h.say("bob", "hello everyone, back from holiday");
  h.clock().advance(2min);
  const auto late = reply_to_bot(h, "bob", "700", "anyone still selling a ticket?");
  CHECK(BotHarness::texts(late) == "Topic #1 is closed: replies to it no longer count as posts.");
  CHECK(posts_of(h, 1) == 0);
  CHECK(ledger(h, "bob", "reply") == 0);
  CHECK(ledger(h, "bob", "message") == 2);  // still an ordinary message
  CHECK(h.count("SELECT pending FROM topic_follower") == 0);
}

TEST_CASE("close and pin are for moderators and each refuses what does not apply", "[topics][roles]") {
  BotHarness h;
  h.say("alice", "/topic new Cover songs");
  struct Row {
    const char* user;
    const char* command;
    const char* reply;
  };
  for (const Row& row : {
           Row{"bob", "/topic close 1", "Sorry, /topic close is for moderators only."},  // not its starter
           Row{"alice", "/topic pin 1", "Sorry, /topic pin is for moderators only."},
           Row{"bob", "/topic unpin 1", "Sorry, /topic unpin is for moderators only."},
           Row{"mod", "/topic close 5", "There is no topic #5 here."},
           Row{"mod", "/topic pin x", "“x” is not a topic number."},
           Row{"mod", "/topic unpin 1", "Topic #1 is not pinned."},
           Row{"mod", "/topic pin 1", "📌 Topic #1 is pinned: Cover songs. It is listed first in /topics."},
           Row{"owner", "/topic pin 1", "Topic #1 is already pinned."},
           Row{"owner", "/topic unpin 1", "Topic #1 is no longer pinned: Cover songs."},
           Row{"mod", "/topic close 1", "🔒 Topic #1 is closed: Cover songs. Thanks to everyone who took part!"},
           Row{"owner", "/topic close 1", "Topic #1 is already closed."},
           Row{"mod", "/topic pin 1", "Topic #1 is closed; only open topics can be pinned."},
           Row{"bob", "/follow 1", "Topic #1 is closed: there is nothing more to follow."},
       }) {
    CAPTURE(row.user, row.command);
    CHECK(BotHarness::texts(h.say(row.user, row.command)) == row.reply);
  }
  CHECK(h.count("SELECT count(*) FROM audit_log WHERE action = 'command.refused' AND detail LIKE '/topic %'") == 3);
  CHECK(h.count("SELECT count(*) FROM audit_log WHERE action IN ('topic.pin', 'topic.unpin', 'topic.close') AND "
                "detail = '#1 Cover songs'") == 3);
  CHECK(h.count("SELECT count(*) FROM topic WHERE status = 'closed' AND pinned = 0 AND closed_at IS NOT NULL") == 1);
  CHECK(BotHarness::texts(h.say("bob", "/topics")) == "No open topics yet. Start one: /topic new <title> [#tag …]");
  CHECK_THAT(BotHarness::texts(h.say("bob", "/topic 1")), StartsWith("Topic #1: Cover songs · 🔒 closed\n"));
  CHECK(h.count("SELECT count(*) FROM topic_follower WHERE member_id = (SELECT id FROM member WHERE user_id = 'bob')") == 0);
}

TEST_CASE("/follow and /unfollow each refuse a repeat", "[topics][follow]") {
  BotHarness h;
  h.say("alice", "/topic new Lyrics translations #zh");
  CHECK(BotHarness::texts(h.say("bob", "/follow 1")) ==
        "You follow topic #1: Lyrics translations. I'll message you privately about new posts, at most every 60 "
        "minutes.");
  CHECK(BotHarness::texts(h.say("bob", "/follow 1")) == "You already follow topic #1.");
  CHECK(h.count("SELECT count(*) FROM topic_follower") == 2);
  CHECK(BotHarness::texts(h.say("bob", "/unfollow 1")) == "You no longer follow topic #1: Lyrics translations.");
  CHECK(BotHarness::texts(h.say("bob", "/unfollow 1")) == "You don't follow topic #1.");
  CHECK(BotHarness::texts(h.say("carol", "/unfollow 1")) == "You don't follow topic #1.");
  CHECK(h.count("SELECT count(*) FROM topic_follower") == 1);  // alice, the starter
}

TEST_CASE("a topic started in a forum thread takes every message of the thread as a post", "[topics][thread]") {
  BotHarness h;
  const auto out = in_thread(h, "alice", "77", "/topic new Berlin meetup #meetup");
  const Action* a = announcement(out);
  REQUIRE(a != nullptr);
  CHECK(a->thread_id == "77");
  CHECK(h.count("SELECT count(*) FROM topic WHERE thread_id = '77'") == 1);

  h.clock().advance(2min);
  in_thread(h, "bob", "77", "who is bringing the banner?");
  CHECK(h.count("SELECT count(*) FROM topic_post WHERE via = 'thread'") == 1);
  CHECK(ledger(h, "bob", "message") == 1);
  CHECK(ledger(h, "bob", "topic_post") == 2);
  const std::string bob_message = h.last_message_id();

  // A reply to another member inside the thread: PointsStage pays it as a reply, and the topic post its own rule.
  h.clock().advance(2min);
  Event answer = h.message("carol", "I can bring it, it is at my place");
  answer.thread_id = "77";
  ReplyTarget target;
  target.message_id = bob_message;
  UserInfo bob;
  bob.id = "bob";
  bob.display_name = "bob";
  bob.username = "bob";
  target.author = bob;
  answer.reply_to = target;
  h.apply(answer);
  CHECK(posts_of(h, 1) == 2);
  CHECK(ledger(h, "carol", "reply") == 2);
  CHECK(ledger(h, "carol", "topic_post") == 2);
  CHECK(h.count("SELECT count(*) FROM point_entry WHERE reference = '" + answer.key + "'") == 2);

  // Other threads and the main chat are not the topic; one open topic per thread.
  in_thread(h, "dave", "78", "different thread entirely here");
  h.say("dave", "back in the main chat now");
  CHECK(posts_of(h, 1) == 2);
  CHECK(BotHarness::texts(in_thread(h, "dave", "77", "/topic new Another one")) ==
        "This thread already belongs to topic #1: Berlin meetup.");
  CHECK(h.count("SELECT count(*) FROM topic") == 1);

  // Once closed, the thread may get a new topic; messages in it no longer count for the old one.
  h.say("mod", "/topic close 1");
  h.clock().advance(11min);
  in_thread(h, "dave", "77", "still here after the close");
  CHECK(posts_of(h, 1) == 2);
  CHECK(announcement(in_thread(h, "dave", "77", "/topic new Berlin meetup part two")) != nullptr);
  CHECK(h.count("SELECT count(*) FROM topic WHERE thread_id = '77' AND status = 'open' AND id = 2") == 1);
}

TEST_CASE("followers get one batched direct message per interval", "[topics][digest]") {
  BotHarness h(example_config({}, {{"digest_minutes = 60", "digest_minutes = 30"}}));
  const std::int64_t t0 = h.clock().now_ms();
  const auto out = h.say("alice", "/topic new Stage outfits");
  deliver(h, out, "800");
  h.say("carol", "/follow 1");
  h.say("bob", "/follow 1");

  // Nothing owed yet: a tick sends nothing.
  CHECK(h.apply(tick_at(t0 + minute_ms)).actions.empty());

  for (const char* text : {"the red jacket from the last tour", "the sparkly boots, obviously", "matching outfits!"}) {
    h.clock().advance(61s);
    reply_to_bot(h, "bob", "800", text);
  }
  const std::int64_t t1 = h.clock().now_ms() + minute_ms;
  const auto first = h.apply(tick_at(t1));
  // bob's own posts are not news to bob.
  CHECK(direct_messages(h, first) == std::vector<std::string>{"alice: 🔔 3 new posts in topic #1: Stage outfits",
                                                               "carol: 🔔 3 new posts in topic #1: Stage outfits"});
  for (const auto& a : first.actions) CHECK(a.platform == "console");
  CHECK(h.apply(tick_at(t1 + minute_ms)).actions.empty());

  // A post 5 minutes later: bob has had no digest yet and hears at once; alice waits until 30 minutes after hers.
  h.clock().advance(5min);
  reply_to_bot(h, "carol", "800", "I would wear the red jacket too");
  const auto to_bob = h.apply(tick_at(t1 + 10 * minute_ms));
  CHECK(direct_messages(h, to_bob) == std::vector<std::string>{"bob: 🔔 1 new post in topic #1: Stage outfits"});
  CHECK(h.apply(tick_at(t1 + 29 * minute_ms)).actions.empty());
  const auto to_alice = h.apply(tick_at(t1 + 30 * minute_ms));
  CHECK(direct_messages(h, to_alice) == std::vector<std::string>{"alice: 🔔 1 new post in topic #1: Stage outfits"});
  CHECK(h.count("SELECT count(*) FROM topic_follower WHERE pending > 0") == 0);

  // An unfollowed topic sends nothing more.
  h.say("alice", "/unfollow 1");
  h.say("bob", "/unfollow 1");
  h.clock().advance(61s);
  reply_to_bot(h, "carol", "800", "what about hats, anyone?");
  CHECK(h.apply(tick_at(t1 + 120 * minute_ms)).actions.empty());
}

TEST_CASE("a digest is written in the community's language", "[topics][digest]") {
  BotHarness h(example_config("[[community]]\nplatform = \"console\"\nchat_id = \"fanclub\"\nlanguage = \"zh\"\n"));
  const auto out = h.say("alice", "/topic new 演唱会 #live");
  REQUIRE(announcement(out) != nullptr);
  CHECK(announcement(out)->text == "🗣 话题 #1：演唱会 #live\n由 alice 发起。回复这条消息参与讨论 · /follow 1 关注更新。");
  deliver(h, out, "900");
  h.clock().advance(61s);
  reply_to_bot(h, "bob", "900", "我买到票了，好开心");
  const auto tick = h.apply(tick_at(h.clock().now_ms() + minute_ms));
  CHECK(direct_messages(h, tick) == std::vector<std::string>{"alice: 🔔 话题 #1「演唱会」有 1 条新帖"});
  CHECK(BotHarness::texts(h.say("bob", "/follow 3")) == "这里没有 #3 号话题。");
}

TEST_CASE("the topic of the week is posted once a week at its local time", "[topics][weekly]") {
  const std::string weekly =
      "[[topics.weekly]]\ntitle = \"What are you listening to?\"\ntags = [\"music\", \"#Weekly\"]\n"
      "weekday = \"friday\"\ntime = \"20:00\"\nchat_id = \"fanclub\"\n";
  // +08:00: Friday 20:00 local is Friday 12:00 UTC.
  BotHarness h(example_config(weekly, {{"timezone = \"UTC\"", "timezone = \"+08:00\""}}));
  const std::int64_t thursday = h.clock().now_ms();  // 2026-01-01 00:00 UTC, a Thursday
  const std::int64_t friday_20_local = thursday + day_ms + 12 * hour_ms;
  CHECK(h.apply(tick_at(thursday)).actions.empty());
  CHECK(h.apply(tick_at(friday_20_local - minute_ms)).actions.empty());
  const auto posted = h.apply(tick_at(friday_20_local));
  REQUIRE(posted.actions.size() == 1);
  const Action& a = posted.actions[0];
  CHECK(a.text == "🗓 Topic of the week #1: What are you listening to? #music #weekly\n"
                  "Reply to this message to join in · /follow 1 for updates.");
  CHECK(a.subject == "topic:1");
  CHECK(a.chat_id == "fanclub");
  CHECK(a.platform == "console");
  CHECK(h.count("SELECT count(*) FROM topic WHERE starter_id IS NULL AND tags = 'music weekly'") == 1);
  CHECK(h.count("SELECT count(*) FROM topic_weekly") == 1);
  // Not again that week, however many ticks follow.
  CHECK(h.apply(tick_at(friday_20_local + minute_ms)).actions.empty());
  CHECK(h.apply(tick_at(friday_20_local + 2 * day_ms)).actions.empty());  // Sunday
  // Telegram's ticks do not post a console entry.
  Event telegram_tick = tick_at(friday_20_local + 7 * day_ms);
  telegram_tick.platform = "telegram";
  CHECK(h.apply(telegram_tick).actions.empty());
  // The next Friday it is posted again, as a new topic.
  const auto next = h.apply(tick_at(friday_20_local + 7 * day_ms + minute_ms));
  REQUIRE(next.actions.size() == 1);
  CHECK_THAT(next.actions[0].text, StartsWith("🗓 Topic of the week #2: What are you listening to?"));
  // Its summary names the schedule as its starter.
  h.clock().set(friday_20_local + 7 * day_ms + 2 * minute_ms);
  CHECK_THAT(BotHarness::texts(h.say("alice", "/topic 2")),
             Contains("\nTopic of the week, posted 2026-01-09 20:01\nPosts: 0 · participants: 0 · followers: 0"));
}

TEST_CASE("the topic of the week is not posted again after a restart", "[topics][weekly]") {
  ScratchDir dir;
  const std::string db = (dir.path / "fan.db").string();
  const std::string weekly =
      "[[topics.weekly]]\ntitle = \"Weekend plans\"\nweekday = \"thursday\"\ntime = \"00:00\"\nchat_id = \"fanclub\"\n";
  std::int64_t now = 0;
  {
    BotHarness h(example_config(weekly), db);
    now = h.clock().now_ms();  // Thursday 00:00 UTC: due at once
    REQUIRE(h.apply(tick_at(now)).actions.size() == 1);
  }
  {
    BotHarness h(example_config(weekly), db);
    Event again = tick_at(now + hour_ms);
    again.key = "tick:after-restart";
    CHECK(h.apply(again).actions.empty());
    CHECK(h.count("SELECT count(*) FROM topic") == 1);
    // A bot that starts later in a week it has not posted in posts at its first tick.
    Event next_week = tick_at(now + 8 * day_ms);
    CHECK(h.apply(next_week).actions.size() == 1);
    CHECK(h.count("SELECT count(*) FROM topic_weekly") == 2);
  }
}

TEST_CASE("the console shows a direct message with its recipient", "[topics][console]") {
  BotHarness h;
  console::ConsoleOptions options;
  console::ConsolePlatform console(options, h.app(), h.clock());
  std::istringstream in(
      "alice: /topic new Tour dates #live\n"
      "bob: /follow 1\n"
      "/wait 2m\n"
      "carol>b1: I am going to the Berlin show\n"
      "/wait 2m\n"
      "carol: see you all there then\n");
  std::ostringstream out;
  console.run(in, out);
  CHECK(out.str() ==
        "fanbase b1: 🗣 Topic #1: Tour dates #live\n"
        "  Started by alice. Reply to this message to join in · /follow 1 for updates.\n"
        "fanbase: You follow topic #1: Tour dates. I'll message you privately about new posts, at most every 60 "
        "minutes.\n"
        "fanbase: 🏅 carol earned the badge “初次发言 First Words”: Sent a first message · 第一次发言\n"
        "fanbase → alice: 🔔 1 new post in topic #1: Tour dates\n"
        "fanbase → bob: 🔔 1 new post in topic #1: Tour dates\n");
  CHECK(h.count("SELECT count(*) FROM topic_post") == 1);
}
