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

// setWebhook's max_connections: how many connections Telegram may open to us at once. All of them may come from
// one address, so the server's per-address limit must not be lower.
constexpr int webhook_max_connections = 40;
static_assert(webhook_max_connections <= static_cast<int>(fanbase::net::default_max_connections_per_address));

// ---- webhook mode -------------------------------------------------------------------------------------
// getMe, menus, then setWebhook (retried until Telegram accepts it). Updates arrive through on_webhook.
asio::awaitable<void> TelegramPlatform::State::webhook_setup() {
  auto self = shared_from_this();
  if (!co_await introduce()) co_return;
  boost::json::array kinds;
  for (const auto& k : options.allowed_updates) kinds.emplace_back(k);
  const std::string body = boost::json::serialize(boost::json::object{
      {"url", options.public_url + options.webhook_path}, {"secret_token", options.secret},
      {"allowed_updates", std::move(kinds)}, {"drop_pending_updates", false},
      {"max_connections", webhook_max_connections}});
  int failures = 0;
  while (!stopping) {
    auto answer = co_await call(*poll_client, "setWebhook", body, 15s);
    if (answer.ok) {
      log::info("telegram.webhook_set", {{"path", options.webhook_path}});
      std::lock_guard lock(stats_mutex);
      stats.webhook_set = true;
      co_return;
    }
    log::warn("telegram.set_webhook_failed", {{"error", answer.description}});
    co_await sleep(backoff(failures++));
  }
}

// Comparing secrets in constant time: how long it takes says nothing about how much of a guess was right.
bool TelegramPlatform::State::same_secret(std::string_view given, std::string_view expected) {
  unsigned char diff = given.size() == expected.size() ? 0 : 1;
  const std::size_t n = std::max(given.size(), expected.size());
  for (std::size_t i = 0; i < n; ++i) {
    const auto a = static_cast<unsigned char>(i < given.size() ? given[i] : 0);
    const auto b = static_cast<unsigned char>(i < expected.size() ? expected[i] : 0);
    diff |= static_cast<unsigned char>(a ^ b);
  }
  return diff == 0 && !expected.empty();
}

// One POST from Telegram. 200 only after the update is committed (503 if not: Telegram retries, and the
// idempotency table makes the retry harmless); 401 without the secret; 400 for a body that is no Update.
// Runs on the connection's strand; shared state is reached only through the sink and posts to `strand`.
std::optional<fanbase::net::ServerResponse> TelegramPlatform::State::check_head(const fanbase::net::ServerRequest& req) {
  const std::string_view target = req.target;
  if (target.substr(0, target.find('?')) != options.webhook_path) return fanbase::net::ServerResponse{404, "not found\n"};
  if (req.method != "POST") return fanbase::net::ServerResponse{405, "POST only\n"};
  if (!same_secret(req.header("x-telegram-bot-api-secret-token"), options.secret)) {
    count(&TelegramStats::webhook_unauthorized);
    return fanbase::net::ServerResponse{401, "unauthorized\n"};
  }
  return std::nullopt;
}

asio::awaitable<fanbase::net::ServerResponse> TelegramPlatform::State::on_webhook(fanbase::net::ServerRequest req) {
  auto self = shared_from_this();
  if (auto refusal = check_head(req)) co_return std::move(*refusal);  // the server has checked it already
  thread_local UpdateMapper mapper;  // one per io thread: the mapper reuses its parser and is not shared
  Mapped mapped = mapper.map(req.body, SystemClock{}.now_ms());
  if (mapped.status == MapStatus::malformed) {
    count(&TelegramStats::webhook_malformed);
    log::warn("telegram.malformed_update", {{"update_id", std::to_string(mapped.update_id)}, {"why", mapped.reason}});
    co_return fanbase::net::ServerResponse{400, "malformed update\n"};
  }
  {
    std::lock_guard lock(stats_mutex);
    ++stats.updates;
    if (mapped.status == MapStatus::skipped) ++stats.skipped;
  }
  if (mapped.status == MapStatus::skipped) co_return fanbase::net::ServerResponse{200, "ok\n"};
  Event& ev = mapped.event;
  if (ev.at_ms == 0) ev.at_ms = SystemClock{}.now_ms();
  struct Waiter {
    explicit Waiter(asio::any_io_executor ex) : timer(std::move(ex)) {}
    asio::steady_timer timer;
    bool done = false;
    bool committed = false;
  };
  auto waiter = std::make_shared<Waiter>(co_await asio::this_coro::executor);
  waiter->timer.expires_at(asio::steady_timer::time_point::max());
  sink.submit(std::move(ev), [self, waiter](bool committed, Outcome& outcome) {
    auto replies = replies_of(committed, outcome);
    self->post_back(self->strand, [self, replies = std::move(replies)]() mutable {
      for (auto& [id, p] : replies) self->enqueue(id, std::move(p));
    });
    self->post_back(waiter->timer.get_executor(), [waiter, committed] {
      waiter->done = true;
      waiter->committed = committed;
      waiter->timer.cancel();
    });
  });
  while (!waiter->done) co_await waiter->timer.async_wait(asio::as_tuple(asio::use_awaitable));
  if (!waiter->committed) {
    count(&TelegramStats::webhook_unavailable);
    co_return fanbase::net::ServerResponse{503, "not committed, retry\n"};
  }
  count(&TelegramStats::applied);
  count(&TelegramStats::webhook_accepted);
  co_return fanbase::net::ServerResponse{200, "ok\n"};
}

}  // namespace fanbase::telegram
