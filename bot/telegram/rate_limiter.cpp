#include "bot/telegram/rate_limiter.hpp"

#include <algorithm>

namespace fanbase::telegram {

using std::chrono::minutes;
using std::chrono::seconds;

RateLimiter::time_point RateLimiter::earliest(std::string_view chat_id, time_point now, bool light) const {
  time_point at = std::max(now, paused_until_);
  if (static_cast<int>(second_.size()) >= limits_.global_per_second) {
    at = std::max(at, second_[second_.size() - static_cast<std::size_t>(limits_.global_per_second)] + seconds(1));
  }
  auto it = chats_.find(std::string(chat_id));
  if (it == chats_.end()) return at;
  const ChatState& c = it->second;
  at = std::max(at, c.paused_until);
  if (light) return at;
  if (c.sent_before) at = std::max(at, c.last_sent + limits_.per_chat_interval);
  if (is_group(chat_id) && static_cast<int>(c.minute.size()) >= limits_.group_per_minute) {
    at = std::max(at, c.minute[c.minute.size() - static_cast<std::size_t>(limits_.group_per_minute)] + minutes(1));
  }
  return at;
}

void RateLimiter::record_sent(std::string_view chat_id, time_point at, bool light) {
  second_.push_back(at);
  while (!second_.empty() && second_.front() + seconds(1) <= at) second_.pop_front();
  if (light) return;
  ChatState& c = chats_[std::string(chat_id)];
  c.last_sent = at;
  c.sent_before = true;
  if (is_group(chat_id)) {
    c.minute.push_back(at);
    while (!c.minute.empty() && c.minute.front() + minutes(1) <= at) c.minute.pop_front();
  }
}

void RateLimiter::pause_chat(std::string_view chat_id, time_point until) {
  ChatState& c = chats_[std::string(chat_id)];
  c.paused_until = std::max(c.paused_until, until);
}

void RateLimiter::pause_all(time_point until) { paused_until_ = std::max(paused_until_, until); }

void RateLimiter::forget_idle(time_point now) {
  for (auto it = chats_.begin(); it != chats_.end();) {
    const ChatState& c = it->second;
    const bool idle = c.last_sent + minutes(1) <= now && c.paused_until <= now;
    it = idle ? chats_.erase(it) : std::next(it);
  }
}

}  // namespace fanbase::telegram
