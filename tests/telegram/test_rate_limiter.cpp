// Telegram's sending limits, checked on a simulated clock: no test here sleeps or depends on speed.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "bot/telegram/outbox_schedule.hpp"
#include "bot/telegram/rate_limiter.hpp"

using namespace fanbase::telegram;
using namespace std::chrono_literals;
using tp = RateLimiter::time_point;

namespace {

struct Send {
  std::int64_t id;
  std::string chat;
  tp at;
};

// Drains the schedule as a sender would: send whatever is ready, otherwise wait until the schedule says.
std::vector<Send> drain(OutboxSchedule& schedule, tp start, std::chrono::milliseconds send_cost = 0ms) {
  std::vector<Send> sends;
  tp now = start;
  while (schedule.size() > 0) {
    auto next = schedule.next(now);
    if (next.ready) {
      schedule.sent(*next.ready, now);
      sends.push_back({next.ready->outbox_id, next.ready->chat_id, now});
      now += send_cost;
    } else {
      REQUIRE(next.wake_at > now);  // progress: the schedule never asks to wait for nothing
      now = next.wake_at;
    }
  }
  return sends;
}

// The most sends within any window of `width` (optionally for one chat).
std::size_t max_in_window(const std::vector<Send>& sends, std::chrono::milliseconds width, const std::string* chat) {
  std::vector<tp> times;
  for (const auto& s : sends) {
    if (chat == nullptr || s.chat == *chat) times.push_back(s.at);
  }
  std::sort(times.begin(), times.end());
  std::size_t best = 0;
  for (std::size_t i = 0, j = 0; j < times.size(); ++j) {
    while (times[j] - times[i] >= width) ++i;
    best = std::max(best, j - i + 1);
  }
  return best;
}

}  // namespace

TEST_CASE("a chat gets at most one message a second", "[telegram][ratelimit]") {
  RateLimiter limiter;
  const tp t0{};
  CHECK(limiter.earliest("42", t0) == t0);
  limiter.record_sent("42", t0);
  CHECK(limiter.earliest("42", t0) == t0 + 1s);
  CHECK(limiter.earliest("43", t0) == t0);  // another chat is not held back
}

TEST_CASE("a group gets at most twenty messages a minute", "[telegram][ratelimit]") {
  RateLimiter limiter;
  const tp t0{};
  for (int i = 0; i < 20; ++i) limiter.record_sent("-100", t0 + std::chrono::seconds(i));
  CHECK(limiter.earliest("-100", t0 + 20s) == t0 + 60s);  // the 21st waits for the first to leave the minute
  for (int i = 0; i < 20; ++i) limiter.record_sent("100", t0 + std::chrono::seconds(i));
  CHECK(limiter.earliest("100", t0 + 20s) == t0 + 20s);  // a private chat has no per-minute limit
}

TEST_CASE("the bot sends at most thirty messages a second overall", "[telegram][ratelimit]") {
  RateLimiter limiter;
  const tp t0{};
  for (int i = 0; i < 30; ++i) limiter.record_sent(std::to_string(i), t0 + std::chrono::milliseconds(i));
  CHECK(limiter.earliest("999", t0 + 30ms) == t0 + 1s);
}

TEST_CASE("a 429 pause holds one chat or every chat until it ends", "[telegram][ratelimit]") {
  RateLimiter limiter;
  const tp t0{};
  limiter.pause_chat("-7", t0 + 14s);
  CHECK(limiter.earliest("-7", t0) == t0 + 14s);
  CHECK(limiter.earliest("-8", t0) == t0);
  limiter.pause_all(t0 + 3s);
  CHECK(limiter.earliest("-8", t0) == t0 + 3s);
  CHECK(limiter.earliest("-7", t0) == t0 + 14s);
}

TEST_CASE("idle chats are forgotten and their limits are back to fresh", "[telegram][ratelimit]") {
  RateLimiter limiter;
  const tp t0{};
  limiter.record_sent("-1", t0);
  limiter.record_sent("-2", t0 + 50s);
  limiter.forget_idle(t0 + 61s);
  CHECK(limiter.tracked_chats() == 1);
  CHECK(limiter.earliest("-1", t0 + 61s) == t0 + 61s);
}

TEST_CASE("a chat's messages keep their order and no chat starves", "[telegram][ratelimit]") {
  RateLimiter limiter;
  OutboxSchedule schedule(limiter);
  for (int i = 0; i < 50; ++i) schedule.push(i, "-1");  // a flood in one group
  schedule.push(100, "-2");                            // one reply elsewhere, queued after it
  const auto sends = drain(schedule, tp{});
  REQUIRE(sends.size() == 51);
  std::vector<std::int64_t> order;
  for (const auto& s : sends) {
    if (s.chat == "-1") order.push_back(s.id);
  }
  CHECK(std::is_sorted(order.begin(), order.end()));
  const auto other = std::find_if(sends.begin(), sends.end(), [](const Send& s) { return s.chat == "-2"; });
  CHECK(other->at <= tp{} + 1s);  // it went while the flooded group waited for its next second
}

TEST_CASE("a burst of replies over many chats keeps every limit", "[telegram][ratelimit]") {
  RateLimiter limiter;
  OutboxSchedule schedule(limiter);
  // 3,000 replies over 150 group chats, busy chats first-heavy (chat k gets about 1/(k+1) of the share).
  std::int64_t id = 0;
  for (int k = 0; k < 150; ++k) {
    const int n = std::max(1, 3000 / ((k + 1) * 5));
    for (int i = 0; i < n; ++i) schedule.push(id++, "-" + std::to_string(1000 + k));
  }
  const auto sends = drain(schedule, tp{}, 5ms);
  REQUIRE(static_cast<std::int64_t>(sends.size()) == id);
  CHECK(max_in_window(sends, 1s, nullptr) <= 30);
  std::map<std::string, int> per_chat;
  for (const auto& s : sends) per_chat[s.chat]++;
  for (const auto& [chat, count] : per_chat) {
    CHECK(max_in_window(sends, 1s, &chat) <= 1);
    CHECK(max_in_window(sends, 60s, &chat) <= 20);
  }
}

TEST_CASE("a message sent back for retry goes first in its chat", "[telegram][ratelimit]") {
  RateLimiter limiter;
  OutboxSchedule schedule(limiter);
  schedule.push(1, "-5");
  schedule.push(2, "-5");
  auto first = schedule.next(tp{});
  REQUIRE(first.ready);
  CHECK(first.ready->outbox_id == 1);
  limiter.pause_chat("-5", tp{} + 3s);  // Telegram said 429, retry_after 3
  schedule.retry(*first.ready);
  auto waiting = schedule.next(tp{});
  CHECK_FALSE(waiting.ready);
  CHECK(waiting.wake_at == tp{} + 3s);
  auto again = schedule.next(tp{} + 3s);
  REQUIRE(again.ready);
  CHECK(again.ready->outbox_id == 1);
}
