#include "bot/telegram/outbox_schedule.hpp"

namespace fanbase::telegram {

void OutboxSchedule::push(std::int64_t outbox_id, const std::string& chat_id, bool light) {
  chats_[chat_id].push_back(QueuedMessage{outbox_id, chat_id, seq_++, light});
  ++size_;
}

void OutboxSchedule::retry(QueuedMessage m) {
  chats_[m.chat_id].push_front(std::move(m));
  ++size_;
}

OutboxSchedule::Next OutboxSchedule::next(RateLimiter::time_point now) {
  Next out;
  std::deque<QueuedMessage>* best = nullptr;
  bool have_wake = false;
  for (auto it = chats_.begin(); it != chats_.end();) {
    if (it->second.empty()) {
      it = chats_.erase(it);
      continue;
    }
    const auto at = limiter_.earliest(it->first, now, it->second.front().light);
    if (at <= now) {
      if (best == nullptr || it->second.front().enqueued_seq < best->front().enqueued_seq) best = &it->second;
    } else if (!have_wake || at < out.wake_at) {
      out.wake_at = at;
      have_wake = true;
    }
    ++it;
  }
  if (best != nullptr) {
    out.ready = std::move(best->front());
    best->pop_front();
    --size_;
  }
  return out;
}

}  // namespace fanbase::telegram
