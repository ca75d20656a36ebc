// Housekeeping on the clock's ticks: delivered outbox rows and redelivery keys older than [storage].retention_days
// are pruned, at most once an hour; pending and failed rows, points and the audit log stay.
#include <catch2/catch.hpp>

#include "support/bot_harness.hpp"

using namespace fanbase;

namespace {
constexpr std::int64_t day = 86'400'000;

Event tick_at(std::int64_t at) {
  Event e;
  e.kind = EventKind::tick;
  e.platform = "console";
  e.at_ms = at;
  e.key = "tick:" + std::to_string(at);
  return e;
}
}  // namespace

TEST_CASE("ticks prune delivered replies and old redelivery keys after the retention period", "[bot][maintenance]") {
  testing::BotHarness h(testing::example_config({}, {{"retention_days = 7", "retention_days = 3"}}));
  const std::int64_t t0 = h.clock().now_ms();
  auto first = h.say("alice", "/points");       // a reply, delivered below
  auto second = h.say("bob", "/levels");        // a reply left pending
  REQUIRE(first.actions.size() == 1);
  h.app().delivered({{first.actions[0].outbox_id, ""}});
  h.app().flush();
  const std::int64_t keys_before = h.count("SELECT count(*) FROM processed_event");
  const std::int64_t points_before = h.count("SELECT count(*) FROM point_entry");

  // Two days later nothing is old enough; a retention of 3 days keeps everything.
  h.apply(tick_at(t0 + 2 * day));
  CHECK(h.count("SELECT count(*) FROM processed_event") == keys_before + 1);
  CHECK(h.count("SELECT count(*) FROM outbox") == 2);

  // Within the hour a tick does no housekeeping, even when there is something to prune ...
  h.apply(tick_at(t0 + 2 * day + 30 * 60'000));
  // ... the first tick after 4 days (and an hour after the last run) prunes the old keys and the delivered reply.
  h.apply(tick_at(t0 + 4 * day));
  CHECK(h.count("SELECT count(*) FROM outbox WHERE state = 'sent'") == 0);
  CHECK(h.count("SELECT count(*) FROM outbox WHERE state = 'pending'") == 1);  // never delivered: kept
  CHECK(h.count("SELECT count(*) FROM processed_event WHERE at < " + std::to_string(t0 + day)) == 0);
  CHECK(h.count("SELECT count(*) FROM processed_event") == 3);  // the three ticks
  CHECK(h.count("SELECT count(*) FROM point_entry") == points_before);
  (void)second;
}

TEST_CASE("a tick is an event without a chat: it creates no community and earns nothing", "[bot][maintenance]") {
  testing::BotHarness h;
  auto out = h.apply(tick_at(h.clock().now_ms()));
  CHECK(out.actions.empty());
  CHECK_FALSE(out.failed);
  CHECK(h.count("SELECT count(*) FROM community") == 0);
  CHECK(h.count("SELECT count(*) FROM member") == 0);
}
