// The console platform as a user meets it: `fanbase run` as a separate process, a script of chat lines on stdin,
// the bot's replies on stdout. The whole transcript is compared, so any change in wording or order shows here.
#include <catch2/catch.hpp>

#include <string>

#include "e2e/e2e.hpp"

using namespace fanbase::e2e;

namespace {

// Members chat, reply and react, a moderator and the owner adjust points, a newcomer checks in two days running,
// and the console's own line format is exercised (/as, /wait, a reply to a message that does not exist, pressing
// a button of /top and a button that does not exist).
const std::string session_input = R"(# The Fan Club, one evening. Lines starting with # are comments.
alice: hello everyone, the new album is out today
bob: yes! listening to it right now
bob>1: the second track is my favourite
carol: what did I miss? just got home
carol +2
alice: /points
/points
bob: /points@fanbase
bob: /points@otherbot
carol: /award @bob 10 great answer
mod: /award @bob 10 great answer
owner: /revoke @bob 3 double post
bob: /points
carol: /frobnicate
bob>99: hi
/as dave
hi all, I am new here
/checkin
/wait 1d
/checkin
/top
/press 1
/press b1 7
/help
/quit
alice: this line comes after /quit and is never read
)";

const std::string session_output =
    R"(fanbase: 🏅 alice earned the badge “初次发言 First Words”: Sent a first message · 第一次发言
fanbase: 🏅 bob earned the badge “初次发言 First Words”: Sent a first message · 第一次发言
fanbase: 🏅 carol earned the badge “初次发言 First Words”: Sent a first message · 第一次发言
fanbase: alice: balance 1 · lifetime 1 · Lv.1 新粉 Newcomer
  49 more to Lv.2 活跃粉 Regular.
fanbase: alice: balance 1 · lifetime 1 · Lv.1 新粉 Newcomer
  49 more to Lv.2 活跃粉 Regular.
fanbase: bob: balance 4 · lifetime 4 · Lv.1 新粉 Newcomer
  46 more to Lv.2 活跃粉 Regular.
fanbase: Sorry, /award is for moderators only.
fanbase: mod gave 10 points to bob: great answer. bob now has 14.
fanbase: owner took 3 points from bob: double post. bob now has 11.
fanbase: bob: balance 11 · lifetime 11 · Lv.1 新粉 Newcomer
  39 more to Lv.2 活跃粉 Regular.
fanbase: I don't know /frobnicate. Type /help to see what I can do.
console: there is no message #99 in this session
fanbase: 🏅 dave earned the badge “初次发言 First Words”: Sent a first message · 第一次发言
fanbase: ✅ dave checked in: +5 · streak 1 · balance 6.
fanbase: ✅ dave checked in: +6 · streak 2 · balance 12.
fanbase b1: 🏆 Top 10 · all time
  1. dave — 12
  2. bob — 11
  3. alice — 1
  4. carol — 1
  [1 7 days] [2 30 days] [3 • All time]
fanbase edits b1: 🏆 Top 10 · last 7 days
  1. dave — 12
  2. bob — 11
  3. alice — 1
  4. carol — 1
  [1 • 7 days] [2 30 days] [3 All time]
console: b1 has 3 buttons
fanbase: Commands:
  /help [command] — List commands, or explain one.
  /points [@user] — Show your points and level, or another member's.
  /rank [@user] — Your position on the leaderboard.
  /top [N] [week|month|all] — The leaderboard: top N for the last week, month or all time.
  /checkin — Daily check-in; consecutive days earn a streak bonus.
  /history [@user] — Your latest point changes (someone else's: moderators).
  /badges [@user] — Badges earned and still to earn.
  /levels — The level ladder and its honour titles.
  /warns [@user] — Active warnings: yours, or a member's (moderators).
  /report (reply) [reason] — Reply to a message to report it to the moderators.
  /ask <question> [#tag …] — Ask the community a question; similar open ones are shown first.
  /askanyway <question> [#tag …] — Post a question at once, without looking for similar ones.
  /answer <question> <text> — Answer a question (or simply reply to the question's message).
  /upvote <answer> — Upvote a helpful answer (once per answer).
  /accept <answer> — Accept the answer that solved the question (the asker or moderators).
  /close <question> — Close a question to new answers (the asker or moderators).
  /questions [open|mine|#tag] — List questions: open ones (default), yours, or those with a #tag.
  /question <question> — Show a question with its answers, accepted and most upvoted first.
  /topic new <title> [#tag …] | <id> | close|pin|unpin <id> — Start a topic, or show one; its starter or a moderator closes it; moderators pin and unpin.
  /topics — Open topics, hottest first.
  /follow <id> — Follow a topic: I message you privately about new posts.
  /unfollow <id> — Stop following a topic.
  /posts — The newest content here: topics, questions and posts.
  /open <id> — Open a content item by its number.
  /recommend [N] — N picks for you (default 5), each with its reason.
  /profile — Your segment, level and interests.
  /digest [daily|weekly|off] [HOUR] — Your picks by private message: daily, weekly or off, at an hour you choose.

  Type /help <command> for details.
  Console lines: NAME: text · NAME>N: text (reply to #N, or to the bot's bN) · NAME +N (react 👍 to #N)
  text (as the current speaker) · /press K or /press bN K (a button) · /as NAME · /wait 10m (move the clock) · /quit
)";

}  // namespace

TEST_CASE("A console session run as a real process prints exactly the expected transcript", "[e2e][console]") {
  TempDir dir;
  const auto result = run_fanbase({"run", "--config", example_config, "--db", dir / "fan.db"}, session_input, dir);
  INFO(result.describe());
  REQUIRE(result.exit_code == 0);
  CHECK(result.out == session_output);
  // The log goes to stderr, never into the chat transcript.
  CHECK(result.err.find("event=fanbase.started") != std::string::npos);
  CHECK(result.err.find("event=fanbase.stopped") != std::string::npos);
  CHECK(result.out.find("event=") == std::string::npos);
}

TEST_CASE("The console session leaves the points it announced in the database", "[e2e][console]") {
  TempDir dir;
  const std::string db = dir / "fan.db";
  const auto result = run_fanbase({"run", "--config", example_config, "--db", db}, session_input, dir);
  INFO(result.describe());
  REQUIRE(result.exit_code == 0);

  // Balances and lifetime points match what the bot said.
  CHECK(query_rows(db, "SELECT user_id, points, earned FROM member WHERE earned > 0 ORDER BY earned DESC, id") ==
        std::vector<std::string>{"dave|12|12", "bob|11|11", "alice|1|1", "carol|1|1"});
  // The moderator and the owner spoke (commands only), so they are members without points.
  CHECK(query_rows(db, "SELECT user_id, points FROM member WHERE earned = 0 ORDER BY user_id") ==
        std::vector<std::string>{"mod|0", "owner|0"});
  // Every balance is the sum of its ledger.
  CHECK(query_int(db, "SELECT count(*) FROM member m WHERE m.points <> "
                      "(SELECT coalesce(sum(delta), 0) FROM point_entry e WHERE e.member_id = m.id)") == 0);
  // bob's ledger: a message, a reply, carol's reaction, mod's award and owner's revoke with their notes.
  CHECK(query_rows(db, "SELECT e.reason, e.delta, e.note, coalesce(a.user_id, '') FROM point_entry e "
                       "JOIN member m ON m.id = e.member_id LEFT JOIN member a ON a.id = e.actor_id "
                       "WHERE m.user_id = 'bob' ORDER BY e.id") ==
        std::vector<std::string>{"message|1||", "reply|2||", "reaction_received|1||", "award|10|great answer|mod",
                                 "revoke|-3|double post|owner"});
  CHECK(query_rows(db, "SELECT reason, delta FROM point_entry e JOIN member m ON m.id = e.member_id "
                       "WHERE m.user_id = 'dave' ORDER BY e.id") ==
        std::vector<std::string>{"message|1", "checkin|5", "checkin|6"});
  CHECK(query_rows(db, "SELECT streak, best_streak, count FROM member_activity a JOIN member m ON m.id = a.member_id "
                       "WHERE m.user_id = 'dave' AND a.kind = 'checkin'") == std::vector<std::string>{"2|2|2"});
  // The refused /award changed nothing and is in the audit log next to the accepted ones.
  CHECK(query_rows(db, "SELECT l.action, a.user_id FROM audit_log l JOIN member a ON a.id = l.actor_id ORDER BY l.id") ==
        std::vector<std::string>{"command.refused|carol", "points.award|mod", "points.revoke|owner"});
  // Every reply shown was marked delivered: nothing is left for the next start to print as "(undelivered)".
  CHECK(query_int(db, "SELECT count(*) FROM outbox WHERE state <> 'sent'") == 0);
}

TEST_CASE("A console line without a known speaker is said by the default user from the config", "[e2e][console]") {
  TempDir dir;
  const auto result =
      run_fanbase({"run", "--db", dir / "fan.db"}, "good evening to all of you\n/points\n/as Zoe\n/points\n", dir);
  INFO(result.describe());
  REQUIRE(result.exit_code == 0);
  // Names are case-insensitive: /as Zoe speaks as zoe.
  CHECK(result.out ==
        "fanbase: 🏅 alice earned the badge “初次发言 First Words”: Sent a first message · 第一次发言\n"
        "fanbase: alice: balance 1 · lifetime 1 · Lv.1 新粉 Newcomer\n"
        "  49 more to Lv.2 活跃粉 Regular.\n"
        "fanbase: zoe: balance 0 · lifetime 0 · Lv.1 新粉 Newcomer\n"
        "  50 more to Lv.2 活跃粉 Regular.\n");
}

TEST_CASE("Malformed console lines are explained and the session goes on", "[e2e][console]") {
  TempDir dir;
  const auto result = run_fanbase({"run", "--db", dir / "fan.db"},
                              "carol +1\n/wait soon\n/as\nbob:\nalice: still here, all good\n", dir);
  INFO(result.describe());
  REQUIRE(result.exit_code == 0);
  CHECK(result.out ==
        "console: there is no message #1 in this session\n"
        "console: usage: /wait DURATION (e.g. 90s, 10m, 2h, 1d)\n"
        "console: usage: /as NAME\n"
        "console: nothing to say after \"bob:\"\n"
        "fanbase: 🏅 alice earned the badge “初次发言 First Words”: Sent a first message · 第一次发言\n");
}
