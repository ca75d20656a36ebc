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

// One Bot API call; network failures come back as ApiResult{ok = false, error_code = 0}.
asio::awaitable<ApiResult> TelegramPlatform::State::call(HttpsClient& client, std::string_view method, std::string body,
                                 std::chrono::milliseconds timeout, std::string content_type) {
  HttpRequest req;
  req.method = "POST";
  req.target = target(method);
  req.body = std::move(body);
  req.content_type = std::move(content_type);
  req.timeout = timeout;
  auto reply = co_await client.request(std::move(req));
  // The one place an answer becomes an ApiResult: whatever text it carries is redacted here, before any caller
  // logs it (send_failed, set_commands_failed, set_webhook_failed...) or stores it (outbox.last_error). A proxy or a
  // self-hosted Bot API server may quote the request path, token included.
  ApiResult r;
  if (auto* error = std::get_if<HttpError>(&reply)) {
    r.description = error->what;
  } else {
    const auto& response = std::get<HttpResponse>(reply);
    r = parse_api_response(response.status, response.body);
  }
  r.description = redact_api_text(r.description, options.token);
  co_return r;
}

asio::awaitable<void> TelegramPlatform::State::sleep(std::chrono::milliseconds d) {
  asio::steady_timer t(strand, d);
  co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
}

std::chrono::milliseconds TelegramPlatform::State::backoff(int attempt) {
  auto d = options.retry_initial * (1LL << std::min(attempt, 16));
  d = std::min<std::chrono::milliseconds>(d, options.retry_max);
  std::uniform_int_distribution<long long> jitter(0, d.count() / 2);
  return d / 2 + std::chrono::milliseconds(jitter(rng));  // "equal jitter"
}

void TelegramPlatform::State::count(std::int64_t TelegramStats::*field) {
  std::lock_guard lock(stats_mutex);
  ++(stats.*field);
}

// ---- the clock ----------------------------------------------------------------------------------------
asio::awaitable<void> TelegramPlatform::State::tick_loop() {
  auto self = shared_from_this();
  while (!stopping) {
    Event tick;
    tick.kind = EventKind::tick;
    tick.platform = "telegram";
    tick.at_ms = SystemClock{}.now_ms();
    tick.key = "tick:telegram:" + std::to_string(tick.at_ms);
    sink.submit(std::move(tick), [self](bool committed, Outcome& outcome) {
      auto replies = replies_of(committed, outcome);
      self->post_back(self->strand, [self, replies = std::move(replies)]() mutable {
        for (auto& [id, p] : replies) self->enqueue(id, std::move(p));
      });
    });
    if (++ticks % admin_refresh_ticks == 0 && send_client) co_await refresh_admins(*send_client);
    if (stopping) break;
    tick_timer.expires_after(options.tick_interval);
    co_await tick_timer.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

}  // namespace fanbase::telegram
