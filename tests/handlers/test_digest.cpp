// Stories about digests: opting in and out, the hour and quiet hours, sending on ticks only when something is new,
// never twice a day, the weekly cap, and picks that skip what the member saw or wrote.
#include <catch2/catch.hpp>

#include "support/bot_harness.hpp"

using namespace fanbase;
using fanbase::testing::BotHarness;
constexpr auto said = &BotHarness::said;
constexpr auto of_kind = &BotHarness::of_kind;
using fanbase::testing::example_config;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

constexpr std::int64_t hour_ms = 3'600'000;

std::vector<const Action*> dms(const Outcome& out, const std::string& to) {
  std::vector<const Action*> found;
  for (const auto& a : out.actions) {
    if (a.kind == ActionKind::send_direct && a.user_id == to) found.push_back(&a);
  }
  return found;
}

Outcome tick(BotHarness& h) {
  Event e;
  e.kind = EventKind::tick;
  e.platform = "console";
  e.at_ms = h.clock().now_ms();
  e.key = "tick:" + std::to_string(e.at_ms);
  return h.apply(e);
}

// An owner's post (through /post add, as in use: the recommender's catalogue hears of it).
void add_item(BotHarness& h, const std::string& title, const std::string& tag) {
  h.say("owner", "/post add https://example.com/" + std::to_string(h.clock().now_ms()) + " \"" + title + "\" #" + tag);
}

}  // namespace

TEST_CASE("/digest subscribes at an hour, refuses bad input and quiet hours, and stops", "[digest]") {
  BotHarness h;
  CHECK(said(h.say("amy", "/digest")) == "You get no digest. /digest daily or /digest weekly [HOUR] to start.");
  CHECK(said(h.say("amy", "/digest sometimes")) == "Usage: /digest [daily|weekly|off] [HOUR]");
  CHECK(said(h.say("amy", "/digest daily 25")) == "“25” is not an hour from 0 to 23.");
  CHECK(said(h.say("amy", "/digest daily 23")) == "23:00 is in the quiet hours (22:00 to 8:00): choose another hour.");
  CHECK(h.count("SELECT count(*) FROM member_digest") == 0);
  CHECK_THAT(said(h.say("amy", "/digest daily 18")), StartsWith("📬 Daily digest at 18:00"));
  CHECK_THAT(said(h.say("amy", "/digest")), StartsWith("📬 Daily digest at 18:00"));
  CHECK_THAT(said(h.say("amy", "/digest weekly")), StartsWith("📬 Weekly digest at 9:00"));
  CHECK(said(h.say("amy", "/digest off")) == "Digest off.");
  CHECK(said(h.say("amy", "/digest off")) == "You get no digest. /digest daily or /digest weekly [HOUR] to start.");
}

TEST_CASE("a daily digest goes out at its hour with new picks, once a day, never when nothing is new", "[digest]") {
  // The hours are local: [bot].timezone +08:00 here; the harness clock starts at 2026-01-01T00:00Z (08:00 local).
  BotHarness h(example_config({}, {{"timezone = \"UTC\"", "timezone = \"+08:00\""}}));
  h.say("ben", "hello everyone");
  h.say("ben", "/digest daily 10");
  auto local_hour = [&] {
    const std::int64_t local = h.clock().now_ms() + 8 * hour_ms;
    return static_cast<int>((local % (24 * hour_ms)) / hour_ms);
  };
  while (local_hour() != 9) h.clock().advance(1h);
  add_item(h, "Tour dates announced", "tour");
  h.clock().advance(1min);
  CHECK(dms(tick(h), "ben").empty());
  h.clock().advance(1h);  // 10:0x local
  auto out = tick(h);
  REQUIRE(dms(out, "ben").size() == 1);
  CHECK_THAT(dms(out, "ben")[0]->text, StartsWith("📬 New in Fan Club, picked for you:\n• Tour dates announced https://"));
  CHECK_THAT(dms(out, "ben")[0]->text, Contains("#tour"));
  h.clock().advance(1h);
  add_item(h, "Second item the same day", "tour");
  h.clock().advance(1min);
  CHECK(dms(tick(h), "ben").empty());  // once a day
  h.clock().advance(23h);  // the next day, after 10:00 local, but nothing newer than... the second item is new
  REQUIRE(dms(tick(h), "ben").size() == 1);
  h.clock().advance(24h);  // the day after: nothing new, so no digest
  CHECK(dms(tick(h), "ben").empty());
  CHECK(h.count("SELECT count(*) FROM member_digest WHERE last_check_at > last_sent_at") == 1);
}

TEST_CASE("digests skip the member's own items and respect the weekly cap", "[digest]") {
  BotHarness h(example_config({}, {{"max_per_week = 7", "max_per_week = 1"}}));
  h.say("cal", "hi all");
  h.say("cal", "/digest daily 12");
  h.say("cal", "/topic new Cal's own topic #music");  // his own item
  h.clock().advance(1min);
  for (int i = 0; i < 24; ++i) {
    CHECK(dms(tick(h), "cal").empty());  // only his own item: nothing to send
    h.clock().advance(1h);
  }
  add_item(h, "Someone else's post", "music");
  int sent = 0;
  for (int i = 0; i < 24 * 3; ++i) {
    sent += static_cast<int>(dms(tick(h), "cal").size());
    add_item(h, "More news " + std::to_string(i), "music");
    h.clock().advance(1h);
  }
  CHECK(sent <= 1 + 1);  // at most one per week (a new week may begin within the three days)
  CHECK(sent >= 1);
}

TEST_CASE("no digest goes out in the quiet hours; it waits for them to end", "[digest]") {
  BotHarness h(example_config({}, {{"quiet_start_hour = 22", "quiet_start_hour = 11"},
                                   {"quiet_end_hour = 8", "quiet_end_hour = 14"}}));  // UTC: local = clock
  h.say("dee", "hello all");
  h.say("dee", "/digest daily 10");
  auto hour = [&] { return static_cast<int>((h.clock().now_ms() % (24 * hour_ms)) / hour_ms); };
  while (hour() != 10) h.clock().advance(1h);
  h.clock().advance(65min);  // 11:05: due since 10:00, but quiet
  add_item(h, "Quiet hours test", "tour");
  for (int i = 0; i < 3; ++i) {
    CHECK(dms(tick(h), "dee").empty());
    h.clock().advance(1h);  // 12:05, 13:05, 14:05
  }
  CHECK(dms(tick(h), "dee").size() == 1);  // 14:05: the quiet hours are over
}

TEST_CASE("turning the digest off and on the same day sends nothing twice", "[digest]") {
  BotHarness h;
  h.say("eve", "hello all");
  h.say("eve", "/digest daily 9");
  auto hour = [&] { return static_cast<int>((h.clock().now_ms() % (24 * hour_ms)) / hour_ms); };
  while (hour() != 8) h.clock().advance(1h);
  add_item(h, "Only once", "tour");
  h.clock().advance(2h);
  CHECK(dms(tick(h), "eve").size() == 1);
  h.say("eve", "/digest off");
  h.say("eve", "/digest daily 9");
  h.clock().advance(5min);
  CHECK(dms(tick(h), "eve").empty());
  CHECK(h.count("SELECT sent_in_week FROM member_digest") == 1);
}
