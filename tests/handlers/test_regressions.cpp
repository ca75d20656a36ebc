// Review findings: windowed leaderboards, out-of-order events, a shortened level ladder, and a regression guard
// for the leaderboard cache across a batch re-run. Each test names the rule it checks.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <future>
#include <mutex>
#include <string>
#include <vector>

#include "support/bot_harness.hpp"

using namespace fanbase;
using fanbase::testing::BotHarness;
using fanbase::testing::example_config;
using namespace std::chrono_literals;
using Catch::Matchers::StartsWith;

namespace {

constexpr std::int64_t hour_ms = 3'600'000;
constexpr std::int64_t day_ms = 24 * hour_ms;

// A fresh directory under /tmp, removed at scope end.
struct ScratchDir {
  std::filesystem::path path;
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "fanbase-review-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

}  // namespace

// LeaderboardCache::top merges "the past top N" with "everyone with points today". That is only exact when
// today's deltas are never negative: a /revoke today can drop a past leader below a member ranked N+1 in the
// past days, who is then never considered.
TEST_CASE("a windowed top N still finds the member who outranks one whose points were revoked today",
          "[commands][top][review]") {
  BotHarness h;
  h.say("alice", "hello there everyone");
  h.say("bob", "good evening to all");
  h.say("mod", "/award @alice 20 early bird");  // alice 21 this week
  h.say("mod", "/award @bob 15 helpful");       // bob 16 this week
  h.clock().advance(24h);                       // those days are now past days
  h.say("mod", "/revoke @alice 10 mistake");    // alice 11 this week, bob still 16
  CHECK(BotHarness::texts(h.say("carol", "/top 1 week")) == "🏆 Top 1 · last 7 days\n1. bob — 16");
  CHECK(BotHarness::texts(h.say("carol", "/top week")) == "🏆 Top 10 · last 7 days\n1. bob — 16\n2. alice — 11");
}

// The past days' sums are cached per community and day on the assumption that rows for past days never
// arrive later. An update delivered after midnight but dated before it (the platform's time) breaks that.
TEST_CASE("points dated on a day whose sums are already cached still count in /top week", "[commands][top][review]") {
  BotHarness h;
  const std::int64_t day0 = h.clock().now_ms();  // 2026-01-01T00:00Z
  h.say("alice", "hello there everyone");
  h.say("bob", "good evening to all");
  h.clock().advance(25h);
  CHECK(BotHarness::texts(h.say("carol", "/top week")) == "🏆 Top 10 · last 7 days\n1. alice — 1\n2. bob — 1");
  Event late = h.message("bob", "a thought from last night, delivered late");
  late.at_ms = day0 + 23 * hour_ms;  // yesterday 23:00, delivered now
  h.apply(late);
  REQUIRE(h.ledger_sum("bob") == 2);
  CHECK(BotHarness::texts(h.say("carol", "/top week")) == "🏆 Top 10 · last 7 days\n1. bob — 2\n2. alice — 1");
}

// The past days' sums roll forward when the day turns (yesterday added, the day that left the window
// subtracted) instead of being summed again. Day after day, with a late event and days without a /top between
// (a full re-sum), /top week and /top month must equal the ledger's sums over the window.
TEST_CASE("windowed boards rolled forward day by day equal the ledger's sums over the window",
          "[commands][top][review]") {
  BotHarness h;
  const std::int64_t day0 = h.clock().now_ms();  // 2026-01-01T00:00Z, timezone 0
  auto window_sum = [&](const std::string& user, std::int64_t today, int days) {
    return h.count("SELECT coalesce(sum(p.delta), 0) FROM point_entry p JOIN member m ON m.id = p.member_id "
                   "WHERE m.user_id = '" + user + "' AND p.at >= " +
                   std::to_string(day0 + (today - days + 1) * day_ms));
  };
  auto expected = [&](std::int64_t today, int days) {
    std::vector<std::pair<std::int64_t, std::string>> rows;
    for (const std::string user : {"alice", "bob"}) {
      if (const std::int64_t points = window_sum(user, today, days); points > 0) rows.emplace_back(points, user);
    }
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::string text = "🏆 Top 10 · last " + std::to_string(days) + " days";
    for (std::size_t i = 0; i < rows.size(); ++i) {
      text += "\n" + std::to_string(i + 1) + ". " + rows[i].second + " — " + std::to_string(rows[i].first);
    }
    return text;
  };
  h.say("alice", "hello there everyone");  // alice joins first: she wins ties
  h.say("bob", "good evening to all");
  for (std::int64_t day = 0; day < 40; ++day) {
    h.clock().advance(24h);
    const std::int64_t today = day + 1;
    h.say("alice", "another day another thought " + std::to_string(today));
    h.say("mod", "/award @bob " + std::to_string(today % 4 + 1) + " steady");
    if (today % 9 == 4) {  // a late event dated two days ago, after those days were summed
      Event late = h.message("alice", "delivered very late " + std::to_string(today));
      late.at_ms = day0 + (today - 2) * day_ms + 3 * hour_ms;
      h.apply(late);
    }
    if (today % 5 == 2) {  // a late event dated yesterday, after today's first points turned the day
      Event late = h.message("bob", "last night's words " + std::to_string(today));
      late.at_ms = day0 + today * day_ms - hour_ms;
      h.apply(late);
    }
    if (today % 4 == 0) h.say("mod", "/revoke @alice 1 correction");
    if (today % 7 == 3) continue;  // no /top today: tomorrow's sums are computed afresh
    INFO("day " << today);
    CHECK(BotHarness::texts(h.say("carol", "/top week")) == expected(today, 7));
    CHECK(BotHarness::texts(h.say("carol", "/top month")) == expected(today, 30));
  }
}

// Incentives::interaction resets the per-kind day counter whenever the event's day differs from the stored
// one, including when the event's day is EARLIER. One late event then wipes today's counter and the cap opens.
TEST_CASE("a late event from an earlier day does not reopen today's per-kind daily cap", "[points][review]") {
  auto config = example_config({}, {{"cooldown_seconds = 60\ndaily_cap = 100\nmin_length = 3",
                                     "cooldown_seconds = 0\ndaily_cap = 3\nmin_length = 3"}});
  BotHarness h(config);
  h.clock().advance(12h);
  const std::int64_t noon = h.clock().now_ms();
  h.say("alice", "first thing today");
  h.say("alice", "second thought here");
  h.say("alice", "third remark made");
  REQUIRE(h.points("alice") == 3);  // today's cap for messages
  Event late = h.message("alice", "something from last night");
  late.at_ms = noon - 13 * hour_ms;  // yesterday 23:00
  h.apply(late);
  h.say("alice", "fourth idea shared");
  h.say("alice", "fifth message sent");
  const std::string today_sql = "SELECT coalesce(sum(delta), 0) FROM point_entry WHERE reason = 'message' AND at >= " +
                                std::to_string(noon - 12 * hour_ms);
  CHECK(h.count(today_sql) == 3);
}

// member.level is stored; the ladder comes from the config. After the owner removes levels, a member whose
// stored level no longer exists makes Incentives::level() throw (std::vector::at) for /points and /rank.
TEST_CASE("/points and /rank still answer after the owner shortens the level ladder", "[levels][review]") {
  ScratchDir dir;
  const std::string path = (dir.path / "fanbase.db").string();
  {
    BotHarness h(example_config(), path);
    h.say("bob", "hello there everyone");
    h.say("mod", "/award @bob 1600 big help");
    REQUIRE(h.count("SELECT level FROM member WHERE user_id = 'bob'") == 4);  // Lv.5 Opinion Leader
  }
  auto shorter = example_config(
      {}, {{"[[levels]]\nthreshold = 600\ntitle = \"核心粉 Core Fan\"\ntitle_zh = \"核心粉\"\n\n[[levels]]\nthreshold = 1500\n"
            "title = \"意见领袖 Opinion Leader\"\ntitle_zh = \"意见领袖\"\n\n[[levels]]\nthreshold = 4000\n"
            "title = \"传奇 Legend\"\ntitle_zh = \"传奇\"\n",
            ""}});
  REQUIRE(shorter.levels.size() == 3);
  BotHarness h(shorter, path);
  Event points = h.message("bob", "/points");
  points.key = "second-run:1";  // the first harness used test:1, test:2
  const Outcome out = h.apply(points);
  CHECK_FALSE(out.failed);
  CHECK_THAT(BotHarness::texts(out), StartsWith("bob: balance 1601 · lifetime 1601 · Lv.3"));
  Event rank = h.message("bob", "/rank");
  rank.key = "second-run:2";
  CHECK_FALSE(h.apply(rank).failed);
}

// Regression guard (passes): an optimistic batch that fails and is re-run isolated must not count the points
// of its events twice in the in-memory "today" sums (the writer's on_rollback clears them before the re-run).
TEST_CASE("a batch re-run after a failure does not double count today's leaderboard sums", "[commands][top][review]") {
  auto config = example_config({}, {{"batch_max_events = 1024", "batch_max_events = 3"},
                                    {"batch_max_wait_us = 2000", "batch_max_wait_us = 1000000"}});
  BotHarness h(config);
  h.say("bob", "good evening to all");
  REQUIRE(BotHarness::texts(h.say("carol", "/top week")) == "🏆 Top 10 · last 7 days\n1. bob — 1");  // loads today

  // Three jobs in one batch: an award (recorded in the cache), an event that throws (a command by an author
  // without an id: the check-in's activity row violates the member foreign key), and a /top that reads the cache.
  Event award = h.message("mod", "/award @bob 5 thanks");
  Event broken = h.message("", "/checkin");
  Event top = h.message("carol", "/top week");
  std::promise<void> all_done;
  std::mutex mutex;
  int remaining = 3;
  std::vector<std::pair<bool, Outcome>> results(3);
  auto done_for = [&](int i) {
    return [&, i](bool committed, Outcome& outcome) {
      std::lock_guard lock(mutex);
      results[static_cast<std::size_t>(i)] = {committed, outcome};
      if (--remaining == 0) all_done.set_value();
    };
  };
  h.app().submit(award, done_for(0));
  h.app().submit(broken, done_for(1));
  h.app().submit(top, done_for(2));
  all_done.get_future().wait();
  CHECK(results[0].first);
  CHECK(results[1].second.failed);  // the isolated pass caught it
  REQUIRE(results[2].first);
  CHECK(BotHarness::texts(results[2].second) == "🏆 Top 10 · last 7 days\n1. bob — 6");
  CHECK(h.ledger_sum("bob") == 6);
}

// Telegram sends a text_mention for members without a username; its span is their display name, which usually
// has a space ("Alice Liddell"). The parser splits arguments on white space, so the span never equals one
// argument and CommandContext::looks_like_member/member_arg cannot find it.
TEST_CASE("a moderator can award a member named by a multi-word text mention", "[commands][roles][review]") {
  BotHarness h;
  Event hello = h.message("alice", "hello there everyone");
  hello.author.display_name = "Alice Liddell";
  hello.author.username.clear();
  h.apply(hello);
  Event award = h.message("mod", "/award Alice Liddell 5 thanks");
  award.mentions = {Mention{"Alice Liddell", UserInfo{"alice", "Alice Liddell", "", false}}};
  CHECK(BotHarness::texts(h.apply(award)) == "mod gave 5 points to Alice Liddell: thanks. Alice Liddell now has 6.");
  CHECK(h.points("alice") == 6);
}

// Usernames move between accounts. A member row keeps its old username until that member speaks again, so two
// rows can share one; MemberRepository::by_username then returns whichever the index yields first (the oldest
// row), and /award @name credits the previous owner of the name.
TEST_CASE("@username names the member who holds it now, not a previous holder", "[commands][roles][review]") {
  BotHarness h;
  Event old_holder = h.message("u1", "hello there everyone");
  old_holder.author.username = "star";
  h.apply(old_holder);
  h.clock().advance(1h);
  Event new_holder = h.message("u2", "hi, the name is mine now");  // u1 renamed meanwhile (not seen since)
  new_holder.author.username = "star";
  h.apply(new_holder);
  h.say("mod", "/award @star 5 thanks");
  CHECK(h.points("u2") == 6);
  CHECK(h.points("u1") == 1);
}
