// Stories about member segments: computed from activity (k-means, named by engagement), refreshed on ticks,
// shown to the owner, used for announcements; /profile shows a member's own.
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

Event tick_at(std::int64_t at) {
  Event e;
  e.kind = EventKind::tick;
  e.platform = "console";
  e.at_ms = at;
  e.key = "tick:" + std::to_string(at);
  return e;
}

// Three planted groups: 4 very engaged members, 6 regular ones, 10 who said hello once long ago.
void plant(BotHarness& h) {
  for (int i = 0; i < 10; ++i) h.say("quiet" + std::to_string(i), "hello there, just joined");
  h.clock().advance(20 * 24h);
  const char* lines[] = {"the new single is great", "anyone going to the concert?", "setlist leaked, no spoilers",
                         "merch store is open", "the drummer is amazing", "what a bridge in track 3"};
  for (int round = 0; round < 6; ++round) {
    for (int i = 0; i < 6; ++i) h.say("regular" + std::to_string(i), std::string(lines[round]) + " " + std::to_string(i));
    for (int i = 0; i < 4; ++i) {
      for (int k = 0; k < 4; ++k) {
        h.say("fan" + std::to_string(i), std::string(lines[(round + k) % 6]) + " says fan " + std::to_string(i * 10 + k));
        h.clock().advance(61s);
      }
      h.say("fan" + std::to_string(i), "/checkin");
    }
    h.clock().advance(1 * 24h);
  }
}

}  // namespace

TEST_CASE("segments are computed on ticks, named by engagement, and shown to the owner", "[segments]") {
  BotHarness h;
  plant(h);
  CHECK(said(h.say("owner", "/segments")).find("Segments") != std::string::npos);  // computed on demand
  const std::string table = said(h.say("owner", "/segments"));
  CHECK_THAT(table, StartsWith("👥 Segments (computed "));
  CHECK_THAT(table, Contains("1. high-interaction — 4 members"));
  CHECK_THAT(table, Contains("3. potential — 10 members"));
  CHECK(h.count("SELECT count(*) FROM member_segment WHERE segment = 'high-interaction' AND member_id IN "
                "(SELECT id FROM member WHERE user_id LIKE 'fan%')") == 4);
  CHECK(said(h.say("fan1", "/segments")) == "Sorry, /segments is for the owner only.");

  // A tick recomputes only after refresh_hours (24).
  const std::int64_t computed = h.count("SELECT max(computed_at) FROM segment_summary");
  h.apply(tick_at(h.clock().now_ms() + 3'600'000));
  CHECK(h.count("SELECT max(computed_at) FROM segment_summary") == computed);
  h.apply(tick_at(h.clock().now_ms() + 25 * 3'600'000LL));
  CHECK(h.count("SELECT max(computed_at) FROM segment_summary") > computed);
}

TEST_CASE("/profile shows the member's segment, level and interests", "[segments]") {
  BotHarness h;
  CHECK_THAT(said(h.say("zoe", "/profile")), Contains("segment: not computed yet"));
  plant(h);
  h.say("owner", "/segments");
  const std::string p = said(h.say("fan2", "/profile"));
  CHECK_THAT(p, StartsWith("👤 fan2 · segment: high-interaction\nLv."));
  CHECK_THAT(p, Contains("Interests: none yet"));
}

TEST_CASE("/announce messages every member of a segment privately and is refused with a clear reply", "[segments]") {
  BotHarness h;
  plant(h);
  CHECK(said(h.say("owner", "/announce --segment high-interaction")) == "Usage: /announce --segment NAME|N text");
  CHECK_THAT(said(h.say("owner", "/announce --segment vip thanks")), StartsWith("There is no segment “vip”."));
  h.say("owner", "/segments");
  auto out = h.say("owner", "/announce --segment high-interaction thank you for being here!");
  int dms = 0;
  for (const auto& a : out.actions) {
    if (a.kind == ActionKind::send_direct) {
      ++dms;
      CHECK(a.text == "📣 Fan Club: thank you for being here!");
      CHECK(a.user_id.rfind("fan", 0) == 0);
    }
  }
  CHECK(dms == 4);
  CHECK_THAT(said(out), Contains("Sent to 4 members of the high-interaction segment."));
  CHECK(said(h.say("fan0", "/announce --segment potential hi")) == "Sorry, /announce is for the owner only.");
}

TEST_CASE("segment names and replies in Chinese", "[segments]") {
  BotHarness h(example_config("[[community]]\nplatform = \"console\"\nchat_id = \"fanclub\"\nlanguage = \"zh\"\n"));
  plant(h);
  CHECK_THAT(said(h.say("owner", "/segments")), Contains("1. 高互动 — 4 人"));
  CHECK_THAT(said(h.say("owner", "/announce --segment 潜力 你好")), Contains("已发送给“潜力”分群的 10 位成员"));
}
