// [commands].rate_limit: a member's commands make the bot answer at most `count` times per family within the
// window; the first one over gets one "slow down", the rest silence until the window has room. Staff are exempt.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "config/commands_config.hpp"
#include "handlers/core/command_limiter.hpp"
#include "support/bot_harness.hpp"

using namespace fanbase;
using fanbase::testing::BotHarness;
using fanbase::testing::example_config;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {

// The example as shipped, rate limit included (example_config() turns it off unless a test names it).
config::Config limited(const std::string& extra_toml = {}) {
  const std::string line = "rate_limit = { count = 5, per_seconds = 60 }";
  return example_config(extra_toml, {{line, line}});
}

// How many of `n` identical commands by `user` the bot answered (with any text), and the texts of the answered.
struct Spam {
  int answered = 0;
  std::string texts;
};
Spam spam(BotHarness& h, const std::string& user, const std::string& command, int n) {
  Spam s;
  for (int i = 0; i < n; ++i) {
    const std::string text = BotHarness::texts(h.say(user, command));
    if (text.empty()) continue;
    ++s.answered;
    s.texts += text + "\n===\n";
  }
  return s;
}

}  // namespace

TEST_CASE("thirty commands of one family get five answers, one slow-down and then silence", "[commands][rate-limit]") {
  BotHarness h(limited());
  const std::string command = GENERATE(std::string("/askanyway a"), std::string("/topic new x"),
                                       std::string("/recommend"), std::string("/topics"), std::string("/nosuchcommand"));
  CAPTURE(command);
  const Spam s = spam(h, "bob", command, 30);
  CHECK(s.answered == 6);  // 5 within the limit + the one "slow down"
  CHECK_THAT(s.texts, Contains("Slow down: too many commands. Try again in 60 s."));
  // Silence until the window has room: the window slides from the first command.
  h.clock().advance(59s);
  CHECK(BotHarness::texts(h.say("bob", command)).empty());
  h.clock().advance(1s);
  for (int i = 0; i < 5; ++i) {
    const std::string text = BotHarness::texts(h.say("bob", command));
    CHECK_FALSE(text.empty());
    CHECK_THAT(text, !Contains("Slow down"));
  }
  CHECK_THAT(BotHarness::texts(h.say("bob", command)), Contains("Try again in 60 s."));
}

TEST_CASE("the limit counts per member and per command family", "[commands][rate-limit]") {
  BotHarness h(limited());
  CHECK(spam(h, "bob", "/topics", 10).answered == 6);
  CHECK(BotHarness::texts(h.say("bob", "/follow 1")).empty());          // the same family (topics): silent
  CHECK_THAT(BotHarness::texts(h.say("bob", "/points")), Contains("bob"));  // another family (points)
  CHECK_FALSE(BotHarness::texts(h.say("bob", "/questions")).empty());    // another family (qa)
  CHECK_FALSE(BotHarness::texts(h.say("carol", "/topics")).empty());     // another member
  // Nothing is written per command: the limit lives in memory.
  CHECK(h.count("SELECT count(*) FROM audit_log WHERE action LIKE '%rate%'") == 0);
}

TEST_CASE("moderators and owners are not rate-limited", "[commands][rate-limit]") {
  BotHarness h(limited());
  const std::string who = GENERATE(std::string("mod"), std::string("owner"));
  CAPTURE(who);
  CHECK(spam(h, who, "/topics", 30).answered == 30);
}

TEST_CASE("the slow-down speaks the community's language", "[commands][rate-limit][language]") {
  BotHarness h(limited("[[community]]\nplatform = \"console\"\nchat_id = \"fanclub\"\nlanguage = \"zh\"\n"));
  CHECK_THAT(spam(h, "bob", "/topics", 7).texts, Contains("慢一点：命令太频繁了，请 60 秒后再试。"));
}

TEST_CASE("[commands].rate_limit is configurable and count = 0 turns it off", "[commands][rate-limit][config]") {
  SECTION("two per ten seconds") {
    BotHarness h(example_config({}, {{"rate_limit = { count = 5, per_seconds = 60 }",
                                      "rate_limit = { count = 2, per_seconds = 10 }"}}));
    const Spam s = spam(h, "bob", "/topics", 5);
    CHECK(s.answered == 3);
    CHECK_THAT(s.texts, Contains("Try again in 10 s."));
    h.clock().advance(10s);
    CHECK_THAT(BotHarness::texts(h.say("bob", "/topics")), !Contains("Slow down"));
  }
  SECTION("off") {
    BotHarness h(example_config({}, {{"rate_limit = { count = 5, per_seconds = 60 }",
                                      "rate_limit = { count = 0, per_seconds = 60 }"}}));
    CHECK(spam(h, "bob", "/topics", 30).answered == 30);
  }
}

TEST_CASE("CommandLimiter slides its window and never locks out after the clock goes back", "[commands][rate-limit][unit]") {
  handlers::CommandLimiter limiter;
  const config::CommandRateLimit limit{2, 10};
  using V = handlers::CommandLimiter::Verdict;
  CHECK(limiter.check("tg:1", "qa", 1'000, limit).verdict == V::allow);
  CHECK(limiter.check("tg:1", "qa", 5'000, limit).verdict == V::allow);
  const auto over = limiter.check("tg:1", "qa", 6'000, limit);
  CHECK(over.verdict == V::warn);
  CHECK(over.wait_seconds == 5);
  CHECK(limiter.check("tg:1", "qa", 6'500, limit).verdict == V::quiet);
  CHECK(limiter.check("tg:1", "topics", 6'500, limit).verdict == V::allow);
  CHECK(limiter.check("tg:2", "qa", 6'500, limit).verdict == V::allow);
  CHECK(limiter.check("tg:1", "qa", 11'000, limit).verdict == V::allow);  // the first one left the window
  CHECK(limiter.check("tg:1", "qa", 12'000, limit).verdict == V::warn);   // a new episode is told again
  // A far-future event filled the window: a later event dated now still gets through.
  CHECK(limiter.check("tg:3", "qa", 9'000'000'000'000, limit).verdict == V::allow);
  CHECK(limiter.check("tg:3", "qa", 9'000'000'000'000, limit).verdict == V::allow);
  CHECK(limiter.check("tg:3", "qa", 20'000, limit).verdict == V::allow);
  // Idle windows are dropped once many members have been seen.
  for (int i = 0; i < 5000; ++i) limiter.check("tg:x" + std::to_string(i), "qa", 100'000, limit);
  for (int i = 0; i < 5000; ++i) limiter.check("tg:y" + std::to_string(i), "qa", 200'000, limit);
  CHECK(limiter.tracked() < 6000);  // the 5000 idle "x" windows went
}
