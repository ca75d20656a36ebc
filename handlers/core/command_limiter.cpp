#include "handlers/core/command_limiter.hpp"

#include <algorithm>

namespace fanbase::handlers {

CommandLimiter::Decision CommandLimiter::check(const std::string& who, std::string_view family, std::int64_t at_ms,
                                               const config::CommandRateLimit& limit) {
  if (limit.count <= 0) return {};
  const std::int64_t window_ms = std::int64_t{limit.per_seconds} * 1000;
  if (windows_.size() >= prune_at_) prune(at_ms, window_ms);
  std::string key;
  key.reserve(who.size() + 1 + family.size());
  key.append(who).push_back('\n');
  key.append(family);
  Window& w = windows_[key];
  if (!w.times.empty() && w.times.back() > at_ms) w.times.clear();  // dated after this event: the clock went back
  while (!w.times.empty() && at_ms - w.times.front() >= window_ms) w.times.pop_front();
  if (w.times.size() < static_cast<std::size_t>(limit.count)) {
    w.times.push_back(at_ms);
    w.warned = false;
    return {};
  }
  const std::int64_t wait_ms = w.times.front() + window_ms - at_ms;
  Decision d{w.warned ? Verdict::quiet : Verdict::warn, std::max<std::int64_t>(1, (wait_ms + 999) / 1000)};
  w.warned = true;
  return d;
}

// Drops the windows with nothing left in them, so the map holds only members active within the window.
void CommandLimiter::prune(std::int64_t at_ms, std::int64_t window_ms) {
  std::erase_if(windows_, [&](const auto& entry) {
    const auto& times = entry.second.times;
    return times.empty() || (times.back() <= at_ms && at_ms - times.back() >= window_ms);
  });
  prune_at_ = std::max<std::size_t>(4096, windows_.size() * 2);
}

}  // namespace fanbase::handlers
