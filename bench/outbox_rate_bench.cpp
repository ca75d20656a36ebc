// Outbox rate-limit benchmark (issue 3): 10,000 replies queued at once over 500 group chats, drained through the
// real OutboxSchedule + RateLimiter on a simulated clock (each send costs `--send-ms` of Telegram round trip).
// Prints what Telegram would have seen: sends per chat per second, per group per minute, overall per second,
// the simulated time to drain, the lower bound the limits allow, and the scheduler's own CPU cost per message.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "bot/telegram/outbox_schedule.hpp"

using namespace fanbase::telegram;
using tp = RateLimiter::time_point;

namespace {

std::size_t max_in_window(std::vector<tp> times, std::chrono::milliseconds width) {
  std::sort(times.begin(), times.end());
  std::size_t best = 0;
  for (std::size_t i = 0, j = 0; j < times.size(); ++j) {
    while (times[j] - times[i] >= width) ++i;
    best = std::max(best, j - i + 1);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  int replies = 10000, chats = 500, send_ms = 30;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    const int v = std::atoi(argv[i + 1]);
    if (a == "--replies") replies = v;
    else if (a == "--chats") chats = v;
    else if (a == "--send-ms") send_ms = v;
  }
  // Zipf-like shares (s = 1): a few chats get most replies, as in a real burst after an announcement.
  std::vector<double> weight(static_cast<std::size_t>(chats));
  double total = 0;
  for (int k = 0; k < chats; ++k) total += weight[static_cast<std::size_t>(k)] = 1.0 / (k + 1);
  std::mt19937_64 rng(7);
  std::discrete_distribution<int> pick(weight.begin(), weight.end());

  RateLimiter limiter;
  OutboxSchedule schedule(limiter);
  std::map<std::string, int> queued;
  for (int i = 0; i < replies; ++i) {
    const std::string chat = "-100" + std::to_string(1000 + pick(rng));
    schedule.push(i, chat);
    queued[chat]++;
  }

  const auto cpu_start = std::chrono::steady_clock::now();
  std::map<std::string, std::vector<tp>> by_chat;
  std::vector<tp> all;
  tp now{};
  std::int64_t asks = 0;
  while (schedule.size() > 0) {
    ++asks;
    auto next = schedule.next(now);
    if (next.ready) {
      schedule.sent(*next.ready, now);
      by_chat[next.ready->chat_id].push_back(now);
      all.push_back(now);
      now += std::chrono::milliseconds(send_ms);
    } else {
      now = next.wake_at;
    }
  }
  const double cpu_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - cpu_start).count();

  std::size_t worst_second = 0, worst_minute = 0;
  int busiest = 0;
  for (const auto& [chat, times] : by_chat) {
    worst_second = std::max(worst_second, max_in_window(times, std::chrono::seconds(1)));
    worst_minute = std::max(worst_minute, max_in_window(times, std::chrono::seconds(60)));
    busiest = std::max(busiest, static_cast<int>(times.size()));
  }
  const double simulated_s = std::chrono::duration<double>(now - tp{}).count();
  // Lower bounds: 30/s overall; the busiest group can take 20 a minute (its last message at (n-1)/20 minutes).
  const double bound_global = replies / 30.0;
  const double bound_busiest = std::floor((busiest - 1) / 20.0) * 60.0;
  std::printf("outbox rate bench: %d replies over %d group chats (%zu got any), Telegram round trip %d ms\n",
              replies, chats, by_chat.size(), send_ms);
  std::printf("busiest chat:               %d replies\n", busiest);
  std::printf("max sends, one chat, 1 s:   %zu (limit 1)\n", worst_second);
  std::printf("max sends, one group, 60 s: %zu (limit 20)\n", worst_minute);
  std::printf("max sends, overall, 1 s:    %zu (limit 30)\n", max_in_window(all, std::chrono::seconds(1)));
  std::printf("simulated time to drain:    %.1f s (lower bound from the limits: %.1f s)\n", simulated_s,
              std::max(bound_global, bound_busiest));
  std::printf("scheduler cost:             %.2f s CPU for %lld decisions (%.1f us per reply)\n", cpu_s,
              static_cast<long long>(asks), cpu_s * 1e6 / replies);
  const bool ok = worst_second <= 1 && worst_minute <= 20 && max_in_window(all, std::chrono::seconds(1)) <= 30;
  std::printf("limits kept: %s\n", ok ? "yes" : "NO");
  return ok ? 0 : 1;
}
