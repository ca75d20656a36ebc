// RateLimiter: Telegram's sending limits as a pure schedule over a steady clock. From the Bot API FAQ:
// about one message per second in a chat, at most 20 messages per minute in a group, and about 30 messages per
// second overall. A 429 answer names its own pause (`retry_after`), for one chat or for the whole bot.
// It decides *when* a message may go; it never sleeps and never sends, so tests and benches drive it with a
// simulated clock. Thread: one owner (the Telegram outbox sender's strand).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

namespace fanbase::telegram {

struct RateLimits {
  std::chrono::milliseconds per_chat_interval{1000};  // ~1 message per second in one chat
  int group_per_minute = 20;                          // groups and supergroups (negative chat ids)
  int global_per_second = 30;                         // the whole bot
};

class RateLimiter {
 public:
  using clock = std::chrono::steady_clock;
  using time_point = clock::time_point;

  explicit RateLimiter(RateLimits limits = {}) : limits_(limits) {}

  // The earliest moment at or after `now` when a message to `chat_id` keeps every limit. `light`: a call that is not
  // a new message (an edit, a delete, a mute, a button's answer): only the overall limit and pauses apply to it.
  time_point earliest(std::string_view chat_id, time_point now, bool light = false) const;
  // A message (or a light call) to `chat_id` was handed to Telegram at `at`.
  void record_sent(std::string_view chat_id, time_point at, bool light = false);
  // Telegram answered 429 with retry_after: hold this chat (or every chat) until `until`.
  void pause_chat(std::string_view chat_id, time_point until);
  void pause_all(time_point until);
  // Drops the state of chats idle since before `now - 1 minute` (their windows are empty), bounding memory.
  void forget_idle(time_point now);
  std::size_t tracked_chats() const { return chats_.size(); }

  // Telegram group and supergroup ids are negative; users' and bots' are positive.
  static bool is_group(std::string_view chat_id) { return !chat_id.empty() && chat_id.front() == '-'; }

 private:
  struct ChatState {
    time_point last_sent{};
    bool sent_before = false;
    std::deque<time_point> minute;  // groups: send times within the last minute (at most group_per_minute)
    time_point paused_until{};
  };
  RateLimits limits_;
  std::unordered_map<std::string, ChatState> chats_;
  std::deque<time_point> second_;  // send times within the last second (at most global_per_second)
  time_point paused_until_{};
};

}  // namespace fanbase::telegram
