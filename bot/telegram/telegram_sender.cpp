#include "bot/telegram/telegram_state.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "base/clock.hpp"
#include "base/log.hpp"
#include "base/time.hpp"

namespace fanbase::telegram {

// The replies a committed event left for Telegram, copied on the storage thread for the sender's strand.
auto TelegramPlatform::State::replies_of(bool committed, const Outcome& outcome)
    -> std::vector<std::pair<std::int64_t, Pending>> {
  std::vector<std::pair<std::int64_t, Pending>> replies;
  if (!committed) return replies;
  for (const Action& a : outcome.actions) {
    if (a.platform == "telegram") replies.emplace_back(a.outbox_id, Pending{a, 0});
  }
  return replies;
}

// Within a chat actions keep their order. Button answers have their own lane: Telegram shows a spinner until
// the answer arrives, so it must not wait behind the chat's rate-limited messages.
void TelegramPlatform::State::enqueue(std::int64_t id, Pending p) {
  const Action& a = p.action;
  const bool light = a.kind != ActionKind::send_message && a.kind != ActionKind::send_photo &&
                     a.kind != ActionKind::send_direct;
  // A private message is rate-limited in its private chat, whose id is the user's.
  const std::string& chat = a.kind == ActionKind::send_direct ? a.user_id : a.chat_id;
  schedule.push(id, a.kind == ActionKind::answer_callback ? "answer:" + chat : chat, light);
  pending.emplace(id, std::move(p));
  wake.cancel();
}

// A local photo's bytes (Telegram takes photos up to 10 MB); nullopt when the file cannot be read.
std::optional<std::string> TelegramPlatform::State::read_photo(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad() || bytes.size() > (10u << 20)) return std::nullopt;
  return bytes;
}

// ---- the sender ---------------------------------------------------------------------------------------
asio::awaitable<void> TelegramPlatform::State::send_loop() {
  auto self = shared_from_this();
  while (!stopping) {
    const auto now = RateLimiter::clock::now();
    auto next = schedule.next(now);
    if (!next.ready) {
      wake.expires_at(schedule.size() > 0 ? next.wake_at : asio::steady_timer::time_point::max());
      co_await wake.async_wait(asio::as_tuple(asio::use_awaitable));
      continue;
    }
    const QueuedMessage message = *next.ready;
    auto it = pending.find(message.outbox_id);
    if (it == pending.end()) continue;
    Pending& p = it->second;
    std::string photo;
    if (p.action.kind == ActionKind::send_photo && is_local_photo(p.action.photo)) {
      auto bytes = read_photo(p.action.photo);
      if (!bytes) {
        log::warn("telegram.send_failed", {{"outbox_id", std::to_string(message.outbox_id)},
                                           {"chat", p.action.chat_id}, {"error", "photo file unreadable or over 10 MB"}});
        sink.failed(message.outbox_id, "photo file unreadable or over 10 MB: " + p.action.photo);
        pending.erase(it);
        count(&TelegramStats::failed);
        continue;
      }
      photo = std::move(*bytes);
    }
    ApiCall request = api_call_for(p.action, photo);
    photo.clear();
    auto answer = co_await call(*send_client, request.method, std::move(request.body), 15s,
                                std::move(request.content_type));
    if (stopping) break;
    const auto after = RateLimiter::clock::now();
    switch (classify(answer)) {
      case SendOutcome::sent:
        schedule.sent(message, after);
        sink.delivered({Delivery{message.outbox_id, parse_sent_message_id(answer).value_or("")}});
        pending.erase(it);
        count(&TelegramStats::sent);
        break;
      case SendOutcome::retry_after: {
        const auto wait = std::chrono::milliseconds(static_cast<long long>(answer.retry_after_s.value_or(1.0) * 1000));
        limiter.pause_chat(message.chat_id, after + wait);
        schedule.retry(message);
        count(&TelegramStats::retried);
        break;
      }
      case SendOutcome::retry_backoff:
        if (++p.attempts < options.max_attempts) {
          limiter.pause_chat(message.chat_id, after + backoff(p.attempts - 1));
          schedule.retry(message);
          count(&TelegramStats::retried);
          break;
        }
        [[fallthrough]];
      case SendOutcome::give_up:
        log::warn("telegram.send_failed", {{"outbox_id", std::to_string(message.outbox_id)},
                                           {"method", request.method}, {"chat", p.action.chat_id},
                                           {"error", answer.description}});
        sink.failed(message.outbox_id, answer.description.empty() ? "failed" : answer.description);
        pending.erase(it);
        count(&TelegramStats::failed);
        break;
    }
  }
}

}  // namespace fanbase::telegram
