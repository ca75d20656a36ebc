// OutboxSchedule: the order in which waiting outbox rows go to Telegram. Each chat keeps its own FIFO (a
// chat's replies never overtake each other); among chats, the row that has waited longest among those the
// RateLimiter allows now goes first, so one busy chat cannot starve the others. Pure scheduling: the sender
// asks next(now), sends, then reports sent / retry / failed. Thread: one owner (the sender's strand).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "bot/telegram/rate_limiter.hpp"

namespace fanbase::telegram {

struct QueuedMessage {
  std::int64_t outbox_id = 0;
  std::string chat_id;
  std::int64_t enqueued_seq = 0;  // set by the schedule: arrival order across chats
  bool light = false;             // not a new message: only the overall limit applies (RateLimiter::earliest)
};

class OutboxSchedule {
 public:
  explicit OutboxSchedule(RateLimiter& limiter) : limiter_(limiter) {}

  // `chat_id` names the queue (a chat, or a lane of its own, e.g. button answers that must not wait behind a busy
  // chat's messages) and the limiter's chat.
  void push(std::int64_t outbox_id, const std::string& chat_id, bool light = false);
  std::size_t size() const { return size_; }

  struct Next {
    std::optional<QueuedMessage> ready;          // send this now (it is removed from the queue)
    RateLimiter::time_point wake_at{};           // otherwise: nothing is allowed before this (if non-empty)
  };
  // The next message allowed at `now`, or when to ask again. Records nothing: call sent() after sending.
  Next next(RateLimiter::time_point now);
  // The message was handed to Telegram at `at`.
  void sent(const QueuedMessage& m, RateLimiter::time_point at) { limiter_.record_sent(m.chat_id, at, m.light); }
  // Telegram asked to wait: the message goes back to the head of its chat's queue.
  void retry(QueuedMessage m);

 private:
  RateLimiter& limiter_;
  std::unordered_map<std::string, std::deque<QueuedMessage>> chats_;
  std::size_t size_ = 0;
  std::int64_t seq_ = 0;
};

}  // namespace fanbase::telegram
